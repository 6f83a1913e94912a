"""hikeshi mailgate (the MTA pipe) against the real server: a message on
stdin becomes a report and its tracking number is printed; the same
message again is the same report; the exit codes tell the MTA to retry
(75) whenever the message was not stored for a reason the sender cannot
fix (server down, bad token, world-readable token file), 66 for empty
input, 64 for bad arguments; a message over 32 MiB is recorded and
flagged truncated, never dropped."""

import http.server
import os
import socket
import threading

from harness import RPT_KEY, cli, expect, free_port, uniq

EX_USAGE, EX_DATAERR, EX_NOINPUT, EX_TEMPFAIL = 64, 65, 66, 75


def message(subject=None, body="不審な添付ファイルを開きました。\n", extra=b""):
    subject = subject or "mailgate " + uniq("s")
    return (("From: Hanako <hanako@example.co.jp>\nTo: csirt@example.jp\nSubject: %s\n"
             "Message-ID: <%s@example.co.jp>\nDate: Sun, 22 Nov 2026 10:00:00 +0900\nMIME-Version: 1.0\n"
             "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n%s"
             % (subject, uniq("m"), body)).encode("utf-8") + extra)


def intake_token(srv, tmp, mode=0o600):
    """An intake token made with the CLI (as an admin would), in a file."""
    u = srv.make_user(role="viewer", all_constituencies=True)
    r = cli("user", "token", "create", u["login"], "--scope", "intake", "--name", "mailgate", "--db", srv.db)
    assert r.rc == 0, r.describe()
    path = tmp / ("token-" + uniq("t"))
    path.write_text(r.stdout.strip() + "\n")
    os.chmod(path, mode)
    return path, r.stdout.strip()


def mailgate(url, raw, token_file=None, env_token=None, extra=()):
    env = {k: v for k, v in os.environ.items() if k != "HIKESHI_TOKEN"}
    if env_token is not None:
        env["HIKESHI_TOKEN"] = env_token
    args = ["mailgate", "--url", url] + (["--token-file", str(token_file)] if token_file else []) + list(extra)
    return cli(*args, input=raw, env=env)


def test_mailgate_submits_and_dedupes(srv, tmp):
    tok, _ = intake_token(srv, tmp)
    subject = "mailgate " + uniq("s")
    raw = message(subject)
    r = mailgate(srv.base, raw, tok)
    assert r.rc == 0, r.describe()
    key = r.stdout.strip()
    assert RPT_KEY.match(key) and r.stdout == key + "\n", r.describe()
    rep = expect(srv.admin().get("reports/%s" % key), 200)
    assert rep["channel"] == "email" and rep["subject"] == subject, rep
    assert "不審な添付ファイル" in rep["body"], rep["body"]
    assert rep["reporter_address"] == "hanako@example.co.jp", rep
    mails = expect(srv.admin().get("reports/%d/mails" % rep["id"]), 200)["items"]
    assert len(mails) == 1 and mails[0]["raw_size"] == len(raw), mails
    # an MTA retry after a lost answer: the same report, exit 0 again;
    # the URL may end in a slash
    again = mailgate(srv.base + "/", raw, tok)
    assert again.rc == 0 and again.stdout.strip() == key, again.describe()
    assert len(expect(srv.admin().get("reports/%d/mails" % rep["id"]), 200)["items"]) == 1


def test_mailgate_token_from_environment(srv, tmp):
    tok, secret = intake_token(srv, tmp)
    r = mailgate(srv.base, message(), env_token=secret)
    assert r.rc == 0 and RPT_KEY.match(r.stdout.strip()), r.describe()
    # --token-file wins over $HIKESHI_TOKEN
    r = mailgate(srv.base, message(), tok, env_token="hks_not-a-valid-token")
    assert r.rc == 0 and RPT_KEY.match(r.stdout.strip()), r.describe()


def test_mailgate_server_down_is_tempfail(tmp):
    tok = tmp / "tok"
    tok.write_text("hks_whatever\n")
    os.chmod(tok, 0o600)
    port = free_port()  # nothing listens there
    r = mailgate("http://127.0.0.1:%d" % port, message(), tok)
    assert r.rc == EX_TEMPFAIL and r.stdout == "", r.describe()
    assert "will retry" in r.stderr, r.stderr


class _Canned(http.server.BaseHTTPRequestHandler):
    """Answers every POST with the class's status and body."""
    status, body, seen = 500, b"", []

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        type(self).seen.append((self.path, self.headers.get("Content-Type"),
                                self.headers.get("Authorization"), len(self.rfile.read(n))))
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(type(self).body)))
        self.end_headers()
        self.wfile.write(type(self).body)

    def log_message(self, *a):
        pass


def test_mailgate_status_mapping(tmp):
    """Each kind of answer from a canned server on loopback."""
    tok = tmp / "tok"
    tok.write_text("hks_canned\n")
    os.chmod(tok, 0o600)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canned)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    url = "http://127.0.0.1:%d/prefix/" % srv.server_address[1]
    problem = b'{"type":"x","title":"t","status":0,"detail":"bad \\u001b[31m message"}'
    cases = ((201, b'{"action":"created","tracking_number":"RPT-2026-00042"}', 0),
             (200, b'{"action":"duplicate","tracking_number":"RPT-2026-00042"}', 0),
             (201, b'{"tracking_number":"RPT\\n-evil"}', EX_TEMPFAIL),  # not a plain key: not printed
             (201, b"not json", EX_TEMPFAIL),
             (503, problem, EX_TEMPFAIL), (500, b"", EX_TEMPFAIL), (429, problem, EX_TEMPFAIL),
             (404, b"", EX_TEMPFAIL), (302, b"", EX_TEMPFAIL), (401, problem, EX_TEMPFAIL),
             (403, problem, EX_TEMPFAIL), (400, problem, EX_DATAERR), (413, problem, EX_DATAERR),
             (415, problem, EX_DATAERR), (422, problem, EX_DATAERR))
    try:
        for status, body, rc in cases:
            _Canned.status, _Canned.body, _Canned.seen = status, body, []
            raw = message()
            r = cli("mailgate", "--url", url, "--token-file", str(tok), input=raw)
            assert r.rc == rc, (status, body, r.describe())
            assert r.stdout == ("RPT-2026-00042\n" if rc == 0 else ""), r.describe()
            assert "\x1b" not in r.stderr, r.stderr  # server text is made printable
            assert _Canned.seen == [("/prefix/api/v1/mail", "message/rfc822", "Bearer hks_canned", len(raw))], \
                _Canned.seen
    finally:
        srv.shutdown()
        srv.server_close()


def test_mailgate_no_answer_is_tempfail(tmp):
    """A server that takes the message and closes without answering."""
    tok = tmp / "tok"
    tok.write_text("hks_whatever\n")
    os.chmod(tok, 0o600)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)

    def serve_once():
        c, _ = s.accept()
        c.recv(65536)
        c.close()
    t = threading.Thread(target=serve_once)
    t.start()
    try:
        r = cli("mailgate", "--url", "http://127.0.0.1:%d" % s.getsockname()[1], "--token-file", str(tok),
                input=message())
        assert r.rc == EX_TEMPFAIL and r.stdout == "", r.describe()
    finally:
        t.join(10)
        s.close()


def test_mailgate_bad_token_is_tempfail(srv, tmp):
    bad = tmp / "bad"
    bad.write_text("hks_" + "x" * 43 + "\n")
    os.chmod(bad, 0o600)
    r = mailgate(srv.base, message(), bad)
    # documented choice: a configuration error must not bounce the report
    assert r.rc == EX_TEMPFAIL and r.stdout == "", r.describe()
    assert "401" in r.stderr and "token" in r.stderr, r.stderr
    # a full-scope token of a user who may not submit mail (viewer): 403
    v = srv.make_user(role="viewer", all_constituencies=True)
    t = cli("user", "token", "create", v["login"], "--db", srv.db)
    assert t.rc == 0, t.describe()
    r = mailgate(srv.base, message(), env_token=t.stdout.strip())
    assert r.rc == EX_TEMPFAIL and "403" in r.stderr, r.describe()


def test_mailgate_world_readable_token_file_refused(srv, tmp):
    tok, _ = intake_token(srv, tmp, mode=0o644)
    r = mailgate(srv.base, message(), tok)
    assert r.rc == EX_TEMPFAIL and r.stdout == "", r.describe()
    assert "chmod" in r.stderr, r.stderr
    os.chmod(tok, 0o640)  # group-readable (the MTA's group) is fine
    r = mailgate(srv.base, message(), tok)
    assert r.rc == 0, r.describe()


def test_mailgate_empty_input_and_usage(srv, tmp):
    tok, _ = intake_token(srv, tmp)
    r = mailgate(srv.base, b"", tok)
    assert r.rc == EX_NOINPUT and r.stdout == "", r.describe()
    for args in (["mailgate"], ["mailgate", "--url", "ftp://127.0.0.1/"], ["mailgate", "--url", srv.base, "--nope"],
                 ["mailgate", "--url", srv.base, "extra"]):
        r = cli(*args, input=message())
        assert r.rc == EX_USAGE, r.describe()
    r = cli("mailgate", "--help")
    assert r.rc == 0 and "EX_TEMPFAIL" in r.stdout and "401/403" in r.stdout, r.describe()


def test_mailgate_missing_token_is_tempfail(srv, tmp):
    r = mailgate(srv.base, message())
    assert r.rc == EX_TEMPFAIL and "HIKESHI_TOKEN" in r.stderr, r.describe()
    r = mailgate(srv.base, message(), tmp / "does-not-exist")
    assert r.rc == EX_TEMPFAIL, r.describe()


def test_mailgate_huge_message_is_truncated_and_recorded(srv, tmp):
    tok, _ = intake_token(srv, tmp)
    subject = "huge " + uniq("s")
    filler = (b"A" * 76 + b"\n") * (40 * 1024 * 1024 // 77 + 1)
    raw = message(subject, body="大きな添付\n", extra=filler)
    assert len(raw) > 40 * 1024 * 1024
    r = mailgate(srv.base, raw, tok)
    assert r.rc == 0 and RPT_KEY.match(r.stdout.strip()), r.describe()
    assert "truncated" in r.stderr, r.stderr
    rep = expect(srv.admin().get("reports/%s" % r.stdout.strip()), 200)
    assert rep["subject"] == subject, rep
    mails = expect(srv.admin().get("reports/%d/mails" % rep["id"]), 200)["items"]
    assert len(mails) == 1 and "truncated" in mails[0]["flags"], mails
    assert mails[0]["raw_size"] == 32 * 1024 * 1024, mails[0]["raw_size"]
    raw_back = srv.admin().get("mails/%d/raw" % mails[0]["id"])
    assert raw_back.status == 200
    assert raw_back.body.startswith(b"X-Hikeshi-Truncated: %d\n" % len(raw)), raw_back.body[:80]
    assert raw_back.body[len(b"X-Hikeshi-Truncated: %d\n" % len(raw)):] == raw[:len(raw_back.body) - len(
        b"X-Hikeshi-Truncated: %d\n" % len(raw))]
