"""IMAP polling and the SMTP outbox, end to end with real servers: Dovecot
(mail arrives in its INBOX by IMAP APPEND) and an aiosmtpd sink (records
what hikeshi sends). `hikeshi serve` runs with [imap] and [smtp] pointing
at them, polling every second and retrying after one second."""

import base64
import shutil
import time

from harness import RPT_KEY, Server, assert_problem, expect, uniq
from mailservers import Dovecot, SmtpSink, free_port

JP_SUBJECT = "不審なメールを受信しました"


def jp_mail(sender=None, subject=JP_SUBJECT, extra_headers="", body=None):
    """(raw bytes, Message-ID) of an ISO-2022-JP mail as Japanese clients send it."""
    sender = sender or uniq("taro") + "@example.co.jp"
    msgid = "%s@example.co.jp" % uniq("m")
    body = body or "経理部の山田です。\n添付ファイルを開いてしまいました。\n送信元は 198.51.100.7 でした。\n"

    def word(s):
        return "=?ISO-2022-JP?B?%s?=" % base64.b64encode(s.encode("iso-2022-jp")).decode()

    head = ("From: %s <%s>\r\n" % (word("山田 太郎"), sender)
            + "To: csirt@example.jp\r\n"
            + "Subject: %s\r\n" % word(subject)
            + "Date: Sun, 22 Nov 2026 10:00:00 +0900\r\n"
            + "Message-ID: <%s>\r\n" % msgid
            + extra_headers
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=ISO-2022-JP\r\n"
            + "Content-Transfer-Encoding: 7bit\r\n\r\n")
    return head.encode() + body.encode("iso-2022-jp").replace(b"\n", b"\r\n"), msgid


def wait_until(what, fn, timeout=20, step=0.2):
    deadline = time.time() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.time() > deadline:
            raise AssertionError("timed out after %.0f s waiting for %s" % (timeout, what))
        time.sleep(step)


def mail_server(imap=None, smtp_url=None, processed="Processed", extra=""):
    """A hikeshi server configured for the given Dovecot and SMTP URL."""
    s = Server(start=False)
    cfg = "[intake]\nteam_address = csirt@example.jp\nteam_name = テストCSIRT\n"
    if imap:
        cfg += ("[imap]\nurl = %s\nuser = %s\npassword_file = %s\ninterval = 1\nprocessed = %s\n"
                % (imap.url, imap.user, imap.password_file(s.workdir), processed))
    if smtp_url:
        cfg += "[smtp]\nurl = %s\nretry_base = 1\ntimeout = 5\n" % smtp_url
    s.start(extra_args=("--config", s.write_file("hikeshi.ini", cfg + extra)))
    return s


def email_reports(adm):
    return [r for r in adm.list_all("reports") if r["channel"] == "email"]


def outbox(adm, **params):
    return expect(adm.get("outbox", params=params), 200, "GET /outbox")["items"]


def test_imap_mail_becomes_report_ack_and_survives_restarts(tmp):
    with Dovecot() as imap, SmtpSink() as sink:
        s = mail_server(imap, sink.url)
        try:
            adm = s.admin()
            raw, msgid = jp_mail(sender="taro@example.co.jp")
            imap.append("INBOX", raw)
            reps = wait_until("the report", lambda: email_reports(adm))
            assert len(reps) == 1, reps
            rep = expect(adm.get("reports/%d" % reps[0]["id"]), 200)
            assert rep["subject"] == JP_SUBJECT and rep["reporter_address"] == "taro@example.co.jp", rep
            assert RPT_KEY.match(rep["key"]), rep
            mails = expect(adm.get("reports/%d/mails" % rep["id"]), 200)["items"]
            assert mails[0]["source"] == "imap:INBOX" and mails[0]["raw_size"] == len(raw), mails

            # committed first, then moved to Processed
            wait_until("the move to Processed", lambda: imap.uids("Processed") and not imap.uids("INBOX"))
            assert imap.fetch("Processed", imap.uids("Processed")[0]) == raw

            # the acknowledgement, properly encoded
            got = sink.wait_for(1)[0]
            assert got.rcpt_tos == ["taro@example.co.jp"] and got.mail_from == "csirt@example.jp", got.rcpt_tos
            assert "[%s]" % rep["key"] in got.subject, got.subject
            head = got.data.split(b"\r\n\r\n", 1)[0]
            assert all(b < 0x80 for b in head), "8-bit bytes in the header block: %r" % head
            assert "=?UTF-8?" in got.raw_header("Subject").upper(), got.raw_header("Subject")
            assert got.header("Auto-Submitted") == "auto-replied", got.header("Auto-Submitted")
            assert got.header("X-Auto-Response-Suppress") == "All"
            assert got.header("In-Reply-To") == "<%s>" % msgid, got.header("In-Reply-To")
            assert got.msg.get_content_type() == "text/plain" and got.msg.get_content_charset() == "utf-8"
            assert rep["key"] in got.text(), got.text()
            assert got.header("Date") and got.header("Message-ID"), got.data[:500]
            row = wait_until("the row marked sent", lambda: [o for o in outbox(adm, state="sent")])[0]
            assert row["attempts"] == 1 and row["sent_at"] and row["report_id"] == rep["id"], row
            assert "<%s>" % row["message_id"] == got.header("Message-ID"), (row, got.header("Message-ID"))

            # a restart ingests nothing twice
            s.restart()
            adm = s.admin()
            time.sleep(3)
            assert len(email_reports(adm)) == 1
            assert len(sink.messages) == 1, [m.subject for m in sink.messages]

            # a message that arrives while the server is down is read after the restart
            s.stop()
            raw2, _ = jp_mail(sender="hanako@example.co.jp", subject="二通目の報告")
            imap.append("INBOX", raw2)
            s.start()
            adm = s.admin()
            reps = wait_until("the second report", lambda: len(email_reports(adm)) == 2 and email_reports(adm))
            assert {r["subject"] for r in reps} == {JP_SUBJECT, "二通目の報告"}, reps
            wait_until("both in Processed", lambda: len(imap.uids("Processed")) == 2 and not imap.uids("INBOX"))
            sink.wait_for(2)
        finally:
            s.close()


def test_imap_without_processed_folder_marks_seen_once():
    with Dovecot() as imap:
        s = mail_server(imap, None, processed="")
        try:
            adm = s.admin()
            uid = imap.append("INBOX", jp_mail()[0])
            wait_until("the report", lambda: email_reports(adm))
            wait_until("\\Seen", lambda: "\\Seen" in imap.flags("INBOX", uid))
            # as after a crash between the commit and the marking: unseen again
            s.stop()
            c = imap.connect()
            c.select("INBOX")
            c.uid("STORE", str(uid), "-FLAGS", "(\\Seen)")
            c.logout()
            assert "\\Seen" not in imap.flags("INBOX", uid)
            uid2 = imap.append("INBOX", jp_mail(subject="次の報告")[0])
            s.start()
            adm = s.admin()
            wait_until("the second report", lambda: len(email_reports(adm)) == 2)
            wait_until("both \\Seen", lambda: all("\\Seen" in imap.flags("INBOX", u) for u in (uid, uid2)))
            time.sleep(2)
            assert len(email_reports(adm)) == 2, "a committed message was ingested again"
            assert imap.uids("INBOX") == [uid, uid2]
        finally:
            s.close()


def test_uidvalidity_change_does_not_duplicate():
    with Dovecot() as imap:
        s = mail_server(imap, None)
        try:
            adm = s.admin()
            raw, _ = jp_mail()
            imap.append("INBOX", raw)
            wait_until("the report", lambda: email_reports(adm))
            wait_until("the move", lambda: imap.uids("Processed"))
            s.stop()
            # a mailbox recreated (new UIDVALIDITY) holding the same message again
            imap.stop()
            shutil.rmtree(imap.dir / "mail" / imap.user, ignore_errors=True)
            imap.start()
            imap.append("INBOX", raw)
            s.start()
            adm = s.admin()
            wait_until("the duplicate moved", lambda: imap.uids("Processed") and not imap.uids("INBOX"))
            assert len(email_reports(adm)) == 1, "the same message became a second report"
        finally:
            s.close()


def test_no_acknowledgement_for_bounces_autoreplies_and_lists():
    with Dovecot() as imap, SmtpSink() as sink:
        s = mail_server(imap, sink.url)
        try:
            adm = s.admin()
            for hdr in ("Return-Path: <>\r\n", "Auto-Submitted: auto-replied\r\n",
                        "List-Id: <csirt-ml.example.org>\r\n"):
                imap.append("INBOX", jp_mail(extra_headers=hdr)[0])
            normal = uniq("ok") + "@example.co.jp"
            imap.append("INBOX", jp_mail(sender=normal)[0])
            wait_until("four reports", lambda: len(email_reports(adm)) == 4)
            sink.wait_for(1)
            time.sleep(2.5)  # several outbox ticks: nothing else may go out
            assert [m.rcpt_tos for m in sink.messages] == [[normal]], [m.rcpt_tos for m in sink.messages]
            assert len(outbox(adm)) == 1
        finally:
            s.close()


def test_smtp_down_then_back():
    port = free_port()  # nothing listens here yet
    s = mail_server(None, "smtp://127.0.0.1:%d" % port)
    sink = None
    try:
        adm = s.admin()
        raw, _ = jp_mail(sender="down@example.co.jp")
        j = expect(adm.post("mail", data=raw, content_type="message/rfc822"), 201)
        assert j["acknowledgement"] == "queued", j
        row = wait_until("a failed attempt", lambda: [o for o in outbox(adm) if o["attempts"] >= 1])[0]
        assert row["state"] == "queued" and row["last_error"] and row["sent_at"] is None, row
        assert "connect" in row["last_error"].lower(), row["last_error"]
        sink = SmtpSink(port=port)
        got = sink.wait_for(1, timeout=30)[0]
        assert got.rcpt_tos == ["down@example.co.jp"] and j["tracking_number"] in got.subject, got.subject
        row = wait_until("the row sent", lambda: [o for o in outbox(adm, state="sent")])[0]
        assert row["attempts"] >= 2, row
    finally:
        s.close()
        if sink:
            sink.stop()


def test_outbox_api_permanent_failure_and_retry():
    with SmtpSink() as sink:
        sink.reject_code = 550
        s = mail_server(None, sink.url)
        try:
            adm = s.admin()
            raw, _ = jp_mail(sender="rejected@example.co.jp")
            expect(adm.post("mail", data=raw, content_type="message/rfc822"), 201)
            row = wait_until("the row failed", lambda: outbox(adm, state="failed"))[0]
            assert row["attempts"] == 1 and "550" in row["last_error"], row  # 5xx: no retries
            assert outbox(adm, state="queued") == []

            # handlers and viewers may not see or touch the outbox
            h = s.user_client(s.make_user(role="handler", all_constituencies=True))
            assert_problem(h.get("outbox"), 403, "forbidden")
            assert_problem(h.post("outbox/%d/retry" % row["id"]), 403, "forbidden")
            assert_problem(adm.get("outbox", params={"state": "lost"}), 400, "invalid-parameter", "state")
            assert_problem(adm.get("outbox", params={"cursor": "zz"}), 400, "invalid-parameter", "cursor")
            assert_problem(adm.post("outbox/999999/retry"), 404, "not-found")

            sink.reject_code = None
            r = expect(adm.post("outbox/%d/retry" % row["id"]), 200, "retry")
            assert r["id"] == row["id"] and r["state"] == "queued" and r["attempts"] == 0, r
            got = sink.wait_for(1)[0]
            assert got.rcpt_tos == ["rejected@example.co.jp"], got.rcpt_tos
            sent = wait_until("the row sent", lambda: outbox(adm, state="sent"))[0]
            assert sent["id"] == row["id"], sent
            assert_problem(adm.post("outbox/%d/retry" % row["id"]), 409, "conflict")

            # paging, newest first
            for i in range(2):
                expect(adm.post("mail", data=jp_mail(subject="page %d" % i)[0],
                                content_type="message/rfc822"), 201)
            wait_until("three rows", lambda: len(outbox(adm)) == 3)
            first = expect(adm.get("outbox", params={"limit": 2}), 200)
            assert len(first["items"]) == 2 and first["next_cursor"], first
            second = expect(adm.get("outbox", params={"limit": 2, "cursor": first["next_cursor"]}), 200)
            ids = [o["id"] for o in first["items"] + second["items"]]
            assert ids == sorted(ids, reverse=True) and len(set(ids)) == 3 and second["next_cursor"] is None, ids
        finally:
            s.close()


def test_bad_mail_config_stops_serve():
    s = Server(start=False)
    try:
        cfg = s.write_file("bad.ini", "[imap]\nurl = imap://127.0.0.1:1\nmailboxes = \"evil\n")
        try:
            s.start(extra_args=("--config", cfg), timeout=5)
        except AssertionError as e:
            assert "mailboxes" in str(e), e
        else:
            raise AssertionError("serve started with a mailbox name it cannot send")
    finally:
        s.proc = None
        s.close()
