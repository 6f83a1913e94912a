"""Reports (インシデント報告): create, states, list filters, TLP; incident
list filters and journal kinds not covered in test_incidents."""

import time

from harness import (RFC3339_UTC, RPT_KEY, assert_problem, etag_version, expect, jst_year, uniq,
                     utc_now_str)


def new_report(adm, **kw):
    body = {"subject": "報告 " + uniq("r")}
    body.update(kw)
    r = adm.post("reports", body)
    j = expect(r, 201, "create report %r" % (body,))
    return r, j


def test_report_create_defaults(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    r, j = new_report(adm, constituency_id=c["id"], body="本文")
    m = RPT_KEY.match(j["key"])
    assert m and int(m.group(1)) == jst_year(), j["key"]
    assert r.headers.get("ETag") == '"1"' and j["version"] == 1
    loc = r.headers.get("Location")
    assert loc and loc.endswith("/api/v1/reports/%d" % j["id"]), loc
    assert (j["channel"], j["state"], j["tlp"], j["incident_id"], j["duplicate_of"]) == \
        ("api", "new", "AMBER", None, None), j
    assert RFC3339_UTC.match(j["received_at"]), j
    assert len(j["fingerprint"]) == 64, j["fingerprint"]
    _, k = new_report(adm, constituency_id=c["id"], received_at="2026-11-20T09:00:00+09:00",
                      channel="phone", tlp="GREEN")
    assert (k["received_at"], k["channel"], k["tlp"]) == ("2026-11-20T00:00:00Z", "phone", "GREEN"), k
    seq = lambda key: int(key.split("-")[2])  # noqa: E731
    assert seq(k["key"]) == seq(j["key"]) + 1, (j["key"], k["key"])


def test_report_validation(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    before = len(adm.list_all("reports", {"constituency": c["id"]}))
    for field, value in (("subject", ""), ("subject", "x" * 999), ("channel", "fax"),
                         ("tlp", "PURPLE"), ("received_at", "last week"),
                         ("constituency_id", 987654321)):
        body = {"subject": "検証", "constituency_id": c["id"]}
        body[field] = value
        assert_problem(adm.post("reports", body), 422, "validation", field)
    assert_problem(adm.post("reports", {"constituency_id": c["id"]}), 422, "validation", "subject")
    assert_problem(adm.post("reports", {"subject": "x", "nope": 1}), 400, "unknown-field", "nope")
    expect(adm.post("reports", {"subject": "x" * 998, "constituency_id": c["id"]}), 201)
    assert len(adm.list_all("reports", {"constituency": c["id"]})) == before + 1


def test_report_states(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    _, rep = new_report(adm, constituency_id=c["id"])
    url = "reports/%d" % rep["id"]
    r = adm.patch(url, {"state": "triaged"}, if_match=1)
    t = expect(r, 200)
    assert t["state"] == "triaged" and t["version"] == 2 and etag_version(r) == 2
    assert_problem(adm.patch(url, {"state": "new"}, if_match=1), 412, "precondition-failed")
    t = expect(adm.patch(url, {"state": "rejected", "rejection_reason": "out_of_scope"},
                         if_match=2), 200)
    assert t["rejection_reason"] == "out_of_scope"
    r = adm.patch(url, {"state": "triaged"}, if_match=3)
    assert r.status == 422, "rejected -> triaged is not in the table: %s" % (r,)
    assert_problem(r, 422, ("transition", "validation"))
    assert expect(adm.get(url), 200)["state"] == "rejected"
    t = expect(adm.patch(url, {"state": "new"}, if_match=3), 200)  # reopen
    assert t["state"] == "new" and t.get("rejection_reason") in (None, ""), t
    r = adm.patch(url, {"state": "rejected", "rejection_reason": "because"}, if_match=4)
    assert_problem(r, 422, "validation", "rejection_reason")


def test_report_tlp_and_scope(srv):
    a = srv.make_constituency()
    adm = srv.admin()
    low = srv.make_user(role="handler", constituency_ids=[a["id"]], tlp_max="GREEN")
    lc = srv.user_client(low)
    _, red = new_report(adm, constituency_id=a["id"], tlp="RED")
    _, green = new_report(adm, constituency_id=a["id"], tlp="GREEN")
    assert_problem(lc.get("reports/%d" % red["id"]), 404, "not-found")
    expect(lc.get("reports/%d" % green["id"]), 200)
    ids = {x["id"] for x in lc.list_all("reports")}
    assert green["id"] in ids and red["id"] not in ids, ids


def test_report_list_filters(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    tag = uniq("rq").replace("-", "")
    _, r1 = new_report(adm, constituency_id=c["id"], channel="email",
                       subject="フィッシングメール %s" % tag, received_at="2026-01-10T00:00:00Z")
    _, r2 = new_report(adm, constituency_id=c["id"], channel="phone",
                       subject="PC紛失 %s" % tag, body="ノートPCを電車に置き忘れた",
                       received_at="2026-02-10T00:00:00Z")
    _, r3 = new_report(adm, constituency_id=c["id"], channel="soc",
                       subject="IDSアラート %s" % tag, received_at="2026-03-10T00:00:00Z")
    inc = expect(adm.post("incidents", {"title": "紐付け先", "constituency_id": c["id"],
                                        "report_id": r3["id"]}), 201)
    expect(adm.patch("reports/%d" % r2["id"], {"state": "triaged"}, if_match=1), 200)

    def q(**kw):
        kw["constituency"] = c["id"]
        r = adm.get("reports", params=kw)
        return [x["id"] for x in expect(r, 200, "reports %r" % kw)["items"]]

    assert sorted(q()) == sorted([r1["id"], r2["id"], r3["id"]])
    assert q(state="triaged") == [r2["id"]]
    assert q(state="linked") == [r3["id"]]
    assert sorted(q(state="new,triaged")) == sorted([r1["id"], r2["id"]])
    assert q(channel="phone") == [r2["id"]]
    assert sorted(q(channel="email,soc")) == sorted([r1["id"], r3["id"]])
    assert q(incident=inc["id"]) == [r3["id"]]
    assert sorted(q(received_from="2026-02-01T00:00:00Z")) == sorted([r2["id"], r3["id"]])
    assert q(received_to="2026-02-01T00:00:00+09:00") == [r1["id"]]
    assert q(q="置き忘れ") == [r2["id"]], "body full-text (Japanese)"
    assert q(q="紛失") == [r2["id"]], "2-character Japanese word"
    assert q(q="フィッシング") == [r1["id"]]
    assert q(sort="received_at") == [r1["id"], r2["id"], r3["id"]]
    assert q(sort="-received_at") == [r3["id"], r2["id"], r1["id"]]
    assert_problem(adm.get("reports", params={"bogus": "1"}), 400, "unknown-field", "bogus")
    r = adm.get("reports", params={"limit": "1000"})
    assert r.status in (400, 422), r


def test_report_pagination(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    made = {new_report(adm, constituency_id=c["id"])[1]["id"] for _ in range(25)}
    seen = []
    params = {"constituency": c["id"], "limit": 10}
    for _ in range(5):
        j = expect(adm.get("reports", params=params), 200)
        seen += [x["id"] for x in j["items"]]
        if not j["next_cursor"]:
            break
        params["cursor"] = j["next_cursor"]
    assert len(seen) == 25 and set(seen) == made, (len(seen), len(set(seen)))


# -------------------------------------------- incident filters and journal kinds


def test_incident_updated_and_detected_ranges(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    a = expect(adm.post("incidents", {"title": "検知早", "constituency_id": c["id"],
                                      "detected_at": "2026-05-01T00:00:00Z"}), 201)
    b = expect(adm.post("incidents", {"title": "検知遅", "constituency_id": c["id"],
                                      "detected_at": "2026-06-01T00:00:00Z"}), 201)
    time.sleep(1.2)
    mid = utc_now_str()
    time.sleep(1.2)
    expect(adm.patch("incidents/%d" % b["id"], {"title": "検知遅（更新）"}, if_match=1), 200)

    def q(**kw):
        kw["constituency"] = c["id"]
        return sorted(x["id"] for x in expect(adm.get("incidents", params=kw), 200)["items"])

    assert q(detected_from="2026-05-15T00:00:00Z") == [b["id"]]
    assert q(detected_to="2026-05-15T00:00:00Z") == [a["id"]]
    assert q(updated_from=mid) == [b["id"]]
    assert q(updated_to=mid) == [a["id"]]
    items = expect(adm.get("incidents", params={"constituency": c["id"], "sort": "-updated_at"}),
                   200)["items"]
    assert [x["id"] for x in items] == [b["id"], a["id"]]
    st = expect(adm.patch("incidents/%d" % a["id"], {"status": "analysis"}, if_match=1), 200)
    assert st["status"] == "analysis"
    items = expect(adm.get("incidents", params={"constituency": c["id"], "sort": "status"}),
                   200)["items"]
    assert len(items) == 2


def test_journal_kinds_for_assign_and_fields(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    h = srv.make_user(role="handler", constituency_ids=[c["id"]])
    inc = expect(adm.post("incidents", {"title": "記録", "constituency_id": c["id"]}), 201)
    inc = expect(adm.patch("incidents/%d" % inc["id"], {"assignee_id": h["id"]}, if_match=1), 200)
    inc = expect(adm.patch("incidents/%d" % inc["id"], {"impact": "high"}, if_match=2), 200)
    items = expect(adm.get("incidents/%d/journal" % inc["id"]), 200)["items"]
    kinds = [e["kind"] for e in items]
    assert "assign" in kinds, kinds
    assert "field" in kinds, kinds
    for e in items:
        assert isinstance(e["data"], dict), e
    assert_problem(adm.get("incidents/%d/journal" % inc["id"], params={"bogus": 1}), 400,
                   "unknown-field", "bogus")
