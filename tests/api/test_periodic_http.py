"""The periodic report over HTTP (issue 7, items 2 and 4): GET and POST
/api/v1/periodic-report render the same report as `hikeshi report` (PDF,
HTML, CSV, JSON) as an attachment. The management PDF carries the Japanese
headings and the figures of GET /api/v1/metrics; the meeting pack (POST)
carries the security topics entered freely, escaped in HTML; viewers get the
constituency report only; a restricted handler's team report holds only its
constituencies' incidents and tasks; bad input names the field."""

import datetime
import subprocess

from harness import Server, assert_problem, cli, expect, uniq

JST = datetime.timezone(datetime.timedelta(hours=9))


def this_month():
    return datetime.datetime.now(JST).strftime("%Y-%m")


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def pdftext(data):
    p = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return p.stdout.decode("utf-8")


def flat(text):
    return "".join(text.split())


def demo_server():
    s = Server(start=False)
    r = cli("demo", "--db", s.db, "--incidents", "200", "--seed", "7", "--now", "2026-11-05T09:00:00+09:00")
    assert r.rc == 0, r.describe()
    s.start()
    return s


def test_management_pdf_and_meeting_pack_over_http():
    with demo_server() as srv:
        adm = srv.admin()
        m = expect(adm.get("metrics", {"period": "2026-10"}), 200)
        r = adm.get("periodic-report", {"period": "2026-10", "audience": "management"})
        assert r.status == 200 and r.headers.get("Content-Type") == "application/pdf", r
        assert r.headers.get("Content-Disposition") == \
            'attachment; filename="hikeshi-management-2026-10-ja.pdf"', r.headers
        assert r.headers.get("Cache-Control") == "no-store"
        assert r.body.startswith(b"%PDF-")
        text = pdftext(r.body)
        for h in ("CSIRT 活動報告（経営層向け）", "1. 今期のまとめ", "何が起きたか", "お願いしたいこと", "TLP:AMBER"):
            assert h in text, h
        assert ("報告を%d件受け付け、%d件をインシデントとして対応しました" % (
            m["counts"]["reports"], m["counts"]["incidents"])) in flat(text)

        topics = ["VPN 装置の脆弱性（CVE-2026-0001）への対応状況", "標的型メール訓練の結果\n\n次回は 12 月",
                  "  クラウド設定の見直し\r\n"]
        r = adm.post("periodic-report", {"period": "2026-10", "audience": "meeting", "topics": topics})
        assert r.status == 200 and r.headers.get("Content-Type") == "application/pdf", r
        assert 'filename="hikeshi-meeting-2026-10-ja.pdf"' in r.headers.get("Content-Disposition")
        text = flat(pdftext(r.body))
        for h in ("定期報告会資料", "1.対象期間内のインシデント発生及び対応状況", "2.課題、タスク等の状況",
                  "3.セキュリティ関連トピックス"):
            assert h in text, h
        for t in ("VPN装置の脆弱性（CVE-2026-0001）への対応状況", "標的型メール訓練の結果次回は12月",
                  "クラウド設定の見直し"):
            assert t in text, t

        # English, and the model itself as JSON: one bullet per topic.
        r = adm.post("periodic-report", {"period": "2026-10", "audience": "meeting", "format": "json",
                                         "lang": "en", "topics": topics})
        model = expect(r, 200)
        assert model["lang"] == "en" and model["sections"][2]["heading"] == "3. Security topics"
        assert model["sections"][2]["blocks"][0]["items"] == [
            topics[0], "標的型メール訓練の結果\n次回は 12 月", "クラウド設定の見直し"]
        assert r.headers.get("Content-Disposition").endswith('-2026-10-en.json"')


def test_html_escapes_topics_and_csv(srv):
    adm = srv.admin()
    hostile = "<img src=x onerror=alert(1)> & \"quoted\" <script>alert('t')</script>"
    r = adm.post("periodic-report", {"audience": "meeting", "format": "html", "topics": [hostile]})
    assert r.status == 200 and r.headers.get("Content-Type") == "text/html; charset=utf-8", r
    assert "default-src 'none'" in r.headers.get("Content-Security-Policy")
    html = r.body.decode("utf-8")
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;" in html
    r = adm.get("periodic-report", {"period": this_month(), "audience": "team", "format": "csv"})
    assert r.status == 200 and r.headers.get("Content-Type") == "text/csv; charset=utf-8", r
    assert r.body.startswith(b"\xef\xbb\xbf")


def test_rights_and_scope(srv):
    adm = srv.admin()
    mine, other = srv.make_constituency(), srv.make_constituency()
    secret = "他部署の秘密案件 " + uniq("s")
    a = srv.make_incident(constituency_id=mine["id"], title="自部署の案件 " + uniq("m"), detected_at=now_utc())
    b = srv.make_incident(constituency_id=other["id"], title=secret, detected_at=now_utc())
    expect(adm.post("incidents/%d/tasks" % b["id"], {"title": "他部署のタスク " + secret}), 201)
    expect(adm.post("incidents/%d/tasks" % a["id"], {"title": "自部署のタスク"}), 201)

    viewer = srv.user_client(srv.make_user(role="viewer", constituency_ids=[mine["id"]]))
    for aud in ("team", "meeting"):
        assert_problem(viewer.get("periodic-report", {"audience": aud}), 403, "forbidden")
    # the management report (the viewer role is also management's): aggregates of its scope only
    r = viewer.get("periodic-report", {"period": this_month(), "audience": "management", "format": "json"})
    assert secret not in str(expect(r, 200)), "another constituency's incident in a viewer's management report"
    assert_problem(viewer.post("periodic-report", {"audience": "meeting", "topics": ["x"]}), 403, "forbidden")
    r = viewer.get("periodic-report", {"period": this_month(), "audience": "constituency", "format": "json"})
    model = expect(r, 200)
    assert model["tlp"] == "CLEAR"
    m = expect(viewer.get("metrics", {"period": this_month()}), 200)
    assert m["counts"]["incidents"] == 1
    assert ("handled %d incidents" % 1) in str(
        expect(viewer.get("periodic-report", {"period": this_month(), "audience": "constituency",
                                              "format": "json", "lang": "en"}), 200))

    handler = srv.user_client(srv.make_user(role="handler", constituency_ids=[mine["id"]]))
    r = handler.get("periodic-report", {"period": this_month(), "audience": "team", "format": "html"})
    assert r.status == 200, r
    html = r.body.decode("utf-8")
    assert a["key"] in html and "自部署のタスク" in html
    assert b["key"] not in html and secret not in html
    # An administrator's team report of one constituency lists only that one.
    r = adm.get("periodic-report", {"period": this_month(), "audience": "team", "format": "html",
                                    "constituency": str(other["id"])})
    html = r.body.decode("utf-8")
    assert b["key"] in html and a["key"] not in html and "自部署のタスク" not in html
    assert srv.client().get("periodic-report").status == 401


def test_bad_input(srv):
    adm = srv.admin()
    for k, v in (("period", "2026-13"), ("audience", "boss"), ("format", "docx"), ("lang", "fr"),
                 ("constituency", "x")):
        assert_problem(adm.get("periodic-report", {k: v}), 400, "invalid-parameter", field=k)
    assert_problem(adm.get("periodic-report", {"bogus": "1"}), 400, ("unknown-field", "invalid-parameter"))
    r = adm.post("periodic-report", {"period": "2026-1x", "audience": "boss", "format": "docx"})
    assert_problem(r, 422, "validation", field=["period", "audience", "format"])
    assert_problem(adm.post("periodic-report", {"audience": "meeting", "topics": "one topic"}), 422, "validation",
                   field="topics")
    assert_problem(adm.post("periodic-report", {"audience": "meeting", "topics": ["ok", "", 3, "x" * 2001]}), 422,
                   "validation", field=["topics[1]", "topics[2]", "topics[3]"])
    assert_problem(adm.post("periodic-report", {"audience": "meeting", "topics": ["t"] * 31}), 422, "validation",
                   field="topics")
    assert_problem(adm.post("periodic-report", {"audience": "meeting", "topics": ["a\x01b"]}), 422, "validation",
                   field="topics[0]")
    assert_problem(adm.post("periodic-report", {"audience": "team", "topics": ["t"]}), 422, "validation",
                   field="topics")
    assert_problem(adm.post("periodic-report", {"constituency": "x"}), 422, "validation", field="constituency")
    assert_problem(adm.post("periodic-report", {"title": "x"}), 400, "unknown-field")
    r = adm.post("periodic-report", data="[]")
    assert r.status in (400, 422) and r.headers.get("Content-Type") == "application/problem+json", r
