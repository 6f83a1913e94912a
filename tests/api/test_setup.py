"""The build questionnaire (検討すべき事項; seed 000 (参考) and seed 002 §4):
a fresh installation answers it through the API and the configuration it
implies is in effect — service catalogue (and RFC 2350 §5), authority
matrix, constituencies usable by incidents, the point of contact as the
From of acknowledgements and in RFC 2350 §2, report schedules and the
review calendar with the right next dates (JST) — all audited; bad input
names the field and changes nothing; viewers cannot write; stale If-Match
answers 412."""

import datetime as dt
import sqlite3

from harness import Server, assert_problem, expect, problem_fields, uniq
from test_mail import jp_mail, post_mail

JST = dt.timezone(dt.timedelta(hours=9))


def setup_doc(c):
    return expect(c.get("setup"), 200)


def put_section(c, code, answers, version, status=200):
    r = c.put("setup/sections/%s" % code, {"answers": answers}, if_match=version)
    if status == 200:
        return expect(r, 200, "PUT setup/sections/%s" % code)
    return r


def parse(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def audit_actions(srv):
    db = sqlite3.connect(srv.db)
    try:
        return [r[0] for r in db.execute("SELECT action FROM audit ORDER BY id")]
    finally:
        db.close()


def test_questionnaire_follows_seeds(srv):
    q = setup_doc(srv.admin())
    assert [s["code"] for s in q["sections"]] == ["considerations", "scope", "authority", "placement", "poc",
                                                  "reporting", "review"]
    cons = q["sections"][0]["questions"]
    assert len(cons) == 15 and cons[0]["text_ja"] == "サービス対象者は？" and cons[-1]["text_ja"] == "その他"
    assert cons[0]["see"] == "constituencies"
    assert [s["seed"] for s in q["sections"][1:]] == ["002 §4.%d" % i for i in range(1, 7)]
    for s in q["sections"]:
        assert s["label_ja"] and s["label_en"] and s["help_ja"] and s["help_en"], s
    assert len(q["services"]) == 23 and q["progress"]["total"] > 20
    types = {qu["type"] for s in q["sections"] for qu in s["questions"]}
    assert types >= {"text", "choice", "multi", "integer", "services", "constituencies", "authority", "poc",
                     "report_schedule", "review"}, types
    # the options of the structured answers, for the forms of the UI
    assert [a["code"] for a in q["audiences"]] == ["management", "constituency", "team", "meeting"]
    assert [a["label_ja"] for a in q["audiences"]] == ["経営層", "構成員", "チーム", "定期報告会"]
    m = q["authority_matrix"]
    assert m == expect(srv.admin().get("authority"), 200), "the matrix in effect, as GET /authority"
    assert "system_stop" in {a["code"] for a in m["actions"]} and "csirt_lead" in {r["code"] for r in m["roles"]}
    assert [p["code"] for p in m["powers"]] == ["order", "approve", "advise"]


def config_server():
    s = Server(start=False)
    cfg = s.write_file("hikeshi.ini", "[intake]\nteam_address = config@example.jp\nteam_name = テストCSIRT\n")
    s.start(extra_args=("--config", cfg))
    return s


def test_answers_configure_the_system():
    with config_server() as s:
        adm = s.admin()
        v = setup_doc(adm)["version"]
        # scope: services and constituencies
        services = [{"code": "incident_handling", "provision": "in_house", "service_level": "24 時間以内に初動"},
                    {"code": "forensics", "provision": "outsourced"},
                    {"code": "malware_analysis", "provision": "not_provided"}]
        body = {"services": services, "constituency_types": ["a", "b"],
                "constituencies": [{"code": "HQ", "name": "本社", "name_en": "Head office"},
                                   {"code": "GRP", "name": "グループ会社"}]}
        r = put_section(adm, "scope", body, v)
        v = r["version"]
        kinds = [a["kind"] for a in r["applied"]]
        assert "service_catalogue" in kinds and kinds.count("constituency") == 2, r
        cat = {i["code"]: i for i in expect(adm.get("service-catalogue"), 200)["items"]}
        assert cat["incident_handling"]["provision"] == "in_house" and cat["forensics"]["provision"] == "outsourced"
        assert cat["incident_handling"]["service_level"] == "24 時間以内に初動"
        cons = {c["code"]: c for c in adm.list_all("constituencies")}
        assert cons["HQ"]["name_en"] == "Head office" and "GRP" in cons
        inc = s.make_incident(adm, constituency_id=cons["HQ"]["id"])
        assert inc["constituency_id"] == cons["HQ"]["id"]
        md = adm.get("documents/rfc2350", params={"lang": "ja"}).body.decode()
        sec5 = md[md.index("## 5. サービス"):md.index("## 6.")]
        assert "インシデントハンドリング" in sec5 and "（内製）" in sec5 and "（外注）" in sec5, sec5
        assert "マルウェア解析" not in sec5
        ann = adm.get("documents/announcement", params={"lang": "en"}).body.decode()
        assert "Forensics" in ann or "forensics" in ann.lower(), ann
        doc = expect(adm.get("documents/service-catalogue", params={"lang": "ja"}), 200)
        assert "# サービスカタログ" in doc["markdown"] and "<h1>" in doc["html"]

        # authority: survey 2.8 (a) sets CSIRT lead × system stop to order
        r = put_section(adm, "authority", {"authority": {"system_stop": "order"}}, v)
        v = r["version"]
        m = expect(adm.get("authority"), 200)
        cells = {(c["action"], c["role"]): c["power"] for c in m["cells"]}
        assert cells[("system_stop", "csirt_lead")] == "order", cells
        r = put_section(adm, "authority", {"authority": {"system_stop": "advise", "cells": [
            {"action": "public_announcement", "role": "pr", "power": "approve"}]}}, v)
        v = r["version"]
        cells = {(c["action"], c["role"]): c["power"] for c in expect(adm.get("authority"), 200)["cells"]}
        assert cells == {("system_stop", "csirt_lead"): "advise", ("public_announcement", "pr"): "approve"}, cells

        # point of contact: the From of acknowledgements and RFC 2350 §2.7
        r = put_section(adm, "poc", {"poc": {"email": "poc@example.jp", "phone": "+81-3-0000-1111",
                                             "hours": "平日 9:00-17:30", "public_form": True}}, v)
        v = r["version"]
        j = post_mail(adm, jp_mail(sender="reporter@example.co.jp"), 201).json
        assert j["acknowledgement"] == "queued", j
        out = expect(adm.get("reports/%d/mails" % j["report_id"]), 200)["outbox"]
        assert out[0]["mail_from"] == "poc@example.jp", out
        md = adm.get("documents/rfc2350", params={"lang": "ja"}).body.decode()
        assert "poc@example.jp" in md[md.index("### 2.7"):md.index("### 2.8")]
        assert expect(adm.get("team-profile"), 200)["profile"]["telephone"] == "+81-3-0000-1111"

        # reporting: next_run_at in JST
        sched = [{"audience": "management", "frequency": "monthly", "day": 5, "time": "09:30", "lang": "ja",
                  "format": "pdf", "recipients": ["ciso@example.jp"]},
                 {"audience": "constituency", "frequency": "quarterly", "day": 10, "time": "10:00", "lang": "en",
                  "format": "html", "recipients": ["all@example.jp"]},
                 {"audience": "meeting", "frequency": "half_yearly", "day": 1, "time": "13:00", "lang": "ja",
                  "format": "pdf", "recipients": ["board@example.jp"], "enabled": False}]
        r = put_section(adm, "reporting", {"report_frequency": "quarterly", "report_schedule": sched}, v)
        v = r["version"]
        items = expect(adm.get("report-schedules"), 200)["items"]
        assert len(items) == 3 and items[0]["recipients"] == ["ciso@example.jp"]
        assert items[2]["audience"] == "meeting" and items[2]["enabled"] is False
        now = dt.datetime.now(JST)
        n0 = parse(items[0]["next_run_at"]).astimezone(JST)
        assert (n0.day, n0.hour, n0.minute) == (5, 9, 30) and n0 > now and n0 - now < dt.timedelta(days=32), n0
        n1 = parse(items[1]["next_run_at"]).astimezone(JST)
        assert n1.month in (1, 4, 7, 10) and (n1.day, n1.hour) == (10, 10) and n1 - now < dt.timedelta(days=93)

        # review calendar
        r = put_section(adm, "review", {"review": {"service_scope": "yearly", "policy_documents": "half_yearly",
                                                   "contact_list": "quarterly", "risk_tolerance": "none"}}, v)
        v = r["version"]
        revs = {x["kind"]: x for x in expect(adm.get("reviews"), 200)["items"]}
        assert set(revs) == {"service_scope", "policy_documents", "contact_list"}, revs
        due = parse(revs["contact_list"]["next_due_at"]).astimezone(JST).date()
        today = dt.datetime.now(JST).date()
        months = (due.year - today.year) * 12 + due.month - today.month
        assert months == 3, (due, today)
        done = expect(adm.post("reviews/contact_list/done"), 200)
        assert done["last_done_at"] and parse(done["next_due_at"]) > parse(revs["contact_list"]["next_due_at"]) - \
            dt.timedelta(days=1)
        assert adm.post("reviews/risk_tolerance/done").status == 404

        # progress and audit
        q = setup_doc(adm)
        assert q["version"] == v and q["progress"]["answered"] == 8, q["progress"]
        acts = audit_actions(s)
        for a in ("setup_answer.update", "service_catalogue.update", "constituency.create", "authority.update",
                  "setting.update", "team_profile.update", "report_schedule.update", "review_schedule.update",
                  "review.done"):
            assert a in acts, (a, acts)

        # removing answers changes the configuration back
        r = put_section(adm, "poc", {}, v)
        v = r["version"]
        j = post_mail(adm, jp_mail(sender="second@example.co.jp"), 201).json
        out = expect(adm.get("reports/%d/mails" % j["report_id"]), 200)["outbox"]
        assert out[0]["mail_from"] == "config@example.jp", out
        r = put_section(adm, "reporting", {"report_frequency": "quarterly"}, v)
        v = r["version"]
        assert expect(adm.get("report-schedules"), 200)["items"] == []
        # a referenced constituency cannot go; an unreferenced one can
        keep = {"services": services, "constituencies": [{"code": "GRP", "name": "グループ会社"}]}
        bad = put_section(adm, "scope", keep, v, status=None)
        assert_problem(bad, 422, "validation", "answers.constituencies")
        assert "HQ" in bad.json["errors"][0]["message"] and bad.json["errors"][0]["code"] == "HQ"
        assert "GRP" in {c["code"] for c in adm.list_all("constituencies")}
        r = put_section(adm, "scope", {"services": services,
                                       "constituencies": [{"code": "HQ", "name": "本社"}]}, v)
        codes = {c["code"] for c in adm.list_all("constituencies")}
        assert "HQ" in codes and "GRP" not in codes, codes
        assert "constituency.delete" in audit_actions(s)


def test_bad_input_names_field_and_changes_nothing(srv):
    adm = srv.admin()
    q = setup_doc(adm)
    v = q["version"]
    before = expect(adm.get("service-catalogue"), 200)
    r = put_section(adm, "scope", {"services": [{"code": "incident_handling", "provision": "in_house"},
                                                {"code": "alerts_warnings", "provision": "in_house"},
                                                {"code": "forensics", "provision": "in_house"},
                                                {"code": "log_analysis", "provision": "sometimes"}]}, v, status=None)
    assert_problem(r, 422, "validation", "answers.services[3].provision")
    r = put_section(adm, "reporting", {"report_schedule": [
        {"audience": "management", "frequency": "monthly", "day": 5, "time": "25:00", "lang": "ja",
         "format": "pdf", "recipients": ["x@example.jp"]}]}, v, status=None)
    assert_problem(r, 422, "validation", "answers.report_schedule[0].time")
    r = put_section(adm, "authority", {"authority": {"cells": [{"action": "no_such_action", "role": "pr",
                                                                "power": "order"}]}}, v, status=None)
    assert_problem(r, 422, "validation", "answers.authority.cells[0].action")
    assert "answers.nope" in problem_fields(put_section(adm, "poc", {"nope": 1}, v, status=None))
    assert put_section(adm, "nosuch", {}, v, status=None).status == 404
    assert_problem(adm.put("setup/sections/poc", {"answers": {}, "x": 1}, if_match=v), 400, "unknown-field")
    after = setup_doc(adm)
    assert after["version"] == v and expect(adm.get("service-catalogue"), 200) == before


def test_rights_and_stale_version(srv):
    adm = srv.admin()
    v = setup_doc(adm)["version"]
    viewer = srv.user_client(srv.make_user(role="viewer", all_constituencies=True))
    assert setup_doc(viewer)["version"] == v
    assert_problem(put_section(viewer, "placement", {"member_count": 3}, v, status=None), 403, "forbidden")
    r = put_section(adm, "placement", {"member_count": 3, "departments": ["a", "h"], "staff_ratio": "f",
                                       "members": "CSIRT 責任者 " + uniq("m")}, v)
    assert r["version"] == v + 1
    assert put_section(adm, "placement", {"member_count": 4}, v, status=None).status == 412
    assert adm.put("setup/sections/placement", {"answers": {}}).status == 428
    sec = [s for s in setup_doc(adm)["sections"] if s["code"] == "placement"][0]
    ans = {qu["id"]: qu["answer"] for qu in sec["questions"]}
    assert ans["member_count"] == 3 and ans["departments"] == ["a", "h"] and sec["answered"] == 4
    assert viewer.post("reviews/service_scope/done").status == 403
