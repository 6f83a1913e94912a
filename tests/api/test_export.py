"""List exports (issue 7, item 6): GET /api/v1/incidents?format=csv|xlsx and
/api/v1/reports?format=csv|xlsx give the rows of the JSON list with the
same filters and scope. CSV: UTF-8 with BOM, CRLF, RFC 4180 quoting,
formula-injection guard, Japanese headers; read back with Python's csv.
XLSX: read back with zipfile + xml."""

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile

from harness import assert_problem, expect, uniq

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_csv(resp):
    assert resp.status == 200, resp
    assert resp.headers.get("Content-Type", "").startswith("text/csv"), resp.headers
    assert 'filename="' in resp.headers.get("Content-Disposition", "")
    assert resp.body.startswith(b"\xef\xbb\xbf"), resp.body[:10]
    text = resp.body[3:].decode("utf-8")
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline="")))


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_xlsx(resp):
    assert resp.status == 200, resp
    assert resp.headers.get("Content-Type", "").startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), resp.headers
    z = zipfile.ZipFile(io.BytesIO(resp.body))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        root = ET.fromstring(z.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])) for si in root.findall("m:si", NS)]
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter("{%s}row" % NS["m"]):
        cells = {}
        for c in row.findall("m:c", NS):
            t = c.get("t")
            if t == "s":
                v = shared[int(c.find("m:v", NS).text)]
            elif t == "inlineStr":
                v = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
            elif t == "str":
                v = c.find("m:v", NS).text
            else:
                v = c.find("m:v", NS).text
                v = str(int(float(v))) if v is not None and float(v).is_integer() else v
            assert c.find("m:f", NS) is None, "a formula in an export cell"
            cells[col_index(c.get("r"))] = v
        rows.append([cells.get(k, "") for k in range(max(cells) + 1)] if cells else [])
    names = ET.fromstring(z.read("xl/workbook.xml"))
    sheets = [s.get("name") for s in names.iter("{%s}sheet" % NS["m"])]
    return rows, sheets


TRICKY = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+2", "-3", "@SUM(A1)", "カンマ, と \"引用\"", " 前後に空白 "]


def make_set(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    incs = [srv.make_incident(constituency_id=c["id"], title=t, estimated_damage_jpy=1000 * (i + 1))
            for i, t in enumerate(TRICKY)]
    return adm, c, incs


def test_incidents_csv_roundtrip(srv):
    adm, c, incs = make_set(srv)
    params = {"constituency": str(c["id"]), "sort": "key"}
    want = adm.list_all("incidents", params)
    assert len(want) == len(TRICKY)
    rows = read_csv(adm.get("incidents", dict(params, format="csv")))
    head, body = rows[0], rows[1:]
    assert head[:5] == ["キー", "件名", "状態", "解決区分", "優先度"], head
    assert "推定被害額(円)" in head and "作成日時(JST)" in head
    assert [r[0] for r in body] == [i["key"] for i in want]
    titles = [r[1] for r in body]
    for got, inc in zip(titles, want):
        t = inc["title"]
        if t[0] in "=+-@":
            assert got == "'" + t, (got, t)  # formula-injection guard
        else:
            assert got == t, (got, t)
    dmg = head.index("推定被害額(円)")
    assert [r[dmg] for r in body] == [str(i["estimated_damage_jpy"]) for i in want]
    # Times are JST wall clock.
    created = head.index("作成日時(JST)")
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", body[0][created]), body[0][created]
    # Raw bytes: CRLF record ends, the quoted comma cell.
    raw = adm.get("incidents", dict(params, format="csv")).body.decode("utf-8")
    assert raw.count("\r\n") >= len(TRICKY) + 1
    assert '"カンマ, と ""引用"""' in raw


def test_incidents_xlsx_roundtrip(srv):
    adm, c, incs = make_set(srv)
    params = {"constituency": str(c["id"]), "sort": "key"}
    want = adm.list_all("incidents", params)
    rows, sheets = read_xlsx(adm.get("incidents", dict(params, format="xlsx")))
    assert sheets == ["インシデント"], sheets
    head = rows[0]
    assert head[0] == "キー" and head[1] == "件名" and "推定被害額(円)" in head, head
    body = rows[1:]
    assert [r[0] for r in body] == [i["key"] for i in want]
    assert [r[1] for r in body] == [i["title"] for i in want]  # text cells: no guard needed
    dmg = head.index("推定被害額(円)")
    assert [r[dmg] for r in body] == [str(i["estimated_damage_jpy"]) for i in want]


def test_export_scope_and_filters(srv):
    adm, c, incs = make_set(srv)
    other = srv.make_constituency()
    srv.make_incident(constituency_id=other["id"], title="他部門 " + uniq("o"))
    u = srv.make_user(role="viewer", constituency_ids=[c["id"]])
    cl = srv.user_client(u)
    rows = read_csv(cl.get("incidents", {"format": "csv"}))
    assert sorted(r[0] for r in rows[1:]) == sorted(i["key"] for i in incs)
    # A filter of the JSON list applies too.
    first = incs[0]["key"]
    rows = read_csv(adm.get("incidents", {"format": "csv", "q": first}))
    assert [r[0] for r in rows[1:]] == [first]
    assert_problem(adm.get("incidents", {"format": "pdf"}), 400, "invalid-parameter", field="format")
    assert_problem(adm.get("reports", {"format": "txt"}), 400, "invalid-parameter", field="format")


def test_reports_csv_and_xlsx(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    subjects = ["不審メール " + uniq("s"), "=cmd|' /C calc'!A0", "通常 " + uniq("s")]
    for s in subjects:
        expect(adm.post("reports", {"channel": "web", "subject": s, "constituency_id": c["id"],
                                    "reporter_name": "山田 太郎"}), 201)
    params = {"constituency": str(c["id"])}
    want = adm.list_all("reports", params)
    rows = read_csv(adm.get("reports", dict(params, format="csv")))
    assert rows[0][:4] == ["キー", "件名", "チャネル", "状態"], rows[0]
    assert [r[0] for r in rows[1:]] == [w["key"] for w in want]
    got = {r[1] for r in rows[1:]}
    assert "'=cmd|' /C calc'!A0" in got and subjects[0] in got, got
    assert all(r[2] == "web" and r[4] == "山田 太郎" for r in rows[1:])
    rows, sheets = read_xlsx(adm.get("reports", dict(params, format="xlsx")))
    assert sheets == ["報告"]
    assert [r[0] for r in rows[1:]] == [w["key"] for w in want]
    assert {r[1] for r in rows[1:]} == set(subjects)


def test_export_pages_through_long_lists(srv):
    """More rows than one page of the list (200): the export follows the cursor."""
    adm = srv.admin()
    c = srv.make_constituency()
    for k in range(230):
        expect(adm.post("reports", {"channel": "api", "subject": "大量 %d %s" % (k, uniq("b")),
                                    "constituency_id": c["id"]}), 201)
    rows = read_csv(adm.get("reports", {"format": "csv", "constituency": str(c["id"])}))
    assert len(rows) == 231, len(rows)
    assert len({r[0] for r in rows[1:]}) == 230
