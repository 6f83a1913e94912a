"""CSIRT evaluation (CSIRT評価, seed 004) over the NCA survey's items (seed
002 table 1.3.1): the questionnaire with seed sections, fixed answers giving
hand-computed area scores and SIM3 levels, the survey's figures quoted
exactly, the roadmap (owners, target dates, priority order; PATCH with
If-Match, audited), history showing progress, the report, and validation
(problem+json naming the field, nothing stored; viewers cannot create)."""

import sqlite3

from harness import assert_problem, expect, problem_fields


def questions(c):
    return expect(c.get("evaluation/questions"), 200)


def answers_a(q):
    """The unit test's answers "A" (tests/unit/test_core_evaluation.c)."""
    a = {it["code"]: ("c" if it["scale"] == "maturity" else "b") for it in q["items"]}
    a.update({"2.14": "a", "4.7": "a", "5.1": "a", "6.1": "d", "6.2": "e", "6.3": "f", "3.3.1": "f"})
    a["services"] = {s["code"]: ("not_provided" if s["code"] in ("announcements", "forensics") else "in_house")
                     for s in q["services"]["services"]}
    return a


def answers_b(q):
    """Everything at its best (a); every service in-house."""
    a = {it["code"]: "a" for it in q["items"]}
    a["services"] = {s["code"]: "in_house" for s in q["services"]["services"]}
    return a


def count_rows(srv):
    db = sqlite3.connect(srv.db)
    try:
        return (db.execute("SELECT count(*) FROM evaluation").fetchone()[0],
                db.execute("SELECT count(*) FROM roadmap_item").fetchone()[0])
    finally:
        db.close()


def test_evaluation_questions_follow_seed(srv):
    q = questions(srv.admin())
    assert [a["code"] for a in q["areas"]] == ["organisation", "members", "processes", "tools", "reviews",
                                              "reports"]
    by = {it["code"]: it for it in q["items"]}
    assert len(by) == 32
    assert by["4.1"]["seed"] == "002 §2.4.1" and by["4.1"]["sim3"] == ["P-1"]
    assert by["4.1"]["question_ja"].startswith("経営層(あるいは経営層を含む情報セキュリティ委員会等)へのエスカレーション")
    assert by["4.1"]["scale_inferred"] is True and by["4.11"]["scale_inferred"] is False
    assert [o["score"] for o in by["4.11"]["options"]] == [4, 3, 2, 1, 0]
    assert by["4.11"]["options"][0]["label_ja"].startswith("明確に設定され、文書として存在しており")
    assert by["2.10"]["sim3"] == ["O-7"] and by["2.11"]["sim3"] == ["O-8"] and by["2.13"]["sim3"] == ["O-11"]
    assert by["5.2"]["sim3"] == ["T-4"] and by["3.1"]["sim3"] == ["H-1"] and by["4.6"]["sim3"] == ["P-9"]
    assert by["3.3.1"]["scored"] is False
    assert q["services"]["survey_n"] == 66 and len(q["services"]["services"]) == 23
    assert q["rule"]["months_by_severity"] == [0, 12, 6, 3, 3]


def test_evaluation_scores_and_figures(srv):
    adm = srv.admin()
    q = questions(adm)
    r = adm.post("evaluations", {"answers": answers_a(q), "date": "2026-11-22", "note": "初回 *評価*"})
    e = expect(r, 201)
    assert r.headers.get("Location", "").endswith("/evaluations/%d" % e["id"])
    res = e["results"]
    areas = {a["code"]: (a["score_x100"], a["percent"]) for a in res["areas"]}
    # hand-computed: see tests/unit/test_core_evaluation.c
    assert areas == {"organisation": (229, 57), "members": (167, 42), "processes": (218, 55),
                     "tools": (200, 50), "reviews": (133, 33), "reports": (400, 100)}, areas
    assert (res["overall"]["score_x100"], res["overall"]["percent"], res["overall"]["items"]) == (207, 52, 30)
    sim3 = {p["parameter"]: p["level"] for p in res["sim3"]}
    assert sim3["O-7"] == 0 and sim3["O-8"] == 2 and sim3["O-9"] == 3 and sim3["H-4"] == 1
    assert sim3["T-1"] == 3 and sim3["T-4"] == 0 and sim3["P-1"] == 2 and sim3["P-10"] == 3, sim3
    figs = {(c["item"], c["figure"]["value"]): c for c in res["comparison"]}
    f77 = figs[("4.1", 77)]
    assert f77["figure"]["text_ja"] == "経営層へのエスカレーションルールが明確に文書化されている組織：77%"
    assert f77["figure"]["seed"] == "002 §4.4" and f77["figure"]["basis"] == "n=66" and f77["in_group"] is True
    assert figs[("2.8", 12)]["figure"]["text_ja"] == "CSIRT にシステム停止の権限が付与されている：12%"
    assert figs[("2.8", 85)]["in_group"] is True and figs[("2.8", 12)]["in_group"] is False
    assert figs[("2.8", 3)]["figure"]["seed"] == "002 §4.2"
    assert figs[("5.2", 30)]["figure"]["text_ja"].endswith("3 割程度である")
    svc = {s["code"]: s for s in res["services"]}
    assert (svc["announcements"]["survey_count"], svc["announcements"]["percent"]) == (54, "81.8")
    assert "注意喚起・アナウンス: 提供していない — 調査: 66 組織中 54 (81.8%)" in svc["announcements"]["line_ja"]
    assert svc["forensics"]["survey_count"] is None
    # the roadmap: priority order, owners, dates from 2026-11-22
    rm = e["roadmap"]
    assert [x["item"] for x in rm[:8]] == ["5.2", "2.10", "3.8", "6.3", "3.5", "3.6", "3.7", "6.2"]
    assert [x["n"] for x in rm] == list(range(1, 25))
    assert rm[0]["target_date"] == "2027-02-22" and rm[4]["target_date"] == "2027-05-22"
    assert rm[-1]["target_date"] == "2027-11-22" and rm[-1]["service"] == "announcements"
    assert all(x["owner"] and x["status"] == "open" and x["version"] == 1 for x in rm)
    assert {x["owner"] for x in rm} >= {"CSIRT 責任者", "CISO", "広報部門", "法務部門"}
    assert expect(adm.get("evaluations/%d" % e["id"]), 200) == e
    assert count_rows(srv)[1] >= 24


def test_evaluation_history_and_roadmap_tracking(srv):
    adm = srv.admin()
    q = questions(adm)
    a = expect(adm.post("evaluations", {"answers": answers_a(q), "date": "2026-11-22"}), 201)
    b = expect(adm.post("evaluations", {"answers": answers_b(q), "date": "2027-05-22"}), 201)
    assert b["results"]["overall"]["score_x100"] == 400  # every (a) scores 4
    assert b["roadmap"] == []
    hist = expect(adm.get("evaluations"), 200)["items"]
    mine = [h for h in hist if h["id"] in (a["id"], b["id"])]
    assert [h["date"] for h in mine] == ["2026-11-22", "2027-05-22"]
    assert mine[1]["overall"]["score_x100"] - mine[0]["overall"]["score_x100"] == 193
    assert mine[1]["change_x100"] is not None
    assert {x["code"] for x in mine[0]["areas"]} == {x["code"] for x in q["areas"]}

    path = "evaluations/%d/roadmap/1" % a["id"]
    assert_problem(adm.patch(path, {"status": "done"}), 428, "precondition-required")
    r = adm.patch(path, {"owner": "情報システム部 山田", "target_date": "2027-01-31", "status": "in_progress"},
                  headers={"If-Match": '"1"'})
    it = expect(r, 200)
    assert (it["owner"], it["target_date"], it["status"], it["version"]) == \
        ("情報システム部 山田", "2027-01-31", "in_progress", 2), it
    assert_problem(adm.patch(path, {"status": "done"}, headers={"If-Match": '"1"'}), 412, "precondition-failed")
    assert_problem(adm.patch(path, {"status": "finished"}, headers={"If-Match": '"2"'}), 422, "validation", "status")
    assert_problem(adm.patch(path, {"target_date": "2027-02-30"}, headers={"If-Match": '"2"'}), 422,
                   "validation", "target_date")
    assert_problem(adm.patch("evaluations/%d/roadmap/99" % a["id"], {"status": "done"},
                             headers={"If-Match": '"1"'}), 404, "not-found")
    viewer = srv.user_client(srv.make_user(role="viewer"))
    assert_problem(viewer.patch(path, {"status": "done"}, headers={"If-Match": '"2"'}), 403, "forbidden")
    assert expect(viewer.get("evaluations/%d" % a["id"]), 200)["roadmap"][0]["status"] == "in_progress"
    db = sqlite3.connect(srv.db)
    try:
        acts = [x[0] for x in db.execute("SELECT action FROM audit WHERE object_type IN "
                                         "('evaluation', 'roadmap_item') ORDER BY id")]
    finally:
        db.close()
    assert acts[-3:] == ["evaluation.create", "evaluation.create", "evaluation.roadmap.update"], acts


def test_evaluation_report(srv):
    adm = srv.admin()
    q = questions(adm)
    e = expect(adm.post("evaluations", {"answers": answers_a(q), "date": "2026-11-22",
                                        "note": "<script>alert(1)</script> *x*"}), 201)
    expect(adm.patch("evaluations/%d/roadmap/2" % e["id"], {"owner": "<b>owner</b>"},
                     headers={"If-Match": '"1"'}), 200)
    ja = expect(adm.get("evaluations/%d/report" % e["id"], params={"lang": "ja"}), 200)
    assert ja["markdown"].startswith("# CSIRT 評価報告書")
    for h in ("## 2. 領域別の結果", "## 3. SIM3 レベル", "## 5. 調査結果との比較", "## 7. 改善ロードマップ"):
        assert h in ja["markdown"], h
    assert "| **総合** | 2.07 | 52 |" in ja["markdown"]
    assert "77%" in ja["markdown"] and "002 §4.4" in ja["markdown"]
    assert "<script>" not in ja["html"] and "<b>owner</b>" not in ja["html"]
    assert "&lt;script&gt;" in ja["html"] or "alert(1)" in ja["html"]
    en = expect(adm.get("evaluations/%d/report" % e["id"], params={"lang": "en"}), 200)
    assert en["markdown"].startswith("# CSIRT evaluation report") and "Improvement roadmap" in en["markdown"]
    assert_problem(adm.get("evaluations/%d/report" % e["id"], params={"lang": "fr"}), 400, "invalid-parameter", "lang")
    assert_problem(adm.get("evaluations/999999"), 404, "not-found")


def test_evaluation_validation_stores_nothing(srv):
    adm = srv.admin()
    q = questions(adm)
    before = count_rows(srv)
    ans = answers_a(q)
    del ans["4.1"]
    ans["2.10"] = "z"
    ans["9.9"] = "a"
    del ans["services"]["malware_analysis"]
    ans["services"]["teleportation"] = "in_house"
    r = adm.post("evaluations", {"answers": ans})
    assert_problem(r, 422, "validation")
    assert set(problem_fields(r)) == {"answers.4.1", "answers.2.10", "answers.9.9",
                                      "answers.services.malware_analysis", "answers.services.teleportation"}, \
        problem_fields(r)
    assert_problem(adm.post("evaluations", {}), 422, "validation", "answers")
    assert_problem(adm.post("evaluations", {"answers": answers_a(q), "date": "2026-13-01"}), 422, "validation",
                   "date")
    assert_problem(adm.post("evaluations", {"answers": answers_a(q), "x": 1}), 400, "unknown-field", "x")
    viewer = srv.user_client(srv.make_user(role="viewer"))
    assert_problem(viewer.post("evaluations", {"answers": answers_a(q)}), 403, "forbidden")
    assert count_rows(srv) == before
    expect(viewer.get("evaluations"), 200)
    expect(viewer.get("evaluation/questions"), 200)
