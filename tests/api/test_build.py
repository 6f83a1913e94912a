"""Build tracker (issue 6, item 1; seed 003 and seed 000): the 8 phases in
the seed's order with their wording, checklist progress, phase status /
owner / dates with If-Match, versioned deliverables that start from a
Japanese template, audit rows, and rights (viewers read only)."""

import sqlite3

from harness import assert_problem, etag_version, expect

SEED_003 = ["キックオフ・スケジューリング", "ゴールの設定とタスクの細分化", "CSIRT 関連知識・ノウハウの勉強会",
            "組織内の現状把握", "組織内 CSIRT の設計", "組織内 CSIRT 設置に必要な準備", "組織内 CSIRT の設置",
            "組織内 CSIRT 運用の訓練"]


def phase(b, code):
    return [p for p in b["phases"] if p["code"] == code][0]


def test_phases_in_seed_order(srv):
    b = expect(srv.admin().get("build"), 200)
    assert [p["name_ja"] for p in b["phases"]] == SEED_003
    k = b["phases"][0]
    assert k["code"] == "kickoff" and k["purpose_ja"] == "組織内 CSIRT 構築活動の開始"
    assert "５～１０時間" in k["effort_ja"] and "１～２時間" in k["effort_ja"]
    assert k["deliverables"][0]["code"] == "project_charter"
    assert "プロジェクト憲章" in k["deliverables"][0]["name_ja"]
    assert k["items"][1]["ja"] == "組織内 CSIRT 構築担当者の選定" and k["items"][1]["index"] == 1
    assert all(p["status"] == "not_started" and isinstance(p["version"], int) for p in b["phases"])
    assert b["items_total"] == sum(len(p["items"]) for p in b["phases"])
    # seed 000's 8 steps as a second lens, mapped onto phase codes
    steps = b["steps"]
    assert len(steps) == 8 and steps[0]["name_ja"] == "経営層から理解を得る"
    assert steps[7]["name_ja"] == "CSIRT の告知と活動開始" and steps[7]["phases"] == ["establishment"]
    codes = {p["code"] for p in b["phases"]}
    assert all(set(s["phases"]) <= codes for s in steps)


def test_items_change_progress(srv):
    admin = srv.admin()
    before = expect(admin.get("build"), 200)
    goals = phase(before, "goals")
    n = len(goals["items"])
    p = expect(admin.put("build/phases/goals/items/0", {"done": True}), 200)
    assert p["items"][0]["done"] and p["items_done"] == 1 and p["progress"] == 100 // n
    for i in range(1, n):
        p = expect(admin.put("build/phases/goals/items/%d" % i, {"done": True}), 200)
    assert p["progress"] == 100
    after = expect(admin.get("build"), 200)
    assert after["items_done"] == before["items_done"] + n and after["progress"] > before["progress"]
    p = expect(admin.put("build/phases/goals/items/0", {"done": False}), 200)
    assert not p["items"][0]["done"] and p["progress"] < 100
    assert admin.put("build/phases/goals/items/%d" % n, {"done": True}).status == 404
    assert admin.put("build/phases/nosuch/items/0", {"done": True}).status == 404
    assert admin.put("build/phases/goals/items/x", {"done": True}).status == 404
    assert_problem(admin.put("build/phases/goals/items/0", {"done": "yes"}), 422, "validation", "done")


def test_phase_update_if_match(srv):
    admin = srv.admin()
    owner = srv.make_user(role="handler", all_constituencies=True)
    p = phase(expect(admin.get("build"), 200), "kickoff")
    body = {"status": "in_progress", "owner_id": owner["id"], "start_date": "2026-04-01",
            "due_date": "2026-04-10", "notes": "顔合わせ 4/2"}
    assert admin.patch("build/phases/kickoff", body).status == 428
    r = admin.patch("build/phases/kickoff", body, if_match=p["version"])
    q = expect(r, 200)
    assert q["status"] == "in_progress" and q["owner_id"] == owner["id"] and q["owner_name"]
    assert q["start_date"] == "2026-04-01" and q["due_date"] == "2026-04-10" and q["notes"] == "顔合わせ 4/2"
    assert etag_version(r) == q["version"] == p["version"] + 1 and q["done_at"] is None
    # a stale version
    assert_problem(admin.patch("build/phases/kickoff", {"status": "done"}, if_match=p["version"]), 412, "precondition-failed")
    q = expect(admin.patch("build/phases/kickoff", {"status": "done"}, if_match=q["version"]), 200)
    assert q["status"] == "done" and q["done_at"] and q["owner_id"] == owner["id"]
    # shape and rules
    assert_problem(admin.patch("build/phases/kickoff", {"status": "finished"}, if_match=q["version"]), 422,
                   "validation", "status")
    assert_problem(admin.patch("build/phases/kickoff", {"due_date": "2026-13-01"}, if_match=q["version"]), 422,
                   "validation", "due_date")
    assert_problem(admin.patch("build/phases/kickoff", {"due_date": "2026-03-01"}, if_match=q["version"]), 422,
                   "validation", "due_date")
    assert_problem(admin.patch("build/phases/kickoff", {"owner_id": 999999}, if_match=q["version"]), 422,
                   "validation", "owner_id")
    assert_problem(admin.patch("build/phases/kickoff", {"colour": "red"}, if_match=q["version"]), 400,
                   "unknown-field")
    assert admin.patch("build/phases/nosuch", {"status": "done"}, if_match=1).status == 404
    # the audit log has the change
    con = sqlite3.connect(srv.db)
    rows = con.execute("SELECT count(*) FROM audit WHERE action = 'build.phase.update' "
                       "AND object_id = 'kickoff'").fetchone()[0]
    con.close()
    assert rows == 2


def test_documents_versions_and_template(srv):
    admin = srv.admin()
    d = expect(admin.get("build/phases/kickoff/documents/project_charter"), 200)
    assert d["version"] == 0 and d["from_template"] and d["history"] == []
    assert d["body_md"].startswith("# CSIRT 構築活動のためのプロジェクト憲章")
    # a first save without a body keeps the template as version 1
    r = admin.post("build/phases/kickoff/documents/project_charter", {})
    v1 = expect(r, 201)
    assert v1["version"] == 1 and not v1["from_template"] and v1["body_md"] == d["body_md"]
    v2 = expect(admin.post("build/phases/kickoff/documents/project_charter",
                           {"body_md": "# 憲章\n\n目的: 組織内 CSIRT 構築活動の開始\n"}), 201)
    assert v2["version"] == 2 and v2["body_md"].startswith("# 憲章")
    assert [h["version"] for h in v2["history"]] == [2, 1]
    got = expect(admin.get("build/phases/kickoff/documents/project_charter"), 200)
    assert got["version"] == 2 and got["body_md"] == v2["body_md"]
    # every deliverable of the issue has its Japanese template
    for ph, dv, head in (("goals", "scope_statement", "# CSIRT 構築活動のためのスコープ記述書"),
                         ("current_state", "current_state_report", "# 構築に必要な現状把握"),
                         ("design", "csirt_framework", "# CSIRT の基本的な枠組み"),
                         ("preparation", "approval_request", "# 稟議書"),
                         ("establishment", "announcement", "# 組織内 CSIRT 設置のお知らせ"),
                         ("study", "csirt_material", "# CSIRT に関する資料"),
                         ("design", "csirt_description", "# CSIRT 記述書"),
                         ("design", "ir_policy_manual", "# インシデント対応ポリシー及びマニュアル"),
                         ("exercise", "exercise_plan", "# 演習企画書"),
                         ("exercise", "exercise_procedure", "# 演習実施手順書"),
                         ("exercise", "exercise_report", "# 演習実施報告書"),
                         ("exercise", "improvement_report", "# 改善検討結果報告書")):
        assert expect(admin.get("build/phases/%s/documents/%s" % (ph, dv)), 200)["body_md"].startswith(head)
    assert admin.get("build/phases/kickoff/documents/scope_statement").status == 404
    assert admin.get("build/phases/nosuch/documents/x").status == 404
    assert_problem(admin.post("build/phases/kickoff/documents/project_charter", {"body_md": 5}), 422,
                   "validation", "body_md")


def test_viewer_reads_only(srv):
    viewer = srv.user_client(srv.make_user(role="viewer", all_constituencies=True))
    b = expect(viewer.get("build"), 200)
    assert len(b["phases"]) == 8
    expect(viewer.get("build/phases/goals/documents/scope_statement"), 200)
    v = phase(b, "study")["version"]
    assert_problem(viewer.patch("build/phases/study", {"status": "done"}, if_match=v), 403, "forbidden")
    assert_problem(viewer.put("build/phases/study/items/0", {"done": True}), 403, "forbidden")
    assert_problem(viewer.post("build/phases/goals/documents/scope_statement", {"body_md": "x"}), 403,
                   "forbidden")
