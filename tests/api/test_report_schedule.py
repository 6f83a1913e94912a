"""Scheduled periodic reports (issue 7, item 3), end to end: the
questionnaire's report_schedule (PUT /setup/sections/reporting) makes a
schedule, `hikeshi scheduler run-once --now` makes it due, the report is
rendered (app_periodic_report), queued in the outbox with the PDF attached
and sent by `hikeshi serve`'s mailer to a real aiosmtpd sink. Checked: To,
From, the decoded subject (Japanese first, then English, TLP label in
front), the PDF's Japanese headings and a figure of GET /metrics for the
period (pdftotext), next_run_at moved to the next month 09:00 JST, no second
mail from a second pass (also from two passes at once), run-now (admin
only, next_run_at kept), the audience's default recipients for a schedule
without any, and a schedule with a bad stored format that records its error,
is retried later and is not lost, and keeps its run record when the
questionnaire is saved again."""

import datetime as dt
import re
import sqlite3
import subprocess
import time

from harness import Server, assert_problem, cli, expect, hikeshi_bin, parse_time
from mailservers import SmtpSink

JST = dt.timezone(dt.timedelta(hours=9))
TEAM = "csirt@example.jp"


def mail_server(sink):
    """A hikeshi server sending through the sink; (server, config path)."""
    s = Server(start=False)
    cfg = s.write_file("hikeshi.ini",
                       "[intake]\nteam_address = %s\nteam_name = テストCSIRT\n"
                       "[smtp]\nurl = %s\nretry_base = 1\ntimeout = 5\n" % (TEAM, sink.url))
    s.start(extra_args=("--config", cfg))
    return s, cfg


def put_schedules(adm, schedules):
    v = expect(adm.get("setup"), 200)["version"]
    r = adm.put("setup/sections/reporting", {"answers": {"report_schedule": schedules}}, if_match=v)
    expect(r, 200, "PUT setup/sections/reporting")
    return expect(adm.get("report-schedules"), 200)["items"]


def schedule(audience="management", recipients=None, fmt="pdf", lang="ja", frequency="monthly"):
    return {"audience": audience, "frequency": frequency, "day": 1, "time": "09:00", "lang": lang,
            "format": fmt, "recipients": recipients if recipients is not None else ["ciso@example.jp"]}


def schedules(adm):
    return {s["id"]: s for s in expect(adm.get("report-schedules"), 200)["items"]}


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def run_once(srv, cfg, now):
    r = cli("scheduler", "run-once", "--db", srv.db, "--config", cfg, "--now", rfc3339(now))
    assert r.rc == 0, r.describe()
    return r


def previous_month(t):
    """"YYYY-MM" of the JST month before the one containing unix time t."""
    d = dt.datetime.fromtimestamp(t, JST).replace(day=1) - dt.timedelta(days=1)
    return "%04d-%02d" % (d.year, d.month)


def next_month_0900(t):
    d = dt.datetime.fromtimestamp(t, JST)
    y, m = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return int(dt.datetime(y, m, 1, 9, 0, tzinfo=JST).timestamp())


def attachments(msg):
    return [(p.get_filename(), p.get_content_type(), p.get_payload(decode=True)) for p in msg.msg.iter_attachments()]


def pdftotext(tmp, data, name="report.pdf"):
    path = tmp / name
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))  # Japanese wraps anywhere


def audit_rows(srv, action):
    db = sqlite3.connect(srv.db)
    try:
        return [(r[0], r[1]) for r in db.execute("SELECT actor, summary FROM audit WHERE action = ? ORDER BY id",
                                                 (action,))]
    finally:
        db.close()


def db_exec(srv, sql, args=()):
    db = sqlite3.connect(srv.db, timeout=10)
    try:
        db.execute(sql, args)
        db.commit()
    finally:
        db.close()


def failing_gauge(client):
    """hikeshi_report_schedules_failing of the Prometheus scrape."""
    r = client.get("/metrics")
    assert r.status == 200, r
    m = re.search(r"^hikeshi_report_schedules_failing (\d+)$", r.body.decode("utf-8"), re.M)
    assert m, r.body[-400:]
    return int(m.group(1))


def settle(sink, n, seconds=3.0):
    """Waits a little and checks that the sink holds exactly n messages."""
    time.sleep(seconds)
    assert len(sink.messages) == n, [m.subject for m in sink.messages]


def test_scheduled_report_is_mailed_once(tmp):
    with SmtpSink() as sink:
        s, cfg = mail_server(sink)
        try:
            adm = s.admin()
            c = s.make_constituency()
            for _ in range(3):
                s.make_incident(constituency_id=c["id"], impact="high", urgency="high")
            items = put_schedules(adm, [schedule(recipients=["ciso@example.jp", "cio@example.jp"])])
            assert len(items) == 1, items
            sch = items[0]
            due = int(parse_time(sch["next_run_at"]).timestamp())
            d = dt.datetime.fromtimestamp(due, JST)
            assert (d.day, d.hour, d.minute) == (1, 9, 0), sch
            assert sch["last_run_at"] is None and sch["last_error"] is None and sch["failures"] == 0, sch
            period = previous_month(due)
            metrics = expect(adm.get("metrics", params={"period": period}), 200)
            incidents = metrics["counts"]["incidents"]
            assert incidents >= 3, metrics["counts"]

            # two passes at once (serve's thread and a cron run-once, say): one mail per recipient
            args = [hikeshi_bin(), "scheduler", "run-once", "--db", s.db, "--config", cfg, "--now", rfc3339(due + 60)]
            procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
            for p in procs:
                out, err = p.communicate(timeout=120)
                assert p.returncode == 0, err.decode()
                assert "AddressSanitizer" not in err.decode() and "runtime error" not in err.decode(), err.decode()
            got = sink.wait_for(2)
            settle(sink, 2)
            assert sorted(m.rcpt_tos[0] for m in got) == ["cio@example.jp", "ciso@example.jp"], \
                [m.rcpt_tos for m in got]
            y, mo = period.split("-")
            subject = ("[TLP:AMBER] 【hikeshi】%d年%d月 月次報告（経営層向け） / Monthly report %s (management)"
                       % (int(y), int(mo), period))
            for m in got:
                assert m.subject == subject, m.subject
                assert m.header("To") == m.rcpt_tos[0], m.header("To")
                assert TEAM in m.header("From") and m.mail_from == TEAM, (m.header("From"), m.mail_from)
                assert "月次報告" in m.text() and "Attached is the monthly report" in m.text(), m.text()
                files = attachments(m)
                assert [(f[0], f[1]) for f in files] == [
                    ("hikeshi-report-%s-management.pdf" % period, "application/pdf")], files
                assert files[0][2].startswith(b"%PDF-"), files[0][2][:20]
            text = pdftotext(tmp, attachments(got[0])[0][2])
            assert "CSIRT活動報告（経営層向け）" in text, text[:2000]
            assert "今期のまとめ" in text, text[:2000]
            assert "%d年%d月" % (int(y), int(mo)) in text, text[:2000]
            assert "、%d件をインシデントとして対応しました" % incidents in text, text[:3000]

            # the schedule moved to the next month, 09:00 JST, and says what it did
            after = schedules(adm)[sch["id"]]
            assert int(parse_time(after["next_run_at"]).timestamp()) == next_month_0900(due), after
            assert int(parse_time(after["last_run_at"]).timestamp()) == due + 60, after
            assert after["last_period"] == period and after["last_error"] is None, after
            outbox = expect(adm.get("outbox"), 200)["items"]
            reports = [o for o in outbox if o["kind"] == "periodic_report"]
            assert len(reports) == 2 and after["last_outbox_id"] in [o["id"] for o in reports], reports
            runs = audit_rows(s, "report_schedule.run")
            assert len(runs) == 1 and runs[0][0] == "scheduler", runs
            assert '"trigger":"schedule"' in runs[0][1].replace(" ", ""), runs

            # later passes before the next run send nothing more
            run_once(s, cfg, due + 120)
            run_once(s, cfg, due + 86400)
            settle(sink, 2, 2)
            assert schedules(adm)[sch["id"]]["next_run_at"] == after["next_run_at"]

            # the next occurrence reports on the next month
            nxt = next_month_0900(due)
            run_once(s, cfg, nxt + 5)
            got = sink.wait_for(4)
            assert previous_month(nxt) in got[-1].subject, got[-1].subject
            assert int(parse_time(schedules(adm)[sch["id"]]["next_run_at"]).timestamp()) == next_month_0900(nxt)
        finally:
            s.close()


def test_run_now_is_admin_only_and_keeps_next_run(tmp):
    with SmtpSink() as sink:
        s, cfg = mail_server(sink)
        try:
            adm = s.admin()
            sch = put_schedules(adm, [schedule(audience="team", fmt="html", lang="en",
                                               recipients=["team-lead@example.jp"])])[0]
            for role in ("handler", "viewer"):
                u = s.user_client(s.make_user(role=role, all_constituencies=True))
                assert_problem(u.post("report-schedules/%d/run" % sch["id"]), 403, "forbidden")
                assert "default_recipients" not in expect(u.get("report-schedules"), 200)["items"][0]
            assert_problem(adm.post("report-schedules/999999/run"), 404, "not-found")
            assert_problem(adm.post("report-schedules/%d/run?x=1" % sch["id"]), 400, "unknown-field")
            assert len(sink.messages) == 0

            r = adm.post("report-schedules/%d/run" % sch["id"])
            j = expect(r, 202)
            period = previous_month(time.time())
            assert j["period"]["label_en"] == period and j["period"]["spec"] == period, j
            assert j["recipients"] == ["team-lead@example.jp"] and j["default_recipients"] is False, j
            assert j["outbox_ids"] == [j["outbox_id"]] and j["filename"] == "hikeshi-report-%s-team.html" % period, j
            assert j["content_type"] == "text/html" and j["bytes"] > 1000, j
            m = sink.wait_for(1)[0]
            assert m.subject == "[TLP:AMBER] 【hikeshi】%d年%d月 月次報告（チーム内） / Monthly report %s (team)" % (
                int(period[:4]), int(period[5:]), period), m.subject
            files = attachments(m)
            assert files[0][0] == j["filename"] and files[0][1] == "text/html", files
            assert b"CSIRT activity report (team)" in files[0][2], files[0][2][:500]

            after = schedules(adm)[sch["id"]]
            assert after["next_run_at"] == sch["next_run_at"], (sch, after)
            assert after["last_outbox_id"] == j["outbox_id"] and after["last_period"] == period, after
            runs = audit_rows(s, "report_schedule.run")
            assert len(runs) == 1 and runs[0][0] == "admin" and '"trigger":"request"' in runs[0][1].replace(" ", "")
        finally:
            s.close()


def test_no_recipients_fall_back_to_the_audience_default(tmp):
    with SmtpSink() as sink:
        s, cfg = mail_server(sink)
        try:
            adm = s.admin()
            s.make_user(role="admin", email="boss-admin@example.jp", all_constituencies=True)
            s.make_user(role="handler", email="handler@example.jp", all_constituencies=True)
            gone = s.make_user(role="admin", email="gone@example.jp", all_constituencies=True)
            expect(adm.patch("users/%d" % gone["id"], {"disabled": True}, if_match=gone["version"]), 200)
            items = put_schedules(adm, [schedule(audience="management", recipients=[]),
                                        schedule(audience="team", recipients=[]),
                                        schedule(audience="constituency", recipients=[])])
            by_aud = {i["audience"]: i for i in items}
            assert by_aud["management"]["recipients"] == [] and \
                by_aud["management"]["default_recipients"] == ["boss-admin@example.jp"], by_aud["management"]
            assert by_aud["team"]["default_recipients"] == [TEAM], by_aud["team"]
            assert by_aud["constituency"]["default_recipients"] == [TEAM], by_aud["constituency"]
            due = int(parse_time(items[0]["next_run_at"]).timestamp())
            run_once(s, cfg, due + 1)
            got = sink.wait_for(3)
            settle(sink, 3, 1)
            to = {m.rcpt_tos[0]: m for m in got}
            assert set(to) == {"boss-admin@example.jp", TEAM}, list(to)
            assert "（経営層向け）" in to["boss-admin@example.jp"].subject
            team = [m for m in got if m.rcpt_tos[0] == TEAM]
            assert sorted(m.subject.split("（")[1].split("）")[0] for m in team) == ["サービス対象向け", "チーム内"]
            assert [m.subject.startswith("[TLP:CLEAR]") for m in team if "サービス対象" in m.subject] == [True]
            runs = audit_rows(s, "report_schedule.run")
            assert len(runs) == 3 and all('"default_recipients":true' in r[1].replace(" ", "") for r in runs), runs
        finally:
            s.close()


def test_no_from_address_is_an_error_until_the_poc_is_set(tmp):
    s = Server()  # no [intake] team_address, no [smtp]: mail stays queued
    try:
        adm = s.admin()
        items = put_schedules(adm, [schedule(audience="team", recipients=[])])
        # no team address and no staff address: nothing to send from, nobody to send to
        assert items[0]["default_recipients"] == [], items[0]
        due = int(parse_time(items[0]["next_run_at"]).timestamp())
        r = cli("scheduler", "run-once", "--db", s.db, "--now", rfc3339(due + 1))
        assert r.rc == 0, r.describe()
        after = schedules(adm)[items[0]["id"]]
        assert "no address to send from" in after["last_error"], after
        assert after["next_run_at"] == items[0]["next_run_at"] and after["failures"] == 1, after
        # the point of contact becomes the From and the team address: the retry goes out
        v = expect(adm.get("setup"), 200)["version"]
        expect(adm.put("setup/sections/poc", {"answers": {"poc": {"email": "poc@example.jp", "hours": "平日"}}},
                       if_match=v), 200)
        # (saving another section leaves the schedule as it is)
        assert schedules(adm)[items[0]["id"]]["failures"] == 1
        r = cli("scheduler", "run-once", "--db", s.db, "--now", rfc3339(due + 1 + 300))
        assert r.rc == 0, r.describe()
        after = schedules(adm)[items[0]["id"]]
        assert after["last_error"] is None and after["failures"] == 0 and after["last_run_at"], after
        out = [o for o in expect(adm.get("outbox"), 200)["items"] if o["kind"] == "periodic_report"]
        assert [(o["mail_from"], o["mail_to"], o["state"]) for o in out] == [
            ("poc@example.jp", "poc@example.jp", "queued")], out
    finally:
        s.close()


def test_bad_stored_format_records_the_error_and_is_not_lost(tmp):
    with SmtpSink() as sink:
        s, cfg = mail_server(sink)
        try:
            adm = s.admin()
            sch = put_schedules(adm, [schedule(audience="management")])[0]
            due = int(parse_time(sch["next_run_at"]).timestamp())
            db_exec(s, "UPDATE report_schedule SET format = 'docx' WHERE id = ?", (sch["id"],))

            run_once(s, cfg, due + 60)
            after = schedules(adm)[sch["id"]]
            assert after["last_error"] and "format" in after["last_error"], after
            assert after["next_run_at"] == sch["next_run_at"] and after["failures"] == 1, after
            assert int(parse_time(after["retry_at"]).timestamp()) == due + 60 + 300, after
            assert after["last_run_at"] is None, after
            fails = audit_rows(s, "report_schedule.fail")
            assert len(fails) == 1 and "format" in fails[0][1], fails
            assert failing_gauge(adm) == 1  # monitoring sees it (Prometheus /metrics)
            # before the retry time nothing happens; run-now says why it cannot
            run_once(s, cfg, due + 120)
            assert schedules(adm)[sch["id"]]["failures"] == 1
            r = adm.post("report-schedules/%d/run" % sch["id"])
            assert_problem(r, 409, "conflict")
            assert "format" in r.json["detail"], r.json
            # the retry fails again: the delay doubles
            run_once(s, cfg, due + 60 + 300)
            after = schedules(adm)[sch["id"]]
            assert after["failures"] == 2 and int(parse_time(after["retry_at"]).timestamp()) == due + 360 + 600
            settle(sink, 0, 1)

            # fixed by saving the questionnaire again: same audience and timing, so the schedule keeps
            # its id, its (past) next run and its run record; a re-timed one starts afresh
            items = put_schedules(adm, [schedule(audience="management", fmt="csv"),
                                        dict(schedule(audience="team"), day=2)])
            kept = [x for x in items if x["audience"] == "management"]
            assert len(kept) == 1 and kept[0]["id"] == sch["id"], items
            assert kept[0]["next_run_at"] == sch["next_run_at"] and kept[0]["failures"] == 2, kept
            assert kept[0]["format"] == "csv" and kept[0]["retry_at"] == after["retry_at"], kept
            team = [x for x in items if x["audience"] == "team"][0]
            assert team["failures"] == 0 and team["last_run_at"] is None, team
            assert dt.datetime.fromtimestamp(parse_time(team["next_run_at"]).timestamp(), JST).day == 2, team
            run_once(s, cfg, due + 3600)
            m = sink.wait_for(1)[0]
            period = previous_month(due)
            files = attachments(m)
            assert [(f[0], f[1]) for f in files] == [("hikeshi-report-%s-management.csv" % period, "text/csv")], files
            assert files[0][2].startswith(b"\xef\xbb\xbf"), files[0][2][:10]  # UTF-8 BOM for Excel
            after = schedules(adm)[sch["id"]]
            assert after["last_error"] is None and after["failures"] == 0 and after["retry_at"] is None, after
            assert after["last_period"] == period and int(parse_time(after["next_run_at"]).timestamp()) == \
                next_month_0900(due), after
            assert failing_gauge(adm) == 0
        finally:
            s.close()
