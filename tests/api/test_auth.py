"""Authentication, sessions, CSRF, API tokens, rate limiting and roles."""

import datetime
import time

from harness import (ADMIN_LOGIN, assert_no_secret, assert_problem, expect, parse_time, uniq)

WRITE = ("POST", "PATCH", "PUT", "DELETE")


def test_login_ok(srv):
    c = srv.client()
    r = c.login(ADMIN_LOGIN, srv.admin_password)
    j = expect(r, 200, "login")
    assert j["user"]["login"] == ADMIN_LOGIN, j
    assert j["user"]["role"] == "admin", j
    assert isinstance(j["csrf_token"], str) and len(j["csrf_token"]) >= 16, j
    exp = parse_time(j["expires_at"])
    assert exp > datetime.datetime.now(datetime.timezone.utc), j
    assert_no_secret(j, "login answer")
    assert "hikeshi_session" in c.cookies, r.headers
    assert len(c.cookies["hikeshi_session"]) >= 20, c.cookies
    me = expect(c.get("me"), 200, "GET /me with cookie")
    assert me["login"] == ADMIN_LOGIN


def test_login_bad_password_and_unknown_user_look_the_same(srv):
    c = srv.client()
    r1 = c.login(ADMIN_LOGIN, srv.admin_password + "x")
    p1 = assert_problem(r1, 401, "unauthorized")
    assert "hikeshi_session" not in c.cookies
    r2 = c.login("nosuchuser-" + uniq("x").lower(), "whatever-password")
    p2 = assert_problem(r2, 401, "unauthorized")
    assert (p1["title"], p1["detail"]) == (p2["title"], p2["detail"]), (p1, p2)
    assert "hikeshi_session" not in c.cookies


def test_login_disabled_user(srv):
    u = srv.make_user(role="handler", all_constituencies=True)
    c = srv.user_client(u)
    assert c.get("me").status == 200
    r = srv.admin().patch("users/%d" % u["id"], {"disabled": True}, if_match=u["version"])
    j = expect(r, 200, "disable user")
    assert j["disabled"] is True
    assert_problem(srv.client().login(u["login"], u["_password"]), 401, "unauthorized")
    r = c.get("me")
    assert r.status in (401, 403), "a disabled user's token still works: %s" % (r,)


def test_login_validation(srv):
    c = srv.client()
    r = c.post("session", {"login": ADMIN_LOGIN}, csrf=False)
    assert r.status in (400, 401, 422), r
    assert "hikeshi_session" not in c.cookies


def test_cookie_flags(srv):
    c = srv.client()
    expect(c.login(ADMIN_LOGIN, srv.admin_password), 200)
    sc = [h for h in c.last_set_cookies if h.startswith("hikeshi_session=")]
    assert len(sc) == 1, c.last_set_cookies
    attrs = [a.strip().lower() for a in sc[0].split(";")[1:]]
    assert "httponly" in attrs, sc
    assert "samesite=strict" in attrs, sc
    assert "path=/" in attrs, sc


def test_get_session(srv):
    c = srv.client()
    j = expect(c.login(ADMIN_LOGIN, srv.admin_password), 200)
    s = expect(c.get("session"), 200, "GET /session")
    assert s["user"]["login"] == ADMIN_LOGIN
    assert s["csrf_token"] == j["csrf_token"], (s, j)
    assert "expires_at" in s
    assert_no_secret(s, "GET /session")
    assert_problem(srv.client().get("session"), 401, "unauthorized")


def test_logout(srv):
    c = srv.client()
    expect(c.login(ADMIN_LOGIN, srv.admin_password), 200)
    old = dict(c.cookies)
    r = c.delete("session")
    assert r.status == 204, r
    cleared = [h for h in c.last_set_cookies if h.startswith("hikeshi_session=")]
    assert cleared, "logout does not clear the cookie: %r" % (c.last_set_cookies,)
    assert "hikeshi_session" not in c.cookies, "cookie not cleared: %r" % cleared
    # the old cookie value no longer works (the session is deleted server-side)
    assert_problem(c.get("session", cookies=old), 401, "unauthorized")
    assert_problem(c.get("me", cookies=old), 401, "unauthorized")


def test_csrf(srv):
    cons = srv.make_constituency()
    c = srv.client()
    expect(c.login(ADMIN_LOGIN, srv.admin_password), 200)
    q = {"constituency": cons["id"]}
    body = {"title": "CSRF 確認", "constituency_id": cons["id"]}
    assert_problem(c.post("incidents", body, csrf=False), 403, "csrf")
    assert_problem(c.post("incidents", body, csrf="not-the-token"), 403, "csrf")
    assert_problem(c.post("incidents", body, csrf=""), 403, "csrf")
    assert len(c.list_all("incidents", q)) == 0, "a refused CSRF write created an incident"
    inc = expect(c.post("incidents", body), 201, "write with the right CSRF token")
    assert_problem(c.patch("incidents/%d" % inc["id"], {"title": "x"}, if_match=1, csrf=False),
                   403, "csrf")
    assert expect(c.get("incidents/%d" % inc["id"]), 200)["title"] == "CSRF 確認"
    # logout is a write too
    assert_problem(c.delete("session", csrf=False), 403, "csrf")
    assert c.get("me").status == 200, "the refused logout ended the session"
    # a CSRF token from another session does not work
    c2 = srv.client()
    expect(c2.login(ADMIN_LOGIN, srv.admin_password), 200)
    assert c2.csrf != c.csrf
    assert_problem(c.post("incidents", body, csrf=c2.csrf), 403, "csrf")


def test_bearer_token_needs_no_csrf(srv):
    cons = srv.make_constituency()
    adm = srv.admin()
    r = adm.post("incidents", {"title": "トークン", "constituency_id": cons["id"]})
    expect(r, 201, "bearer write without CSRF header")
    assert "hikeshi_session" not in adm.cookies


def test_token_create_list_revoke(srv):
    u = srv.make_user(role="handler", all_constituencies=True)
    # self-service: the user creates its own token with a cookie session
    c = srv.login(u["login"], u["_password"])
    r = c.post("users/%d/tokens" % u["id"], {"name": "laptop"})
    j = expect(r, 201, "self token")
    assert j["token"].startswith("hks_"), j
    assert j["token"].startswith(j["prefix"]), j
    assert j["name"] == "laptop"
    tc = srv.client(j["token"])
    assert expect(tc.get("me"), 200)["login"] == u["login"]
    listed = expect(c.get("users/%d/tokens" % u["id"]), 200)["items"]
    mine = [t for t in listed if t["id"] == j["id"]]
    assert len(mine) == 1, listed
    assert j["token"] not in str(listed), "token list shows the secret"
    r = c.delete("users/%d/tokens/%d" % (u["id"], j["id"]))
    assert r.status == 204, r
    assert_problem(tc.get("me"), 401, "unauthorized")
    # a handler may not manage another user's tokens
    other = srv.make_user(role="handler", all_constituencies=True)
    assert_problem(srv.client(j["token"]).get("users/%d/tokens" % other["id"]), 401, "unauthorized")
    hc = srv.user_client(u)
    assert_problem(hc.post("users/%d/tokens" % other["id"], {"name": "x"}), 403, "forbidden")


def test_no_credentials(srv):
    c = srv.client()
    for path in ("me", "incidents", "reports", "users", "taxonomy", "constituencies"):
        assert_problem(c.get(path), 401, "unauthorized")
    assert_problem(c.post("incidents", {"title": "x"}), 401, "unauthorized")
    assert_problem(c.get("me", token="hks_" + "0" * 43), 401, "unauthorized")
    assert_problem(c.get("me", headers={"Authorization": "Basic YWRtaW46YWRtaW4="}), 401,
                   "unauthorized")
    assert_problem(c.get("me", cookies={"hikeshi_session": "forged" * 8}), 401, "unauthorized")


def test_rate_limit_per_account(fresh):
    u = fresh.make_user(role="handler", all_constituencies=True)
    other = fresh.make_user(role="handler", all_constituencies=True)
    c = fresh.client()
    for i in range(5):
        assert_problem(c.login(u["login"], "wrong-password-%d" % i), 401, "unauthorized")
    r = c.login(u["login"], u["_password"])
    assert_problem(r, 429, "too-many-requests")
    ra = r.headers.get("Retry-After")
    assert ra is not None and ra.strip().isdigit() and int(ra) > 0, "Retry-After %r" % ra
    assert int(ra) <= 15 * 60, "Retry-After %r is longer than the 15 min window" % ra
    assert "hikeshi_session" not in c.cookies
    # another account from the same address is not locked out
    assert fresh.client().login(other["login"], other["_password"]).status == 200
    # API tokens of the locked account keep working (the lock is on password logins)
    assert fresh.user_client(u).get("me").status == 200


def test_rate_limit_per_address(fresh):
    u = fresh.make_user(role="handler", all_constituencies=True)
    c = fresh.client()
    for i in range(20):
        r = c.login("nobody%d-%s" % (i % 5, uniq("x").lower()), "wrong")
        assert_problem(r, 401, "unauthorized")
    r = c.login(u["login"], u["_password"])
    assert_problem(r, 429, "too-many-requests")
    assert r.headers.get("Retry-After", "").strip().isdigit(), r.headers


def test_viewer_cannot_create_incident(srv):
    cons = srv.make_constituency()
    v = srv.make_user(role="viewer", constituency_ids=[cons["id"]])
    vc = srv.user_client(v)
    assert expect(vc.get("incidents"), 200)["items"] == []
    assert_problem(vc.post("incidents", {"title": "閲覧者", "constituency_id": cons["id"]}), 403,
                   "forbidden")
    assert srv.admin().list_all("incidents", {"constituency": cons["id"]}) == []


def test_handler_cannot_manage_users(srv):
    h = srv.make_user(role="handler", all_constituencies=True)
    hc = srv.user_client(h)
    body = {"login": uniq("x"), "display_name": "x", "role": "admin", "password": "Secret-123456789"}
    assert_problem(hc.post("users", body), 403, "forbidden")
    assert_problem(hc.get("users"), 403, "forbidden")
    assert_problem(hc.patch("users/%d" % h["id"], {"role": "admin"}, if_match=h["version"]), 403,
                   "forbidden")
    assert expect(hc.get("me"), 200)["role"] == "handler"
    assert_problem(hc.post("constituencies", {"code": uniq("C"), "name": "x"}), 403, "forbidden")
    logins = {x["login"] for x in srv.admin().list_all("users")}
    assert body["login"] not in logins


def test_password_hash_never_in_user_json(srv):
    adm = srv.admin()
    pw = "Hash-Check-" + uniq("p")
    body = {"login": uniq("h"), "display_name": "ハッシュ", "role": "handler", "password": pw,
            "all_constituencies": True}
    r = adm.post("users", body)
    j = expect(r, 201)
    assert_no_secret(j, "POST /users")
    assert pw not in r.body.decode("utf-8"), "password echoed"
    for resp in (adm.get("users", params={"limit": 200}), adm.get("users/%d" % j["id"]),
                 adm.get("me"), srv.login(body["login"], pw).get("me"),
                 adm.patch("users/%d" % j["id"], {"display_name": "変更"}, if_match=j["version"])):
        assert resp.status == 200, resp
        assert_no_secret(resp.json, resp.headers.get("Content-Location", "user JSON"))
        assert pw not in resp.body.decode("utf-8")
    u = expect(adm.get("users/%d" % j["id"]), 200)
    for k in ("id", "login", "display_name", "email", "role", "all_constituencies",
              "constituency_ids", "lang", "time_zone", "tlp_max", "disabled", "created_at",
              "updated_at", "version"):
        assert k in u, "user object lacks %r: %r" % (k, u)


def test_user_duplicate_login_conflict(srv):
    u = srv.make_user(role="viewer", all_constituencies=True)
    body = {"login": u["login"], "display_name": "dup", "role": "viewer",
            "password": "Another-123456789", "all_constituencies": True}
    assert_problem(srv.admin().post("users", body), 409, "conflict")


def test_session_expiry_is_in_future_and_bounded(srv):
    c = srv.client()
    j = expect(c.login(ADMIN_LOGIN, srv.admin_password), 200)
    exp = parse_time(j["expires_at"]).timestamp()
    assert time.time() < exp <= time.time() + 31 * 86400, j["expires_at"]


def test_password_reset_ends_sessions_and_bumps_version_once(srv):
    u = srv.make_user(role="handler", all_constituencies=True)
    c = srv.client()
    expect(c.login(u["login"], u["_password"]), 200, "login")
    assert c.get("me").status == 200
    r = srv.admin().patch("users/%d" % u["id"], {"password": "a-new-password-42"}, if_match=u["version"])
    j = expect(r, 200, "reset password")
    assert j["version"] == u["version"] + 1, "one change, one version: %r" % j["version"]
    assert_problem(c.get("me"), 401, "unauthorized")
    assert_problem(srv.client().login(u["login"], u["_password"]), 401, "unauthorized")
    expect(srv.client().login(u["login"], "a-new-password-42"), 200, "login with the new password")


def test_login_and_logout_are_audited(fresh):
    import sqlite3
    c = fresh.client()
    expect(c.login("admin", fresh.admin_password), 200, "login")
    expect(c.delete("session"), 204, "logout")
    db = sqlite3.connect(fresh.db)
    try:
        actions = [r[0] for r in db.execute("SELECT action FROM audit WHERE object_type = 'session' ORDER BY id")]
    finally:
        db.close()
    assert actions == ["session.login", "session.logout"], actions
