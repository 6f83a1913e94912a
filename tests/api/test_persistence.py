"""Everything written survives a clean restart (SIGTERM) and a kill -9."""

import sqlite3

from harness import expect, uniq


def populate(srv):
    adm = srv.admin()
    c = srv.make_constituency(name="永続化 部門")
    u = srv.make_user(role="handler", constituency_ids=[c["id"]])
    tok = srv.user_token(u)
    inc = srv.make_incident(title="永続化 " + uniq("p"), constituency_id=c["id"],
                            description="再起動後も残ること", category="fraud/phishing")
    inc = expect(adm.patch("incidents/%d" % inc["id"], {"status": "triage"}, if_match=1), 200)
    inc = expect(adm.patch("incidents/%d" % inc["id"], {"impact": "high", "assignee_id": u["id"]},
                           if_match=2), 200)
    note = expect(adm.post("incidents/%d/journal" % inc["id"], {"body": "**保存**"}), 201)
    task = expect(adm.post("incidents/%d/tasks" % inc["id"], {"title": "保全"}), 201)
    task = expect(adm.patch("tasks/%d" % task["id"], {"done": True}, if_match=1), 200)
    rep = expect(adm.post("reports", {"subject": "永続化 報告", "constituency_id": c["id"]}), 201)
    expect(adm.post("reports/%d/link" % rep["id"], {"incident_id": inc["id"]}), (200, 201))
    rep = expect(adm.get("reports/%d" % rep["id"]), 200)
    inc = expect(adm.get("incidents/%d" % inc["id"]), 200)
    journal = expect(adm.get("incidents/%d/journal" % inc["id"]), 200)["items"]
    return {"c": c, "u": u, "tok": tok, "inc": inc, "note": note, "task": task, "rep": rep,
            "journal": journal}


def check(srv, s):
    adm = srv.admin()
    inc = expect(adm.get("incidents/%d" % s["inc"]["id"]), 200, "incident after restart")
    for k in ("key", "title", "description", "category", "status", "impact", "priority",
              "assignee_id", "acknowledged_at", "version", "created_at", "updated_at"):
        assert inc[k] == s["inc"][k], "%s: %r != %r" % (k, inc[k], s["inc"][k])
    assert inc["version"] >= 3 and inc["priority"] == "P2", inc
    task = expect(adm.get("tasks/%d" % s["task"]["id"]), 200)
    assert (task["done"], task["version"], task["done_at"]) == \
        (True, 2, s["task"]["done_at"]), task
    rep = expect(adm.get("reports/%d" % s["rep"]["id"]), 200)
    assert (rep["state"], rep["incident_id"], rep["version"], rep["key"]) == \
        ("linked", s["inc"]["id"], s["rep"]["version"], s["rep"]["key"]), rep
    journal = expect(adm.get("incidents/%d/journal" % s["inc"]["id"]), 200)["items"]
    assert journal == s["journal"], "journal differs after restart"
    c = expect(adm.get("constituencies/%d" % s["c"]["id"]), 200)
    assert c["code"] == s["c"]["code"] and c["name"] == "永続化 部門"
    me = expect(srv.client(s["tok"]).get("me"), 200, "user token after restart")
    assert me["id"] == s["u"]["id"] and me["constituency_ids"] == [s["c"]["id"]]
    assert srv.login(s["u"]["login"], s["u"]["_password"]).get("me").status == 200


def integrity(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()


def test_restart_after_sigterm(fresh):
    s = populate(fresh)
    fresh.restart()
    check(fresh, s)
    # new writes continue the key sequence
    nxt = fresh.make_incident(constituency_id=s["c"]["id"])
    assert int(nxt["key"].split("-")[2]) == int(s["inc"]["key"].split("-")[2]) + 1, \
        (nxt["key"], s["inc"]["key"])
    fresh.stop()
    assert integrity(fresh.db) == [("ok",)]


def test_restart_after_kill9(fresh):
    s = populate(fresh)
    fresh.kill9()
    fresh.start()
    check(fresh, s)
    fresh.kill9()
    fresh.start()
    check(fresh, s)
    fresh.stop()
    assert integrity(fresh.db) == [("ok",)]


def test_sessions_and_rate_limit_state_are_sane_after_restart(fresh):
    c = fresh.login("admin", fresh.admin_password)
    fresh.restart()
    c2 = fresh.client()  # the restarted server listens on a new port
    c2.cookies = dict(c.cookies)
    r = c2.get("me")
    # a session either survives a restart or is cleanly refused - never a 5xx
    assert r.status in (200, 401), r
