"""Incidents: create, read, versioning, workflow, journal, tasks, reports, merge, list."""

import threading
import time

from harness import (INC_KEY, RFC3339_UTC, RPT_KEY, assert_problem, etag_version, expect,
                     jst_year, problem_fields, uniq, utc_now_str)

ALL_STATUSES = ("new", "triage", "analysis", "containment", "eradication", "recovery", "closed")


def key_seq(key):
    m = INC_KEY.match(key)
    assert m, "key %r does not match INC-YYYY-NNNNN" % key
    return int(m.group(1)), int(m.group(2))


def create(adm, **body):
    r = adm.post("incidents", body)
    expect(r, 201, "create %r" % (body,))
    return r


def get_inc(adm, ref):
    return expect(adm.get("incidents/%s" % ref), 200, "GET incident %s" % ref)


def patch_inc(adm, inc, body, expect_status=200):
    r = adm.patch("incidents/%d" % inc["id"], body, if_match=inc["version"])
    expect(r, expect_status, "PATCH %r" % (body,))
    return r.json


# ------------------------------------------------------------------ create


def test_create_defaults_and_headers(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    r = create(adm, title="不審メールの受信", constituency_id=c["id"])
    j = r.json
    assert INC_KEY.match(j["key"]), j["key"]
    assert key_seq(j["key"])[0] == jst_year(), "key year %s is not this year in JST" % j["key"]
    loc = r.headers.get("Location")
    assert loc and loc.endswith("/api/v1/incidents/%d" % j["id"]), "Location %r" % loc
    assert r.headers.get("ETag") == '"1"', r.headers.get("ETag")
    assert j["version"] == 1
    assert j["status"] == "new"
    assert j["impact"] == "medium" and j["urgency"] == "medium", j
    assert j["priority"] == "P3", j
    assert j["tlp"] == "AMBER" and j["pap"] == "AMBER", j
    assert j["title"] == "不審メールの受信"
    assert j["constituency_id"] == c["id"]
    assert j["is_exercise"] is False and j["personal_data"] is False, j
    assert j["merged_into"] is None and j.get("resolution") is None, j
    for k in ("acknowledged_at", "contained_at", "resolved_at", "closed_at", "assignee_id"):
        assert j[k] is None, "%s should be null on a new incident: %r" % (k, j[k])
    assert j["created_by"] == srv.admin_id, j
    for k in ("created_at", "updated_at"):
        assert RFC3339_UTC.match(j[k]), "%s=%r is not RFC 3339 UTC" % (k, j[k])
    assert j["description"] == "" and j["category"] is None, j


def test_create_priority_matrix(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    cases = [("high", "high", "P1"), ("low", "low", "P4"), ("high", "medium", "P2"),
             ("medium", "high", "P2"), ("low", "high", "P3"), ("medium", "low", "P4")]
    for imp, urg, prio in cases:
        j = create(adm, title="優先度 %s/%s" % (imp, urg), constituency_id=c["id"],
                   impact=imp, urgency=urg).json
        assert (j["impact"], j["urgency"], j["priority"]) == (imp, urg, prio), j
    # matrix is served too
    m = expect(adm.get("priority-matrix"), 200)["cells"]
    assert len(m) == 9
    cell = {(x["impact"], x["urgency"]): x["priority"] for x in m}
    assert cell[("high", "high")] == "P1" and cell[("low", "low")] == "P4"


def test_priority_recomputed_on_patch(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    j = create(adm, title="再計算", constituency_id=c["id"]).json
    j2 = patch_inc(adm, j, {"impact": "high", "urgency": "high"})
    assert j2["priority"] == "P1", j2
    r = adm.patch("incidents/%d" % j["id"], {"priority": "P4"}, if_match=j2["version"])
    assert r.status in (400, 422), "priority is read-only: %s" % (r,)
    assert get_inc(adm, j["id"])["priority"] == "P1"


def test_keys_increase_by_one(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    keys = [create(adm, title="連番 %d" % i, constituency_id=c["id"]).json["key"] for i in range(3)]
    seqs = [key_seq(k) for k in keys]
    assert seqs[1][1] == seqs[0][1] + 1 and seqs[2][1] == seqs[1][1] + 1, keys
    assert len({s[0] for s in seqs}) == 1


def test_concurrent_creates_get_unique_consecutive_keys(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    keys, errors = [], []
    lock = threading.Lock()

    def worker(n):
        cl = srv.admin()
        for i in range(10):
            r = cl.post("incidents", {"title": "並行 %d-%d" % (n, i), "constituency_id": c["id"]})
            with lock:
                (keys.append(r.json["key"]) if r.status == 201 else errors.append(str(r)))

    ts = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors, errors[:3]
    assert len(keys) == 80 and len(set(keys)) == 80, "duplicate keys: %d unique of %d" % (
        len(set(keys)), len(keys))
    seqs = sorted(key_seq(k)[1] for k in keys)
    assert seqs[-1] - seqs[0] == 79, "keys are not consecutive: %s..%s" % (seqs[0], seqs[-1])
    assert len(adm.list_all("incidents", {"constituency": c["id"]})) == 80


def test_create_all_fields_and_time_offsets(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    body = {"title": "全項目", "description": "説明文\n二行目", "category": "fraud/phishing",
            "impact": "high", "urgency": "low", "tlp": "GREEN", "pap": "CLEAR",
            "constituency_id": c["id"], "is_exercise": True, "personal_data": True,
            "occurred_at": "2026-11-22T15:30:00+09:00", "detected_at": "2026-11-22T06:45:10Z",
            "reported_at": "2026-11-22T16:00:00+09:00", "assignee_id": srv.admin_id}
    j = create(adm, **body).json
    for k in ("title", "description", "category", "impact", "urgency", "tlp", "pap",
              "constituency_id", "is_exercise", "personal_data", "assignee_id"):
        assert j[k] == body[k], "%s: %r != %r" % (k, j[k], body[k])
    assert j["occurred_at"] == "2026-11-22T06:30:00Z", j["occurred_at"]
    assert j["detected_at"] == "2026-11-22T06:45:10Z", j["detected_at"]
    assert j["reported_at"] == "2026-11-22T07:00:00Z", j["reported_at"]
    assert j["priority"] == "P3"


def test_read_by_id_and_key(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    j = create(adm, title="キーで参照", constituency_id=c["id"]).json
    a = adm.get("incidents/%d" % j["id"])
    b = adm.get("incidents/%s" % j["key"])
    assert a.status == 200 and b.status == 200, (a, b)
    assert a.json["id"] == b.json["id"] == j["id"]
    assert a.json["key"] == b.json["key"] == j["key"]
    assert a.headers.get("ETag") == '"1"'
    assert set(a.json["allowed_transitions"]) == {"triage", "analysis", "closed"}, a.json
    assert_problem(adm.get("incidents/999999999"), 404, "not-found")
    assert_problem(adm.get("incidents/INC-1999-99999"), 404, "not-found")


def test_category_normalisation(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    j = create(adm, title="不正利用", constituency_id=c["id"],
               category="fraud/unauthorized-use-of-resources").json
    assert j["category"] == "fraud/unauthorised-use-of-resources", j["category"]
    assert get_inc(adm, j["id"])["category"] == "fraud/unauthorised-use-of-resources"
    j2 = create(adm, title="クラスのみ", constituency_id=c["id"], category="fraud").json
    assert j2["category"] == "fraud"
    j3 = create(adm, title="null分類", constituency_id=c["id"], category=None).json
    assert j3["category"] is None


def test_unknown_category(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    for bad in ("nonsense/thing", "fraud/no-such-type", "FRAUD PHISHING", ""):
        r = adm.post("incidents", {"title": "分類不明", "constituency_id": c["id"], "category": bad})
        assert_problem(r, 422, "validation", "category")
    assert adm.list_all("incidents", {"constituency": c["id"]}) == []


def test_constituency_required_for_multi_scope(srv):
    adm = srv.admin()
    srv.make_constituency()
    assert_problem(adm.post("incidents", {"title": "どこ?"}), 422, "validation", "constituency_id")
    assert_problem(adm.post("incidents", {"title": "どこ?", "constituency_id": 987654321}), 422,
                   "validation", "constituency_id")


# ------------------------------------------------------------- versioning


def test_patch_if_match_rules(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    j = create(adm, title="版管理", constituency_id=c["id"]).json
    url = "incidents/%d" % j["id"]
    assert_problem(adm.patch(url, {"title": "変更なし"}), 428, "precondition-required")
    assert_problem(adm.patch(url, {"title": "変更なし"}, if_match='"7"'), 412, "precondition-failed")
    cur = get_inc(adm, j["id"])
    assert cur["title"] == "版管理" and cur["version"] == 1, cur
    r = adm.patch(url, {"title": "変更あり"}, if_match='"1"')
    j2 = expect(r, 200)
    assert j2["title"] == "変更あり" and j2["version"] == 2, j2
    assert etag_version(r) == 2
    assert j2["updated_at"] >= j["updated_at"]
    # the old version is stale now
    assert_problem(adm.patch(url, {"title": "古い版"}, if_match='"1"'), 412, "precondition-failed")
    cur = get_inc(adm, j["id"])
    assert cur["title"] == "変更あり" and cur["version"] == 2, cur
    assert_problem(adm.patch("incidents/999999999", {"title": "x"}, if_match='"1"'), 404, "not-found")


def test_concurrent_patches_one_wins(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    j = create(adm, title="競合", constituency_id=c["id"]).json
    results = []
    barrier = threading.Barrier(6)

    def worker(n):
        cl = srv.admin()
        barrier.wait()
        r = cl.patch("incidents/%d" % j["id"], {"title": "競合 %d" % n}, if_match='"1"')
        results.append((r.status, n))

    ts = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    codes = sorted(s for s, _ in results)
    assert codes.count(200) == 1 and codes.count(412) == 5, codes
    winner = [n for s, n in results if s == 200][0]
    cur = get_inc(adm, j["id"])
    assert cur["version"] == 2 and cur["title"] == "競合 %d" % winner, cur


# ---------------------------------------------------------------- workflow


def test_workflow_walk(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    inc = create(adm, title="ワークフロー", constituency_id=c["id"]).json
    url = "incidents/%d" % inc["id"]
    seen = {}
    for st in ("triage", "analysis", "containment", "eradication", "recovery"):
        r = adm.patch(url, {"status": st}, if_match=inc["version"])
        nxt = expect(r, 200, "-> %s" % st)
        assert nxt["status"] == st and nxt["version"] == inc["version"] + 1, nxt
        assert etag_version(r) == nxt["version"]
        inc = nxt
        if st == "triage":
            assert inc["acknowledged_at"], inc
            seen["ack"] = inc["acknowledged_at"]
        assert inc["acknowledged_at"] == seen["ack"], "acknowledged_at changed"
        assert inc["closed_at"] is None and inc["resolved_at"] is None
    assert inc["contained_at"], "contained_at not set after eradication/recovery: %r" % inc
    contained = inc["contained_at"]
    r = adm.patch(url, {"status": "closed", "resolution": "resolved"}, if_match=inc["version"])
    inc = expect(r, 200, "-> closed")
    assert inc["status"] == "closed" and inc["resolution"] == "resolved", inc
    assert inc["closed_at"] and inc["resolved_at"], inc
    assert inc["contained_at"] == contained and inc["acknowledged_at"] == seen["ack"]
    for k in ("acknowledged_at", "contained_at", "resolved_at", "closed_at"):
        assert RFC3339_UTC.match(inc[k]), (k, inc[k])
    assert set(get_inc(adm, inc["id"])["allowed_transitions"]) == {"triage", "analysis"}
    # the journal recorded each status change in order
    items = expect(adm.get(url + "/journal"), 200)["items"]
    moves = [(e["data"].get("from"), e["data"].get("to")) for e in items if e["kind"] == "status"]
    assert moves == [("new", "triage"), ("triage", "analysis"), ("analysis", "containment"),
                     ("containment", "eradication"), ("eradication", "recovery"),
                     ("recovery", "closed")], moves
    ats = [e["at"] for e in items]
    assert ats == sorted(ats), "journal is not oldest first"


def test_transitions_endpoint(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    inc = create(adm, title="遷移一覧", constituency_id=c["id"]).json
    t = expect(adm.get("incidents/%d/transitions" % inc["id"]), 200)
    assert t["status"] == "new" and set(t["allowed"]) == {"triage", "analysis", "closed"}, t
    inc = patch_inc(adm, inc, {"status": "analysis"})
    t = expect(adm.get("incidents/%s/transitions" % inc["key"]), 200)
    assert t == {"status": "analysis",
                 "allowed": ["containment", "eradication", "recovery", "closed"]}, t
    assert_problem(adm.get("incidents/999999999/transitions"), 404, "not-found")


def test_forbidden_transition(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    inc = create(adm, title="禁止遷移", constituency_id=c["id"]).json
    for bad in ("recovery", "containment", "eradication"):
        r = adm.patch("incidents/%d" % inc["id"], {"status": bad, "title": "変わらない"},
                      if_match=inc["version"])
        p = assert_problem(r, 422, "transition")
        assert p["errors"][0]["field"] == "status", p
    cur = get_inc(adm, inc["id"])
    assert (cur["status"], cur["version"], cur["title"]) == ("new", 1, "禁止遷移"), cur
    assert cur["acknowledged_at"] is None
    r = adm.patch("incidents/%d" % inc["id"], {"status": "bogus"}, if_match=1)
    assert_problem(r, 422, ("validation", "transition"), "status")


def test_close_needs_resolution(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    inc = create(adm, title="解決区分", constituency_id=c["id"]).json
    r = adm.patch("incidents/%d" % inc["id"], {"status": "closed"}, if_match=1)
    assert r.status == 422, r
    assert_problem(r, 422, ("transition", "validation"))
    r = adm.patch("incidents/%d" % inc["id"], {"status": "closed", "resolution": "fixed"}, if_match=1)
    assert_problem(r, 422, ("validation", "transition"), "resolution")
    cur = get_inc(adm, inc["id"])
    assert cur["status"] == "new" and cur["version"] == 1 and cur["closed_at"] is None, cur
    inc = patch_inc(adm, cur, {"status": "closed", "resolution": "false_positive"})
    assert inc["resolution"] == "false_positive" and inc["closed_at"], inc
    assert inc["resolved_at"] is None, "false_positive must not set resolved_at: %r" % inc


def test_reopen(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    inc = create(adm, title="再開", constituency_id=c["id"]).json
    inc = patch_inc(adm, inc, {"status": "closed", "resolution": "resolved"})
    assert inc["closed_at"] and inc["resolution"] == "resolved"
    ack = inc["acknowledged_at"]
    inc = patch_inc(adm, inc, {"status": "analysis"})
    assert inc["status"] == "analysis"
    assert inc["closed_at"] is None, inc
    assert inc["resolution"] is None, inc
    assert inc["resolved_at"] is None, inc
    assert inc["acknowledged_at"] == ack
    r = adm.patch("incidents/%d" % inc["id"], {"status": "triage", "resolution": "resolved"},
                  if_match=inc["version"])
    assert r.status == 422, "a resolution on a non-closing change must be refused: %s" % (r,)


# ----------------------------------------------------------------- journal


def test_journal_notes_markdown_is_safe(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    inc = create(adm, title="ジャーナル", constituency_id=c["id"]).json
    url = "incidents/%d/journal" % inc["id"]
    md = ("**b** 日本語のメモ\n\n<script>alert(1)</script>\n\n"
          "[click](javascript:alert(2)) <img src=x onerror=alert(3)>\n\n"
          "<a href=\"javascript:alert(4)\">x</a>")
    r = adm.post(url, {"body": md})
    e = expect(r, 201, "add note")
    assert e["kind"] == "note" and e["body_md"] == md, e
    assert e["incident_id"] == inc["id"] and e["author_id"] == srv.admin_id, e
    assert isinstance(e["author"], str) and e["author"], e
    assert RFC3339_UTC.match(e["at"]), e
    h = e["body_html"]
    assert "<strong>b</strong>" in h, h
    assert "日本語のメモ" in h, h
    low = h.lower()
    assert "<script" not in low, h
    assert "javascript:" not in low, h
    assert "onerror" not in low or "<img" not in low, h
    items = expect(adm.get(url), 200)["items"]
    notes = [x for x in items if x["kind"] == "note"]
    assert len(notes) == 1 and notes[0]["id"] == e["id"] and notes[0]["body_html"] == h, notes
    assert_problem(adm.post(url, {"body": "x", "kind": "status"}), 400, "unknown-field", "kind")
    assert_problem(adm.post("incidents/999999999/journal", {"body": "x"}), 404, "not-found")


def test_journal_is_append_only(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    inc = create(adm, title="追記のみ", constituency_id=c["id"]).json
    e = expect(adm.post("incidents/%d/journal" % inc["id"], {"body": "first"}), 201)
    for m in ("PATCH", "PUT", "DELETE"):
        r = adm.request(m, "incidents/%d/journal" % inc["id"], body={"body": "x"} if m != "DELETE" else None)
        assert r.status in (404, 405), "%s on the journal -> %s" % (m, r)
    items = expect(adm.get("incidents/%d/journal" % inc["id"]), 200)["items"]
    assert [x["body_md"] for x in items if x["kind"] == "note"] == ["first"]
    del e


# ------------------------------------------------------------------- tasks


def test_tasks(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    inc = create(adm, title="タスク", constituency_id=c["id"]).json
    r = adm.post("incidents/%d/tasks" % inc["id"],
                 {"title": "ログ保全", "due_at": "2026-12-01T09:00:00+09:00",
                  "assignee_id": srv.admin_id})
    t = expect(r, 201, "create task")
    assert r.headers.get("ETag") == '"1"'
    assert t["title"] == "ログ保全" and t["done"] is False and t["done_at"] is None, t
    assert t["due_at"] == "2026-12-01T00:00:00Z", t
    assert t["incident_id"] == inc["id"] and t["assignee_id"] == srv.admin_id, t
    assert t["version"] == 1 and t["created_by"] == srv.admin_id
    t2 = expect(adm.post("incidents/%s/tasks" % inc["key"], {"title": "関係者連絡"}), 201)
    lst = expect(adm.get("incidents/%d/tasks" % inc["id"]), 200)["items"]
    assert sorted(x["id"] for x in lst) == sorted([t["id"], t2["id"]]), lst
    url = "tasks/%d" % t["id"]
    assert_problem(adm.patch(url, {"done": True}), 428, "precondition-required")
    assert_problem(adm.patch(url, {"done": True}, if_match='"5"'), 412, "precondition-failed")
    assert expect(adm.get(url), 200)["done"] is False
    r = adm.patch(url, {"done": True}, if_match='"1"')
    d = expect(r, 200, "task done")
    assert d["done"] is True and d["done_at"] and RFC3339_UTC.match(d["done_at"]), d
    assert d["version"] == 2 and etag_version(r) == 2
    g = adm.get(url)
    assert expect(g, 200)["done"] is True and g.headers.get("ETag") == '"2"'
    assert_problem(adm.patch(url, {"done": False}, if_match='"1"'), 412, "precondition-failed")
    u = expect(adm.patch(url, {"done": False}, if_match='"2"'), 200)
    assert u["done"] is False and u["done_at"] is None, u
    assert_problem(adm.post("incidents/%d/tasks" % inc["id"], {}), 422, "validation", "title")
    assert_problem(adm.post("incidents/%d/tasks" % inc["id"], {"title": "x", "bogus": 1}), 400,
                   "unknown-field", "bogus")
    assert_problem(adm.get("tasks/999999999"), 404, "not-found")


# ----------------------------------------------------------------- reports


def make_report(adm, cons_id, **extra):
    body = {"subject": "不審なメールを受信しました " + uniq("r"), "body": "添付ファイルを開いてしまいました。",
            "channel": "email", "reporter_name": "佐藤 花子",
            "reporter_address": "hanako.sato@example.co.jp", "constituency_id": cons_id}
    body.update(extra)
    r = adm.post("reports", body)
    j = expect(r, 201, "create report")
    assert RPT_KEY.match(j["key"]), j["key"]
    assert j["state"] == "new" and j["incident_id"] is None, j
    return j


def test_create_incident_from_report_and_link(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    r1 = make_report(adm, c["id"])
    inc = create(adm, title="報告から起票", constituency_id=c["id"], report_id=r1["id"]).json
    rep = expect(adm.get("reports/%d" % r1["id"]), 200)
    assert rep["state"] == "linked" and rep["incident_id"] == inc["id"], rep
    assert rep["version"] == r1["version"] + 1, rep
    linked = expect(adm.get("incidents/%d/reports" % inc["id"]), 200)["items"]
    assert [x["id"] for x in linked] == [r1["id"]], linked
    r2 = make_report(adm, c["id"], subject="同じ件の続報 " + uniq("r"))
    r = adm.post("reports/%d/link" % r2["id"], {"incident_id": inc["id"]})
    assert r.status in (200, 201), r
    rep2 = expect(adm.get("reports/%d" % r2["id"]), 200)
    assert rep2["state"] == "linked" and rep2["incident_id"] == inc["id"], rep2
    linked = expect(adm.get("incidents/%d/reports" % inc["id"]), 200)["items"]
    assert sorted(x["id"] for x in linked) == sorted([r1["id"], r2["id"]]), linked
    kinds = [e["kind"] for e in expect(adm.get("incidents/%d/journal" % inc["id"]), 200)["items"]]
    assert "link" in kinds, "no link entry in the journal: %r" % kinds
    # linking to a missing incident
    r3 = make_report(adm, c["id"])
    assert_problem(adm.post("reports/%d/link" % r3["id"], {"incident_id": 999999999}), 422,
                   ("validation", "not-found"))
    assert expect(adm.get("reports/%d" % r3["id"]), 200)["state"] == "new"


def test_create_from_missing_report_creates_nothing(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    r = adm.post("incidents", {"title": "存在しない報告", "constituency_id": c["id"],
                               "report_id": 999999999})
    assert r.status in (404, 422), r
    assert_problem(r, r.status, ("validation", "not-found"))
    assert adm.list_all("incidents", {"constituency": c["id"]}) == []


def test_report_reject_needs_reason(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    rep = make_report(adm, c["id"])
    r = adm.patch("reports/%d" % rep["id"], {"state": "rejected"}, if_match=rep["version"])
    assert_problem(r, 422, ("validation", "transition"))
    r = adm.patch("reports/%d" % rep["id"], {"state": "rejected", "rejection_reason": "spam"},
                  if_match=rep["version"])
    j = expect(r, 200)
    assert j["state"] == "rejected" and j["rejection_reason"] == "spam", j
    assert_problem(adm.patch("reports/%d" % rep["id"], {"subject": "x"}), 428,
                   "precondition-required")


def test_report_duplicate_fingerprint(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    subj = "重複検知テスト " + uniq("d")
    a = make_report(adm, c["id"], subject=subj, body="本文  です")
    b = make_report(adm, c["id"], subject="Re: " + subj, body="本文 です")
    assert a["fingerprint"] == b["fingerprint"], (a["fingerprint"], b["fingerprint"])
    assert b["duplicate_of"] == a["id"], b


# ------------------------------------------------------------------- merge


def test_merge(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    rep = make_report(adm, c["id"])
    a = create(adm, title="重複側", constituency_id=c["id"], report_id=rep["id"]).json
    b = create(adm, title="存続側", constituency_id=c["id"]).json
    note = expect(adm.post("incidents/%d/journal" % a["id"], {"body": "A のメモ"}), 201)
    task = expect(adm.post("incidents/%d/tasks" % a["id"], {"title": "A の未完了タスク"}), 201)
    handler = srv.user_client(srv.make_user(role="handler", constituency_ids=[c["id"]], authority_roles=["handler"]))
    dec = expect(handler.post("incidents/%d/decisions" % a["id"],
                              {"action": "system_stop", "outcome": "advised", "rationale": "A での判断"}), 201)
    a_entries = {e["id"] for e in expect(adm.get("incidents/%d/journal" % a["id"]), 200)["items"]}
    r = adm.post("incidents/%d/merge" % a["id"], {"into": b["key"]})
    assert r.status == 200, r
    # the duplicate's open task and its decision go on with the surviving incident
    assert [t["id"] for t in expect(adm.get("incidents/%d/tasks" % b["id"]), 200)["items"]] == [task["id"]]
    assert expect(adm.get("incidents/%d/tasks" % a["id"]), 200)["items"] == []
    bdec = expect(adm.get("incidents/%d/decisions" % b["id"]), 200)["items"]
    assert [d["id"] for d in bdec] == [dec["id"]] and bdec[0]["rationale"] == "A での判断", bdec
    assert expect(adm.get("incidents/%d/decisions" % a["id"]), 200)["items"] == []
    ga = get_inc(adm, a["id"])
    assert ga["status"] == "closed" and ga["resolution"] == "duplicate", ga
    assert ga["merged_into"] == b["key"], ga
    assert ga["closed_at"], ga
    bj = expect(adm.get("incidents/%d/journal" % b["id"]), 200)["items"]
    b_ids = {e["id"] for e in bj}
    assert note["id"] in b_ids, "A's note is not in B's journal"
    assert a_entries <= b_ids, "entries of A missing from B: %r" % (a_entries - b_ids)
    assert any(e["kind"] == "merge" for e in bj), [e["kind"] for e in bj]
    moved = [e for e in bj if e["id"] == note["id"]][0]
    assert moved["incident_id"] == b["id"] and moved["body_md"] == "A のメモ", moved
    blinked = expect(adm.get("incidents/%d/reports" % b["id"]), 200)["items"]
    assert [x["id"] for x in blinked] == [rep["id"]], blinked
    assert expect(adm.get("reports/%d" % rep["id"]), 200)["incident_id"] == b["id"]
    gb = get_inc(adm, b["id"])
    assert gb["status"] == "new" and gb["merged_into"] is None, gb
    # merging into itself is refused
    c2 = create(adm, title="自己併合", constituency_id=c["id"]).json
    r = adm.post("incidents/%d/merge" % c2["id"], {"into": c2["id"]})
    assert r.status in (409, 422), r
    assert get_inc(adm, c2["id"])["status"] == "new"


# -------------------------------------------------------------------- list


def ids_of(items):
    return [x["id"] for x in items]


def test_list_filters(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    other = srv.make_constituency()
    h = srv.make_user(role="handler", constituency_ids=[c["id"]])
    cid = c["id"]
    mk = lambda **kw: create(adm, constituency_id=cid, **kw).json  # noqa: E731
    i1 = mk(title="絞込1", impact="high", urgency="high", category="fraud/phishing", tlp="RED")
    i2 = mk(title="絞込2", impact="low", urgency="low", category="fraud/masquerade",
            assignee_id=h["id"], is_exercise=True)
    i3 = mk(title="絞込3", category="malicious-code/infected-system", tlp="GREEN")
    i3 = patch_inc(adm, i3, {"status": "triage"})
    i4 = mk(title="絞込4", category="fraud")
    create(adm, title="他部署", constituency_id=other["id"], category="fraud/phishing")
    base = {"constituency": cid}

    def q(**kw):
        p = dict(base)
        p.update(kw)
        r = adm.get("incidents", params=p)
        return sorted(ids_of(expect(r, 200, "list %r" % (p,))["items"]))

    assert q() == sorted([i1["id"], i2["id"], i3["id"], i4["id"]])
    assert q(status="triage") == [i3["id"]]
    assert q(status="new,triage") == sorted([i1["id"], i2["id"], i3["id"], i4["id"]])
    assert q(status="closed") == []
    assert q(priority="P1") == [i1["id"]]
    assert q(priority="P4") == [i2["id"]]
    assert q(priority="P1,P4") == sorted([i1["id"], i2["id"]])
    assert q(category="fraud") == sorted([i1["id"], i2["id"], i4["id"]])
    assert q(category="fraud/phishing") == [i1["id"]]
    assert q(category="malicious-code") == [i3["id"]]
    assert q(assignee=h["id"]) == [i2["id"]]
    assert q(assignee="none") == sorted([i1["id"], i3["id"], i4["id"]])
    assert q(tlp="RED") == [i1["id"]]
    assert q(tlp="GREEN,RED") == sorted([i1["id"], i3["id"]])
    assert q(is_exercise="true") == [i2["id"]]
    assert q(is_exercise="false") == sorted([i1["id"], i3["id"], i4["id"]])
    allc = [x for x in adm.list_all("incidents", {"category": "fraud/phishing"})
            if x["constituency_id"] in (cid, other["id"])]
    assert len(allc) == 2, allc


def test_list_created_range(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    first = [create(adm, title="前半 %d" % i, constituency_id=c["id"]).json["id"] for i in range(2)]
    time.sleep(1.2)
    mid = utc_now_str()
    time.sleep(1.2)
    second = [create(adm, title="後半 %d" % i, constituency_id=c["id"]).json["id"] for i in range(2)]

    def q(**kw):
        kw["constituency"] = c["id"]
        return sorted(ids_of(expect(adm.get("incidents", params=kw), 200)["items"]))

    assert q(created_from=mid) == sorted(second)
    assert q(created_to=mid) == sorted(first)
    assert q(created_from=utc_now_str(-3600), created_to=utc_now_str(3600)) == sorted(first + second)
    assert q(created_from=utc_now_str(3600)) == []
    # any RFC 3339 offset is accepted on input
    assert q(created_from=utc_now_str(3600).replace("Z", "+00:00")) == []
    assert_problem(adm.get("incidents", params={"created_from": "yesterday"}), 400, "invalid-parameter",
                   "created_from")


def test_list_full_text_search(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    tag = uniq("zq").replace("-", "")
    a = create(adm, constituency_id=c["id"], title="Phishing campaign %s" % tag,
               description="顧客の個人情報が漏洩した可能性がある。").json
    b = create(adm, constituency_id=c["id"], title="ランサムウェア感染 %s" % tag,
               description="ファイルサーバが暗号化された。").json
    d = create(adm, constituency_id=c["id"], title="無関係 %s" % tag, description="ログ確認").json

    def q(text):
        r = adm.get("incidents", params={"q": text, "constituency": c["id"]})
        return sorted(ids_of(expect(r, 200, "q=%r" % text)["items"]))

    assert q(tag) == sorted([a["id"], b["id"], d["id"]])
    assert q("phishing") == [a["id"]], "English word, lower case"
    assert q("PHISHING") == [a["id"]], "search is case-insensitive"
    assert q("漏洩") == [a["id"]], "2-character Japanese word"
    assert q("ランサム") == [b["id"]], "3+ character Japanese word"
    assert q("暗号化") == [b["id"]], "description is searched"
    assert q("漏洩 phishing") == [a["id"]], "terms are ANDed"
    assert q("漏洩 ランサム") == [], "terms are ANDed"
    assert q(a["key"]) == [a["id"]], "the key is searched"
    assert q("存在しない語句") == []
    # FTS syntax characters are plain text, not errors
    for odd in ('"', 'a" OR "b', "NEAR(", "*", "-x", "漏"):
        r = adm.get("incidents", params={"q": odd, "constituency": c["id"]})
        assert r.status == 200, "q=%r -> %s" % (odd, r)
    # a PATCHed title is searchable
    patch_inc(adm, d, {"title": "標的型攻撃メール %s" % tag})
    assert q("標的型") == [d["id"]]


def test_list_sort(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    made = []
    for i, (imp, urg) in enumerate([("low", "low"), ("high", "high"), ("medium", "medium"),
                                    ("high", "medium")]):
        made.append(create(adm, title="並び %d" % i, constituency_id=c["id"], impact=imp,
                           urgency=urg).json)
        time.sleep(1.05)

    def q(sort):
        r = adm.get("incidents", params={"sort": sort, "constituency": c["id"]})
        return expect(r, 200, "sort=%s" % sort)["items"]

    asc = ids_of(made)
    assert ids_of(q("created_at")) == asc
    assert ids_of(q("-created_at")) == asc[::-1]
    assert ids_of(adm.get("incidents", params={"constituency": c["id"]}).json["items"]) == asc[::-1], \
        "default sort is -created_at"
    pr = [x["priority"] for x in q("priority")]
    assert pr == ["P1", "P2", "P3", "P4"], pr
    pr = [x["priority"] for x in q("-priority")]
    assert pr == ["P4", "P3", "P2", "P1"], pr
    assert ids_of(q("key")) == asc
    r = adm.get("incidents", params={"sort": "password"})
    assert_problem(r, 400, "invalid-parameter", "sort")


def test_cursor_pagination(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    levels = ("low", "medium", "high")
    made = set()
    for i in range(120):
        j = create(adm, title="ページ %03d" % i, constituency_id=c["id"],
                   impact=levels[i % 3], urgency=levels[(i // 3) % 3]).json
        made.add(j["id"])
    for sort in (None, "created_at", "priority", "-priority"):
        params = {"constituency": c["id"], "limit": 50}
        if sort:
            params["sort"] = sort
        seen = []
        pages = []
        for _ in range(10):
            r = adm.get("incidents", params=params)
            j = expect(r, 200, "page %r" % params)
            pages.append(len(j["items"]))
            seen += ids_of(j["items"])
            if not j["next_cursor"]:
                break
            params["cursor"] = j["next_cursor"]
        assert pages[:3] == [50, 50, 20] and len(pages) <= 4 and sum(pages) == 120, \
            "sort=%s pages %r" % (sort, pages)
        assert len(seen) == len(set(seen)), "sort=%s: duplicates across pages" % sort
        assert set(seen) == made, "sort=%s: missing %d" % (sort, len(made - set(seen)))
    assert_problem(adm.get("incidents", params={"cursor": "not-a-cursor!!"}), 400, "invalid-parameter", "cursor")


def test_list_bad_params(srv):
    adm = srv.admin()
    assert_problem(adm.get("incidents", params={"bogus": "1"}), 400, "unknown-field", "bogus")
    for bad in ("0", "500", "201", "-1", "abc"):
        r = adm.get("incidents", params={"limit": bad})
        assert_problem(r, 400, "invalid-parameter", "limit")
    assert expect(adm.get("incidents", params={"limit": "200"}), 200)
    assert expect(adm.get("incidents", params={"limit": "1"}), 200)
    assert_problem(adm.get("incidents", params={"status": "nonsense"}), 400, "invalid-parameter", "status")
    assert_problem(adm.get("incidents", params={"priority": "P9"}), 400, "invalid-parameter", "priority")


def test_pagination_stable_under_inserts(srv):
    """Keyset pagination: rows created between pages neither repeat nor hide old rows."""
    adm = srv.admin()
    c = srv.make_constituency()
    made = {create(adm, title="安定 %d" % i, constituency_id=c["id"]).json["id"] for i in range(60)}
    params = {"constituency": c["id"], "limit": 25}
    j = expect(adm.get("incidents", params=params), 200)
    seen = ids_of(j["items"])
    for i in range(10):
        create(adm, title="途中追加 %d" % i, constituency_id=c["id"])
    while j["next_cursor"]:
        params["cursor"] = j["next_cursor"]
        j = expect(adm.get("incidents", params=params), 200)
        seen += ids_of(j["items"])
    assert len(seen) == len(set(seen)), "rows repeated across pages"
    assert made <= set(seen), "%d old rows skipped" % len(made - set(seen))


def test_search_follows_updates(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    inc = create(adm, title="検索更新", constituency_id=c["id"], description="旧い説明文 alpha").json
    patch_inc(adm, inc, {"description": "新しい報告書 gamma"})

    def q(t):
        return ids_of(expect(adm.get("incidents", params={"q": t, "constituency": c["id"]}), 200)["items"])

    assert q("報告書") == [inc["id"]] and q("gamma") == [inc["id"]]
    assert q("旧い説明") == [] and q("alpha") == [], "old text is still found"
