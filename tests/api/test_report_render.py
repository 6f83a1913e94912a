"""`hikeshi report render` (src/report): a Japanese report model laid out as
PDF (checked with pdftotext: headings, the TLP label and "n / N" on every
page, table figures; page 1 rendered to PNG with pdftoppm into
tests/artifacts/), HTML (hostile text escaped, inline SVG charts), CSV (BOM,
CRLF, formula guard, read back with Python's csv), charts as SVG/PNG, and
bad models refused with the path of the offending value."""

import copy
import csv
import io
import json
import re
import shutil
import subprocess

from harness import REPO, cli

EX_USAGE = 64
EX_DATAERR = 65
ARTIFACTS = REPO / "tests" / "artifacts"
HOSTILE = "<script>alert('x')</script>&\"'"


def model(rows=40, charts=3, toc=True):
    cats = ["%d月" % m for m in range(5, 11)]
    return {
        "title": "月次インシデント報告 2026年10月", "subtitle": "経営層向けの要約", "team": "ACME-CSIRT",
        "period": {"label": "2026年10月", "from": "2026-10-01", "to": "2026-10-31"},
        "audience": "management", "lang": "ja", "tlp": "AMBER+STRICT",
        "generated_at": "2026-11-01T09:00:00+09:00", "toc": toc,
        "sections": [
            {"heading": "今月の要点", "level": 1, "blocks": [
                {"type": "paragraph", "text": "今月はフィッシングの報告が増えました。" * 30},
                {"type": "kpis", "items": [{"label": "インシデント件数", "value": "42件", "delta": "前月比 +8"},
                                           {"label": "SLA 遵守率", "value": "96.5%"}]},
                {"type": "bullets", "items": ["多要素認証の全社展開をお願いします", HOSTILE]}]},
            {"heading": "分類別の件数", "level": 2, "blocks": [
                {"type": "table", "columns": ["分類", "件数", "前月"], "align": ["left", "right", "right"],
                 "rows": [["フィッシング", 1717, 12], ["=HYPERLINK(\"http://x\")", -3, 0.25]]
                 + [["分類%03d" % i, 1000 + i, i] for i in range(rows)]}]},
            {"heading": "推移", "level": 1, "blocks": [
                {"type": "chart", "chart": {"kind": k, "title": "月別件数 %d" % i, "unit": "件", "categories": cats,
                                            "series": [{"name": "高", "values": [1, 2, 3, 4, 5, 6]},
                                                       {"name": "低", "values": [0, -1, 2.5, 0, 9, 3]}]}}
                for i, k in zip(range(charts), ["stacked_bar", "line", "bar"] * 10)]},
        ]}


def render(tmp, m, fmt, *extra, name=None):
    src = tmp / "model.json"
    src.write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    out = tmp / (name or ("out." + fmt))
    r = cli("report", "render", "--model", src, "--format", fmt, "--out", out, *extra)
    return r, out


def pdftotext(path, *opts):
    p = subprocess.run(["pdftotext", *opts, str(path), "-"], capture_output=True, check=True)
    return p.stdout.decode("utf-8")


def test_render_pdf_japanese(tmp):
    r, out = render(tmp, model(rows=120), "pdf")
    assert r.rc == 0, r.describe()
    data = out.read_bytes()
    assert data.startswith(b"%PDF-"), data[:20]
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Title:\s+月次インシデント報告 2026年10月$", info, re.M), info
    npages = int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))
    assert npages >= 5, info  # cover, contents, 3+ body pages
    pages = pdftotext(out).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == npages, (len(pages), npages)
    for i, page in enumerate(pages, 1):
        assert page.count("TLP:AMBER+STRICT") >= 2, "page %d lacks header+footer TLP: %r" % (i, page[:400])
        # "n / N" (pdftotext may drop the narrow spaces around the slash)
        assert re.search(r"(?<!\d)%d ?/ ?%d(?!\d)" % (i, npages), page), "page %d lacks its number: %r" % (
            i, page[-300:])
    text = "\n".join(pages)
    for s in ("月次インシデント報告 2026年10月", "経営層向け", "ACME-CSIRT", "2026-10-01", "目次",
              "今月の要点", "分類別の件数", "推移", "インシデント件数", "42件", "多要素認証の全社展開",
              "フィッシング", "1717", "1119", "0.25", "月別件数 0", HOSTILE):
        assert s in text, "missing %r" % s
    # the table header row is repeated on the pages the table continues on
    assert sum(1 for p in pages if re.search(r"分類\s+件数\s+前月", p)) >= 2
    # contents: each heading with the page it is on
    toc = pdftotext(out, "-layout", "-f", "2", "-l", "2")
    for heading in ("今月の要点", "分類別の件数", "推移"):
        m = re.search(re.escape(heading) + r"\s+(\d+)", toc)
        assert m, toc
        on = int(m.group(1))
        assert heading in pages[on - 1], (heading, on)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(out, ARTIFACTS / "report_ja.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", str(out),
                    str(ARTIFACTS / "report_ja_page1")], check=True)
    png = (ARTIFACTS / "report_ja_page1.png").read_bytes()
    assert png.startswith(b"\x89PNG"), png[:8]


def test_render_pdf_english_no_toc_and_empty(tmp):
    m = model(rows=3, charts=1, toc=False)
    m["lang"] = "en"
    m["tlp"] = "CLEAR"
    m["audience"] = "constituency"
    r, out = render(tmp, m, "pdf")
    assert r.rc == 0, r.describe()
    text = pdftotext(out)
    assert "Contents" not in text and "目次" not in text
    assert "for the constituency" in text and "TLP:CLEAR" in text
    m["sections"] = []
    r, out = render(tmp, m, "pdf")
    assert r.rc == 0, r.describe()
    pages = [p for p in pdftotext(out).split("\f") if p.strip()]
    assert len(pages) == 1 and re.search(r"1 ?/ ?1", pages[0]), pages


def test_render_html_escapes(tmp):
    m = model(rows=2, charts=2)
    m["title"] = "報告 " + HOSTILE
    r, out = render(tmp, m, "html")
    assert r.rc == 0, r.describe()
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html, "unescaped script tag"
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;&#39;" in html
    assert html.count("<svg") == 2
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids across inline SVGs"
    for ref in re.findall(r'href="#([^"]+)"', html) + re.findall(r"url\(#([^)]+)\)", html):
        assert ref in ids, "dangling reference #%s" % ref
    assert html.count("TLP:AMBER+STRICT") >= 3  # top, cover, bottom
    assert "@media print" in html and "今月の要点" in html and "1717" in html


def test_render_csv_round_trip(tmp):
    m = model(rows=5)
    r, out = render(tmp, m, "csv")
    assert r.rc == 0, r.describe()
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:4]
    body = raw[3:].decode("utf-8")
    assert "\r\n" in body and "\n" not in body.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert rows[0] == ["分類別の件数"]
    assert rows[1] == ["分類", "件数", "前月"]
    assert rows[2] == ["フィッシング", "1717", "12"]
    assert rows[3] == ["'=HYPERLINK(\"http://x\")", "-3", "0.25"], rows[3]  # guarded text, plain numbers
    assert rows[4] == ["分類000", "1000", "0"]
    assert len(rows) == 2 + 2 + 5 + 1 and rows[-1] == []


def test_render_chart_svg_png(tmp):
    m = model(charts=3)
    r, out = render(tmp, m, "svg", "--chart", "2")
    assert r.rc == 0, r.describe()
    assert b"<svg" in out.read_bytes()
    r, out = render(tmp, m, "png", "--width", "800", "--height", "400")
    assert r.rc == 0, r.describe()
    png = out.read_bytes()
    assert png.startswith(b"\x89PNG") and int.from_bytes(png[16:20], "big") == 800
    r, _ = render(tmp, m, "svg", "--chart", "4")
    assert r.rc == EX_DATAERR and "no chart 4" in r.stderr, r.describe()


def test_render_robust_charts(tmp):
    """Extremes a chart must survive: 100 categories with long labels, zeros,
    negatives, no series, one category, huge values."""
    m = model(rows=1, charts=0)
    long = "とても長いカテゴリ名" * 10
    m["sections"][2]["blocks"] = [
        {"type": "chart", "chart": {"kind": k, "title": "極端な例 " + k, "categories": [long + str(i) for i in range(100)],
                                    "series": [{"name": "s%d" % s, "values": [(i - 50) * 1e12 * (s + 1) for i in range(100)]}
                                               for s in range(8)]}} for k in ("bar", "stacked_bar", "line")] + [
        {"type": "chart", "chart": {"kind": "bar", "title": "ゼロ", "categories": ["a"], "series": [{"name": "z", "values": [0]}]}},
        {"type": "chart", "chart": {"kind": "line", "title": "系列なし", "categories": ["a", "b"], "series": []}}]
    for fmt in ("pdf", "html"):
        r, _ = render(tmp, m, fmt)
        assert r.rc == 0, r.describe()
    for n in range(1, 6):
        r, _ = render(tmp, m, "png", "--chart", str(n))
        assert r.rc == 0, r.describe()


def bad(tmp, mutate, path):
    m = model(rows=2)
    mutate(m)
    r, out = render(tmp, m, "pdf")
    assert r.rc == EX_DATAERR, r.describe()
    assert (": " + path + ": ") in r.stderr, "want path %s: %s" % (path, r.stderr)
    assert not out.exists()


def test_render_bad_model(tmp):
    def nan_value(m):
        m["sections"][2]["blocks"][1]["chart"]["series"][1]["values"][3] = "NaN"
    bad(tmp, nan_value, "sections[2].blocks[1].chart.series[1].values[3]")

    def short_row(m):
        m["sections"][1]["blocks"][0]["rows"][1].pop()
    bad(tmp, short_row, "sections[1].blocks[0].rows[1]")

    def bad_tlp(m):
        m["tlp"] = "WHITE"
    bad(tmp, bad_tlp, "tlp")

    def unknown(m):
        m["sections"][0]["blocks"][0]["txt"] = "typo"
    bad(tmp, unknown, "sections[0].blocks[0].txt")
    src = tmp / "broken.json"
    src.write_text("{\"title\": ", encoding="utf-8")
    r = cli("report", "render", "--model", src, "--format", "pdf", "--out", tmp / "x.pdf")
    assert r.rc == EX_DATAERR and "not valid JSON" in r.stderr, r.describe()
    r = cli("report", "render", "--model", tmp / "missing.json", "--format", "pdf", "--out", tmp / "x.pdf")
    assert r.rc != 0 and "cannot read" in r.stderr, r.describe()
    r = cli("report", "render", "--model", src, "--format", "docx", "--out", tmp / "x.pdf")
    assert r.rc == EX_USAGE and "--format" in r.stderr, r.describe()
    r = cli("report", "render", "--help")
    assert r.rc == 0 and "usage" in r.stdout.lower()
