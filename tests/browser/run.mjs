#!/usr/bin/env node
/*
 * run.mjs - runs the hikeshi browser tests (see harness.mjs for the API).
 *
 *   node tests/browser/run.mjs [WORD...]
 *
 * Finds tests/browser/*.test.mjs (sorted; with WORDs only files whose name
 * contains one of them), imports each file and runs its tests sequentially.
 * Each test gets its own browser (fresh profile) and may share one server per
 * file (ctx.server) or start its own (ctx.freshServer). Per-test timeout
 * 60 s ($HIKESHI_BROWSER_TIMEOUT). Prints
 *   ok - <file>::<name>
 *   not ok - <file>::<name>: <reason>
 * and finally exactly "browser: N passed, N failed"; exit status 1 on any
 * failure. Missing /usr/bin/chromium, playwright-core or build/hikeshi is a
 * failure, not a skip.
 */

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  HERE, TEST_TIMEOUT_MS, checkPrerequisites, cleanupAll, makeFileScope, takeRegisteredTests,
} from './harness.mjs';

let passed = 0;
let failed = 0;

function oneLine(s) {
  // eslint-disable-next-line no-control-regex
  return String(s).replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').trim().slice(0, 1500);
}

function ok(id) {
  passed += 1;
  console.log(`ok - ${id}`);
}

function notOk(id, err, details) {
  failed += 1;
  const msg = err instanceof Error ? err.message : String(err);
  console.log(`not ok - ${id}: ${oneLine(msg)}`);
  const more = details || (err instanceof Error && err.stack ? err.stack : '');
  if (process.env.HIKESHI_VERBOSE && more) {
    console.log(more.split('\n').map((l) => '#   ' + l).join('\n'));
  }
}

function finish() {
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function main() {
  const words = process.argv.slice(2);
  let files = fs.readdirSync(HERE).filter((f) => f.endsWith('.test.mjs')).sort();
  if (words.length) files = files.filter((f) => words.some((w) => f.includes(w)));

  const problems = checkPrerequisites();
  if (problems.length) {
    for (const p of problems) notOk('prerequisites', new Error(p));
    return;
  }
  if (!files.length) {
    notOk('discovery', new Error('no tests/browser/*.test.mjs files' + (words.length ? ' match ' + words.join(' ') : '')));
    return;
  }

  for (const file of files) {
    takeRegisteredTests(); // drop anything left over
    let tests;
    try {
      const mod = await import(pathToFileURL(path.join(HERE, file)).href);
      tests = takeRegisteredTests();
      if (Array.isArray(mod.tests)) tests.push(...mod.tests);
    } catch (e) {
      notOk(`${file}::(import)`, e);
      continue;
    }
    if (!tests.length) {
      notOk(`${file}::(discovery)`, new Error('the file registers no test'));
      continue;
    }
    const scope = makeFileScope(file);
    for (const t of tests) {
      const id = `${file}::${t.name}`;
      const ctx = scope.ctxFor(t.name);
      let error = null;
      try {
        await withTimeout(Promise.resolve().then(() => t.fn(ctx)), TEST_TIMEOUT_MS, 'test');
      } catch (e) {
        error = e;
      }
      let disposeErrors = [];
      try {
        disposeErrors = await withTimeout(ctx.dispose(), 60000, 'cleanup');
      } catch (e) {
        disposeErrors = [e];
      }
      if (!error && disposeErrors.length) error = disposeErrors[0];
      if (error) notOk(id, error); else ok(id);
    }
    let errs = [];
    try {
      errs = await withTimeout(scope.dispose(), 60000, 'stopping the servers');
    } catch (e) {
      errs = [e];
    }
    for (const e of errs) notOk(`${file}::(server shutdown)`, e);
  }
}

process.on('unhandledRejection', (e) => {
  // a stray promise of a timed-out test; report it but keep going
  if (process.env.HIKESHI_VERBOSE) console.log('# unhandled rejection: ' + oneLine(e && e.stack || e));
});

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (interrupted) process.exit(1);
    interrupted = true;
    notOk('run', new Error('interrupted by ' + sig));
    await cleanupAll();
    finish();
    process.exit(1);
  });
}

try {
  await main();
} catch (e) {
  notOk('run', e);
} finally {
  const errs = await cleanupAll();
  for (const e of errs) notOk('(final cleanup)', e);
  finish();
}
// playwright may keep handles open; do not hang after the summary
process.exit(process.exitCode ?? 0);
