"""Escalation rules, notifications and acknowledgement, end to end: the real
SMTP sink (aiosmtpd) and a local webhook receiver (http.server on
127.0.0.1, able to fail its first N requests). Contacts are written into
the database file before `serve` starts (the contacts API is another
part of issue 5). Climbing is driven by `hikeshi escalation pass --now`.
"""

import datetime
import html
import http.server
import json
import re
import sqlite3
import threading
import time
import urllib.parse

from harness import Server, assert_problem, cli, expect, problem_fields, uniq
from mailservers import SmtpSink, free_port

ACK_LINK = re.compile(r"https?://[^\s]+/ack/(ack_[A-Za-z0-9_-]+)")


def wait_until(what, fn, timeout=20, step=0.2):
    deadline = time.time() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.time() > deadline:
            raise AssertionError("timed out after %.0f s waiting for %s" % (timeout, what))
        time.sleep(step)


class Receiver:
    """A webhook receiver: records every POST (headers, JSON body) and
    answers 500 to the first fail_first of them, 200 afterwards."""

    def __init__(self, fail_first=0, port=None):
        self.fail_first = fail_first
        self.requests = []
        self.ok = []
        self.lock = threading.Lock()
        rec = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                with rec.lock:
                    rec.requests.append((dict(self.headers), body))
                    fail = len(rec.requests) <= rec.fail_first
                    if not fail:
                        rec.ok.append((dict(self.headers), json.loads(body)))
                self.send_response(500 if fail else 200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"no" if fail else b"ok")

            def log_message(self, *a):
                pass

        self.port = port or free_port()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d/hook" % self.port

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


CONTACTS = [
    # name, groups, role, tlp_max, email, lang
    ("法務 太郎", ["legal"], "legal", "RED", "houmu@example.jp", "ja"),
    ("経営 花子", ["management"], "management", "AMBER", "keiei@example.jp", "en"),
    ("法務 次郎", ["legal"], "legal", "RED", "", "ja"),
    ("広報 三郎", ["pr"], "pr", "AMBER", "kouhou@example.jp", "ja"),
]


def add_contacts(db, rows=CONTACTS):
    """Writes contacts into the database file (server not running). Ids by name."""
    now = int(time.time())
    con = sqlite3.connect(db)
    ids = {}
    with con:
        for name, groups, role, tlp, email, lang in rows:
            cur = con.execute(
                "INSERT INTO contact(kind, name, role, groups, email, tlp_max, lang, created_at, updated_at) "
                "VALUES ('internal', ?, ?, ?, ?, ?, ?, ?, ?)",
                (name, role, json.dumps(groups), email, tlp, lang, now, now))
            ids[name] = cur.lastrowid
    con.close()
    return ids


def esc_server(smtp_url, contacts=True):
    s = Server(start=False)
    ids = add_contacts(s.db) if contacts else {}
    cfg = ("[intake]\nteam_address = csirt@example.jp\nteam_name = テストCSIRT\n"
           "[server]\npublic_url = http://127.0.0.1:9/\n")
    cfg += "[smtp]\nretry_base = 1\ntimeout = 5\n"  # webhooks share the retry settings
    if smtp_url:
        cfg += "url = %s\n" % smtp_url
    s.start(extra_args=("--config", s.write_file("hikeshi.ini", cfg)))
    s.contacts = ids
    return s


def p1_incident(srv, **extra):
    c = srv.make_constituency()
    body = {"impact": "high", "urgency": "high", "personal_data": True, "constituency_id": c["id"],
            "category": "information-content-security/unauthorised-information-access"}
    body.update(extra)
    return srv.make_incident(**body)


def legal_rule(adm, **extra):
    body = {"name": "個人情報 P1 → 法務・経営層", "name_en": "P1 with personal data", "level": 3,
            "condition": {"priorities": ["P1"], "personal_data": True},
            "targets": {"groups": ["legal", "management"]}, "ack_minutes": 1}
    body.update(extra)
    return expect(adm.post("escalation-rules", body), 201, "create rule")


def journal(adm, inc, kind="escalation"):
    items = adm.list_all("incidents/%d/journal" % inc["id"])
    return [e for e in items if e["kind"] == kind]


def escalations(adm, inc):
    return expect(adm.get("incidents/%d/escalations" % inc["id"]), 200, "escalations")["items"]


def run_pass(srv, seconds_ahead):
    t = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds_ahead))
    r = cli("escalation", "pass", "--db", srv.db, "--now", t.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert r.rc == 0, r.describe()


def ack_token(msg):
    m = ACK_LINK.search(msg.text())
    assert m, "no acknowledgement link in:\n" + msg.text()
    return m.group(1)


def form_token(page):
    m = re.search(r'name="form_token" value="([0-9a-f]+)"', page)
    assert m, page
    return m.group(1)


def post_ack(srv, token, ftoken, lang="ja"):
    data = urllib.parse.urlencode({"form_token": ftoken, "lang": lang})
    return srv.client().request("POST", "/ack/" + token, data=data,
                                content_type="application/x-www-form-urlencoded",
                                headers={"Accept": "text/html"})


# ---------------------------------------------------------------- the rules


def test_rule_validation_names_fields(srv):
    adm = srv.admin()
    r = adm.post("escalation-rules", {
        "name": "bad", "level": 9, "ack_minutes": 0,
        "condition": {"priorities": ["P7"], "colour": ["red"], "minutes_in_status": -1},
        "targets": {"groups": ["Legal Dept"]}})
    assert_problem(r, 422, "validation")
    fields = set(problem_fields(r))
    for f in ("level", "ack_minutes", "condition.priorities", "condition.colour",
              "condition.minutes_in_status", "targets.groups"):
        assert f in fields, (f, fields)
    r = adm.post("escalation-rules", {"name": "no targets", "level": 1})
    assert_problem(r, 422, "validation", "targets")
    r = adm.post("escalation-rules", {"name": "hook", "level": 1, "channel": "webhook",
                                      "webhook_url": "file:///etc/passwd"})
    assert_problem(r, 422, "validation", "webhook_url")
    r = adm.post("escalation-rules", {"name": "hook", "level": 1, "channel": "sms"})
    assert_problem(r, 422, "validation", "channel")
    r = adm.post("escalation-rules", {"name": "x", "level": 1, "condition": ["P1"]})
    assert_problem(r, 422, "validation", "condition")
    r = adm.post("escalation-rules", {"name": "x", "level": 1, "surprise": 1})
    assert_problem(r, 400, "unknown-field")


def test_rule_crud_and_rights(srv):
    adm = srv.admin()
    rule = legal_rule(adm, name=uniq("rule"))
    assert rule["level"] == 3 and rule["level_name"]["ja"] == "部門内"
    assert rule["condition"] == {"personal_data": True, "priorities": ["P1"]}
    assert rule["enabled"] is True and rule["channel"] == "mail"
    handler = srv.user_client(srv.make_user(role="handler"))
    assert any(x["id"] == rule["id"] for x in expect(handler.get("escalation-rules"), 200)["items"])
    assert_problem(handler.post("escalation-rules", {"name": "h", "level": 1,
                                                     "targets": {"roles": ["ciso"]}}), 403, "forbidden")
    viewer = srv.user_client(srv.make_user(role="viewer"))
    assert_problem(viewer.get("escalation-rules"), 403, "forbidden")
    assert_problem(adm.patch("escalation-rules/%d" % rule["id"], {"level": 4}), 428,
                   "precondition-required")
    r = adm.patch("escalation-rules/%d" % rule["id"], {"level": 4, "enabled": False}, if_match=rule["version"])
    upd = expect(r, 200, "patch rule")
    assert upd["level"] == 4 and upd["enabled"] is False and upd["version"] == rule["version"] + 1
    assert_problem(adm.patch("escalation-rules/%d" % rule["id"], {"level": 2}, if_match=rule["version"]), 412,
                   "precondition-failed")
    assert adm.delete("escalation-rules/%d" % rule["id"]).status == 204
    assert_problem(adm.get("escalation-rules/%d" % rule["id"]), 404, "not-found")


def test_escalation_matrix_document():
    """The escalation matrix (issue 6, item 4): the rules in words, the
    contacts they reach, the authority matrix; json, md and html; data
    stays text; handlers read it, viewers do not."""
    with esc_server(None) as srv:
        adm = srv.admin()
        legal_rule(adm, name="個人情報 P1 | <script>alert(1)</script>")
        expect(adm.post("escalation-rules", {"name": "封じ込め超過", "level": 2, "ack_minutes": 15,
                                             "condition": {"sla_breach": ["containment"]},
                                             "targets": {"contacts": [srv.contacts["広報 三郎"]]}}), 201)
        handler = srv.user_client(srv.make_user(role="handler"))
        d = expect(handler.get("documents/escalation-matrix"), 200)
        md = d["markdown"]
        assert d["lang"] == "ja" and md.startswith("# ")
        heads = ["## 1. エスカレーションのレベル", "## 2. エスカレーション規則", "## 3. 通知先の連絡先",
                 "## 4. 権限マトリクス"]
        assert [md.index(h) for h in heads] == sorted(md.index(h) for h in heads)
        assert ("| 優先度 P1; 個人情報を含む | 3 部門内 | グループ legal, management | メール | 1 分 | 有効 |"
                in md), md
        assert "| 2 | 封じ込め超過 | SLA 超過: 封じ込め | 2 事業所内 | 広報 三郎 | メール | 15 分 | 有効 |" in md
        # the contacts the rules reach, and nobody else
        for name in ("法務 太郎", "経営 花子", "法務 次郎", "広報 三郎"):
            assert "| %s |" % name in md, name
        # the live authority matrix with its labels
        auth = expect(adm.get("authority"), 200)
        assert "| " + auth["actions"][0]["label_ja"] + " |" in md
        # a rule name stays text: escaped in Markdown, never markup in HTML
        assert "\\<script\\>" in md and "<script>" not in d["html"]
        assert "<table>" in d["html"]
        en = expect(handler.get("documents/escalation-matrix", params={"lang": "en"}), 200)
        assert "## 2. Escalation rules" in en["markdown"] and "SLA breached: containment" in en["markdown"]
        r = handler.get("documents/escalation-matrix", params={"format": "md"})
        assert r.status == 200 and r.headers["Content-Type"].startswith("text/markdown")
        assert r.body.decode("utf-8") == md
        r = handler.get("documents/escalation-matrix", params={"format": "html", "lang": "en"},
                        headers={"Accept": "text/html"})
        assert r.status == 200 and r.headers["Content-Type"].startswith("text/html")
        assert "default-src 'none'" in r.headers["Content-Security-Policy"]
        assert "<title>Escalation matrix</title>" in r.body.decode("utf-8")
        assert_problem(handler.get("documents/escalation-matrix", params={"format": "docx"}), 400,
                       "invalid-parameter", "format")
        viewer = srv.user_client(srv.make_user(role="viewer", all_constituencies=True))
        assert_problem(viewer.get("documents/escalation-matrix"), 403, "forbidden")


def test_asset_criticality_on_incidents(srv):
    inc = srv.make_incident(constituency_id=srv.make_constituency()["id"], asset_criticality="critical")
    assert inc["asset_criticality"] == "critical"
    r = srv.admin().patch("incidents/%d" % inc["id"], {"asset_criticality": "huge"}, if_match=inc["version"])
    assert_problem(r, 422, "validation", "asset_criticality")
    r = srv.admin().patch("incidents/%d" % inc["id"], {"asset_criticality": None}, if_match=inc["version"])
    assert expect(r, 200)["asset_criticality"] is None


# ------------------------------------------------------ mails, TLP, climbing


def test_personal_data_escalates_to_legal_and_management_with_tlp_subjects():
    with SmtpSink() as sink:
        s = esc_server(sink.url)
        try:
            adm = s.admin()
            rule = legal_rule(adm)
            pr_rule = legal_rule(adm, name="広報", level=2, targets={"groups": ["pr"]},
                                 condition={"categories": ["fraud"]})
            inc = p1_incident(s)
            assert inc["priority"] == "P1"
            got = sink.wait_for(2)
            time.sleep(1.5)
            assert len(sink.messages) == 2, [m.subject for m in sink.messages]
            by_rcpt = {m.rcpt_tos[0]: m for m in got}
            assert set(by_rcpt) == {"houmu@example.jp", "keiei@example.jp"}
            for m in got:
                assert m.subject.startswith("[TLP:AMBER] [%s] " % inc["key"]), m.subject
                assert ack_token(m)
            assert "エスカレーション" in by_rcpt["houmu@example.jp"].subject
            assert "部門内" in by_rcpt["houmu@example.jp"].text()
            assert "Escalation" in by_rcpt["keiei@example.jp"].subject  # the contact's language
            assert ack_token(got[0]) != ack_token(got[1]), "each recipient has a link of their own"
            # journal and API
            j = journal(adm, inc)
            assert len(j) == 1, j
            d = j[0]["data"]
            assert d["action"] == "raised" and d["level"] == 3 and d["rule"] == rule["name"]
            assert sorted(x["name"] for x in d["recipients"]) == ["法務 太郎", "経営 花子"]
            assert [x["name"] for x in d["no_email"]] == ["法務 次郎"]
            assert "email" not in d["recipients"][0]
            esc = escalations(adm, inc)
            assert len(esc) == 1 and esc[0]["state"] == "open" and esc[0]["level"] == 3
            assert esc[0]["rule_name"] == rule["name"] and esc[0]["climb_at"]
            # a change does not raise the same rule at the same level again
            r = adm.patch("incidents/%d" % inc["id"], {"title": "更新"}, if_match=inc["version"])
            expect(r, 200)
            assert len(escalations(adm, inc)) == 1
            # the fraud rule fires once the category matches (a parent code matches its types)
            r = adm.patch("incidents/%d" % inc["id"], {"category": "fraud/phishing"}, if_match=inc["version"] + 1)
            expect(r, 200)
            sink.wait_for(1, match=lambda m: m.rcpt_tos == ["kouhou@example.jp"])
            assert [e["level"] for e in escalations(adm, inc)] == [3, 2]
            assert pr_rule["id"] in [e["rule_id"] for e in escalations(adm, inc)]
            # preview: both rules match now, both fired already
            pv = expect(adm.post("escalation-rules/preview", {"incident_id": inc["key"]}), 200, "preview")
            assert {(x["rule_id"], x["fired"]) for x in pv["items"]} == {(rule["id"], True), (pr_rule["id"], True)}
            # a RED incident: the AMBER-cleared manager gets nothing, the journal says so
            before = len(sink.messages)
            red = p1_incident(s, tlp="RED")
            pv = expect(adm.post("escalation-rules/preview", {"incident_id": red["id"]}), 200)
            item = [x for x in pv["items"] if x["rule_id"] == rule["id"]][0]
            assert [x["name"] for x in item["withheld"]] == ["経営 花子"]
            sink.wait_for(before + 1)
            time.sleep(1.5)
            new = sink.messages[before:]
            assert [m.rcpt_tos for m in new] == [["houmu@example.jp"]], [m.rcpt_tos for m in new]
            assert new[0].subject.startswith("[TLP:RED] "), new[0].subject
            d = journal(adm, red)[0]["data"]
            assert [(x["name"], x["tlp_max"]) for x in d["withheld"]] == [("経営 花子", "AMBER")]
            assert_problem(adm.post("escalation-rules/preview", {"incident_id": 999999}), 422, "validation",
                           "incident_id")
        finally:
            s.close()


def test_unacknowledged_escalation_climbs_and_the_link_stops_it():
    with SmtpSink() as sink:
        s = esc_server(sink.url)
        try:
            adm = s.admin()
            legal_rule(adm)
            inc = p1_incident(s)
            sink.wait_for(2)
            run_pass(s, 30)  # not yet due (ack_minutes 1)
            assert len(escalations(adm, inc)) == 1
            run_pass(s, 90)
            esc = escalations(adm, inc)
            assert [(e["level"], e["state"]) for e in esc] == [(3, "climbed"), (4, "open")], esc
            assert esc[1]["parent_id"] == esc[0]["id"] and esc[1]["reason"] == "climb"
            got = sink.wait_for(4)
            climbed = [m for m in got if "部門間" in m.text() or "across divisions" in m.text()]
            assert len(climbed) == 2, [m.subject for m in got]
            assert any(e["data"]["action"] == "climbed" for e in journal(adm, inc))
            run_pass(s, 90)  # the same time again: nothing twice
            assert len(escalations(adm, inc)) == 2

            # the page behind the level-4 link of 法務 太郎
            msg = [m for m in climbed if m.rcpt_tos == ["houmu@example.jp"]][0]
            token = ack_token(msg)
            page = s.client().request("GET", "/ack/" + token, headers={"Accept": "text/html"})
            assert page.status == 200, page
            assert page.headers["Content-Type"].startswith("text/html")
            csp = page.headers.get("Content-Security-Policy", "")
            assert "default-src 'none'" in csp and "script" not in page.body.decode().lower()
            text = page.body.decode()
            assert inc["key"] in text and "4 部門間" in text
            en = s.client().request("GET", "/ack/" + token + "?lang=en").body.decode()
            assert "Acknowledge" in en and "across divisions" in en
            ft = form_token(text)
            bad = post_ack(s, token, "0" * 64)
            assert bad.status == 403, bad
            ok = post_ack(s, token, ft)
            assert ok.status == 200, ok
            assert "受領を確認しました" in ok.body.decode()
            again = post_ack(s, token, ft)
            assert again.status == 409 and "受領確認済み" in again.body.decode(), again
            assert "法務 太郎" in html.unescape(again.body.decode())
            esc = escalations(adm, inc)
            assert esc[1]["state"] == "acknowledged" and esc[1]["acknowledged_by"] == "法務 太郎"
            assert esc[1]["climb_at"] is None
            acks = [e for e in journal(adm, inc) if e["data"]["action"] == "acknowledged"]
            assert len(acks) == 1 and acks[0]["data"]["via"] == "link"
            run_pass(s, 600)
            assert len(escalations(adm, inc)) == 2, "an acknowledged escalation does not climb"
            assert s.client().request("GET", "/ack/ack_" + "x" * 43).status == 404
            assert s.client().request("GET", "/ack/nonsense").status == 404

            # acknowledged in the UI (API) by a handler before it climbs
            inc2 = p1_incident(s)
            e2 = wait_until("escalation", lambda: escalations(adm, inc2))[0]
            handler = s.user_client(s.make_user(role="handler", all_constituencies=True))
            r = expect(handler.post("escalations/%d/ack" % e2["id"]), 200, "ack")
            assert r["state"] == "acknowledged"
            assert_problem(handler.post("escalations/%d/ack" % e2["id"]), 409, "conflict")
            run_pass(s, 600)
            assert len(escalations(adm, inc2)) == 1
            viewer = s.user_client(s.make_user(role="viewer", all_constituencies=True))
            assert_problem(viewer.post("escalations/%d/ack" % e2["id"]), 403, "forbidden")
        finally:
            s.close()


def test_time_in_status_rule_is_raised_by_the_pass():
    with SmtpSink() as sink:
        s = esc_server(sink.url)
        try:
            adm = s.admin()
            rule = legal_rule(adm, name="放置", level=2, condition={"minutes_in_status": 120, "status": ["new"]},
                              targets={"groups": ["pr"]})
            inc = s.make_incident(constituency_id=s.make_constituency()["id"])
            assert escalations(adm, inc) == []
            run_pass(s, 60 * 60)
            assert escalations(adm, inc) == []
            run_pass(s, 121 * 60)
            esc = escalations(adm, inc)
            assert [(e["rule_id"], e["reason"], e["level"]) for e in esc] == [(rule["id"], "time", 2)]
            sink.wait_for(1, match=lambda m: m.rcpt_tos == ["kouhou@example.jp"])
        finally:
            s.close()


# ---------------------------------------------------------------- webhooks


def test_webhook_failing_three_times_is_retried_then_delivered():
    rec = Receiver(fail_first=3)
    rec2 = Receiver()
    s = esc_server(None)
    try:
        adm = s.admin()
        expect(adm.post("escalation-rules", {
            "name": "Slack", "level": 1, "channel": "webhook", "webhook_url": rec.url, "webhook_format": "slack",
            "condition": {"priorities": ["P1"]}, "subject_ja": "{{key}} {{title}}"}), 201)
        expect(adm.post("escalation-rules", {
            "name": "JSON", "level": 2, "channel": "webhook", "webhook_url": rec2.url,
            "condition": {"priorities": ["P1"], "personal_data": True}}), 201)
        inc = p1_incident(s, title="ウェブフック \"引用\" <テスト>")
        wait_until("the delivery after three failures", lambda: rec.ok, timeout=40)
        wait_until("the JSON delivery", lambda: rec2.ok)
        time.sleep(1.5)
        assert len(rec.ok) == 1 and len(rec.requests) == 4, (len(rec.ok), len(rec.requests))
        assert len(rec2.ok) == 1 and len(rec2.requests) == 1
        bodies = [b for _h, b in rec.ok + rec2.ok]
        slack = [b for b in bodies if set(b) == {"text"}][0]
        assert slack["text"].startswith("[TLP:AMBER] [%s] %s" % (inc["key"], inc["key"])), slack
        js = [b for b in bodies if "incident" in b][0]
        assert js["incident"] == inc["key"] and js["level"] == 2 and js["subject"].startswith("[TLP:AMBER] ")
        assert "/ack/ack_" in js["text"]
        ids = [h.get("X-Hikeshi-Delivery") for h, _b in rec.ok + rec2.ok]
        assert all(ids) and len(set(ids)) == 2
        rows = [o for o in adm.list_all("outbox") if o["incident_id"] == inc["id"]]
        assert sorted(o["attempts"] for o in rows) == [1, 4], rows
        assert all(o["state"] == "sent" and o["channel"] == "webhook" for o in rows), rows
        # a RED incident never goes to a webhook
        red = p1_incident(s, tlp="RED")
        d = journal(adm, red)[0]["data"]
        assert d["withheld"] and not d["recipients"]
    finally:
        s.close()
        rec.stop()
        rec2.stop()


def test_kill_with_pending_notifications_sends_each_exactly_once():
    port = free_port()
    rec = Receiver(fail_first=10 ** 6)
    s = esc_server("smtp://127.0.0.1:%d" % port)
    sink = None
    try:
        adm = s.admin()
        legal_rule(adm)
        expect(adm.post("escalation-rules", {
            "name": "hook", "level": 2, "channel": "webhook", "webhook_url": rec.url,
            "condition": {"priorities": ["P1"]}}), 201)
        incs = [p1_incident(s) for _ in range(3)]
        wait_until("failed attempts", lambda: len(rec.requests) >= 3)
        s.kill9()
        sink = SmtpSink(port=port)
        rec.fail_first = 0
        s.start()
        sink.wait_for(6, timeout=30)
        wait_until("webhooks", lambda: len(rec.ok) >= 3, timeout=30)
        time.sleep(3)
        assert len(sink.messages) == 6, [m.subject for m in sink.messages]
        pairs = sorted((m.rcpt_tos[0], m.subject.split("]")[1]) for m in sink.messages)
        assert len(set(pairs)) == 6, pairs
        assert len(rec.ok) == 3
        assert sorted(b["incident"] for _h, b in rec.ok) == sorted(i["key"] for i in incs)
    finally:
        s.close()
        rec.stop()
        if sink:
            sink.stop()
