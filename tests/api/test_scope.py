"""Constituency scope, TLP clearance and roles: what is outside the
caller's scope answers 404 exactly as if it did not exist."""

from harness import assert_problem, expect, uniq


def two_teams(srv):
    a = srv.make_constituency()
    b = srv.make_constituency()
    ha = srv.make_user(role="handler", constituency_ids=[a["id"]])
    hb = srv.make_user(role="handler", constituency_ids=[b["id"]])
    return a, b, srv.user_client(ha), srv.user_client(hb), ha, hb


def test_handler_creates_in_own_constituency(srv):
    a, b, ca, cb, ha, hb = two_teams(srv)
    r = ca.post("incidents", {"title": "A部門の事案", "constituency_id": a["id"]})
    inc = expect(r, 201)
    assert inc["constituency_id"] == a["id"] and inc["created_by"] == ha["id"]
    # with exactly one constituency in scope, constituency_id may be left out
    inc2 = expect(ca.post("incidents", {"title": "A部門 既定"}), 201)
    assert inc2["constituency_id"] == a["id"], inc2


def test_other_constituency_is_invisible(srv):
    a, b, ca, cb, ha, hb = two_teams(srv)
    tag = uniq("scope").replace("-", "")
    inc = expect(ca.post("incidents", {"title": "機密案件 %s" % tag, "constituency_id": a["id"]}), 201)
    expect(ca.post("incidents/%d/journal" % inc["id"], {"body": "メモ"}), 201)
    expect(ca.post("incidents/%d/tasks" % inc["id"], {"title": "作業"}), 201)
    for ref in (inc["id"], inc["key"]):
        assert_problem(cb.get("incidents/%s" % ref), 404, "not-found")
        for sub in ("journal", "tasks", "reports", "transitions"):
            assert_problem(cb.get("incidents/%s/%s" % (ref, sub)), 404, "not-found")
    # a 404 for an existing-but-hidden incident looks the same as for a missing one
    hidden = cb.get("incidents/%d" % inc["id"])
    missing = cb.get("incidents/999999999")
    assert (hidden.status, hidden.json["title"], hidden.json["detail"]) == \
        (missing.status, missing.json["title"], missing.json["detail"]), (hidden, missing)
    assert inc["id"] not in [x["id"] for x in cb.list_all("incidents")]
    assert cb.list_all("incidents", {"q": tag}) == []
    assert ca.list_all("incidents", {"q": tag})[0]["id"] == inc["id"]
    assert cb.list_all("incidents", {"constituency": a["id"]}) == []
    assert_problem(cb.patch("incidents/%d" % inc["id"], {"title": "乗っ取り"}, if_match=1), 404,
                   "not-found")
    assert_problem(cb.post("incidents/%d/journal" % inc["id"], {"body": "x"}), 404, "not-found")
    assert_problem(cb.post("incidents/%d/tasks" % inc["id"], {"title": "x"}), 404, "not-found")
    task = ca.get("incidents/%d/tasks" % inc["id"]).json["items"][0]
    assert_problem(cb.get("tasks/%d" % task["id"]), 404, "not-found")
    assert_problem(cb.patch("tasks/%d" % task["id"], {"done": True}, if_match=task["version"]), 404,
                   "not-found")
    cur = expect(ca.get("incidents/%d" % inc["id"]), 200)
    assert cur["title"] == "機密案件 %s" % tag and cur["version"] == 1, cur
    assert expect(ca.get("tasks/%d" % task["id"]), 200)["done"] is False


def test_cannot_create_in_other_constituency(srv):
    a, b, ca, cb, ha, hb = two_teams(srv)
    r = cb.post("incidents", {"title": "越境", "constituency_id": a["id"]})
    # the contract allows 403 (forbidden) or 422 (validation on constituency_id)
    assert r.status in (403, 422), r
    if r.status == 403:
        assert_problem(r, 403, "forbidden")
    else:
        assert_problem(r, 422, "validation", "constituency_id")
    assert srv.admin().list_all("incidents", {"constituency": a["id"]}) == []


def test_cannot_move_incident_out_of_scope(srv):
    a, b, ca, cb, ha, hb = two_teams(srv)
    inc = expect(ca.post("incidents", {"title": "移動", "constituency_id": a["id"]}), 201)
    r = ca.patch("incidents/%d" % inc["id"], {"constituency_id": b["id"]}, if_match=1)
    assert r.status in (403, 422), r
    assert expect(ca.get("incidents/%d" % inc["id"]), 200)["constituency_id"] == a["id"]


def test_assignee_must_see_constituency(srv):
    a, b, ca, cb, ha, hb = two_teams(srv)
    r = ca.post("incidents", {"title": "担当者", "constituency_id": a["id"], "assignee_id": hb["id"]})
    assert_problem(r, 422, "validation", "assignee_id")
    inc = expect(ca.post("incidents", {"title": "担当者", "constituency_id": a["id"],
                                       "assignee_id": ha["id"]}), 201)
    assert inc["assignee_id"] == ha["id"]


def test_tlp_clearance(srv):
    a = srv.make_constituency()
    amber = srv.make_user(role="handler", constituency_ids=[a["id"]], tlp_max="AMBER")
    assert amber["tlp_max"] == "AMBER", amber
    ca = srv.user_client(amber)
    adm = srv.admin()
    red = srv.make_incident(title="TLP:RED 事案", constituency_id=a["id"], tlp="RED")
    strict = srv.make_incident(title="TLP:AMBER+STRICT 事案", constituency_id=a["id"],
                               tlp="AMBER+STRICT")
    ok = srv.make_incident(title="TLP:AMBER 事案", constituency_id=a["id"], tlp="AMBER")
    green = srv.make_incident(title="TLP:GREEN 事案", constituency_id=a["id"], tlp="GREEN")
    for hidden in (red, strict):
        assert_problem(ca.get("incidents/%d" % hidden["id"]), 404, "not-found")
        assert_problem(ca.get("incidents/%s" % hidden["key"]), 404, "not-found")
        assert_problem(ca.get("incidents/%d/journal" % hidden["id"]), 404, "not-found")
    expect(ca.get("incidents/%d" % ok["id"]), 200)
    seen = {x["id"] for x in ca.list_all("incidents")}
    assert seen == {ok["id"], green["id"]}, seen
    # raising an incident's TLP above the clearance hides it
    r = adm.patch("incidents/%d" % green["id"], {"tlp": "RED"}, if_match=1)
    expect(r, 200)
    assert_problem(ca.get("incidents/%d" % green["id"]), 404, "not-found")


def test_viewer_reads_but_cannot_write(srv):
    a = srv.make_constituency()
    v = srv.make_user(role="viewer", constituency_ids=[a["id"]])
    vc = srv.user_client(v)
    inc = srv.make_incident(title="閲覧のみ", constituency_id=a["id"])
    task = expect(srv.admin().post("incidents/%d/tasks" % inc["id"], {"title": "t"}), 201)
    rep = expect(srv.admin().post("reports", {"subject": "閲覧 報告", "constituency_id": a["id"]}), 201)
    expect(vc.get("incidents/%d" % inc["id"]), 200)
    expect(vc.get("incidents/%d/journal" % inc["id"]), 200)
    expect(vc.get("incidents/%d/tasks" % inc["id"]), 200)
    expect(vc.get("reports/%d" % rep["id"]), 200)
    assert [x["id"] for x in vc.list_all("incidents")] == [inc["id"]]
    for r in (vc.post("incidents", {"title": "x", "constituency_id": a["id"]}),
              vc.patch("incidents/%d" % inc["id"], {"title": "x"}, if_match=1),
              vc.post("incidents/%d/journal" % inc["id"], {"body": "x"}),
              vc.post("incidents/%d/tasks" % inc["id"], {"title": "x"}),
              vc.patch("tasks/%d" % task["id"], {"done": True}, if_match=1),
              vc.post("reports", {"subject": "x", "constituency_id": a["id"]}),
              vc.patch("reports/%d" % rep["id"], {"subject": "x"}, if_match=rep["version"]),
              vc.post("incidents/%d/merge" % inc["id"], {"into": inc["id"]}),
              vc.post("constituencies", {"code": uniq("C"), "name": "x"})):
        assert_problem(r, 403, "forbidden")
    cur = expect(vc.get("incidents/%d" % inc["id"]), 200)
    assert cur["version"] == 1 and cur["title"] == "閲覧のみ"


def test_admin_sees_all(srv):
    a, b, ca, cb, ha, hb = two_teams(srv)
    ia = expect(ca.post("incidents", {"title": "A", "constituency_id": a["id"]}), 201)
    ib = expect(cb.post("incidents", {"title": "B", "constituency_id": b["id"]}), 201)
    adm = srv.admin()
    ids = {x["id"] for x in adm.list_all("incidents")}
    assert {ia["id"], ib["id"]} <= ids
    expect(adm.get("incidents/%d" % ia["id"]), 200)
    expect(adm.get("incidents/%d" % ib["id"]), 200)
    codes = {c["code"] for c in adm.list_all("constituencies")}
    assert {a["code"], b["code"]} <= codes
    # a scoped handler lists only its own constituency
    assert {c["id"] for c in ca.list_all("constituencies")} == {a["id"]}


def test_reports_without_constituency(srv):
    a = srv.make_constituency()
    scoped = srv.make_user(role="handler", constituency_ids=[a["id"]])
    wide = srv.make_user(role="handler", all_constituencies=True)
    cs, cw = srv.user_client(scoped), srv.user_client(wide)
    r = srv.admin().post("reports", {"subject": "宛先不明の報告 " + uniq("r"), "body": "本文"})
    rep = expect(r, 201)
    assert rep["constituency_id"] is None, rep
    assert_problem(cs.get("reports/%d" % rep["id"]), 404, "not-found")
    assert rep["id"] not in {x["id"] for x in cs.list_all("reports")}
    expect(cw.get("reports/%d" % rep["id"]), 200)
    assert rep["id"] in {x["id"] for x in cw.list_all("reports")}
    # a report in A is visible to the scoped handler
    ra = expect(srv.admin().post("reports", {"subject": "A の報告", "constituency_id": a["id"]}), 201)
    expect(cs.get("reports/%d" % ra["id"]), 200)
    # the scoped handler cannot create an incident from the unscoped report
    r = cs.post("incidents", {"title": "x", "constituency_id": a["id"], "report_id": rep["id"]})
    assert r.status in (404, 422), r
    assert expect(cw.get("reports/%d" % rep["id"]), 200)["state"] == "new"


def test_scoped_report_and_link_across_scope(srv):
    a, b, ca, cb, ha, hb = two_teams(srv)
    rb = expect(cb.post("reports", {"subject": "B の報告", "constituency_id": b["id"]}), 201)
    ia = expect(ca.post("incidents", {"title": "A 事案", "constituency_id": a["id"]}), 201)
    assert_problem(ca.get("reports/%d" % rb["id"]), 404, "not-found")
    r = ca.post("reports/%d/link" % rb["id"], {"incident_id": ia["id"]})
    assert_problem(r, 404, "not-found")
    r = cb.post("reports/%d/link" % rb["id"], {"incident_id": ia["id"]})
    assert r.status in (404, 422), r
    assert expect(cb.get("reports/%d" % rb["id"]), 200)["state"] == "new"


def test_assignee_must_be_cleared_for_tlp(srv):
    a = srv.make_constituency()
    amber = srv.make_user(role="handler", constituency_ids=[a["id"]], tlp_max="AMBER")
    adm = srv.admin()
    red = srv.make_incident(constituency_id=a["id"], tlp="RED")
    r = adm.patch("incidents/%d" % red["id"], {"assignee_id": amber["id"]}, if_match=1)
    assert_problem(r, 422, "validation", "assignee_id")
    inc = srv.make_incident(constituency_id=a["id"], tlp="AMBER", assignee_id=amber["id"])
    r = adm.patch("incidents/%d" % inc["id"], {"tlp": "RED"}, if_match=1)
    assert r.status == 422, "raising the TLP above the assignee's clearance: %s" % (r,)
    cur = expect(adm.get("incidents/%d" % inc["id"]), 200)
    assert (cur["tlp"], cur["assignee_id"], cur["version"]) == ("AMBER", amber["id"], 1), cur


def test_disabled_user_cannot_be_assigned(srv):
    a = srv.make_constituency()
    d = srv.make_user(role="handler", constituency_ids=[a["id"]])
    expect(srv.admin().patch("users/%d" % d["id"], {"disabled": True}, if_match=d["version"]), 200)
    r = srv.admin().post("incidents", {"title": "x", "constituency_id": a["id"], "assignee_id": d["id"]})
    assert_problem(r, 422, "validation", "assignee_id")


def test_task_assignee_must_see_incident(srv):
    a, b, ca, cb, ha, hb = two_teams(srv)
    inc = expect(ca.post("incidents", {"title": "タスク担当", "constituency_id": a["id"]}), 201)
    r = ca.post("incidents/%d/tasks" % inc["id"], {"title": "t", "assignee_id": hb["id"]})
    assert_problem(r, 422, "validation", "assignee_id")
    t = expect(ca.post("incidents/%d/tasks" % inc["id"], {"title": "t", "assignee_id": ha["id"]}), 201)
    r = ca.patch("tasks/%d" % t["id"], {"assignee_id": hb["id"]}, if_match=1)
    assert_problem(r, 422, "validation", "assignee_id")


def test_moving_incident_keeps_invariants(srv):
    a, b, ca, cb, ha, hb = two_teams(srv)
    adm = srv.admin()
    inc = expect(adm.post("incidents", {"title": "移管", "constituency_id": a["id"],
                                        "assignee_id": ha["id"]}), 201)
    # ha cannot see B, so moving the incident to B while assigned to ha is refused
    r = adm.patch("incidents/%d" % inc["id"], {"constituency_id": b["id"]}, if_match=1)
    assert_problem(r, 422, "validation", "assignee_id")
    moved = expect(adm.patch("incidents/%d" % inc["id"],
                             {"constituency_id": b["id"], "assignee_id": hb["id"]}, if_match=1), 200)
    assert (moved["constituency_id"], moved["assignee_id"]) == (b["id"], hb["id"])
    assert_problem(ca.get("incidents/%d" % inc["id"]), 404, "not-found")
    expect(cb.get("incidents/%d" % inc["id"]), 200)


def test_handler_cannot_edit_users_or_itself(srv):
    a = srv.make_constituency()
    h = srv.make_user(role="handler", constituency_ids=[a["id"]])
    hc = srv.user_client(h)
    r = hc.patch("users/%d" % h["id"], {"all_constituencies": True}, if_match=h["version"])
    assert_problem(r, 403, "forbidden")
    r = hc.patch("users/%d" % h["id"], {"tlp_max": "RED", "role": "admin"}, if_match=h["version"])
    assert_problem(r, 403, "forbidden")
    me = expect(hc.get("me"), 200)
    assert (me["role"], me["all_constituencies"], me["constituency_ids"]) == ("handler", False, [a["id"]])


def test_scope_and_role_changes_apply_at_once(srv):
    a = srv.make_constituency()
    b = srv.make_constituency()
    h = srv.make_user(role="handler", constituency_ids=[a["id"], b["id"]])
    hc = srv.user_client(h)
    ib = srv.make_incident(constituency_id=b["id"])
    expect(hc.get("incidents/%d" % ib["id"]), 200)
    adm = srv.admin()
    u = expect(adm.patch("users/%d" % h["id"], {"constituency_ids": [a["id"]]}, if_match=h["version"]), 200)
    assert_problem(hc.get("incidents/%d" % ib["id"]), 404, "not-found")
    expect(adm.patch("users/%d" % h["id"], {"role": "viewer"}, if_match=u["version"]), 200)
    assert_problem(hc.post("incidents", {"title": "降格後", "constituency_id": a["id"]}), 403, "forbidden")
