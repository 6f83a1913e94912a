"""Risk-tolerance assessment (リスク許容度の評価; seed 003 (参考)): the
questions, scoring to a profile with its statement and proposed matrix,
validation naming each bad answer, history, and applying the proposed
matrix as the priority matrix (admin, audited)."""

import sqlite3

from harness import RFC3339_UTC, assert_problem, expect, problem_fields


def questions(c):
    return expect(c.get("risk-tolerance/questions"), 200)


def answers_at(q, low_end):
    return {it["code"]: (it["low_tolerance_at"] if low_end else 4 - it["low_tolerance_at"]) for it in q["items"]}


def cells(m):
    return {(c["impact"], c["urgency"]): c["priority"] for c in m["cells"]}


def test_risk_questions_follow_seed(srv):
    q = questions(srv.admin())
    items = q["items"]
    assert len(items) == 26, len(items)
    by_section = {}
    for it in items:
        by_section.setdefault(it["section"], []).append(it["ja"])
        assert it["seed"].startswith("003"), it
        levels = q["scales"][it["scale"]]["levels"]
        assert all(lv["ja"] and lv["en"] for lv in levels), levels
    assert len(by_section["characteristics"]) == 13
    assert by_section["characteristics"][0] == "組織の規模"
    assert "事業所の地域的な不安定さ" in by_section["characteristics"]
    assert "対処後の残存リスク" in by_section["judgement"]
    assert "ISO/IEC27001におけるセキュリティ管理策に準じて行動" in by_section["approach"]
    assert [p["code"] for p in q["profiles"]] == ["low", "medium", "high"]
    assert q["rule"]["ja"] and q["rule"]["en"]


def test_risk_assessment_profiles(srv):
    adm = srv.admin()
    q = questions(adm)
    r = adm.post("risk-tolerance/assessments", {"answers": answers_at(q, True)})
    a = expect(r, 201)
    assert r.headers.get("Location", "").endswith("/risk-tolerance/assessments/%d" % a["id"])
    assert (a["profile"], a["profile_ja"], a["points"], a["max_points"], a["score"]) == \
        ("low", "低", 52, 52, 1000), a
    assert "リスク許容度は低い" in a["statement_ja"] and "low risk tolerance" in a["statement_en"]
    m = cells(a["matrix"])
    assert m[("high", "medium")] == "P1" and m[("medium", "high")] == "P1" and m[("low", "low")] == "P4", m
    assert RFC3339_UTC.match(a["created_at"]), a
    assert a["answers"]["size"] == 3

    b = expect(adm.post("risk-tolerance/assessments", {"answers": answers_at(q, False)}), 201)
    assert (b["profile"], b["score"]) == ("high", 0), b
    assert cells(b["matrix"])[("high", "medium")] == "P2"

    mid = {k: (2 if k != "multinational" else 1) for k in answers_at(q, True)}
    c = expect(adm.post("risk-tolerance/assessments", {"answers": mid}), 201)
    assert (c["profile"], c["points"], c["score"]) == ("medium", 25, 480), c

    lst = expect(adm.get("risk-tolerance/assessments"), 200)["items"]
    ids = [x["id"] for x in lst]
    assert ids[:3] == [c["id"], b["id"], a["id"]], ids
    assert expect(adm.get("risk-tolerance/assessments/%d" % a["id"]), 200) == a
    assert_problem(adm.get("risk-tolerance/assessments/999999"), 404, "not-found")


def test_risk_assessment_validation(srv):
    adm = srv.admin()
    ans = answers_at(questions(adm), True)
    del ans["size"]
    ans["multinational"] = 2
    ans["regulation"] = "3"
    ans["colour"] = 1
    r = adm.post("risk-tolerance/assessments", {"answers": ans})
    assert_problem(r, 422, "validation")
    assert set(problem_fields(r)) == {"answers.size", "answers.multinational", "answers.regulation",
                                      "answers.colour"}, problem_fields(r)
    assert_problem(adm.post("risk-tolerance/assessments", {}), 422, "validation", "answers")
    assert_problem(adm.post("risk-tolerance/assessments", {"answers": [1]}), 422, "validation", "answers")
    assert_problem(adm.post("risk-tolerance/assessments", {"answers": {}, "x": 1}), 400, "unknown-field", "x")
    viewer = srv.user_client(srv.make_user(role="viewer"))
    assert_problem(viewer.post("risk-tolerance/assessments", {"answers": answers_at(questions(viewer), True)}),
                   403, "forbidden")


def test_risk_apply_sets_priority_matrix(srv):
    adm = srv.admin()
    q = questions(adm)
    a = expect(adm.post("risk-tolerance/assessments", {"answers": answers_at(q, True)}), 201)
    handler = srv.user_client(srv.make_user(role="handler"))
    assert_problem(handler.post("risk-tolerance/assessments/%d/apply" % a["id"]), 403, "forbidden")
    assert_problem(adm.post("risk-tolerance/assessments/999999/apply"), 404, "not-found")
    r = expect(adm.post("risk-tolerance/assessments/%d/apply" % a["id"]), 200)
    assert (r["assessment_id"], r["profile"]) == (a["id"], "low"), r
    now = expect(adm.get("priority-matrix"), 200)
    assert cells(now) == cells(a["matrix"]), now
    # an incident with high impact and medium urgency now gets P1
    inc = srv.make_incident(adm, impact="high", urgency="medium", constituency_id=srv.make_constituency()["id"])
    assert inc["priority"] == "P1", inc
    db = sqlite3.connect(srv.db)
    try:
        acts = [x[0] for x in db.execute("SELECT action FROM audit WHERE object_type IN "
                                         "('risk_assessment', 'priority_matrix') ORDER BY id")]
    finally:
        db.close()
    assert acts[-2:] == ["risk_assessment.create", "priority_matrix.update"], acts
    # back to the medium (standard) matrix for the other tests
    mid = {k: (2 if k != "multinational" else 1) for k in answers_at(q, True)}
    m = expect(adm.post("risk-tolerance/assessments", {"answers": mid}), 201)
    expect(adm.post("risk-tolerance/assessments/%d/apply" % m["id"]), 200)
