#!/usr/bin/env python3
"""
run.py - run the black-box API tests (tests/api/test_*.py).

Every function named test_* is a test. Its parameters say which fixture
it gets:
  srv    the module's shared Server (started on first use, stopped - with
         the exit-status and sanitizer checks - after the module's last
         test; restarted if a test killed it)
  fresh  a new Server for this test only, stopped after it
  tmp    a temporary directory (pathlib.Path), removed after the test
Tests must not depend on each other's order or data: each makes its own
constituencies, users and incidents.

Output: one line per test, `ok - module::name` or
`not ok - module::name: reason` followed by the indented traceback, and
finally `api: N passed, N failed`. Exit status 1 when anything failed.

    python3 tests/api/run.py [--filter SUBSTR] [--list] [-v]
"""

import argparse
import importlib
import inspect
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness  # noqa: E402


def first_line(e):
    s = str(e).strip() or e.__class__.__name__
    line = s.splitlines()[0]
    if not isinstance(e, AssertionError):
        line = "%s: %s" % (e.__class__.__name__, line)
    return line[:300]


class Reporter:
    def __init__(self, verbose):
        self.passed = 0
        self.failed = 0
        self.failures = []
        self.verbose = verbose

    def ok(self, name, secs):
        self.passed += 1
        print("ok - %s%s" % (name, " (%.2fs)" % secs if self.verbose else ""), flush=True)

    def fail(self, name, exc, tb_text=None):
        self.failed += 1
        self.failures.append(name)
        print("not ok - %s: %s" % (name, first_line(exc)), flush=True)
        text = tb_text if tb_text is not None else "".join(
            traceback.format_exception(type(exc), exc, exc.__traceback__))
        for ln in text.rstrip().splitlines():
            print("    " + ln)
        sys.stdout.flush()


def collect(mod):
    tests = [(n, f) for n, f in vars(mod).items()
             if n.startswith("test_") and inspect.isfunction(f) and f.__module__ == mod.__name__]
    tests.sort(key=lambda nf: nf[1].__code__.co_firstlineno)
    return tests


def run_module(modname, tests, rep):
    shared = None
    for name, fn in tests:
        full = "%s::%s" % (modname, name)
        params = inspect.signature(fn).parameters
        kwargs = {}
        fresh = None
        tmp = None
        t0 = time.time()
        try:
            try:
                if "srv" in params:
                    if shared is None:
                        shared = harness.Server()
                    elif shared.proc is None:
                        shared.start()
                    kwargs["srv"] = shared
                if "fresh" in params:
                    fresh = harness.Server()
                    kwargs["fresh"] = fresh
                if "tmp" in params:
                    tmp = Path(tempfile.mkdtemp(prefix="hikeshi-tmp-"))
                    kwargs["tmp"] = tmp
                fn(**kwargs)
            finally:
                problems = []
                if fresh is not None:
                    try:
                        fresh.close()
                    except AssertionError as e:
                        problems.append("fresh server: %s" % e)
                if tmp is not None and not os.environ.get("HIKESHI_KEEP"):
                    shutil.rmtree(tmp, ignore_errors=True)
                if shared is not None:
                    bad = shared.new_sanitizer_reports()
                    if bad:
                        problems.append("sanitizer report during this test:\n" + "\n".join(bad[:20]))
                    if shared.proc is not None and not shared.alive():
                        problems.append("the shared server died (exit %s) during this test;"
                                        " stderr tail:\n%s" % (shared.proc.returncode,
                                                             shared.stderr_text()[-3000:]))
                        try:
                            shared.kill9()
                        except AssertionError:
                            pass
                        if not os.environ.get("HIKESHI_KEEP"):
                            shutil.rmtree(shared.workdir, ignore_errors=True)
                        shared = None
            if problems:
                raise AssertionError("\n".join(problems))
            rep.ok(full, time.time() - t0)
        except Exception as e:  # noqa: BLE001 - a test failure of any kind
            rep.fail(full, e)
        except KeyboardInterrupt:
            raise
    if shared is not None:
        try:
            shared.close()
        except Exception as e:  # noqa: BLE001
            rep.fail("%s::(shared server shutdown)" % modname, e)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--filter", default=None, help="run tests whose module::name contains this")
    ap.add_argument("--list", action="store_true", help="list the tests and exit")
    ap.add_argument("-v", "--verbose", action="store_true", help="print durations")
    args = ap.parse_args()

    binp = harness.hikeshi_bin()
    rep = Reporter(args.verbose)
    t0 = time.time()
    for path in sorted(HERE.glob("test_*.py")):
        modname = path.stem
        try:
            mod = importlib.import_module(modname)
        except Exception as e:  # noqa: BLE001
            rep.fail("%s::(import)" % modname, e)
            continue
        tests = [(n, f) for n, f in collect(mod)
                 if args.filter is None or args.filter in "%s::%s" % (modname, n)]
        if not tests:
            continue
        if args.list:
            for n, _ in tests:
                print("%s::%s" % (modname, n))
            continue
        if not os.access(binp, os.X_OK):
            for n, _ in tests:
                rep.fail("%s::%s" % (modname, n),
                         AssertionError("server binary %s does not exist" % binp))
            continue
        run_module(modname, tests, rep)
    if args.list:
        return 0
    if args.verbose:
        print("# %.1f s" % (time.time() - t0))
    print("api: %d passed, %d failed" % (rep.passed, rep.failed), flush=True)
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
