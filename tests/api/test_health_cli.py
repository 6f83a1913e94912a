"""/healthz and the command-line interface (init, user, backup, audit, demo, serve)."""

import re
import sqlite3
import subprocess

from harness import (ADMIN_LOGIN, Server, cli, expect, hikeshi_bin, new_password, uniq,
                     sanitizer_lines)

EX_USAGE = 64


def sql(db, query, args=()):
    con = sqlite3.connect(db, timeout=10)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def login_status(srv, login, password):
    return srv.client().login(login, password).status


# ------------------------------------------------------------------ health


def test_healthz(srv):
    r = srv.client().get("/healthz")
    assert r.status == 200, r
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
    assert r.json["status"] == "ok", r.json
    v = r.json["schema_version"]
    assert isinstance(v, int) and v >= 1, r.json
    db_v = sql(srv.db, "SELECT value FROM meta WHERE name='schema_version'")
    assert db_v and int(db_v[0][0]) == v, "meta.schema_version %r != healthz %r" % (db_v, v)


# -------------------------------------------------------------------- help


def test_help_every_subcommand():
    for sub in (["init"], ["serve"], ["user"], ["demo"], ["backup"], ["audit"],
                ["user", "add"], ["user", "token"], ["audit", "verify"]):
        r = cli(*(sub + ["--help"]))
        assert r.rc == 0, r.describe()
        assert r.stdout.strip(), "no usage on stdout: " + r.describe()
        assert "usage" in r.stdout.lower(), "stdout has no 'usage': " + r.describe()


def test_top_level_help():
    r = cli("--help")
    assert r.rc == 0, r.describe()
    for sub in ("init", "serve", "user", "backup", "audit", "demo"):
        assert sub in r.stdout, "top-level help does not mention %s: %s" % (sub, r.describe())


def test_unknown_subcommand_is_usage_error():
    r = cli("frobnicate")
    assert r.rc == EX_USAGE, r.describe()
    assert r.stderr.strip(), "no message on stderr: " + r.describe()
    assert not r.stdout.strip(), "usage error must go to stderr: " + r.describe()


def test_unknown_option_is_usage_error(tmp):
    for args in (["init", "--db", str(tmp / "x.db"), "--bogus-option"],
                 ["serve", "--bogus-option"],
                 ["backup", "--bogus-option"],
                 ["audit", "verify", "--bogus-option"]):
        r = cli(*args, timeout=30)
        assert r.rc == EX_USAGE, r.describe()
        assert r.stderr.strip(), r.describe()
    assert not (tmp / "x.db").exists(), "init with a bad option still created the DB"


# -------------------------------------------------------------------- init


def test_init_prints_generated_admin_password(tmp):
    db = tmp / "gen.db"
    r = cli("init", "--db", db)
    assert r.rc == 0, r.describe()
    assert re.search(r"(?m)^Administrator login: admin\s*$", r.stdout), r.describe()
    m = re.search(r"(?m)^Administrator password: (\S+)\s*$", r.stdout)
    assert m, r.describe()
    pw = m.group(1)
    assert len(pw) >= 12, "generated password too short: %r" % pw
    srv = Server(db=db, init=False, workdir=tmp)
    try:
        assert login_status(srv, ADMIN_LOGIN, pw) == 200
    finally:
        srv.stop()


def test_init_refuses_existing_db(srv):
    before = sql(srv.db, "SELECT password_hash FROM app_user WHERE login='admin'")
    pwf = srv.password_file(new_password())
    r = cli("init", "--db", srv.db, "--admin-password-file", pwf)
    assert r.rc != 0, "init over an existing DB succeeded: " + r.describe()
    assert r.stderr.strip(), "no message: " + r.describe()
    after = sql(srv.db, "SELECT password_hash FROM app_user WHERE login='admin'")
    assert before == after, "init changed the admin password of the existing DB"
    assert login_status(srv, ADMIN_LOGIN, srv.admin_password) == 200


# -------------------------------------------------------------------- user


def test_user_add_list_and_login(srv):
    login = uniq("cli")
    pw = new_password()
    r = cli("user", "add", "--db", srv.db, login, "--role", "handler", "--name", "山田 太郎",
            "--email", "yamada@example.co.jp", "--all-constituencies",
            "--password-file", srv.password_file(pw))
    assert r.rc == 0, r.describe()
    r = cli("user", "list", "--db", srv.db)
    assert r.rc == 0, r.describe()
    assert login in r.stdout, r.describe()
    c = srv.client()
    assert c.login(login, pw).status == 200
    me = expect(c.get("me"), 200)
    assert me["login"] == login and me["role"] == "handler", me
    assert me["display_name"] == "山田 太郎", me
    assert me["email"] == "yamada@example.co.jp", me
    assert me["all_constituencies"] is True, me


def test_user_add_with_constituency(srv):
    c1 = srv.make_constituency()
    c2 = srv.make_constituency()
    login = uniq("cli")
    r = cli("user", "add", "--db", srv.db, login, "--role", "viewer",
            "--constituency", c1["code"], "--constituency", c2["code"],
            "--password-file", srv.password_file(new_password()))
    assert r.rc == 0, r.describe()
    users = srv.admin().list_all("users")
    u = [x for x in users if x["login"] == login]
    assert len(u) == 1, "user %s not listed by the API" % login
    assert u[0]["role"] == "viewer"
    assert u[0]["all_constituencies"] is False, u[0]
    assert sorted(u[0]["constituency_ids"]) == sorted([c1["id"], c2["id"]]), u[0]


def test_user_add_rejects_bad_input(srv):
    pwf = srv.password_file(new_password())
    r = cli("user", "add", "--db", srv.db, uniq("cli"), "--role", "superuser", "--password-file", pwf)
    assert r.rc != 0, r.describe()
    r = cli("user", "add", "--db", srv.db, uniq("cli"), "--role", "handler",
            "--constituency", "NO-SUCH-CODE-" + uniq("x"), "--password-file", pwf)
    assert r.rc != 0, "unknown constituency code accepted: " + r.describe()
    login = uniq("cli")
    assert cli("user", "add", "--db", srv.db, login, "--role", "handler",
               "--all-constituencies", "--password-file", pwf).rc == 0
    r = cli("user", "add", "--db", srv.db, login, "--role", "handler",
            "--all-constituencies", "--password-file", pwf)
    assert r.rc != 0, "duplicate login accepted: " + r.describe()


def test_user_passwd(srv):
    u = srv.make_user(role="handler", all_constituencies=True)
    new = new_password()
    r = cli("user", "passwd", "--db", srv.db, u["login"], "--password-file", srv.password_file(new))
    assert r.rc == 0, r.describe()
    assert login_status(srv, u["login"], new) == 200
    assert login_status(srv, u["login"], u["_password"]) == 401


def test_user_disable(srv):
    u = srv.make_user(role="handler", all_constituencies=True)
    assert login_status(srv, u["login"], u["_password"]) == 200
    r = cli("user", "disable", "--db", srv.db, u["login"])
    assert r.rc == 0, r.describe()
    assert login_status(srv, u["login"], u["_password"]) == 401
    j = expect(srv.admin().get("users/%d" % u["id"]), 200)
    assert j["disabled"] is True, j


def test_user_token_create_and_revoke(srv):
    u = srv.make_user(role="handler", all_constituencies=True)
    r = cli("user", "token", "create", "--db", srv.db, u["login"], "--name", "ci")
    assert r.rc == 0, r.describe()
    lines = r.stdout.splitlines()
    assert len(lines) == 1, "token create must print only the token: " + r.describe()
    tok = lines[0].strip()
    assert tok.startswith("hks_"), tok
    c = srv.client(tok)
    me = expect(c.get("me"), 200, "token from CLI")
    assert me["login"] == u["login"]
    toks = expect(srv.admin().get("users/%d/tokens" % u["id"]), 200)["items"]
    mine = [t for t in toks if t["name"] == "ci"]
    assert len(mine) == 1, toks
    assert tok.startswith(mine[0]["prefix"]), (tok, mine[0])
    assert "token" not in mine[0] or mine[0]["token"] in (None, ""), "listed token shows its secret"
    r = cli("user", "token", "revoke", "--db", srv.db, u["login"], str(mine[0]["id"]))
    assert r.rc == 0, r.describe()
    assert c.get("me").status == 401, "revoked token still works"


# ------------------------------------------------------------------ backup


def test_backup(srv, tmp):
    adm = srv.admin()
    c = srv.make_constituency()
    titles = ["バックアップ確認 %s" % uniq("b") for _ in range(3)]
    for t in titles:
        srv.make_incident(title=t, constituency_id=c["id"])
    out = tmp / "backup.db"
    r = cli("backup", "--db", srv.db, out)
    assert r.rc == 0, r.describe()
    assert out.exists() and out.stat().st_size > 0
    assert sql(str(out), "PRAGMA integrity_check") == [("ok",)]
    got = {row[0] for row in sql(str(out), "SELECT title FROM incident")}
    for t in titles:
        assert t in got, "backup lacks incident %r" % t
    assert adm.get("/healthz").status == 200
    # the backup is a working database
    r = cli("audit", "verify", "--db", out)
    assert r.rc == 0, r.describe()


def test_backup_refuses_missing_db(tmp):
    r = cli("backup", "--db", tmp / "nope.db", tmp / "out.db")
    assert r.rc != 0, r.describe()
    assert r.stderr.strip()


# ------------------------------------------------------------------- audit


def _db_with_history(tmp):
    """A stopped server's DB with a few audited changes; returns (srv, db)."""
    srv = Server(workdir=tmp)
    try:
        c = srv.make_constituency()
        for i in range(3):
            inc = srv.make_incident(title="監査 %d" % i, constituency_id=c["id"])
            r = srv.admin().patch("incidents/%d" % inc["id"], {"impact": "high"}, if_match=1)
            assert r.status == 200, r
        srv.make_user(role="viewer", all_constituencies=True)
    finally:
        srv.stop()
    return srv, srv.db


def test_audit_verify_ok(tmp):
    _, db = _db_with_history(tmp)
    n = sql(db, "SELECT count(*) FROM audit")[0][0]
    assert n >= 5, "expected audit rows for the changes, got %d" % n
    r = cli("audit", "verify", "--db", db)
    assert r.rc == 0, r.describe()
    assert "ok" in r.stdout.lower(), r.describe()


def _named(text, ids):
    return any(re.search(r"(?<!\d)%d(?!\d)" % i, text) for i in ids)


def test_audit_verify_detects_edited_row(tmp):
    _, db = _db_with_history(tmp)
    ids = [r[0] for r in sql(db, "SELECT id FROM audit ORDER BY id")]
    victim = ids[len(ids) // 2]
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER audit_no_update")
    con.execute("UPDATE audit SET summary = summary || ' (edited)' WHERE id = ?", (victim,))
    con.commit()
    con.close()
    r = cli("audit", "verify", "--db", db)
    assert r.rc != 0, "tampered audit log verified: " + r.describe()
    assert _named(r.output, [victim]), "message does not name row %d: %s" % (victim, r.describe())


def test_audit_verify_detects_deleted_row(tmp):
    _, db = _db_with_history(tmp)
    ids = [r[0] for r in sql(db, "SELECT id FROM audit ORDER BY id")]
    victim = ids[len(ids) // 2]
    nxt = ids[ids.index(victim) + 1]
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER audit_no_delete")
    con.execute("DELETE FROM audit WHERE id = ?", (victim,))
    con.commit()
    con.close()
    r = cli("audit", "verify", "--db", db)
    assert r.rc != 0, "audit log with a deleted row verified: " + r.describe()
    assert _named(r.output, [victim, nxt]), \
        "message names neither row %d nor %d: %s" % (victim, nxt, r.describe())


def test_audit_update_blocked_by_trigger(tmp):
    _, db = _db_with_history(tmp)
    con = sqlite3.connect(db)
    try:
        con.execute("UPDATE audit SET summary = 'x' WHERE id = (SELECT min(id) FROM audit)")
        con.commit()
        raise AssertionError("UPDATE on audit was not blocked")
    except sqlite3.DatabaseError as e:
        assert "append-only" in str(e), e
    finally:
        con.close()


# ------------------------------------------------------------------ schema


def test_serve_refuses_newer_schema(tmp):
    srv, db = _db_with_history(tmp)
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = '9999' WHERE name = 'schema_version'")
    assert con.total_changes == 1, "meta has no schema_version row"
    con.commit()
    con.close()
    try:
        p = subprocess.run([hikeshi_bin(), "serve", "--db", db, "--listen", "127.0.0.1:0"],
                           capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        raise AssertionError("serve kept running on a DB with schema version 9999")
    err = p.stderr.decode("utf-8", "replace") + p.stdout.decode("utf-8", "replace")
    assert p.returncode != 0, "serve accepted schema version 9999: " + err
    assert "schema" in err.lower(), "message does not mention the schema version: " + err
    assert not sanitizer_lines(err), err


# -------------------------------------------------------------------- demo


def test_demo(tmp):
    db = tmp / "demo.db"
    pw = new_password()
    (tmp / "pw").write_text(pw + "\n")
    assert cli("init", "--db", db, "--admin-password-file", tmp / "pw").rc == 0
    r = cli("demo", "--db", db, "--incidents", "30", timeout=300)
    assert r.rc == 0, r.describe()
    srv = Server(db=db, init=False, workdir=tmp)
    srv.admin_password = pw
    try:
        adm = srv.admin()
        codes = {c["code"] for c in adm.list_all("constituencies")}
        assert "HQ" in codes, codes
        assert any(c.startswith("GRP-") for c in codes), codes
        incs = adm.list_all("incidents")
        assert len(incs) >= 30, "demo --incidents 30 made %d incidents" % len(incs)
        assert any(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", i["title"]) for i in incs), \
            "no Japanese incident title in the demo data"
    finally:
        srv.stop()
    assert sql(str(db), "PRAGMA integrity_check") == [("ok",)]
    r = cli("audit", "verify", "--db", db)
    assert r.rc == 0, r.describe()


def test_config_file_and_overrides(tmp):
    """[server] listen and [store] db come from --config; --db on the command
    line beats the file; a typo in the file is an error, not a default."""
    import http.client
    import time
    from harness import free_port
    pw = tmp / "pw"
    pw.write_text(new_password() + "\n")
    db = str(tmp / "conf.db")
    assert cli("init", "--db", db, "--admin-password-file", str(pw)).rc == 0
    port = free_port()
    ini = tmp / "hikeshi.ini"
    ini.write_text("[server]\nlisten = 127.0.0.1:%d\nlog_level = warn ; inline comment\n[store]\ndb = %s\n" % (port, db))
    proc = subprocess.Popen([hikeshi_bin(), "serve", "--config", str(ini)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        status = None
        for _ in range(200):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                status = conn.getresponse().status
                conn.close()
                break
            except OSError:
                time.sleep(0.05)
        assert status == 200, "serve did not listen where the config file said"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert proc.returncode == 0
    # --db on the command line beats [store] db of the file
    other = str(tmp / "missing.db")
    r = cli("audit", "verify", "--config", str(ini), "--db", other)
    assert r.rc == 66 and "missing.db" in r.stderr, r.describe()
    r = cli("audit", "verify", "--config", str(ini))
    assert r.rc == 0, r.describe()
    # an unknown key is refused with its name, exit 78 (EX_CONFIG)
    bad = tmp / "bad.ini"
    bad.write_text("[server]\nlisen = 127.0.0.1:1\n")
    r = cli("audit", "verify", "--config", str(bad), "--db", db)
    assert r.rc == 78 and "lisen" in r.stderr, r.describe()
    # $HIKESHI_DB is used when neither option nor file names a database
    import os
    env = dict(os.environ, HIKESHI_DB=db)
    env.pop("HIKESHI_CONFIG", None)
    r = cli("audit", "verify", env=env)
    assert r.rc == 0, r.describe()
