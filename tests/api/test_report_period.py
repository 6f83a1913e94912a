"""`hikeshi report --period --audience` (issue 7, items 2 and 4): the
periodic report from the database. On a fixed demo data set the management
PDF has its one-page summary first (what happened, what it cost, what we
ask for) with the same figures GET /api/v1/metrics gives; the constituency
report is TLP:CLEAR and names no incident; the team report lists the
period's incidents; the meeting pack carries the topics; bad options exit
64 naming the option."""

import json
import pathlib
import shutil
import subprocess
import tempfile

from harness import REPO, Server, cli, expect

ARTIFACTS = REPO / "tests" / "artifacts"


def pdftext(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")


def demo_server():
    s = Server(start=False)
    r = cli("demo", "--db", s.db, "--incidents", "200", "--seed", "7", "--now", "2026-11-05T09:00:00+09:00")
    assert r.rc == 0, r.describe()
    s.start()
    return s


def test_management_pdf_matches_the_metrics():
    with demo_server() as srv, tempfile.TemporaryDirectory() as td:
        tmp_path = pathlib.Path(td)
        m = expect(srv.admin().get("metrics", params={"period": "2026-10"}), 200)
        out = tmp_path / "m.pdf"
        r = cli("report", "--db", srv.db, "--period", "2026-10", "--audience", "management", "--out", out)
        assert r.rc == 0, r.describe()
        text = pdftext(out)
        pages = text.split("\f")
        assert "TLP:AMBER" in pages[0] and "CSIRT 活動報告（経営層向け）" in pages[0]
        summary = pages[1]
        order = [summary.index(h) for h in ("1. 今期のまとめ", "何が起きたか", "どれだけの影響があったか",
                                            "お願いしたいこと")]
        assert order == sorted(order)
        flat = "".join(text.split())
        assert ("報告を%d件受け付け、%d件をインシデントとして対応しました" % (
            m["counts"]["reports"], m["counts"]["incidents"])) in flat, flat[:2000]
        p1 = sum(x["count"] for x in m["by_priority"] if x["key"] == "P1")
        assert ("優先度P1）は%d件" % p1) in flat
        assert "付録:用語と数値の定義" in flat
        ARTIFACTS.mkdir(exist_ok=True)
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-f", "2", "-l", "2", "-r", "60", "-png", str(out),
                            str(ARTIFACTS / "report-management-2026-10")], check=True)
        # the model itself, for checking figures exactly
        r = cli("report", "--db", srv.db, "--period", "2026-10", "--format", "json", "--out", "-")
        model = json.loads(r.stdout)
        assert model["tlp"] == "AMBER" and model["period"] == {"label": "2026-10", "from": "2026-10-01",
                                                               "to": "2026-10-31"}


def test_constituency_team_and_meeting():
    with demo_server() as srv, tempfile.TemporaryDirectory() as td:
        tmp_path = pathlib.Path(td)
        cons = tmp_path / "c.pdf"
        assert cli("report", "--db", srv.db, "--period", "2026-10", "--audience", "constituency",
                   "--out", cons).rc == 0
        text = pdftext(cons)
        assert "TLP:CLEAR" in text and "INC-" not in text
        incs = expect(srv.admin().get("incidents", params={"detected_from": "2026-09-30T15:00:00Z",
                                                           "detected_to": "2026-10-31T15:00:00Z",
                                                           "is_exercise": "false", "limit": 200}), 200)["items"]
        assert incs, "the demo data has incidents in October"
        team = tmp_path / "t.html"
        assert cli("report", "--db", srv.db, "--period", "2026-10", "--audience", "team", "--format", "html",
                   "--out", team).rc == 0
        html = team.read_text("utf-8")
        for inc in incs[:5]:
            assert inc["key"] in html, inc["key"]
        topics = tmp_path / "topics.txt"
        topics.write_text("VPN 装置の脆弱性 <b>CVE</b>\n\n標的型メールの傾向\n", "utf-8")
        meet = tmp_path / "meet.html"
        assert cli("report", "--db", srv.db, "--period", "2026-10", "--audience", "meeting", "--format", "html",
                   "--topics", topics, "--out", meet).rc == 0
        html = meet.read_text("utf-8")
        assert "セキュリティ関連トピックス" in html and "標的型メールの傾向" in html
        assert "<b>CVE</b>" not in html and "&lt;b&gt;CVE" in html
        csv_out = tmp_path / "t.csv"
        assert cli("report", "--db", srv.db, "--period", "2026-Q3", "--audience", "team", "--format", "csv",
                   "--out", csv_out).rc == 0
        assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_bad_options():
    with demo_server() as srv, tempfile.TemporaryDirectory() as td:
        tmp_path = pathlib.Path(td)
        for args, word in ((("--audience", "boss"), "--audience"), (("--period", "2026-13"), "period"),
                           (("--format", "docx"), "--format"), (("--lang", "fr"), "--lang")):
            r = cli("report", "--db", srv.db, "--out", tmp_path / "x.pdf", *args)
            assert r.rc != 0 and word in r.stderr, r.describe()
            assert not (tmp_path / "x.pdf").exists()
        r = cli("report", "--db", srv.db)
        assert r.rc == 64 and "--out" in r.stderr
