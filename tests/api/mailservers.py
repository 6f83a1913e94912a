"""
mailservers.py - real mail servers for the point-of-contact tests.

Dovecot (Debian dovecot-imapd) and an SMTP sink (python3-aiosmtpd), each on
a free 127.0.0.1 port with a throw-away configuration in a temporary
directory, stopped with stop(). No mocks: the server under test speaks
IMAP and SMTP to them over loopback, as it would in production.

    imap = Dovecot()                   # user "csirt", password imap.password
    imap.append("INBOX", raw_bytes)    # deliver a message (IMAP APPEND)
    imap.uids("Processed")             # UIDs in a folder
    sink = SmtpSink()                  # sink.messages: list of Received
    sink.wait_for(1, timeout=10)
    imap.stop(); sink.stop()

Dovecot runs in the foreground (-F) as the current user, also when that is
root (as in CI): internal and login users are the current user, login
processes are not chrooted, first_valid_uid is the current uid.
"""

import email
import email.policy
import grp
import imaplib
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

DOVECOT = os.environ.get("HIKESHI_DOVECOT", "/usr/sbin/dovecot")
KEEP = bool(os.environ.get("HIKESHI_KEEP"))


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _wait_port(port, timeout, proc=None, what="server"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError("%s exited with %s before listening" % (what, proc.returncode))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("%s did not listen on port %d within %.0f s" % (what, port, timeout))


# ------------------------------------------------------------------ Dovecot

_DOVECOT_CONF = """\
# Throw-away configuration for tests (written by tests/api/mailservers.py).
protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
info_log_path = {dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_login_user = {login_user}
default_internal_group = {internal_group}
first_valid_uid = {uid}
last_valid_uid = {uid}
first_valid_gid = 0
mail_location = maildir:{dir}/mail/%u
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {dir}/passwd
  default_fields = uid={uid} gid={gid} home={dir}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  inet_listener http {{
    port = 0
  }}
}}
"""


class Dovecot:
    """A Dovecot IMAP server with one user (login `user`, `password`)."""

    def __init__(self, user="csirt", password=None, timeout=20):
        self.dir = Path(tempfile.mkdtemp(prefix="hikeshi-dovecot-"))
        self.user = user
        self.password = password or "imap-" + secrets.token_hex(8)
        self.port = free_port()
        self.proc = None
        pw = pwd.getpwuid(os.getuid())
        group = grp.getgrgid(os.getgid()).gr_name
        login_user = internal_user = pw.pw_name
        internal_group = group
        mail_uid, mail_gid = os.getuid(), os.getgid()
        if os.getuid() == 0:
            # Dovecot refuses to run login processes as root: use Debian's
            # unprivileged users, which must reach base_dir.
            login_user, internal_user, internal_group = "dovenull", "dovecot", "dovecot"
            # Nor mail access as uid 0: the mail belongs to "dovecot".
            self.dir.chmod(0o755)
            dv = pwd.getpwnam("dovecot")
            mail_uid, mail_gid = dv.pw_uid, dv.pw_gid
        for d in ("run", "state", "mail", "home"):
            (self.dir / d).mkdir(mode=0o755 if d == "run" else 0o700)
            if d in ("mail", "home"):
                os.chown(self.dir / d, mail_uid, mail_gid)
        (self.dir / "passwd").write_text("%s:{PLAIN}%s::::::\n" % (user, self.password))
        self.conf = self.dir / "dovecot.conf"
        self.conf.write_text(_DOVECOT_CONF.format(dir=self.dir, login_user=login_user,
                                                  internal_user=internal_user,
                                                  internal_group=internal_group,
                                                  uid=mail_uid, gid=mail_gid,
                                                  port=self.port))
        self.start(timeout)

    @property
    def url(self):
        return "imap://127.0.0.1:%d" % self.port

    def password_file(self, where=None):
        p = Path(where or self.dir) / "imap-password"
        p.write_text(self.password + "\n")
        return str(p)

    def start(self, timeout=20):
        assert self.proc is None, "dovecot already running"
        self.proc = subprocess.Popen([DOVECOT, "-F", "-c", str(self.conf)],
                                     stdin=subprocess.DEVNULL,
                                     stdout=open(self.dir / "stdout", "wb"),
                                     stderr=subprocess.STDOUT)
        try:
            _wait_port(self.port, timeout, self.proc, "dovecot")
        except AssertionError as e:
            self.stop()
            raise AssertionError("%s\n%s" % (e, self.log()[-3000:]))
        return self

    def log(self):
        text = ""
        for name in ("stdout", "dovecot.log"):
            try:
                text += (self.dir / name).read_text("utf-8", "replace")
            except OSError:
                pass
        return text

    def stop(self):
        if self.proc is None:
            return
        p, self.proc = self.proc, None
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def close(self):
        self.stop()
        if not KEEP:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # -- IMAP client side (python imaplib)
    def connect(self):
        c = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        c.login(self.user, self.password)
        return c

    def append(self, mailbox, raw, flags=""):
        """IMAP APPEND raw (bytes) to mailbox (created if missing); returns
        the new UID (from APPENDUID) or None."""
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        c = self.connect()
        try:
            if mailbox.upper() != "INBOX":
                c.create(mailbox)
            typ, data = c.append(mailbox, flags or None, None, raw)
            assert typ == "OK", "APPEND to %s failed: %r" % (mailbox, data)
            m = re.search(rb"APPENDUID \d+ (\d+)", data[0] or b"")
            return int(m.group(1)) if m else None
        finally:
            c.logout()

    def uids(self, mailbox, criterion="ALL"):
        """UIDs in mailbox matching an IMAP search criterion ([] when the
        mailbox does not exist)."""
        c = self.connect()
        try:
            typ, _ = c.select(mailbox, readonly=True)
            if typ != "OK":
                return []
            typ, data = c.uid("SEARCH", None, criterion)
            assert typ == "OK", "UID SEARCH failed: %r" % (data,)
            return [int(x) for x in (data[0] or b"").split()]
        finally:
            c.logout()

    def fetch(self, mailbox, uid):
        """Raw bytes of one message (BODY.PEEK[])."""
        c = self.connect()
        try:
            c.select(mailbox, readonly=True)
            typ, data = c.uid("FETCH", str(uid), "(BODY.PEEK[])")
            assert typ == "OK" and data and isinstance(data[0], tuple), "FETCH failed: %r" % (data,)
            return data[0][1]
        finally:
            c.logout()

    def flags(self, mailbox, uid):
        c = self.connect()
        try:
            c.select(mailbox, readonly=True)
            typ, data = c.uid("FETCH", str(uid), "(FLAGS)")
            assert typ == "OK", "FETCH FLAGS failed: %r" % (data,)
            m = re.search(rb"FLAGS \(([^)]*)\)", data[0] or b"")
            return m.group(1).decode().split() if m else []
        finally:
            c.logout()

    def mailboxes(self):
        c = self.connect()
        try:
            typ, data = c.list()
            names = []
            for line in data or []:
                m = re.search(rb' "?/"? "?([^"]+)"?$', line)
                if m:
                    names.append(m.group(1).decode())
            return names
        finally:
            c.logout()


# ---------------------------------------------------------------- SMTP sink


class Received:
    """One message the sink accepted."""

    def __init__(self, mail_from, rcpt_tos, data):
        self.mail_from = mail_from
        self.rcpt_tos = list(rcpt_tos)
        self.data = data
        self.msg = email.message_from_bytes(data, policy=email.policy.default)

    @property
    def subject(self):
        return str(self.msg["Subject"] or "")

    def header(self, name):
        v = self.msg[name]
        return None if v is None else str(v)

    def raw_header(self, name):
        """The header line as sent (unfolded, not decoded)."""
        head = self.data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
        head = re.sub(rb"\r?\n[ \t]", b" ", head)
        for line in head.splitlines():
            k, _, v = line.partition(b":")
            if k.strip().lower() == name.lower().encode():
                return v.strip().decode("ascii", "replace")
        return None

    def text(self):
        part = self.msg.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""


class SmtpSink:
    """An SMTP server that records every message (aiosmtpd Controller).
    reject_code: when set (e.g. 550), RCPT is answered with it."""

    def __init__(self, port=None):
        from aiosmtpd.controller import Controller

        self.messages = []
        self.lock = threading.Condition()
        self.reject_code = None
        sink = self

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if sink.reject_code:
                    return "%d 5.1.1 rejected by the test sink" % sink.reject_code
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                with sink.lock:
                    sink.messages.append(Received(envelope.mail_from, envelope.rcpt_tos,
                                                  envelope.original_content or envelope.content))
                    sink.lock.notify_all()
                return "250 Message accepted"

        self.port = port or free_port()
        self._controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.running = False
        self.start()

    @property
    def url(self):
        return "smtp://127.0.0.1:%d" % self.port

    def start(self):
        if not self.running:
            self._controller.start()
            self.running = True
        return self

    def stop(self):
        if self.running:
            self._controller.stop()
            self.running = False

    close = stop

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def wait_for(self, n, timeout=15, match=None):
        """Waits until n messages (matching match(Received) when given) have
        arrived; returns them. Fails after timeout."""
        deadline = time.time() + timeout
        with self.lock:
            while True:
                got = [m for m in self.messages if match is None or match(m)]
                if len(got) >= n:
                    return got
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError("SMTP sink: %d of %d messages after %.0f s (all: %r)" % (
                        len(got), n, timeout, [m.subject for m in self.messages]))
                self.lock.wait(left)
