"""Dashboard charts (issue 7, items 2 and 5): GET /api/v1/metrics/charts/{name}
draws the periodic reports' charts from the same metrics as GET
/api/v1/metrics. The SVG parses as XML and its <title>/<desc> carry the
Japanese labels and the same figures as the metrics; the PNG is a PNG of
the documented size; labels from the database (category, constituency) are
XML-escaped; access and scope are those of /api/v1/metrics; bad input
answers a problem naming the parameter; revalidation answers 304."""

import datetime
import struct
import xml.etree.ElementTree as ET

from harness import assert_problem, expect, uniq

JST = datetime.timezone(datetime.timedelta(hours=9))
SVG = "{http://www.w3.org/2000/svg}"
NAMES = ("category", "priority", "constituency", "channel", "trend", "ageing", "sla")
HOSTILE = "<script>alert(\"x\")</script> & '社外' ]]> <!--"


def this_month():
    return datetime.datetime.now(JST).strftime("%Y-%m")


def svg_text(resp):
    """(title, [desc lines]) of an SVG answer, parsed as XML."""
    assert resp.status == 200, resp
    assert resp.headers.get("Content-Type") == "image/svg+xml", resp.headers
    root = ET.fromstring(resp.body)
    assert root.tag == SVG + "svg", root.tag
    assert root.get("role") == "img"
    title = root.find(SVG + "title").text
    desc = root.find(SVG + "desc").text or ""
    assert root.get("aria-label") and title.startswith(root.get("aria-label"))
    return title, [ln for ln in desc.split("\n") if ln]


def chart(client, name, **params):
    return client.get("metrics/charts/" + name, params)


def make_set(srv):
    """Incidents of known categories and priorities in a new constituency."""
    c = srv.make_constituency()
    for cat, imp, urg in (("fraud/phishing", "high", "high"), ("fraud/phishing", "low", "low"),
                          ("malicious-code/infected-system", "low", "low")):
        srv.make_incident(constituency_id=c["id"], category=cat, impact=imp, urgency=urg)
    adm = srv.admin()
    for ch in ("email", "email", "web"):
        expect(adm.post("reports", {"channel": ch, "subject": "件名 " + uniq("r"), "constituency_id": c["id"]}),
               201)
    return c


def test_svg_has_the_metrics_figures(srv):
    c = make_set(srv)
    adm = srv.admin()
    q = {"period": this_month(), "constituency": str(c["id"])}
    m = expect(adm.get("metrics", q), 200)

    title, lines = svg_text(chart(adm, "category", **q))
    assert title == "分類別のインシデント件数 (件)", title
    want = ["%s: %d" % (e["label_ja"], e["count"]) for e in m["by_category"]]
    assert lines == want, (lines, want)
    assert any(ln.endswith(": 2") for ln in lines)

    title, lines = svg_text(chart(adm, "priority", **q))
    assert title == "優先度別のインシデント件数 (件)"
    by = {e["key"]: e["count"] for e in m["by_priority"]}
    open_ = {e["key"]: e["count"] for e in m["backlog"]["by_priority"]}
    assert lines == ["%s: 期間中に発生 %d, 期末の未解決 %d" % (p, by.get(p, 0), open_.get(p, 0))
                     for p in ("P1", "P2", "P3", "P4")], lines
    assert sum(by.values()) == 3

    title, lines = svg_text(chart(adm, "channel", **q))
    assert title == "経路別の報告件数 (件)" and lines == ["メール: 2", "Webフォーム: 1"], (title, lines)

    title, lines = svg_text(chart(adm, "ageing", **q))
    assert title == "未解決案件の経過日数 (件)"
    assert lines[0] == "7 日以内: %d" % m["backlog"]["ageing"][0]["count"] == "7 日以内: 3", (lines, m["backlog"])

    title, lines = svg_text(chart(adm, "trend", **q))
    assert title.startswith("月別のインシデント件数") and len(lines) == 12 and lines[-1] == "%s: 3" % this_month()

    # English labels, and every chart in both formats.
    title, lines = svg_text(chart(adm, "category", lang="en", **q))
    assert title == "Incidents by category (incidents)" and "Phishing: 2" in lines, (title, lines)
    for name in NAMES:
        for fmt in ("svg", "png"):
            r = chart(adm, name, format=fmt, **q)
            assert r.status == 200, (name, fmt, r)


def test_empty_chart_and_sla(srv):
    c = srv.make_constituency()
    adm = srv.admin()
    title, lines = svg_text(chart(adm, "category", period="2001-01", constituency=str(c["id"])))
    assert title == "分類別のインシデント件数 (件)" and lines == []
    make_set(srv)
    title, lines = svg_text(chart(adm, "sla", period=this_month()))
    m = expect(adm.get("metrics", {"period": this_month()}), 200)
    names = {"acknowledge": "受付確認", "first_response": "初動", "containment": "封じ込め", "resolution": "解決"}
    want = ["%s: %s" % (names[k], ("%.15g" % round(v["compliance"] * 100, 1)))
            for k, v in m["sla"].items() if v["compliance"] is not None]
    assert title == "SLA 遵守率（目標別） (%)" and sorted(lines) == sorted(want), (lines, want)


def test_png(srv):
    c = make_set(srv)
    r = chart(srv.admin(), "priority", period=this_month(), constituency=str(c["id"]), format="png")
    assert r.status == 200 and r.headers.get("Content-Type") == "image/png", r
    assert r.body[:8] == b"\x89PNG\r\n\x1a\n"
    assert r.body[12:16] == b"IHDR" and struct.unpack(">II", r.body[16:24]) == (1040, 520)
    assert 3000 < len(r.body) < 400000, len(r.body)


def test_hostile_labels_are_escaped(srv):
    adm = srv.admin()
    code = "fraud/" + uniq("evil").lower()
    expect(adm.post("taxonomy", {"code": code, "parent": "fraud", "label_ja": HOSTILE, "label_en": HOSTILE}), 201)
    c = srv.make_constituency(name=HOSTILE)
    srv.make_incident(constituency_id=c["id"], category=code)
    v = srv.user_client(srv.make_user(role="viewer", constituency_ids=[c["id"]]))
    for name in ("category", "constituency"):
        r = chart(v, name, period=this_month())
        assert b"<script" not in r.body and b"<!--" not in r.body and b"]]>" not in r.body, name
        assert b"&lt;script&gt;" in r.body
        title, lines = svg_text(r)
        assert lines == [HOSTILE + ": 1"], (name, lines)


def test_rights_and_scope(srv):
    c = make_set(srv)
    other = make_set(srv)
    v = srv.user_client(srv.make_user(role="viewer", constituency_ids=[c["id"]]))
    adm = srv.admin()
    mine = svg_text(chart(v, "priority", period=this_month()))[1]
    want = svg_text(chart(adm, "priority", period=this_month(), constituency=str(c["id"])))[1]
    assert mine == want, (mine, want)
    # The other constituency is outside the viewer's scope: nothing of it is counted.
    assert svg_text(chart(v, "category", period=this_month(), constituency=str(other["id"])))[1] == []
    assert svg_text(chart(v, "constituency", period=this_month()))[1] == [c["name"] + ": 3"]
    assert_problem(srv.client().get("metrics/charts/category"), 401, "unauthorized")


def test_caching(srv):
    c = make_set(srv)
    adm = srv.admin()
    q = {"period": this_month(), "constituency": str(c["id"])}
    r = chart(adm, "category", **q)
    et = r.headers.get("ETag")
    assert et and et.startswith('"') and r.headers.get("Cache-Control") == "private, no-cache", r.headers
    assert chart(adm, "category", **q).headers.get("ETag") == et
    r2 = adm.get("metrics/charts/category", q, headers={"If-None-Match": et})
    assert r2.status == 304 and not r2.body and r2.headers.get("ETag") == et, r2
    assert chart(adm, "category", lang="en", **q).headers.get("ETag") != et
    assert chart(adm, "category", format="png", **q).headers.get("ETag") != et
    srv.make_incident(constituency_id=c["id"], category="fraud/phishing")
    r3 = adm.get("metrics/charts/category", q, headers={"If-None-Match": et})
    assert r3.status == 200 and r3.headers.get("ETag") != et


def test_bad_input(srv):
    adm = srv.admin()
    assert_problem(adm.get("metrics/charts/pie"), 404, "not-found")
    assert_problem(adm.get("metrics/charts/category", {"period": "2026-13"}), 400, "invalid-parameter",
                   field="period")
    assert_problem(adm.get("metrics/charts/category", {"format": "gif"}), 400, "invalid-parameter",
                   field="format")
    assert_problem(adm.get("metrics/charts/category", {"lang": "fr"}), 400, "invalid-parameter", field="lang")
    assert_problem(adm.get("metrics/charts/category", {"constituency": "x"}), 400, "invalid-parameter",
                   field="constituency")
    assert_problem(adm.get("metrics/charts/category", {"width": "9"}), 400, ("unknown-field", "invalid-parameter"))
    assert adm.post("metrics/charts/category", {}).status == 405
