"""
harness.py - a tiny black-box test framework for the hikeshi server.

Python 3 standard library only. It starts the real `hikeshi` binary on a
temporary database and a free loopback port, talks HTTP to it, and checks
the server's stderr for sanitizer reports when it stops.

    with Server() as srv:
        admin = srv.admin()                   # Client with an admin bearer token
        c = srv.make_constituency()           # {"id":..,"code":..}
        r = admin.post("incidents", {"title": "x", "constituency_id": c["id"]})
        assert r.status == 201

The binary is `build/hikeshi` in the repository, or $HIKESHI_BIN (relative
paths are resolved against the current directory first, then the repo).
Set HIKESHI_KEEP=1 to keep the temporary directories for a post-mortem.
"""

import atexit
import collections
import datetime
import http.client
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ADMIN_LOGIN = "admin"
SANITIZER_MARKERS = (
    "ERROR: AddressSanitizer",
    "runtime error:",
    "LeakSanitizer",
    "ThreadSanitizer",
    "ERROR: MemorySanitizer",
)
HEALTH_TIMEOUT = float(os.environ.get("HIKESHI_HEALTH_TIMEOUT", "20"))
STOP_TIMEOUT = float(os.environ.get("HIKESHI_STOP_TIMEOUT", "30"))
HTTP_TIMEOUT = float(os.environ.get("HIKESHI_HTTP_TIMEOUT", "30"))
PROBLEM_BASE = "https://hikeshi.dev/problems/"
RFC3339_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
INC_KEY = re.compile(r"^INC-(\d{4})-(\d{5,})$")
RPT_KEY = re.compile(r"^RPT-(\d{4})-(\d{5,})$")

_counter = itertools.count(1)
_LIVE = set()  # server processes still running, killed at exit if a run is cut short


@atexit.register
def _kill_leftovers():
    for p in list(_LIVE):
        if p.poll() is None:
            p.kill()
            p.wait()
_RUN = secrets.token_hex(3)


def uniq(prefix="t"):
    """A short unique name: prefix + run tag + counter (fits code/login rules)."""
    return "%s-%s%d" % (prefix, _RUN, next(_counter))


def new_password():
    return "Pw-" + secrets.token_hex(12) + "-Zz9"


def hikeshi_bin():
    env = os.environ.get("HIKESHI_BIN")
    if env:
        p = Path(env)
        if not p.is_absolute():
            p = p if p.exists() else REPO / p
        return str(p.resolve())
    return str(REPO / "build" / "hikeshi")


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def sanitizer_lines(text):
    return [ln for ln in text.splitlines() if any(m in ln for m in SANITIZER_MARKERS)]


def parse_time(s):
    """RFC 3339 -> aware datetime (accepts Z)."""
    assert isinstance(s, str), "expected an RFC 3339 string, got %r" % (s,)
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))


def utc_now_str(offset_seconds=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=offset_seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def jst_year():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=9)).year


# --------------------------------------------------------------------- CLI


class CliResult(collections.namedtuple("CliResult", "rc stdout stderr args")):
    @property
    def output(self):
        return self.stdout + self.stderr

    def describe(self):
        return "hikeshi %s -> rc=%s\nstdout: %s\nstderr: %s" % (
            " ".join(self.args), self.rc, self.stdout[-2000:], self.stderr[-2000:])


def cli(*args, input=None, timeout=120, check_sanitizer=True, env=None):
    """Run `hikeshi ARGS...`; returns CliResult(rc, stdout, stderr, args).
    Fails (AssertionError) when stderr holds a sanitizer report."""
    args = [str(a) for a in args]
    p = subprocess.run([hikeshi_bin()] + args, input=input, capture_output=True,
                       timeout=timeout, env=env)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    res = CliResult(p.returncode, out, err, args)
    if check_sanitizer:
        bad = sanitizer_lines(err)
        assert not bad, "sanitizer report from CLI:\n" + res.describe()
    return res


# ------------------------------------------------------------------ Client

Resp = collections.namedtuple("Resp", "status headers json body")


def _resp_repr(self):
    body = self.body[:600].decode("utf-8", "replace") if self.body else ""
    return "HTTP %s %s" % (self.status, body)


Resp.__str__ = _resp_repr
_DEFAULT = object()


class Client:
    """HTTP client for one identity. Never raises on 4xx/5xx.

    Paths starting with "/" are used as they are; other paths are relative
    to /api/v1/ ("incidents/3" -> "/api/v1/incidents/3").
    Methods return Resp(status, headers, json-or-None, raw bytes)."""

    def __init__(self, base, token=None, timeout=HTTP_TIMEOUT):
        u = urllib.parse.urlsplit(base)
        self.host = u.hostname
        self.port = u.port
        self.base = base
        self.token = token
        self.timeout = timeout
        self.cookies = {}
        self.csrf = None
        self.auto_csrf = True
        self.last_set_cookies = []

    def copy(self):
        c = Client(self.base, self.token, self.timeout)
        c.cookies = dict(self.cookies)
        c.csrf = self.csrf
        c.auto_csrf = self.auto_csrf
        return c

    @staticmethod
    def url(path, params=None):
        if not path.startswith("/"):
            path = "/api/v1/" + path
        if params:
            path += ("&" if "?" in path else "?") + urllib.parse.urlencode(params)
        return path

    def request(self, method, path, body=None, data=None, params=None, headers=None,
                content_type=_DEFAULT, if_match=None, csrf=_DEFAULT, token=_DEFAULT,
                cookies=_DEFAULT):
        """body: a JSON-able value (sent as application/json); data: raw
        bytes/str sent as is. csrf: _DEFAULT = automatic, False/None = none,
        str = that header value. token/cookies override the client's."""
        hdrs = {"Accept": "application/json"}
        if data is None and body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        if isinstance(data, str):
            data = data.encode("utf-8")
        if data is not None:
            ct = "application/json" if content_type is _DEFAULT else content_type
            if ct is not None:
                hdrs["Content-Type"] = ct
        tok = self.token if token is _DEFAULT else token
        if tok:
            hdrs["Authorization"] = "Bearer " + tok
        jar = self.cookies if cookies is _DEFAULT else (cookies or {})
        if jar:
            hdrs["Cookie"] = "; ".join("%s=%s" % kv for kv in jar.items())
        if csrf is _DEFAULT:
            if (self.auto_csrf and jar and self.csrf
                    and method in ("POST", "PATCH", "PUT", "DELETE")):
                hdrs["X-CSRF-Token"] = self.csrf
        elif csrf:
            hdrs["X-CSRF-Token"] = csrf
        if if_match is not None:
            hdrs["If-Match"] = if_match if isinstance(if_match, str) else '"%d"' % if_match
        if headers:
            for k, v in headers.items():
                if v is None:
                    hdrs.pop(k, None)
                else:
                    hdrs[k] = v
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            try:
                conn.request(method, self.url(path, params), body=data, headers=hdrs)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server may answer (e.g. 413) before reading the whole body
            resp = conn.getresponse()
            raw = resp.read()
            rh = resp.headers
            status = resp.status
        finally:
            conn.close()
        self._store_cookies(rh)
        js = None
        ctype = rh.get("Content-Type", "") or ""
        if raw and "json" in ctype:
            try:
                js = json.loads(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                js = None
        return Resp(status, rh, js, raw)

    def _store_cookies(self, headers):
        sc = headers.get_all("Set-Cookie") or []
        self.last_set_cookies = sc
        for line in sc:
            parts = [p.strip() for p in line.split(";")]
            if "=" not in parts[0]:
                continue
            name, value = parts[0].split("=", 1)
            attrs = {}
            for p in parts[1:]:
                k, _, v = p.partition("=")
                attrs[k.strip().lower()] = v.strip()
            expired = value == "" or attrs.get("max-age") in ("0", "-1")
            if "expires" in attrs and not expired:
                try:
                    from email.utils import parsedate_to_datetime
                    exp = parsedate_to_datetime(attrs["expires"])
                    if exp.timestamp() < time.time():
                        expired = True
                except (TypeError, ValueError):
                    pass
            if expired:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, path, params=None, **kw):
        return self.request("GET", path, params=params, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, login, password):
        """POST /api/v1/session; on 200 keeps the cookie and the CSRF token."""
        r = self.post("session", {"login": login, "password": password}, csrf=False,
                      token=None)
        if r.status == 200 and r.json:
            self.csrf = r.json.get("csrf_token")
        return r

    def list_all(self, path, params=None, limit=200, max_pages=1000):
        """Follow next_cursor; returns every item. Fails on a non-200 page."""
        params = dict(params or {})
        params["limit"] = limit
        items = []
        for _ in range(max_pages):
            r = self.get(path, params=params)
            assert r.status == 200, "GET %s %r -> %s" % (path, params, r)
            items.extend(r.json["items"])
            cur = r.json.get("next_cursor")
            if not cur:
                return items
            params["cursor"] = cur
        raise AssertionError("pagination did not end after %d pages" % max_pages)


def etag_version(resp):
    """The version in an ETag header `"N"` (int), or fail."""
    et = resp.headers.get("ETag")
    assert et is not None, "no ETag header in %s" % (resp,)
    m = re.fullmatch(r'"(\d+)"', et.strip())
    assert m, "ETag %r is not \"<version>\"" % et
    return int(m.group(1))


def expect(resp, status, what=""):
    """Assert resp.status == status (or in status when a tuple); returns resp.json."""
    ok = resp.status in status if isinstance(status, tuple) else resp.status == status
    assert ok, "%sexpected HTTP %s, got %s" % (what + ": " if what else "", status, resp)
    return resp.json


def problem_fields(resp):
    errs = (resp.json or {}).get("errors") or []
    return [e.get("field") for e in errs if isinstance(e, dict)]


def assert_problem(resp, status, slug, field=None):
    """Check an RFC 9457 problem answer: status, Content-Type
    application/problem+json, type ending in /<slug> (slug may be a tuple of
    allowed slugs), status, title, detail; field (str or list) must be
    named in errors[]."""
    assert resp.status == status, "expected HTTP %s %s, got %s" % (status, slug, resp)
    ct = resp.headers.get("Content-Type", "")
    assert ct.split(";")[0].strip() == "application/problem+json", \
        "Content-Type %r is not application/problem+json (%s)" % (ct, resp)
    j = resp.json
    assert isinstance(j, dict), "problem body is not a JSON object: %s" % (resp,)
    slugs = slug if isinstance(slug, tuple) else (slug,)
    t = j.get("type")
    assert isinstance(t, str) and any(t.endswith("/" + s) for s in slugs), \
        "problem type %r does not end in /%s" % (t, "|/".join(slugs))
    assert j.get("status") == status, "problem status %r != %s" % (j.get("status"), status)
    assert isinstance(j.get("title"), str) and j["title"], "problem has no title: %s" % (resp,)
    assert isinstance(j.get("detail"), str) and j["detail"], "problem has no detail: %s" % (resp,)
    if field is not None:
        want = field if isinstance(field, (list, tuple)) else [field]
        names = problem_fields(resp)
        for f in want:
            assert f in names, "errors[] does not name %r (names %r): %s" % (f, names, resp)
    return j


def assert_no_secret(obj, where=""):
    """No key mentioning password/hash, no argon2 string anywhere."""
    text = json.dumps(obj)
    assert "$argon2" not in text, "%s leaks an argon2 hash: %s" % (where, text[:300])

    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                assert "password" not in k.lower() and "hash" not in k.lower(), \
                    "%s has a field %r" % (where, k)
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(obj)


def raw_http(host, port, payload, timeout=30):
    """Send raw bytes and read the whole answer concurrently (so an early
    answer, e.g. 413 before the body is read, is not lost). Returns
    (status or None, headers dict (lower-case), body bytes, raw bytes)."""
    s = socket.create_connection((host, port), timeout=timeout)
    got = bytearray()
    done = threading.Event()

    def reader():
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                got.extend(b)
                if _complete(bytes(got)):
                    break
        except OSError:
            pass
        done.set()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    try:
        view = memoryview(payload)
        while len(view) and not done.is_set():
            n = s.send(view[:65536])
            view = view[n:]
    except OSError:
        pass
    done.wait(timeout)
    try:
        s.close()
    except OSError:
        pass
    raw = bytes(got)
    return _parse_raw(raw) + (raw,)


def _complete(raw):
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        return False
    m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    if m:
        return len(body) >= int(m.group(1))
    if re.search(rb"(?im)^transfer-encoding:\s*chunked", head):
        return body.endswith(b"0\r\n\r\n")
    return False


def _parse_raw(raw):
    head, sep, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3})", lines[0]) if lines else None
    if not m:
        return (None, {}, b"")
    hdrs = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    return (int(m.group(1)), hdrs, body)


# ------------------------------------------------------------------ Server


class Server:
    """One hikeshi server on a temporary database.

    Server() inits a new DB in a temp dir (admin password from a file) and
    starts `serve`. stop() sends SIGTERM, waits, and fails when the exit
    status is not 0 or stderr holds a sanitizer report; kill9() SIGKILLs;
    start() / restart() serve the same DB again."""

    def __init__(self, db=None, init=True, start=True, workdir=None):
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="hikeshi-test-"))
        self._own_dir = workdir is None
        self.db = str(db or self.workdir / "hikeshi.db")
        self.admin_password = new_password()
        self.proc = None
        self.port = None
        self.base = None
        self.starts = 0
        self.logs = []
        self._scan = {}
        self._admin_token = None
        self._admin_id = None
        self.last_rc = None
        self.extra_args = ()  # kept for restarts (e.g. ("--config", path))
        if init:
            pwf = self.write_file("admin.pw", self.admin_password + "\n")
            r = cli("init", "--db", self.db, "--admin-password-file", pwf)
            assert r.rc == 0, "init failed:\n" + r.describe()
        if start:
            self.start()

    # -- files
    def write_file(self, name, text):
        p = self.workdir / name
        p.write_text(text, encoding="utf-8")
        return str(p)

    def password_file(self, password):
        return self.write_file("pw-%s.txt" % secrets.token_hex(4), password + "\n")

    # -- process
    def start(self, timeout=HEALTH_TIMEOUT, extra_args=None):
        """Starts serve; extra_args (e.g. ("--config", path)) are remembered
        for later start()/restart() calls that do not give their own."""
        assert self.proc is None, "server already running"
        if extra_args is None:
            extra_args = self.extra_args
        self.extra_args = tuple(extra_args)
        last = None
        for _attempt in range(3):
            self.starts += 1
            self.port = free_port()
            self.base = "http://127.0.0.1:%d" % self.port
            log = self.workdir / ("serve-%d.stderr" % self.starts)
            self.logs.append(log)
            out = open(self.workdir / ("serve-%d.stdout" % self.starts), "wb")
            err = open(log, "wb")
            self.proc = subprocess.Popen(
                [hikeshi_bin(), "serve", "--db", self.db, "--listen",
                 "127.0.0.1:%d" % self.port] + list(extra_args),
                stdout=out, stderr=err, stdin=subprocess.DEVNULL)
            _LIVE.add(self.proc)
            out.close()
            err.close()
            try:
                self.wait_healthy(timeout)
                return self
            except AssertionError as e:
                last = e
                if self.proc.poll() is None:
                    self.proc.kill()
                    self.proc.wait()
                rc = self.proc.returncode
                self.proc = None
                text = self.log_text(log)
                if "in use" not in text.lower():
                    raise AssertionError("%s (rc=%s)\nserver stderr:\n%s" % (e, rc, text[-3000:]))
        raise last

    def wait_healthy(self, timeout=HEALTH_TIMEOUT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("server exited with %s before /healthz answered"
                                     % self.proc.returncode)
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                r = conn.getresponse()
                r.read()
                conn.close()
                if r.status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError("/healthz did not answer 200 within %.0f s" % timeout)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    @staticmethod
    def log_text(path):
        try:
            return Path(path).read_text("utf-8", "replace")
        except OSError:
            return ""

    def stderr_text(self):
        return "".join(self.log_text(p) for p in self.logs)

    def new_sanitizer_reports(self):
        """Sanitizer lines written since the last call (for per-test blame)."""
        found = []
        for p in self.logs:
            text = self.log_text(p)
            start = self._scan.get(str(p), 0)
            self._scan[str(p)] = len(text)
            found += sanitizer_lines(text[start:])
        return found

    def check_sanitizers(self):
        bad = sanitizer_lines(self.stderr_text())
        assert not bad, "sanitizer report in server stderr:\n" + self.stderr_text()[-6000:]

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM, wait; fail on a non-zero exit or a sanitizer report."""
        if self.proc is None:
            return
        p, self.proc = self.proc, None
        _LIVE.discard(p)
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                raise AssertionError("server did not exit within %.0f s of SIGTERM" % timeout)
            rc = p.returncode
            self.last_rc = rc
            self.check_sanitizers()
            assert rc == 0, "server exited with status %s after SIGTERM\nstderr:\n%s" % (
                rc, self.stderr_text()[-3000:])
        else:
            self.last_rc = p.returncode
            self.check_sanitizers()
            raise AssertionError("server had already exited with %s\nstderr:\n%s" % (
                p.returncode, self.stderr_text()[-3000:]))

    def kill9(self):
        if self.proc is None:
            return
        p, self.proc = self.proc, None
        _LIVE.discard(p)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
        p.wait()
        self.last_rc = p.returncode
        self.check_sanitizers()

    def restart(self):
        self.stop()
        return self.start()

    def close(self):
        try:
            self.stop()
        finally:
            if self._own_dir and not os.environ.get("HIKESHI_KEEP"):
                shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, et, ev, tb):
        if et is None:
            self.close()
        else:
            try:
                self.close()
            except AssertionError:
                pass
        return False

    # -- clients and fixtures
    def client(self, token=None):
        return Client(self.base, token=token)

    def login(self, login, password):
        """A cookie-authenticated client; fails unless the login answers 200."""
        c = self.client()
        r = c.login(login, password)
        assert r.status == 200, "login %s failed: %s" % (login, r)
        return c

    def admin_token(self):
        """An API token for `admin` (login + POST /users/{id}/tokens; cached)."""
        if self._admin_token is None:
            c = self.login(ADMIN_LOGIN, self.admin_password)
            me = expect(c.get("me"), 200, "GET /me")
            self._admin_id = me["id"]
            r = c.post("users/%d/tokens" % me["id"], {"name": "tests"})
            j = expect(r, 201, "create admin token")
            self._admin_token = j["token"]
        return self._admin_token

    def admin(self):
        return self.client(self.admin_token())

    @property
    def admin_id(self):
        self.admin_token()
        return self._admin_id

    def make_constituency(self, code=None, name=None, **extra):
        body = {"code": code or uniq("C"), "name": name or "テスト部門 " + uniq("n")}
        body.update(extra)
        return expect(self.admin().post("constituencies", body), 201, "create constituency")

    def make_user(self, login=None, role="handler", constituency_ids=None,
                  all_constituencies=False, password=None, tlp_max=None, **extra):
        """POST /users as admin; returns the user object with "_password" added."""
        password = password or new_password()
        body = {"login": login or uniq("u"), "display_name": "テスト 利用者", "role": role,
                "password": password, "all_constituencies": all_constituencies,
                "constituency_ids": list(constituency_ids or [])}
        if tlp_max is not None:
            body["tlp_max"] = tlp_max
        body.update(extra)
        u = expect(self.admin().post("users", body), 201, "create user")
        u["_password"] = password
        return u

    def user_token(self, user):
        r = self.admin().post("users/%d/tokens" % user["id"], {"name": "t"})
        return expect(r, 201, "create token for %s" % user.get("login"))["token"]

    def user_client(self, user):
        """A bearer-token client for a user made by make_user."""
        return self.client(self.user_token(user))

    def make_incident(self, client=None, **fields):
        body = {"title": "テスト インシデント " + uniq("i")}
        body.update(fields)
        r = (client or self.admin()).post("incidents", body)
        return expect(r, 201, "create incident %r" % (body,))

    def health(self):
        return self.client().get("/healthz")


def count_incidents(client, params=None):
    return len(client.list_all("incidents", params))
