"""Hostile and malformed input: every bad request gets the right problem,
nothing is half-written, and the server stays up."""

import socket

from harness import assert_problem, count_incidents, expect, raw_http

MiB = 1024 * 1024


class Guard:
    """Counts incidents before and checks after that nothing was written
    and that the server still answers /healthz."""

    def __init__(self, srv):
        self.srv = srv
        self.adm = srv.admin()
        self.cons = srv.make_constituency()
        self.before = count_incidents(self.adm)

    def body(self, **kw):
        b = {"title": "正常なタイトル", "constituency_id": self.cons["id"]}
        b.update(kw)
        return b

    def post_raw(self, data, content_type="application/json", path="incidents"):
        return self.adm.post(path, data=data, content_type=content_type)

    def check(self):
        h = self.srv.client().get("/healthz")
        assert h.status == 200, "server unhealthy after bad input: %s" % (h,)
        after = count_incidents(self.adm)
        assert after == self.before, "incident count changed %d -> %d" % (self.before, after)


def test_malformed_json(srv):
    g = Guard(srv)
    for data in (b'{"title": "x"', b'{"title": x}', b"{'title': 'x'}", b'{"title":"x",}',
                 b"", b"   ", b'{"title":"x"} trailing', b'{"title":"x"}{"title":"y"}',
                 b'{"title":"\\q"}', b'{"title":"x\x01y"}'):
        assert_problem(g.post_raw(data), 400, "invalid-json")
    g.check()


def test_body_not_an_object(srv):
    g = Guard(srv)
    for data in (b'[{"title":"x"}]', b"[]", b'"title"', b"42", b"null", b"true"):
        assert_problem(g.post_raw(data), 400, "invalid-json")
    g.check()


def test_invalid_utf8(srv):
    g = Guard(srv)
    cid = str(g.cons["id"]).encode()
    for bad in (b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"abc\x80",
                b"\xe6\xbc"):
        data = b'{"title":"' + bad + b'","constituency_id":' + cid + b"}"
        assert_problem(g.post_raw(data), 400, "invalid-utf8")
    g.check()


def test_escaped_nul_and_lone_surrogate(srv):
    g = Guard(srv)
    cid = g.cons["id"]
    for t in ('"a\\u0000b"', '"\\ud800"', '"\\udc00x"'):
        data = '{"title":%s,"constituency_id":%d}' % (t, cid)
        r = g.post_raw(data.encode())
        assert r.status in (400, 422), "title %s -> %s" % (t, r)
        assert_problem(r, r.status, ("validation", "invalid-json", "invalid-utf8"))
    g.check()


def test_too_deep(srv):
    g = Guard(srv)
    for depth in (100, 33 + 1, 5000, 200000):
        data = '{"title":"x","description":' + "[" * depth + "]" * depth + "}"
        r = g.post_raw(data.encode())
        if len(data) > MiB:
            assert r.status in (400, 413), r
        else:
            assert_problem(r, 400, "too-deep")
    obj = '{"a":' * 100 + "1" + "}" * 100
    assert_problem(g.post_raw(('{"title":"x","description":%s}' % obj).encode()), 400, "too-deep")
    g.check()


def test_payload_too_large(srv):
    g = Guard(srv)
    big = '{"title":"大きすぎる","constituency_id":%d,"description":"%s"}' % (
        g.cons["id"], "a" * (MiB + 100))
    status, hdrs, body, raw = raw_http(
        "127.0.0.1", srv.port,
        ("POST /api/v1/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
         "Content-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
         % (srv.admin_token(), len(big.encode()))).encode() + big.encode())
    assert status == 413, "expected 413, got %r: %r" % (status, raw[:300])
    assert hdrs.get("content-type", "").startswith("application/problem+json"), hdrs
    assert b"payload-too-large" in body, body[:300]
    g.check()


def test_payload_too_large_chunked(srv):
    g = Guard(srv)
    chunk = b"a" * 65536
    parts = [b'{"title":"chunked","constituency_id":%d,"description":"' % g.cons["id"]]
    parts += [chunk] * 20
    parts.append(b'"}')
    body = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"
    head = ("POST /api/v1/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            "Connection: close\r\n\r\n" % srv.admin_token()).encode()
    status, hdrs, resp, raw = raw_http("127.0.0.1", srv.port, head + body)
    assert status == 413, "expected 413, got %r: %r" % (status, raw[:300])
    assert b"payload-too-large" in resp, resp[:300]
    g.check()


def test_just_under_the_limit_is_not_413(srv):
    g = Guard(srv)
    desc = "a" * 65536
    r = g.adm.post("incidents", g.body(description=desc, title="ちょうど上限"))
    j = expect(r, 201)
    assert len(j["description"]) == 65536
    g.before += 1
    r = g.adm.post("incidents", g.body(description=desc + "a"))
    assert_problem(r, 422, "validation", "description")
    g.check()


def test_unknown_field(srv):
    g = Guard(srv)
    assert_problem(g.adm.post("incidents", g.body(bogus=1)), 400, "unknown-field", "bogus")
    assert_problem(g.adm.post("incidents", g.body(Title="x")), 400, "unknown-field", "Title")
    g.check()


def test_read_only_fields_on_create(srv):
    g = Guard(srv)
    for k, v in (("priority", "P1"), ("key", "INC-2026-99999"), ("id", 5), ("version", 9),
                 ("closed_at", "2026-01-01T00:00:00Z"), ("merged_into", "INC-2026-00001")):
        r = g.adm.post("incidents", g.body(**{k: v}))
        assert r.status in (400, 422), "read-only %s on create -> %s" % (k, r)
        assert_problem(r, r.status, ("unknown-field", "validation"), k)
    g.check()


def test_wrong_types(srv):
    g = Guard(srv)
    cases = {"title": 5, "is_exercise": "yes", "impact": "huge", "tlp": "PURPLE",
             "occurred_at": "yesterday", "personal_data": 1, "urgency": None,
             "pap": "AMBER+STRICT", "description": ["x"], "constituency_id": "abc",
             "detected_at": "2026-13-45T99:00:00Z", "assignee_id": 987654321}
    for field, value in cases.items():
        r = g.adm.post("incidents", g.body(**{field: value}))
        assert_problem(r, 422, "validation", field)
    g.check()


def test_every_bad_field_is_named(srv):
    g = Guard(srv)
    r = g.adm.post("incidents", g.body(title=5, is_exercise="yes", impact="huge", tlp="PURPLE",
                                       occurred_at="yesterday"))
    assert_problem(r, 422, "validation",
                   ["title", "is_exercise", "impact", "tlp", "occurred_at"])
    g.check()


def test_title_rules(srv):
    g = Guard(srv)
    assert_problem(g.adm.post("incidents", {"constituency_id": g.cons["id"]}), 422, "validation",
                   "title")
    for t in ("", "x" * 10000, "x" * 301, "漏" * 101):
        assert_problem(g.adm.post("incidents", g.body(title=t)), 422, "validation", "title")
    for t in ("x" * 300, "漏" * 100):  # 300 bytes is the limit, in bytes
        expect(g.adm.post("incidents", g.body(title=t)), 201, "title of %d bytes" % len(t.encode()))
        g.before += 1
    g.check()


def test_content_type(srv):
    g = Guard(srv)
    data = ('{"title":"x","constituency_id":%d}' % g.cons["id"]).encode()
    for ct in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
               "application/jsonx"):
        assert_problem(g.post_raw(data, content_type=ct), 415, "unsupported-media-type")
    r = g.post_raw(data, content_type="application/json; charset=utf-8")
    expect(r, 201, "application/json; charset=utf-8 is JSON")
    g.before += 1
    g.check()


def test_unknown_route_and_method(srv):
    g = Guard(srv)
    adm = g.adm
    for path in ("nope", "incidents/1/nope", "/api/v2/incidents", "/api/v1/", "/api/v1"):
        assert_problem(adm.get(path), 404, "not-found")
    for bad_id in ("abc", "-1", "0", "1e3", "INC-2026-1", "%00", "99999999999999999999999"):
        r = adm.get("incidents/" + bad_id)
        assert r.status in (400, 404), "incidents/%s -> %s" % (bad_id, r)
    assert_problem(adm.delete("incidents"), 405, "method-not-allowed")
    inc = srv.make_incident(constituency_id=g.cons["id"])
    g.before += 1
    assert_problem(adm.put("incidents/%d" % inc["id"], {"title": "x"}), 405, "method-not-allowed")
    assert_problem(adm.delete("incidents/%d" % inc["id"]), 405, "method-not-allowed")
    assert_problem(adm.post("/healthz", {}), 405, "method-not-allowed")
    assert expect(adm.get("incidents/%d" % inc["id"]), 200)["title"] == inc["title"]
    g.check()


def test_garbage_http(srv):
    g = Guard(srv)
    for payload in (b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
                    b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 200000 + b"\r\n\r\n",
                    b"POST /api/v1/incidents HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                    b"POST /api/v1/incidents HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
                    b"\x00\xff" * 100 + b"\r\n\r\n"):
        status, _, _, _ = raw_http("127.0.0.1", srv.port, payload, timeout=3)
        assert status is None or 400 <= status < 500 or status == 505, "garbage -> %r" % status
    # a client that connects and says nothing must not block others
    s = socket.create_connection(("127.0.0.1", srv.port))
    try:
        expect(g.adm.get("me"), 200, "while an idle connection is open")
    finally:
        s.close()
    g.check()


WEIRD = [None, True, False, 0, -1, 1, 2 ** 31, 2 ** 63 - 1, -2 ** 63, 1.5, 1e308, "", " ",
         "x" * 5000, "\u0000", "\u202e日本語", "<script>", "' OR 1=1 --", "%s%n", "../../etc/passwd",
         [], {}, [1, [2]], {"a": {}}, "2026-11-22T00:00:00Z", "2026-11-22T15:30:00+09:00", "RED",
         "AMBER+STRICT", "P1", "closed", "high", "admin", "fraud/phishing", "INC-2026-00001"]
FIELDS = {
    "incident": ["title", "description", "category", "impact", "urgency", "status", "resolution",
                 "tlp", "pap", "constituency_id", "org_unit_id", "assignee_id", "is_exercise",
                 "personal_data", "occurred_at", "detected_at", "reported_at", "report_id"],
    "report": ["channel", "reporter_name", "reporter_address", "reporter_org_unit_id", "received_at",
               "subject", "body", "state", "rejection_reason", "tlp", "constituency_id"],
    "user": ["login", "display_name", "email", "role", "password", "all_constituencies",
             "constituency_ids", "lang", "time_zone", "tlp_max", "disabled"],
    "task": ["title", "assignee_id", "due_at", "done"],
    "constituency": ["code", "name", "name_en", "description"],
    "org_unit": ["constituency_id", "parent_id", "name", "name_en"],
    "taxonomy": ["code", "parent", "label_ja", "label_en", "description_ja", "description_en"],
    "note": ["body"], "merge": ["into"], "link": ["incident_id"], "token": ["name", "expires_at"],
    "session": ["login", "password"], "matrix": ["cells"],
}


def test_fuzzed_bodies_never_5xx(srv):
    """A seeded random mix of known fields and odd values on every write:
    the answer is always a 2xx or a 4xx problem, never a 5xx or a hang."""
    import random
    rnd = random.Random(20261122)
    g = Guard(srv)
    adm = g.adm
    cid = g.cons["id"]
    inc = srv.make_incident(constituency_id=cid)
    rep = expect(adm.post("reports", {"subject": "fuzz", "constituency_id": cid}), 201)
    task = expect(adm.post("incidents/%d/tasks" % inc["id"], {"title": "fuzz"}), 201)
    user = srv.make_user(role="viewer", all_constituencies=True)
    ou = expect(adm.post("org-units", {"constituency_id": cid, "name": "fuzz"}), 201)
    g.before += 1  # inc
    targets = [
        ("POST", "incidents", "incident", None), ("PATCH", "incidents/%d" % inc["id"], "incident", "incidents/%d" % inc["id"]),
        ("POST", "reports", "report", None), ("PATCH", "reports/%d" % rep["id"], "report", "reports/%d" % rep["id"]),
        ("POST", "users", "user", None), ("PATCH", "users/%d" % user["id"], "user", "users/%d" % user["id"]),
        ("POST", "incidents/%d/tasks" % inc["id"], "task", None),
        ("PATCH", "tasks/%d" % task["id"], "task", "tasks/%d" % task["id"]),
        ("POST", "constituencies", "constituency", None),
        ("PATCH", "constituencies/%d" % cid, "constituency", "constituencies/%d" % cid),
        ("POST", "org-units", "org_unit", None), ("PATCH", "org-units/%d" % ou["id"], "org_unit", "org-units/%d" % ou["id"]),
        ("POST", "taxonomy", "taxonomy", None), ("POST", "incidents/%d/journal" % inc["id"], "note", None),
        ("POST", "incidents/%d/merge" % inc["id"], "merge", None),
        ("POST", "reports/%d/link" % rep["id"], "link", None),
        ("POST", "users/%d/tokens" % user["id"], "token", None), ("POST", "session", "session", None),
        ("PUT", "priority-matrix", "matrix", None),
    ]
    created = 0
    for method, path, kind, ref in targets:
        # few logins: failures count towards the per-address login limit
        for _ in range(8 if kind == "session" else 30):
            names = FIELDS[kind]
            body = {f: rnd.choice(WEIRD) for f in rnd.sample(names, rnd.randint(1, len(names)))}
            if rnd.random() < 0.1:
                body[rnd.choice(["x", "id", "version", "__proto__"])] = rnd.choice(WEIRD)
            im = None
            if ref:
                cur = adm.get(ref)
                im = etag_version_or_1(cur)
            if kind == "matrix" and rnd.random() < 0.5:
                body = {"cells": [{"impact": rnd.choice(WEIRD), "urgency": rnd.choice(WEIRD),
                                   "priority": rnd.choice(WEIRD)} for _ in range(9)]}
            r = adm.request(method, path, body=body, if_match=im)
            assert r.status < 500, "%s %s %r -> %s" % (method, path, body, r)
            if r.status >= 400:
                assert r.headers.get("Content-Type", "").startswith("application/problem+json"), \
                    "%s %s -> %s without a problem body" % (method, path, r.status)
            elif method == "POST" and path == "incidents":
                created += 1
    g.before += created
    g.check()


def etag_version_or_1(resp):
    et = (resp.headers.get("ETag") or '"1"').strip()
    return et if et.startswith('"') else '"1"'
