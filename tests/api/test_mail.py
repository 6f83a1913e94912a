"""Mail intake over HTTP (POST /api/v1/mail, what hikeshi mailgate calls):
reports from mail, duplicates, acknowledgements in the outbox and their
loop protection, reply threading, downloads, outgoing mail, bad input."""

import base64

from harness import RPT_KEY, Server, assert_problem, expect, uniq

JP_SUBJECT = "不審なメールを受信しました"


def iso2022(s):
    return s.encode("iso-2022-jp")


def mime_word(s):
    return "=?ISO-2022-JP?B?%s?=" % base64.b64encode(iso2022(s)).decode("ascii")


def jp_mail(sender="taro@example.co.jp", subject=JP_SUBJECT, extra_headers="", msgid=None, body=None):
    msgid = msgid or "<%s@example.co.jp>" % uniq("m")
    body = body or ("経理部の山田です。\n以下のURLを開いてしまいました: hxxp://evil[.]example[.]com/login\n"
                    "送信元IPは 198.51.100.7 でした。\n")
    head = ("From: =?ISO-2022-JP?B?%s?= <%s>\r\n" % (base64.b64encode(iso2022("山田 太郎")).decode(), sender)
            + "To: csirt@example.jp\r\n"
            + "Subject: %s\r\n" % mime_word(subject)
            + "Date: Sun, 22 Nov 2026 10:00:00 +0900\r\n"
            + "Message-ID: %s\r\n" % msgid
            + extra_headers
            + "MIME-Version: 1.0\r\n")
    boundary = "b-" + uniq("x")
    att = base64.b64encode(b"PK\x03\x04 not really a zip").decode()
    return (head.encode()
            + ("Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n" % boundary).encode()
            + ("--%s\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n"
               "Content-Transfer-Encoding: 7bit\r\n\r\n" % boundary).encode()
            + iso2022(body).replace(b"\n", b"\r\n")
            + ("\r\n--%s\r\nContent-Type: application/octet-stream\r\n"
               "Content-Disposition: attachment; filename*=UTF-8''%%E8%%AB%%8B%%E6%%B1%%82%%E6%%9B%%B8.zip\r\n"
               "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--%s--\r\n" % (boundary, att, boundary)).encode())


def post_mail(client, raw, status=None):
    r = client.post("mail", data=raw, content_type="message/rfc822")
    if status is not None:
        expect(r, status, "POST /mail")
    return r


def intake_client(srv):
    adm = srv.admin()
    u = srv.make_user(role="viewer", all_constituencies=True)
    # only an admin hands out intake tokens (they may submit what a viewer may not)
    own = srv.user_client(u)
    assert_problem(own.post("users/%d/tokens" % u["id"], {"name": "self", "scope": "intake"}), 403, "forbidden")
    t = expect(adm.post("users/%d/tokens" % u["id"], {"name": "mailgate", "scope": "intake"}), 201)
    assert t["scope"] == "intake", t
    return srv.client(token=t["token"])


def config_server(extra=""):
    s = Server(start=False)
    cfg = s.write_file("hikeshi.ini", "[intake]\nteam_address = csirt@example.jp\nteam_name = テストCSIRT\n"
                       "authserv_id = mx.example.jp\n" + extra)
    s.start(extra_args=("--config", cfg))
    return s


def test_mail_becomes_report(srv):
    adm = srv.admin()
    raw = jp_mail()
    j = post_mail(adm, raw, 201).json
    assert j["action"] == "created" and RPT_KEY.match(j["tracking_number"]), j
    assert j["acknowledgement"] == "none", j  # no team_address configured
    rep = expect(adm.get("reports/%s" % j["tracking_number"]), 200)
    assert rep["channel"] == "email" and rep["subject"] == JP_SUBJECT, rep
    assert rep["reporter_address"] == "taro@example.co.jp" and "山田 太郎" in rep["reporter_name"], rep
    assert rep["lang"] == "ja" and rep["constituency_id"] is None and rep["state"] == "new", rep
    assert "経理部の山田です" in rep["body"], rep["body"]
    assert rep["details"]["to"] == "csirt@example.jp", rep["details"]

    mails = expect(adm.get("reports/%d/mails" % rep["id"]), 200)
    assert len(mails["items"]) == 1 and mails["outbox"] == [], mails
    m = mails["items"][0]
    assert m["direction"] == "in" and m["subject"] == JP_SUBJECT and m["raw_size"] == len(raw), m
    assert len(m["attachments"]) == 1 and m["attachments"][0]["filename"] == "請求書.zip", m

    obs = expect(adm.get("reports/%d/observables" % rep["id"]), 200)["items"]
    got = {(o["type"], o["value"]) for o in obs}
    assert ("url", "http://evil.example.com/login") in got and ("ipv4", "198.51.100.7") in got, got
    assert all(o["defanged"] for o in obs if o["type"] == "url"), obs

    atts = expect(adm.get("reports/%d/attachments" % rep["id"]), 200)["items"]
    assert len(atts) == 1 and len(atts[0]["sha256"]) == 64 and not atts[0]["has_content"], atts
    r = adm.get("attachments/%d/content" % atts[0]["id"])
    assert_problem(r, 409, "conflict")
    assert "/api/v1/mails/%d/raw" % m["id"] in r.json["detail"], r.json

    r = adm.get("mails/%d/raw" % m["id"])
    assert r.status == 200 and r.body == raw, (r.status, len(r.body))
    assert r.headers["Content-Type"].startswith("message/rfc822"), r.headers
    assert r.headers["Content-Disposition"].startswith("attachment;"), r.headers
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_mail_duplicate_is_not_stored_twice(srv):
    adm = srv.admin()
    raw = jp_mail()
    first = post_mail(adm, raw, 201).json
    before = len(adm.list_all("reports"))
    again = post_mail(adm, raw, 200).json
    assert again["action"] == "duplicate" and again["tracking_number"] == first["tracking_number"], again
    assert len(adm.list_all("reports")) == before


def test_mail_access(srv):
    adm = srv.admin()
    ic = intake_client(srv)
    j = post_mail(ic, jp_mail(), 201).json
    assert RPT_KEY.match(j["tracking_number"]), j
    assert_problem(ic.get("reports"), 403, "forbidden")
    assert_problem(ic.get("reports/%d/mails" % j["report_id"]), 403, "forbidden")
    viewer = srv.user_client(srv.make_user(role="viewer", all_constituencies=True))
    assert_problem(post_mail(viewer, jp_mail()), 403, "forbidden")
    # a viewer may read the correspondence but not download originals
    expect(viewer.get("reports/%d/mails" % j["report_id"]), 200)
    assert_problem(viewer.get("mails/%d/raw" % j["mail_id"]), 403, "forbidden")
    # a scoped handler does not see the unassigned triage queue
    c = srv.make_constituency()
    scoped = srv.user_client(srv.make_user(role="handler", constituency_ids=[c["id"]]))
    for path in ("reports/%d/mails", "reports/%d/observables", "reports/%d/attachments"):
        assert_problem(scoped.get(path % j["report_id"]), 404, "not-found")
    assert_problem(scoped.get("mails/%d/raw" % j["mail_id"]), 404, "not-found")
    nobody = srv.client()
    assert_problem(post_mail(nobody, jp_mail()), 401, "unauthorized")
    expect(adm.get("reports/%d" % j["report_id"]), 200)


def test_mail_bad_input_is_recorded(srv):
    adm = srv.admin()
    assert_problem(adm.post("mail", data=b"From: a@b.c\r\n\r\nx", content_type="text/plain"), 415, "unsupported-media-type",
                   "Content-Type")
    assert_problem(post_mail(adm, b""), 422, "validation", "body")
    garbage = bytes(range(256)) * 64
    j = post_mail(adm, garbage, 201).json
    assert "no_from" in j["flags"], j
    rep = expect(adm.get("reports/%d" % j["report_id"]), 200)
    assert "no_from" in rep["flags"] and rep["subject"], rep
    huge = b"Subject: " + b"a" * (1024 * 1024) + b"\r\nFrom: x@example.org\r\nX-Long: " + b"b" * (1024 * 1024) \
        + b"\r\n\r\nbody\r\n"
    j = post_mail(adm, huge, 201).json
    assert "header_truncated" in j["flags"], j
    deep = b"From: d@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n"
    for i in range(60):
        deep += b"Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n" % (i, i)
    deep += b"Content-Type: text/plain\r\n\r\nbottom\r\n"
    j = post_mail(adm, deep, 201).json
    assert "too_deep" in j["flags"], j


def test_acknowledgements_and_loop_protection():
    with config_server() as s:
        adm = s.admin()
        j = post_mail(adm, jp_mail(sender="a1@example.co.jp"), 201).json
        assert j["acknowledgement"] == "queued", j
        out = expect(adm.get("reports/%d/mails" % j["report_id"]), 200)["outbox"]
        assert len(out) == 1, out
        o = out[0]
        assert o["mail_to"] == "a1@example.co.jp" and o["kind"] == "ack" and o["state"] == "queued", o
        assert "[%s]" % j["tracking_number"] in o["subject"] and "受け付けました" in o["subject"], o
        assert j["tracking_number"] in o["body"] and "テストCSIRT" in o["body"], o
        for hdr, reason in (("Return-Path: <>\r\n", "bounce"),
                            ("Auto-Submitted: auto-replied\r\n", "auto-submitted"),
                            ("Precedence: bulk\r\n", "bulk"),
                            ("List-Id: <ml.example.org>\r\n", "list")):
            k = post_mail(adm, jp_mail(sender=uniq("b") + "@example.org", extra_headers=hdr), 201).json
            assert (k["acknowledgement"], k["acknowledgement_reason"]) == ("suppressed", reason), (hdr, k)
        k = post_mail(adm, jp_mail(sender="MAILER-DAEMON@example.org"), 201).json
        assert k["acknowledgement"] == "suppressed", k
        k = post_mail(adm, jp_mail(sender="csirt@example.jp"), 201).json
        assert k["acknowledgement_reason"] == "own-address", k
        # every message we send has its own Message-ID (replies thread by it)
        mids = [expect(adm.get("reports/%d/mails" % x), 200)["outbox"][0]["message_id"]
                for x in (j["report_id"], post_mail(adm, jp_mail(sender="a2@example.co.jp"), 201).json["report_id"])]
        assert mids[0] != mids[1] and all(len(m.split("@")[0]) > 20 for m in mids), mids
        # per-sender rate limit: 5 per hour, however the address is cased
        outcomes = [post_mail(adm, jp_mail(sender=s_, subject="flood %d" % i), 201).json["acknowledgement"]
                    for i, s_ in enumerate(["flood@example.net", "FLOOD@example.net", "Flood@Example.net",
                                            "flood@EXAMPLE.NET", "fLood@example.net", "FLOOD@EXAMPLE.NET",
                                            "flood@example.net"])]
        assert outcomes == ["queued"] * 5 + ["suppressed"] * 2, outcomes
        # the acknowledgement never quotes the sender's words (From can be forged)
        k = post_mail(adm, jp_mail(sender="victim@example.org", subject="Click http://phish.example/x"), 201).json
        o = expect(adm.get("reports/%d/mails" % k["report_id"]), 200)["outbox"][0]
        assert "phish" not in o["subject"] and "phish" not in o["body"], o
        # English mail gets the English template
        en = jp_mail(sender="bob@example.com", subject="Phishing report", body="I clicked a link.\n")
        k = post_mail(adm, en, 201).json
        o = expect(adm.get("reports/%d/mails" % k["report_id"]), 200)["outbox"][0]
        assert "received" in o["subject"] and o["lang"] == "en", o


def test_replies_thread_into_the_record():
    with config_server() as s:
        adm = s.admin()
        j = post_mail(adm, jp_mail(sender="hanako@example.co.jp"), 201).json
        ack = expect(adm.get("reports/%d/mails" % j["report_id"]), 200)["outbox"][0]
        # a reply to the acknowledgement (In-Reply-To) goes to the report
        reply = jp_mail(sender="hanako@example.co.jp", subject="Re: 追加情報",
                        extra_headers="In-Reply-To: <%s>\r\n" % ack["message_id"],
                        body="追加です。攻撃元は 203.0.113.9 です。\n")
        k = post_mail(adm, reply, 201).json
        assert (k["action"], k["tracking_number"], k["report_id"]) == \
            ("threaded", j["tracking_number"], j["report_id"]), k
        mails = expect(adm.get("reports/%d/mails" % j["report_id"]), 200)["items"]
        assert len(mails) == 2 and "203.0.113.9" in mails[1]["body"], mails
        obs = expect(adm.get("reports/%d/observables" % j["report_id"]), 200)["items"]
        assert "203.0.113.9" in {o["value"] for o in obs}, obs

        # after linking to an incident, a tagged reply from the reporter goes to the incident journal
        c = s.make_constituency()
        inc = s.make_incident(title="フィッシング " + uniq("i"), constituency_id=c["id"])
        rep = expect(adm.get("reports/%d" % j["report_id"]), 200)
        expect(adm.patch("reports/%d" % rep["id"], {"constituency_id": inc["constituency_id"]}, if_match=rep["version"]), 200)
        expect(adm.post("reports/%d/link" % rep["id"], {"incident_id": inc["id"]}), 200)
        # a tag alone, without our MTA vouching for the sender: a new report naming the incident
        unverified = jp_mail(sender="hanako@example.co.jp", subject="Re: [%s] 続報" % j["tracking_number"])
        k = post_mail(adm, unverified, 201).json
        assert k["action"] == "created", k
        rep2 = expect(adm.get("reports/%d" % k["report_id"]), 200)
        assert rep2["details"]["possible_reply_to"] == j["tracking_number"], rep2["details"]
        # with DMARC pass from our own MTA, the known reporter's tagged reply threads
        tagged = jp_mail(sender="hanako@example.co.jp",
                         subject="Re: [%s] <script>alert(1)</script>" % j["tracking_number"],
                         extra_headers="Authentication-Results: mx.example.jp; spf=pass; "
                                       "dmarc=pass header.from=example.co.jp\r\n",
                         body="<b>太字</b> & more\n")
        k = post_mail(adm, tagged, 201).json
        assert (k["action"], k["incident_id"], k["tracking_number"]) == ("threaded", inc["id"], inc["key"]), k
        journal = expect(adm.get("incidents/%d/journal" % inc["id"]), 200)["items"]
        e = [x for x in journal if x["kind"] == "mail"][-1]
        assert "<b>" not in e["body_html"] and "&lt;b&gt;" in e["body_html"], e
        assert e["data"]["from_address"] == "hanako@example.co.jp", e
        imails = expect(adm.get("incidents/%d/mails" % inc["id"]), 200)["items"]
        assert len(imails) == 3, imails  # the report's two and the threaded one

        # a stranger using the tag does not write into the incident, even with DMARC pass: a new report
        stranger = jp_mail(sender="mallory@evil.example", subject="[%s] 偽の更新" % inc["key"],
                           extra_headers="Authentication-Results: mx.example.jp; dmarc=pass\r\n")
        k = post_mail(adm, stranger, 201).json
        assert k["action"] == "created" and k["report_id"] != j["report_id"], k
        _ = c


def test_outgoing_mail():
    with config_server() as s:
        adm = s.admin()
        j = post_mail(adm, jp_mail(sender="jiro@example.co.jp"), 201).json
        o = expect(adm.post("reports/%d/mails" % j["report_id"], {"body": "ご連絡ありがとうございます。"}), 201)
        assert o["mail_to"] == "jiro@example.co.jp" and o["kind"] == "reply", o
        assert o["subject"].startswith("[%s] " % j["tracking_number"]), o
        assert_problem(adm.post("reports/%d/mails" % j["report_id"], {"body": "x", "to": "not an address"}),
                       422, "validation", "to")
        assert_problem(adm.post("reports/%d/mails" % j["report_id"], {"to": "a@b.example"}), 422,
                       "validation", "body")
        viewer = s.user_client(s.make_user(role="viewer", all_constituencies=True))
        assert_problem(viewer.post("reports/%d/mails" % j["report_id"], {"body": "x"}), 403, "forbidden")
        inc = s.make_incident(title="外部連絡", constituency_id=s.make_constituency()["id"])
        assert_problem(adm.post("incidents/%d/mails" % inc["id"], {"body": "x"}), 422, "validation", "to")
        o = expect(adm.post("incidents/%d/mails" % inc["id"], {"body": "連絡です", "to": "ir@partner.example",
                                                               "subject": "調査依頼"}), 201)
        assert o["subject"] == "[%s] 調査依頼" % inc["key"], o
        journal = expect(adm.get("incidents/%d/journal" % inc["id"]), 200)["items"]
        assert any(x["kind"] == "mail" and x["data"]["direction"] == "out" for x in journal), journal


def test_outgoing_mail_needs_team_address(srv):
    adm = srv.admin()
    j = post_mail(adm, jp_mail(), 201).json
    assert_problem(adm.post("reports/%d/mails" % j["report_id"], {"body": "x"}), 409, "conflict")


def test_incident_mails_hide_reports_the_caller_cannot_see(srv):
    """A mail report has no constituency (the triage queue): linked to an
    incident of constituency C, it stays hidden from a handler scoped to C —
    in the incident's correspondence too, and as the default recipient."""
    adm = srv.admin()
    j = post_mail(adm, jp_mail(sender="secret@example.co.jp", body="内部パスワードは hunter2 です\n"), 201).json
    c = srv.make_constituency()
    inc = srv.make_incident(title="スコープ確認", constituency_id=c["id"])
    expect(adm.post("reports/%d/link" % j["report_id"], {"incident_id": inc["id"]}), 200)
    assert len(expect(adm.get("incidents/%d/mails" % inc["id"]), 200)["items"]) == 1
    scoped = srv.user_client(srv.make_user(role="handler", constituency_ids=[c["id"]]))
    got = expect(scoped.get("incidents/%d/mails" % inc["id"]), 200)
    assert got["items"] == [] and got["outbox"] == [], got
    assert "hunter2" not in str(got)
    # nor is the hidden reporter picked as the default recipient
    r = scoped.post("incidents/%d/mails" % inc["id"], {"body": "x"})
    assert r.status in (409, 422) and "secret@example.co.jp" not in r.body.decode(), r


def test_large_bodies_need_credentials_first(srv):
    """Mail and alert bodies may be 32/16 MiB: the server answers 401 before
    reading such a body from a caller without credentials (review finding:
    anonymous clients could make it buffer 32 MiB per connection)."""
    import socket
    for path, size in (("/api/v1/mail", 31457280), ("/api/v1/alerts", 15728640)):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: message/rfc822\r\n"
                   "Content-Length: %d\r\n\r\n" % (path, size)).encode() + b"x" * 65536)
        head = s.recv(4096).decode("latin-1")
        s.close()
        assert head.startswith("HTTP/1.1 401"), (path, head[:200])
