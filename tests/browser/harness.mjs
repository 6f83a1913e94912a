/*
 * harness.mjs - browser-test harness for the hikeshi web UI.
 *
 * Drives Debian's /usr/bin/chromium through the npm package playwright-core
 * (no bundled browser is ever downloaded). Starts the real `hikeshi` binary
 * on a temporary database and a free 127.0.0.1 port, like tests/api/harness.py.
 *
 * Run every test (from the repository root, after `make`):
 *
 *     node tests/browser/run.mjs                  # all tests/browser/*.test.mjs
 *     node tests/browser/run.mjs ui_login xss     # only files whose name contains a word
 *
 * ---------------------------------------------------------------- WRITING A TEST
 *
 * A test file is tests/browser/<name>.test.mjs. It registers tests by calling
 * `test(name, fn)` at module top level; run.mjs imports the files one after
 * the other and runs their tests sequentially, in registration order. (A file
 * may also export `tests = [{name, fn}, ...]`; those run after the test() ones.)
 *
 *     import { test, login, screenshot, assert, expectClean, byTestId } from './harness.mjs';
 *
 *     test('incident list shows rows', async (ctx) => {
 *       const server = await ctx.server({ demo: true }); // shared by this file's tests
 *       const page = await ctx.page();                    // fresh browser for this test
 *       await login(page, server);
 *       await page.goto(server.url + '/#/incidents');
 *       await page.locator(byTestId('incident-row')).first().waitFor();
 *       await expectClean(page);                          // no CSP violation, dialog, JS error
 *     });
 *
 * ctx (one per test):
 *   ctx.server({demo=false}) -> Server   A server SHARED BY ALL TESTS OF THE SAME
 *                          FILE with the same options: started on first use,
 *                          stopped (and checked: exit 0, no sanitizer report)
 *                          after the file's last test. Tests that must not see
 *                          each other's data use ctx.freshServer().
 *   ctx.freshServer(opts) -> Server      A server only for this test; stopped after it.
 *   ctx.browser()  -> Browser   A browser with a fresh profile for this test
 *                               (launched on first use, closed after the test).
 *   ctx.page()     -> Page      A new page (tab) in ctx.browser().
 *   ctx.name, ctx.file          The test's name and file.
 * Every test has a 60 s timeout (HIKESHI_BROWSER_TIMEOUT, seconds). Servers and
 * browsers are cleaned up even when a test throws or times out.
 *
 * ---------------------------------------------------------------- API
 *
 * startServer({demo=false, demoArgs=[], config=null}) -> Promise<Server>
 *   config: text of an INI file written to the temp dir and passed to
 *   `serve --config` (e.g. "[intake]\nteam_address = csirt@example.jp\n").
 *   temp dir; `hikeshi init --db D --admin-password-file F` (random password,
 *   28 chars); with demo: `hikeshi demo --db D [demoArgs]` (default demoArgs
 *   ['--incidents','60','--seed','1']); then `hikeshi serve --db D --listen
 *   127.0.0.1:PORT` (PORT: a free port found by binding port 0), waits for
 *   GET /healthz = 200. Server:
 *     url             'http://127.0.0.1:PORT' (no trailing slash)
 *     adminPassword   the admin's password (login 'admin')
 *     db, dir         the database path, the temp dir
 *     api(method, path, body?, {headers, ifMatch, token}?) -> {status, json, headers, text}
 *                     fetch with the admin's API token (Bearer). path '/x' is
 *                     used as is, 'incidents/3' means '/api/v1/incidents/3'.
 *                     ifMatch: a version number or an ETag string. Never throws on 4xx/5xx.
 *     apiOk(method, path, body?, opts?) -> json   like api() but throws unless 2xx.
 *     adminToken()    -> the admin API token (created once, via the API:
 *                     POST /api/v1/session then POST /api/v1/users/{id}/tokens)
 *     cli(...args)    -> {rc, stdout, stderr}: runs `hikeshi args...`; when the
 *                     args contain no '--db', '--db <db>' is appended.
 *     stop()          SIGTERM, wait; throws when the exit status is not 0 or
 *                     stderr has "AddressSanitizer" / "runtime error:" / "LeakSanitizer".
 *     stderr()        the server's stderr so far.
 *   The binary is $HIKESHI_BIN (relative: to the cwd, then to the repo) or
 *   <repo>/build/hikeshi. HIKESHI_KEEP=1 keeps temp dirs. HIKESHI_WEB_DIR=web
 *   serves the UI from disk (`serve --web-dir`) instead of the copy compiled
 *   into the binary (handy while editing web/).
 *
 * launchBrowser({locale='ja-JP', timezoneId='Asia/Tokyo', viewport={width:1280,height:900}})
 *   -> Promise<{context, newPage(), close()}>
 *   /usr/bin/chromium (or $HIKESHI_CHROMIUM), headless, fresh temp profile dir.
 *   Every page gets one init script: it records CSP violations in
 *   window.__cspViolations (array of {directive, blocked, sample, source}) and
 *   defines nothing else. Dialogs (alert/confirm/prompt) are recorded and
 *   dismissed; uncaught page errors and console errors are recorded too
 *   (Node side, see pageState()).
 *
 * login(page, server, {login='admin', password=server.adminPassword, hash}?)
 *   opens server.url + '/' (+ hash, e.g. '#/incidents'), fills
 *   [data-testid=login-user], [data-testid=login-password], clicks
 *   [data-testid=login-submit], waits for the app shell ([data-testid=nav]).
 *   Throws with the text of [data-testid=login-error] if the login fails.
 *
 * screenshot(page, name) -> path   PNG (full page) at
 *   <repo>/build/test-artifacts/screenshots/<name>.png
 *
 * pageState(page) -> {cspViolations, dialogs, pageErrors, consoleErrors}
 * expectClean(page, {allowConsoleErrors=false}?)  throws when there is any CSP
 *   violation, dialog, uncaught page error, or console error (unless allowed;
 *   Chromium's "Failed to load resource: ... status of 4xx" lines are ignored).
 * describePage(page) -> string  url, visible text, JS errors: for failure messages
 * byTestId(id) -> '[data-testid="id"]'   (a CSS selector)
 * waitForTestId(page, id, {state='visible', timeout}?) -> Locator (first match)
 * assert(cond, message), assertEqual(actual, expected, message)
 * sleep(ms), REPO (absolute repo path), SHELL_SELECTOR
 */

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const CHROMIUM = process.env.HIKESHI_CHROMIUM || '/usr/bin/chromium';
export const SHELL_SELECTOR = '[data-testid="nav"]';
export const SCREENSHOT_DIR = path.join(REPO, 'build', 'test-artifacts', 'screenshots');
export const TEST_TIMEOUT_MS = 1000 * Number(process.env.HIKESHI_BROWSER_TIMEOUT || 60);
const HEALTH_TIMEOUT_MS = 1000 * Number(process.env.HIKESHI_HEALTH_TIMEOUT || 20);
const STOP_TIMEOUT_MS = 1000 * Number(process.env.HIKESHI_STOP_TIMEOUT || 30);
const SANITIZER_MARKERS = ['AddressSanitizer', 'runtime error:', 'LeakSanitizer',
  'ThreadSanitizer', 'MemorySanitizer'];

// ------------------------------------------------------------------ helpers

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function assert(cond, message) {
  if (!cond) throw new Error(message || 'assertion failed');
}

export function assertEqual(actual, expected, message) {
  if (actual !== expected) {
    throw new Error(`${message ? message + ': ' : ''}expected ${JSON.stringify(expected)}, ` +
      `got ${JSON.stringify(actual)}`);
  }
}

export function byTestId(id) {
  return `[data-testid="${id}"]`;
}

export async function waitForTestId(page, id, { state = 'visible', timeout } = {}) {
  const loc = page.locator(byTestId(id)).first();
  await loc.waitFor({ state, ...(timeout ? { timeout } : {}) });
  return loc;
}

/** Loads playwright-core from tests/browser/node_modules, or throws a clear message. */
let playwright = null;
export function loadPlaywright() {
  if (playwright) return playwright;
  const req = createRequire(path.join(HERE, 'package.json'));
  try {
    playwright = req('playwright-core');
  } catch (e) {
    throw new Error('playwright-core is not installed in tests/browser/node_modules ' +
      '(run: cd tests/browser && npm ci): ' + e.message);
  }
  return playwright;
}

export function checkPrerequisites() {
  const problems = [];
  if (!fs.existsSync(CHROMIUM)) {
    problems.push(`${CHROMIUM} is missing (Debian: apt-get install chromium)`);
  }
  try { loadPlaywright(); } catch (e) { problems.push(e.message); }
  const bin = hikeshiBin();
  if (!fs.existsSync(bin)) problems.push(`the server binary ${bin} is missing (run make)`);
  return problems;
}

export function hikeshiBin() {
  const env = process.env.HIKESHI_BIN;
  if (env) {
    if (path.isAbsolute(env)) return env;
    return fs.existsSync(env) ? path.resolve(env) : path.resolve(REPO, env);
  }
  return path.join(REPO, 'build', 'hikeshi');
}

function sanitizerLines(text) {
  return text.split('\n').filter((l) => SANITIZER_MARKERS.some((m) => l.includes(m)));
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function newPassword() {
  return 'Pw-' + crypto.randomBytes(12).toString('hex') + '-Zz9';
}

function runCli(args, { timeout = 300000 } = {}) {
  const r = spawnSync(hikeshiBin(), args.map(String), {
    encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const res = { rc: r.status, stdout: r.stdout || '', stderr: r.stderr || '', args };
  if (r.error) res.stderr += '\n' + r.error.message;
  const bad = sanitizerLines(res.stderr);
  if (bad.length) {
    throw new Error(`sanitizer report from hikeshi ${args.join(' ')}:\n${res.stderr.slice(-3000)}`);
  }
  return res;
}

function describeCli(r) {
  return `hikeshi ${r.args.join(' ')} -> rc=${r.rc}\nstdout: ${r.stdout.slice(-1500)}\n` +
    `stderr: ${r.stderr.slice(-1500)}`;
}

// ------------------------------------------------------------------ resources
// Every server and browser started through this module is tracked so that
// run.mjs (cleanupAll) can stop them even when a test throws or hangs.

const live = new Set();

export async function cleanupAll() {
  const errors = [];
  for (const r of [...live]) {
    try { await r.close(); } catch (e) { errors.push(e); }
  }
  return errors;
}

function killLeftovers() {
  for (const r of live) {
    try { r.kill?.(); } catch { /* exiting */ }
  }
}
process.on('exit', killLeftovers);

// ------------------------------------------------------------------ server

export async function startServer({ demo = false, demoArgs = ['--incidents', '60', '--seed', '1'], config = null } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hikeshi-browser-'));
  const db = path.join(dir, 'hikeshi.db');
  const adminPassword = newPassword();
  const pwFile = path.join(dir, 'admin.pw');
  fs.writeFileSync(pwFile, adminPassword + '\n', { mode: 0o600 });
  const server = new Server(dir, db, adminPassword);
  if (config) {
    server.configFile = path.join(dir, 'hikeshi.ini');
    fs.writeFileSync(server.configFile, config, { mode: 0o600 });
  }
  try {
    let r = runCli(['init', '--db', db, '--admin-password-file', pwFile]);
    if (r.rc !== 0) throw new Error('init failed:\n' + describeCli(r));
    if (demo) {
      r = runCli(['demo', '--db', db, ...demoArgs]);
      if (r.rc !== 0) throw new Error('demo failed:\n' + describeCli(r));
    }
    await server.start();
  } catch (e) {
    server.removeDir();
    throw e;
  }
  return server;
}

export class Server {
  constructor(dir, db, adminPassword) {
    this.dir = dir;
    this.db = db;
    this.adminPassword = adminPassword;
    this.proc = null;
    this.url = null;
    this.port = null;
    this.starts = 0;
    this.logs = [];
    this._token = null;
    this._exit = null;
    this.configFile = null;
  }

  async start() {
    let last = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      this.starts += 1;
      this.port = await freePort();
      this.url = `http://127.0.0.1:${this.port}`;
      const errLog = path.join(this.dir, `serve-${this.starts}.stderr`);
      const outLog = path.join(this.dir, `serve-${this.starts}.stdout`);
      this.logs.push(errLog);
      const errFd = fs.openSync(errLog, 'w');
      const outFd = fs.openSync(outLog, 'w');
      const webDir = process.env.HIKESHI_WEB_DIR;
      const proc = spawn(hikeshiBin(),
        ['serve', '--db', this.db, '--listen', `127.0.0.1:${this.port}`,
          ...(this.configFile ? ['--config', this.configFile] : []),
          ...(webDir ? ['--web-dir', path.resolve(REPO, webDir)] : [])],
        { stdio: ['ignore', outFd, errFd] });
      fs.closeSync(errFd);
      fs.closeSync(outFd);
      this.proc = proc;
      this._exit = new Promise((resolve) => {
        proc.on('exit', (code, signal) => resolve({ code, signal }));
        proc.on('error', (err) => resolve({ code: null, signal: null, error: err }));
      });
      live.add(this);
      try {
        await this.waitHealthy();
        return this;
      } catch (e) {
        last = e;
        try { proc.kill('SIGKILL'); } catch { /* gone */ }
        await this._exit;
        this.proc = null;
        live.delete(this);
        const text = this.stderr();
        if (!/in use/i.test(text)) {
          throw new Error(`${e.message}\nserver stderr:\n${text.slice(-3000)}`);
        }
      }
    }
    throw last;
  }

  async waitHealthy() {
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    let exited = null;
    this._exit.then((x) => { exited = x; });
    while (Date.now() < deadline) {
      if (exited) {
        throw new Error(`server exited (${JSON.stringify(exited)}) before /healthz answered`);
      }
      try {
        const r = await fetch(this.url + '/healthz', { signal: AbortSignal.timeout(2000) });
        await r.arrayBuffer();
        if (r.status === 200) return;
      } catch { /* not yet listening */ }
      await sleep(50);
    }
    throw new Error(`/healthz did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s`);
  }

  stderr() {
    return this.logs.map((p) => { try { return fs.readFileSync(p, 'utf8'); } catch { return ''; } })
      .join('');
  }

  alive() {
    return this.proc !== null && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** SIGTERM, wait; throws on a non-zero exit or a sanitizer report. */
  async stop() {
    if (!this.proc) return;
    const proc = this.proc;
    this.proc = null;
    live.delete(this);
    const already = proc.exitCode !== null || proc.signalCode !== null;
    if (!already) proc.kill('SIGTERM');
    let timer;
    const res = await Promise.race([
      this._exit,
      new Promise((r) => { timer = setTimeout(() => r(null), STOP_TIMEOUT_MS); }),
    ]);
    clearTimeout(timer);
    if (res === null) {
      proc.kill('SIGKILL');
      await this._exit;
      throw new Error(`server did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM`);
    }
    const text = this.stderr();
    const bad = sanitizerLines(text);
    if (bad.length) throw new Error('sanitizer report in server stderr:\n' + text.slice(-6000));
    if (already) {
      throw new Error(`server had already exited (${JSON.stringify(res)})\nstderr:\n${text.slice(-3000)}`);
    }
    if (res.code !== 0) {
      throw new Error(`server exited with ${JSON.stringify(res)} after SIGTERM\nstderr:\n${text.slice(-3000)}`);
    }
  }

  /** stop() and remove the temp dir (unless HIKESHI_KEEP). */
  async close() {
    try {
      await this.stop();
    } finally {
      this.removeDir();
    }
  }

  kill() {
    if (this.proc) { try { this.proc.kill('SIGKILL'); } catch { /* gone */ } }
  }

  removeDir() {
    if (!process.env.HIKESHI_KEEP) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  cli(...args) {
    const a = args.map(String);
    if (!a.includes('--db')) a.push('--db', this.db);
    return runCli(a);
  }

  apiUrl(p) {
    return this.url + (p.startsWith('/') ? p : '/api/v1/' + p);
  }

  async adminToken() {
    if (this._token) return this._token;
    const login = await fetch(this.apiUrl('session'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ login: 'admin', password: this.adminPassword }),
    });
    const lj = await login.json().catch(() => null);
    if (login.status !== 200 || !lj) throw new Error(`admin login failed: HTTP ${login.status} ${JSON.stringify(lj)}`);
    const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
    const headers = {
      'Content-Type': 'application/json', Accept: 'application/json',
      Cookie: cookie, 'X-CSRF-Token': lj.csrf_token,
    };
    const uid = lj.user.id;
    const t = await fetch(this.apiUrl(`users/${uid}/tokens`), {
      method: 'POST', headers, body: JSON.stringify({ name: 'browser-tests' }),
    });
    const tj = await t.json().catch(() => null);
    if (t.status !== 201 || !tj || !tj.token) {
      throw new Error(`creating the admin token failed: HTTP ${t.status} ${JSON.stringify(tj)}`);
    }
    // log this API session out again; the token stays valid
    await fetch(this.apiUrl('session'), { method: 'DELETE', headers }).catch(() => {});
    this._token = tj.token;
    return this._token;
  }

  async api(method, p, body, { headers = {}, ifMatch, token } = {}) {
    const h = { Accept: 'application/json', Authorization: 'Bearer ' + (token || await this.adminToken()) };
    let data;
    if (body !== undefined && body !== null) {
      h['Content-Type'] = 'application/json';
      data = typeof body === 'string' ? body : JSON.stringify(body);
    }
    if (ifMatch !== undefined && ifMatch !== null) {
      h['If-Match'] = typeof ifMatch === 'number' ? `"${ifMatch}"` : ifMatch;
    }
    Object.assign(h, headers);
    const r = await fetch(this.apiUrl(p), { method, headers: h, body: data });
    const text = await r.text();
    let json = null;
    if (text && (r.headers.get('content-type') || '').includes('json')) {
      try { json = JSON.parse(text); } catch { json = null; }
    }
    return { status: r.status, json, headers: r.headers, text };
  }

  async apiOk(method, p, body, opts) {
    const r = await this.api(method, p, body, opts);
    if (r.status < 200 || r.status > 299) {
      throw new Error(`${method} ${p} -> HTTP ${r.status} ${r.text.slice(0, 600)}`);
    }
    return r.json;
  }
}

// ------------------------------------------------------------------ browser

// Runs in every page before its own scripts. Defines window.__cspViolations only.
const INIT_SCRIPT = `(() => {
  const list = [];
  Object.defineProperty(window, '__cspViolations', { value: list, writable: false, configurable: false });
  document.addEventListener('securitypolicyviolation', (e) => {
    list.push({ directive: e.violatedDirective, blocked: e.blockedURI,
                sample: e.sample, source: e.sourceFile, line: e.lineNumber });
  });
})();`;

const pageRecords = new WeakMap();

function attachRecorders(page) {
  if (pageRecords.has(page)) return;
  const rec = { dialogs: [], pageErrors: [], consoleErrors: [] };
  pageRecords.set(page, rec);
  page.on('dialog', async (d) => {
    rec.dialogs.push({ type: d.type(), message: d.message() });
    try { await d.dismiss(); } catch { /* page gone */ }
  });
  page.on('pageerror', (err) => rec.pageErrors.push(String(err && err.stack || err)));
  page.on('console', (m) => {
    if (m.type() === 'error') rec.consoleErrors.push(m.text());
  });
}

export async function launchBrowser({ locale = 'ja-JP', timezoneId = 'Asia/Tokyo',
  viewport = { width: 1280, height: 900 } } = {}) {
  const { chromium } = loadPlaywright();
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hikeshi-chromium-'));
  let context;
  try {
    // playwright-core refuses --user-data-dir in args; a persistent context
    // is how it takes a (fresh, empty) profile directory.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage'],
      locale, timezoneId, viewport,
      timeout: 30000,
    });
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  await context.addInitScript({ content: INIT_SCRIPT });
  context.on('page', attachRecorders);
  context.setDefaultTimeout(15000);
  context.setDefaultNavigationTimeout(20000);
  let closed = false;
  const b = {
    context,
    profile,
    async newPage() {
      const page = await context.newPage();
      attachRecorders(page);
      return page;
    },
    async close() {
      if (closed) return;
      closed = true;
      live.delete(b);
      try {
        await Promise.race([context.close(), sleep(10000)]);
      } finally {
        if (!process.env.HIKESHI_KEEP) fs.rmSync(profile, { recursive: true, force: true });
      }
    },
    kill() {
      try { context.browser()?.close(); } catch { /* exiting */ }
    },
  };
  live.add(b);
  return b;
}

export async function pageState(page) {
  const rec = pageRecords.get(page) || { dialogs: [], pageErrors: [], consoleErrors: [] };
  let cspViolations = [];
  try {
    cspViolations = await page.evaluate(() => (window.__cspViolations || []).slice());
  } catch (e) {
    cspViolations = [{ error: 'could not read window.__cspViolations: ' + e.message }];
  }
  return { cspViolations, dialogs: [...rec.dialogs], pageErrors: [...rec.pageErrors],
    consoleErrors: [...rec.consoleErrors] };
}

export async function expectClean(page, { allowConsoleErrors = false } = {}) {
  const s = await pageState(page);
  const problems = [];
  if (s.cspViolations.length) problems.push('CSP violations: ' + JSON.stringify(s.cspViolations));
  if (s.dialogs.length) problems.push('dialogs: ' + JSON.stringify(s.dialogs));
  if (s.pageErrors.length) problems.push('uncaught page errors: ' + JSON.stringify(s.pageErrors));
  // "Failed to load resource: ... 401/404" lines are the browser's own notes
  // about HTTP statuses (e.g. the session probe before login); not errors of the page.
  const consoleErrors = s.consoleErrors.filter((m) => !/^Failed to load resource/.test(m));
  if (!allowConsoleErrors && consoleErrors.length) {
    problems.push('console errors: ' + JSON.stringify(consoleErrors));
  }
  if (problems.length) throw new Error(`page ${page.url()} is not clean: ${problems.join('; ')}`);
  return s;
}

// ------------------------------------------------------------------ UI helpers

export async function login(page, server, { login: user = 'admin', password, hash = '' } = {}) {
  const pw = password ?? (user === 'admin' ? server.adminPassword : undefined);
  if (pw === undefined) throw new Error(`login(): no password given for ${user}`);
  await page.goto(server.url + '/' + hash);
  const form = page.locator(byTestId('login-user'));
  const shell = page.locator(SHELL_SELECTOR);
  try {
    await form.or(shell).first().waitFor({ state: 'visible' });
  } catch (e) {
    throw new Error(`login as ${user}: neither the login form nor the app shell appeared: ` +
      `${e.message.split('\n')[0]}; ${await describePage(page)}`);
  }
  if (await shell.isVisible()) return; // already logged in in this browser
  await form.fill(user);
  await page.locator(byTestId('login-password')).fill(pw);
  await page.locator(byTestId('login-submit')).click();
  const err = page.locator(byTestId('login-error'));
  try {
    await shell.or(err.filter({ hasText: /\S/ })).first().waitFor({ state: 'visible' });
  } catch (e) {
    throw new Error(`login as ${user}: the app shell (${SHELL_SELECTOR}) did not appear: ` +
      `${e.message.split('\n')[0]}; ${await describePage(page)}`);
  }
  if (!(await shell.isVisible())) {
    throw new Error(`login as ${user} failed: ${(await err.textContent() || '').trim()}`);
  }
}

/** A one-line summary of what went wrong on a page (for error messages). */
export async function describePage(page) {
  const s = await pageState(page);
  const body = await page.evaluate(() => document.body ? document.body.innerText : '').catch(() => '?');
  const parts = [`url ${page.url()}`, `text ${JSON.stringify(String(body).replace(/\s+/g, ' ').slice(0, 200))}`];
  if (s.pageErrors.length) parts.push('page errors ' + JSON.stringify(s.pageErrors.map((x) => x.split('\n')[0])));
  if (s.consoleErrors.length) parts.push('console errors ' + JSON.stringify(s.consoleErrors.slice(0, 5)));
  if (s.cspViolations.length) parts.push('CSP violations ' + JSON.stringify(s.cspViolations));
  return parts.join('; ');
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const safe = String(name).replace(/[^A-Za-z0-9._-]+/g, '_');
  const file = path.join(SCREENSHOT_DIR, safe + '.png');
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// ------------------------------------------------------------------ test registry

const registered = [];

/** Registers a test of the file being imported. fn(ctx) is async. */
export function test(name, fn) {
  if (typeof name !== 'string' || typeof fn !== 'function') {
    throw new Error('test(name, async (ctx) => {...})');
  }
  registered.push({ name, fn });
}

/** For run.mjs: returns and clears the tests registered since the last call. */
export function takeRegisteredTests() {
  return registered.splice(0, registered.length);
}

/**
 * For run.mjs: the per-file fixture scope. fileScope.ctxFor(test) makes a
 * ctx; ctx.dispose() ends the test's own resources; fileScope.dispose() stops
 * the file's shared servers.
 */
export function makeFileScope(file) {
  const shared = new Map();
  return {
    ctxFor(name) {
      const own = [];
      let browser = null;
      const ctx = {
        file, name,
        async server(opts = {}) {
          const key = JSON.stringify(opts);
          if (!shared.has(key)) shared.set(key, startServer(opts));
          const srv = await shared.get(key);
          if (!srv.alive()) throw new Error('the shared server of this file is not running:\n' + srv.stderr().slice(-2000));
          return srv;
        },
        async freshServer(opts = {}) {
          const srv = await startServer(opts);
          own.push(srv);
          return srv;
        },
        async browser() {
          if (!browser) { browser = launchBrowser(); browser.then((b) => own.push(b), () => {}); }
          return browser;
        },
        async page() {
          return (await ctx.browser()).newPage();
        },
        async dispose() {
          const errors = [];
          if (browser) { try { await browser; } catch { /* failed launch */ } }
          for (const r of own.reverse()) {
            try { await r.close(); } catch (e) { errors.push(e); }
          }
          return errors;
        },
      };
      return ctx;
    },
    async dispose() {
      const errors = [];
      for (const p of shared.values()) {
        let srv;
        try { srv = await p; } catch { continue; } // failed start: reported by the test
        try { await srv.close(); } catch (e) { errors.push(e); }
      }
      shared.clear();
      return errors;
    },
  };
}
