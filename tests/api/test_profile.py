"""The team profile and the documents generated from it (issue 6, item 4):
the profile is read by all and replaced by admins with If-Match, validated
member by member; the CSIRT description has every RFC 2350 section in
order with the answers, in Japanese and English, as Markdown or as a
complete HTML page under a strict CSP, where hostile profile text stays
text; the announcement carries the mission, services and how to report
(seed 000 §8)."""

import re

from harness import assert_problem, etag_version, expect, problem_fields

JA_HEADS = ["## 1. 文書情報", "### 1.1 最終更新日", "### 1.2 通知のための配布リスト", "### 1.3 本文書の入手先",
            "## 2. 連絡先情報", "### 2.1 チーム名", "### 2.2 住所", "### 2.3 タイムゾーン", "### 2.4 電話番号",
            "### 2.5 FAX 番号", "### 2.6 その他の通信手段", "### 2.7 電子メールアドレス",
            "### 2.8 公開鍵と暗号化に関する情報", "### 2.9 チームメンバー", "### 2.10 その他の情報",
            "### 2.11 連絡窓口と受付時間", "## 3. 憲章", "### 3.1 ミッションステートメント", "### 3.2 サービス対象",
            "### 3.3 スポンサーおよび所属", "### 3.4 権限", "## 4. ポリシー",
            "### 4.1 インシデントの種類とサポートレベル", "### 4.2 協力、連携および情報の開示", "### 4.3 通信と認証",
            "## 5. サービス", "### 5.1 インシデント対応", "#### 5.1.1 インシデントのトリアージ",
            "#### 5.1.2 インシデントのコーディネーション", "#### 5.1.3 インシデントの解決",
            "### 5.2 事前対応型サービス", "## 6. インシデント報告フォーム", "## 7. 免責事項"]
EN_HEADS = ["## 1. Document Information", "### 1.1 Date of Last Update",
            "### 1.2 Distribution List for Notifications", "### 1.3 Locations where this Document May Be Found",
            "## 2. Contact Information", "### 2.1 Name of the Team", "### 2.2 Address", "### 2.3 Time Zone",
            "### 2.4 Telephone Number", "### 2.5 Facsimile Number", "### 2.6 Other Telecommunication",
            "### 2.7 Electronic Mail Address", "### 2.8 Public Keys and Encryption Information",
            "### 2.9 Team Members", "### 2.10 Other Information", "### 2.11 Points of Customer Contact",
            "## 3. Charter", "### 3.1 Mission Statement", "### 3.2 Constituency",
            "### 3.3 Sponsorship and/or Affiliation", "### 3.4 Authority", "## 4. Policies",
            "### 4.1 Types of Incidents and Level of Support",
            "### 4.2 Co-operation, Interaction and Disclosure of Information",
            "### 4.3 Communication and Authentication", "## 5. Services", "### 5.1 Incident Response",
            "#### 5.1.1 Incident Triage", "#### 5.1.2 Incident Coordination", "#### 5.1.3 Incident Resolution",
            "### 5.2 Proactive Activities", "## 6. Incident Reporting Forms", "## 7. Disclaimers"]

# One answer per RFC 2350 subsection, with the heading it must follow.
ANSWERS = {
    "doc_last_update": ("2026-04-01", "1.1"),
    "doc_distribution_list": ("csirt-announce@example.jp で更新を通知する", "1.2"),
    "doc_locations": ("https://www.example.jp/csirt/rfc2350", "1.3"),
    "team_name_ja": ("火消し CSIRT", "2.1"),
    "team_name_en": ("Hikeshi CSIRT", "2.1"),
    "short_name": ("HK-CSIRT", "2.1"),
    "host_organisation": ("株式会社火消し", "2.1"),
    "address": ("東京都千代田区丸の内 1-1-1", "2.2"),
    "time_zone": ("JST (UTC+9)", "2.3"),
    "telephone": ("+81-3-0000-0000", "2.4"),
    "fax": ("+81-3-0000-0001", "2.5"),
    "other_telecommunication": ("社内チャット #csirt", "2.6"),
    "email": ("csirt@example.jp", "2.7"),
    "pgp_key_id": ("0xDEADBEEF", "2.8"),
    "pgp_fingerprint": ("0123 4567 89AB CDEF 0123 4567 89AB CDEF DEAD BEEF", "2.8"),
    "team_members": ("CSIRT 責任者、インシデントハンドラー 3 名", "2.9"),
    "other_information": ("NCA 加盟", "2.10"),
    "customer_contact": ("平日 9:00-17:30（緊急時は 24 時間）", "2.11"),
    "mission_ja": ("当社グループのセキュリティインシデントに対応し、被害を最小化する。", "3.1"),
    "mission_en": ("We respond to security incidents in the group and minimise the damage.", "3.1"),
    "constituency": ("当社および国内グループ会社の従業員と情報システム", "3.2"),
    "sponsorship": ("情報システム部門の下に設置", "3.3"),
    "authority": ("システム停止の助言を行う。停止の命令は CISO が行う。", "3.4"),
    "policy_incident_types": ("不正アクセス、マルウェア感染、情報漏えい", "4.1"),
    "policy_cooperation": ("JPCERT/CC および NCA と TLP に従い情報共有する", "4.2"),
    "policy_communication": ("機密の連絡は PGP で暗号化する", "4.3"),
    "service_triage": ("報告を受け付け、優先度を判定する", "5.1.1"),
    "service_coordination": ("関係部署と調整する", "5.1.2"),
    "service_resolution": ("封じ込めと復旧を支援する", "5.1.3"),
    "service_proactive": ("注意喚起・アナウンス、教育", "5.2"),
    "reporting_forms": ("メールでの報告も受け付ける", "6"),
    "disclaimers": ("情報の正確性には万全を期すが保証はしない", "7"),
}


def fill(srv, doc):
    admin = srv.admin()
    r = admin.get("team-profile")
    return expect(admin.put("team-profile", {"profile": doc}, if_match=etag_version(r)), 200)


def in_order(text, needles):
    pos = 0
    for n in needles:
        i = text.find("\n" + n + "\n", pos)
        assert i >= 0, "%r missing or out of order in:\n%s" % (n, text)
        pos = i + len(n)
    return True


def section_of(text, heading_num):
    """The text under the heading numbered heading_num, up to the next heading."""
    lines = text.split("\n")
    out, on = [], False
    for ln in lines:
        if ln.startswith("#"):
            num = ln.split(" ")[1].rstrip(".") if " " in ln else ""
            on = num == heading_num
            continue
        if on:
            out.append(ln)
    return re.sub(r"\\(.)", r"\1", "\n".join(out))  # the Markdown escapes undone


def doc(client, which, **params):
    r = client.get("documents/" + which, params=params)
    assert r.status == 200, r
    return r, r.body.decode("utf-8")


def test_profile_get_put_if_match_and_validation(srv):
    admin = srv.admin()
    r = expect(admin.get("team-profile"), 200)
    assert isinstance(r["version"], int) and isinstance(r["profile"], dict)
    v = r["version"]
    viewer = srv.user_client(srv.make_user(role="viewer"))
    expect(viewer.get("team-profile"), 200)
    assert_problem(viewer.put("team-profile", {"profile": {}}, if_match=v), 403, "forbidden")
    assert admin.put("team-profile", {"profile": {}}).status == 428
    assert_problem(admin.put("team-profile", {"profile": {}, "x": 1}, if_match=v), 400, "unknown-field")
    r = admin.put("team-profile", {"profile": {"email": "not an address", "team_name_ja": "a\nb",
                                               "pgp_fingerprint": "xyz", "nonsense": "1", "fax": 3}},
                  if_match=v)
    assert_problem(r, 422, "validation")
    assert set(problem_fields(r)) >= {"profile.email", "profile.team_name_ja", "profile.pgp_fingerprint",
                                      "profile.nonsense", "profile.fax"}, problem_fields(r)
    r = expect(admin.put("team-profile", {"profile": {"team_name_ja": "火消し", "fax": ""}}, if_match=v), 200)
    assert r["version"] == v + 1 and r["profile"] == {"team_name_ja": "火消し"}
    # a stale version is refused
    assert_problem(admin.put("team-profile", {"profile": {}}, if_match=v), 412, "precondition-failed")


def test_rfc2350_every_section_in_order_with_answers(srv):
    cons = srv.make_constituency(name="本社部門", name_en="Head office")
    fill(srv, {k: v for k, (v, _) in ANSWERS.items()})
    viewer = srv.user_client(srv.make_user(role="viewer"))
    r, md = doc(viewer, "rfc2350", lang="ja")
    assert r.headers.get("Content-Type").startswith("text/markdown")
    in_order(md, JA_HEADS)
    for key, (answer, num) in ANSWERS.items():
        if key in ("mission_en", "team_name_en"):
            continue
        assert answer in section_of(md, num), (key, num, section_of(md, num))
    assert "本社部門" in section_of(md, "3.2")
    assert "/report>" in section_of(md, "6")
    r, md = doc(viewer, "rfc2350", lang="en", format="md")
    in_order(md, EN_HEADS)
    assert ANSWERS["mission_en"][0] in section_of(md, "3.1")
    assert ANSWERS["team_name_en"][0] in section_of(md, "2.1")
    assert "Head office" in section_of(md, "3.2") and cons["id"]
    assert_problem(viewer.get("documents/rfc2350", params={"lang": "fr"}), 400, "invalid-parameter")
    assert_problem(viewer.get("documents/rfc2350", params={"format": "docx"}), 400, "invalid-parameter")


def test_html_is_a_safe_page(srv):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))"
    fill(srv, {"team_name_ja": hostile, "disclaimers": "# 見出しではない\n" + hostile,
               "mission_ja": "**太字ではない**"})
    admin = srv.admin()
    for which in ("rfc2350", "announcement"):
        for lang in ("ja", "en"):
            r, page = doc(admin, which, lang=lang, format="html")
            assert r.headers.get("Content-Type").startswith("text/html")
            csp = r.headers.get("Content-Security-Policy")
            assert "default-src 'none'" in csp and "script-src" not in csp, csp
            assert page.startswith("<!DOCTYPE html>") and ('<html lang="%s">' % lang) in page
            low = page.lower()
            assert "<script" not in low and "<img" not in low and "href=\"javascript" not in low, page
            assert "<strong>" not in page
    r, page = doc(admin, "rfc2350", format="html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "# 見出しではない" in page and page.count("<h2>") == 7


def test_announcement_mission_services_how_to_report(srv):
    fill(srv, {k: v for k, (v, _) in ANSWERS.items()})
    r, md = doc(srv.admin(), "announcement", lang="ja")
    in_order(md, ["## ミッションステートメント", "## サービス対象", "## 提供するサービス", "## 報告の手段"])
    assert ANSWERS["mission_ja"][0] in md and ANSWERS["service_triage"][0] in md
    assert "csirt@example.jp" in md and "/report>" in md
    r, md = doc(srv.admin(), "announcement", lang="en")
    in_order(md, ["## Mission statement", "## Constituency", "## Services", "## How to report"])
    assert ANSWERS["mission_en"][0] in md
