#!/usr/bin/env python3
"""
crash_test.py - nothing acknowledged is lost when the server is killed.

Each round: start `hikeshi serve` on the same temporary DB, run 8 client
threads that POST incidents as fast as they can (each with a unique
title), SIGKILL the server after ~1.5 s while writes are in flight,
restart, and check that every incident whose POST answered 201 is there
with its key and title; then stop the server and check
`PRAGMA integrity_check` and `hikeshi audit verify`. Three rounds.

Output: `ok - crash::...` / `not ok - crash::...` lines and a final
`crash: N passed, N failed`; exit 1 when anything failed.

    python3 tests/crash/crash_test.py [--rounds N] [--seconds S] [--threads N]
"""

import argparse
import os
import shutil
import signal
import sqlite3
import sys
import threading
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))

import harness  # noqa: E402
from harness import Server, cli, expect  # noqa: E402

PASSED = 0
FAILED = 0


def report(name, fn):
    global PASSED, FAILED
    try:
        res = fn()
        PASSED += 1
        skip = " # " + res if isinstance(res, str) and res.startswith("SKIP") else ""
        print("ok - crash::%s%s" % (name, skip), flush=True)
        return True
    except Exception as e:  # noqa: BLE001
        FAILED += 1
        first = (str(e).strip() or e.__class__.__name__).splitlines()[0][:300]
        print("not ok - crash::%s: %s" % (name, first), flush=True)
        for ln in traceback.format_exc().rstrip().splitlines():
            print("    " + ln)
        return False


def hammer(srv, token, cons_id, round_no, threads, seconds):
    """Run writers, SIGKILL the server mid-flight; return acknowledged incidents."""
    acked = []
    lock = threading.Lock()
    stop = threading.Event()
    counts = {"sent": 0, "errors": 0, "other": 0}

    def writer(n):
        c = harness.Client(srv.base, token=token, timeout=10)
        i = 0
        while not stop.is_set():
            i += 1
            title = "crash r%d t%d n%d %s" % (round_no, n, i, harness.uniq("c"))
            try:
                r = c.post("incidents", {"title": title, "constituency_id": cons_id,
                                         "description": "強制終了テスト " * 4})
            except Exception:  # noqa: BLE001 - the server is being killed
                with lock:
                    counts["errors"] += 1
                if stop.is_set():
                    return
                time.sleep(0.01)
                continue
            with lock:
                counts["sent"] += 1
                if r.status == 201:
                    acked.append((r.json["id"], r.json["key"], title))
                else:
                    counts["other"] += 1

    ts = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(threads)]
    for t in ts:
        t.start()
    time.sleep(seconds)
    srv.proc.send_signal(signal.SIGKILL)  # while the writers are still going
    pid_proc = srv.proc
    pid_proc.wait()
    srv.proc = None
    stop.set()
    for t in ts:
        t.join(30)
    with lock:
        return list(acked), dict(counts)


def fsync_before_ack(n=20):
    """SIGKILL cannot lose what reached the OS page cache, so the kill rounds
    alone cannot tell a missing fsync. This check traces the server with
    strace while n incidents are POSTed one after another, and asserts
    that before each `201 Created` is sent, an fdatasync/fsync of the
    database or its WAL has completed since the previous 201."""
    import shutil as sh
    import subprocess
    if not sh.which("strace"):
        return "SKIP strace not installed"
    with Server() as srv:
        c = srv.make_constituency()["id"]
        adm = srv.admin()
        log = srv.workdir / "strace.log"
        st = subprocess.Popen(["strace", "-f", "-qq", "-s", "24", "-o", str(log), "-e",
                               "trace=fsync,fdatasync,sendto,sendmsg,writev,write,send",
                               "-p", str(srv.proc.pid)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while time.time() < deadline and (not log.exists() or log.stat().st_size == 0):
            adm.get("/healthz")  # the first traced event says strace is attached
            time.sleep(0.05)
        if not log.exists() or log.stat().st_size == 0:
            st.kill()
            err = st.stderr.read().decode("utf-8", "replace")
            return "SKIP strace cannot attach: %s" % err.strip()[:200]
        for i in range(n):
            expect(adm.post("incidents", {"title": "fsync %d" % i, "constituency_id": c}), 201)
        time.sleep(0.3)
        fdpath = {}
        for f in os.listdir("/proc/%d/fd" % srv.proc.pid):
            try:
                fdpath[int(f)] = os.readlink("/proc/%d/fd/%s" % (srv.proc.pid, f))
            except OSError:
                pass
        st.send_signal(signal.SIGINT)
        st.wait(10)
        text = log.read_text("utf-8", "replace")
    check_trace(text, fdpath, srv.db, n)


def check_trace(text, fdpath, db, n):
    """Walk an strace log: every `HTTP/1.1 201` send needs a completed
    fsync/fdatasync of a file under db (the DB or its -wal) since the
    previous 201."""
    import re
    synced = False
    acks = 0
    bad = []
    for line in text.splitlines():
        m = re.search(r"(?:^\d+\s+f(?:data)?sync\((\d+)\)|<\.\.\. f(?:data)?sync resumed>).*= 0", line)
        if m:
            fd = m.group(1)
            if fd is None or fdpath.get(int(fd), db).startswith(db):
                synced = True
            continue
        if "HTTP/1.1 201" in line:
            acks += 1
            if not synced:
                bad.append(acks)
            synced = False
    assert acks >= n, "saw only %d of %d 201 answers in the trace" % (acks, n)
    assert not bad, "201 sent without an fsync of the database since the previous one " \
        "(answers #%s of %d)" % (bad[:10], acks)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=1.5)
    ap.add_argument("--threads", type=int, default=8)
    args = ap.parse_args()

    if not os.access(harness.hikeshi_bin(), os.X_OK):
        report("setup", lambda: (_ for _ in ()).throw(
            AssertionError("server binary %s does not exist" % harness.hikeshi_bin())))
        print("crash: %d passed, %d failed" % (PASSED, FAILED))
        return 1

    state = {}

    def setup():
        srv = Server()
        state["srv"] = srv
        state["token"] = srv.admin_token()
        state["cons"] = srv.make_constituency(code="CRASH", name="強制終了")["id"]
        state["all"] = {}

    if not report("setup", setup):
        print("crash: %d passed, %d failed" % (PASSED, FAILED))
        return 1
    srv = state["srv"]
    try:
        report("durability_fsync_before_ack", fsync_before_ack)
        for rnd in range(1, args.rounds + 1):
            info = {}

            def run_round():
                if srv.proc is None:
                    srv.start()
                acked, counts = hammer(srv, state["token"], state["cons"], rnd, args.threads,
                                       args.seconds)
                info.update(counts)
                assert acked, "no POST was acknowledged in %.1f s (%r)" % (args.seconds, counts)
                assert counts["other"] == 0, "non-201 answers while writing: %r" % counts
                for inc_id, key, title in acked:
                    assert inc_id not in state["all"], "id %d acknowledged twice" % inc_id
                    state["all"][inc_id] = (key, title)
                srv.check_sanitizers()
                print("# round %d: %d acknowledged, %d connection errors"
                      % (rnd, len(acked), counts["errors"]), flush=True)

            if not report("round%d_write_and_kill" % rnd, run_round):
                break

            def restart_and_check():
                srv.start()
                adm = srv.client(state["token"])
                missing, wrong = [], []
                for inc_id, (key, title) in sorted(state["all"].items()):
                    r = adm.get("incidents/%d" % inc_id)
                    if r.status != 200:
                        missing.append((inc_id, key, r.status))
                    elif (r.json["key"], r.json["title"]) != (key, title):
                        wrong.append((inc_id, key, r.json["key"], r.json["title"]))
                assert not missing, "%d acknowledged incidents lost, e.g. %r" % (
                    len(missing), missing[:5])
                assert not wrong, "%d incidents changed, e.g. %r" % (len(wrong), wrong[:5])
                listed = adm.list_all("incidents", {"constituency": state["cons"]})
                keys = [x["key"] for x in listed]
                assert len(keys) == len(set(keys)), "duplicate keys after restart"
                assert {x["id"] for x in listed} >= set(state["all"]), "list misses incidents"
                # the server still takes writes after the crash
                expect(adm.post("incidents", {"title": "after crash %d" % rnd,
                                              "constituency_id": state["cons"]}), 201)

            report("round%d_acknowledged_present" % rnd, restart_and_check)

            def stopped_checks():
                srv.stop()
                con = sqlite3.connect(srv.db)
                try:
                    ic = con.execute("PRAGMA integrity_check").fetchall()
                finally:
                    con.close()
                assert ic == [("ok",)], "integrity_check: %r" % ic
                r = cli("audit", "verify", "--db", srv.db)
                assert r.rc == 0, r.describe()
                assert "ok" in r.stdout.lower(), r.describe()

            report("round%d_integrity_and_audit" % rnd, stopped_checks)
    finally:
        try:
            if srv.proc is not None:
                srv.kill9()
        except AssertionError:
            pass
        if not os.environ.get("HIKESHI_KEEP"):
            shutil.rmtree(srv.workdir, ignore_errors=True)
        else:
            print("# kept %s" % srv.workdir)
    print("crash: %d passed, %d failed" % (PASSED, FAILED), flush=True)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
