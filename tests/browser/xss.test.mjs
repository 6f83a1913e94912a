/*
 * xss.test.mjs - attacker-controlled text must show as text, never run.
 *
 * Creates (through the API) reports and incidents whose subject, body,
 * reporter name/address, title, description, task title and journal note
 * carry script payloads; opens every page that shows them; checks the payload
 * is visible as literal text; clicks the links that carry attacker text; and
 * asserts: window.__xss stays undefined, no dialog, no CSP violation, no
 * uncaught JS error, no injected element (iframe/object/embed, on* attribute,
 * javascript: link) and no request for the <img src=x> probe.
 * All tests share one server (seeded once).
 */

import {
  test, login, byTestId, pageState, assert, screenshot,
} from './harness.mjs';

const LONG = ('LongUnbroken' + '0123456789abcdefghij'.repeat(100)).slice(0, 2000);
export const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '<svg onload="window.__xss=3">',
  '"><script>window.__xss=4</script>',
  'javascript:window.__xss=5',
  '[link](javascript:window.__xss=6)',
  '<iframe srcdoc="<script>parent.__xss=7</script>">',
  '&lt;script&gt;window.__xss=8&lt;/script&gt;',
  '%3Cscript%3Ewindow.__xss=9%3C/script%3E',
  LONG,
  '火消し🔥インシデント「報告」👨‍👩‍👧‍👦 ｶﾀｶﾅ 𠮷野家 <b>太字</b> émoji✅',
  "<img src=x onerror=alert(document.domain)>'\"`",
];

/** p cut to at most n UTF-8 bytes, on a code point boundary. */
function fit(p, n) {
  let out = '';
  let bytes = 0;
  for (const ch of p) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > n) break;
    out += ch;
    bytes += b;
  }
  return out;
}

/** What a test may expect to find as visible text for a stored value. */
function shown(v) {
  return v.length > 120 ? v.slice(0, 120) : v;
}

const seeded = new WeakMap();

/** Creates the attacker data once per server; returns {incidents, reports}. */
function seed(server) {
  if (!seeded.has(server)) seeded.set(server, doSeed(server));
  return seeded.get(server);
}

async function doSeed(server) {
  const c = await server.apiOk('POST', 'constituencies',
    { code: 'XSS', name: '<script>window.__xss=20</script>部門' });
  const incidents = [];
  const reports = [];
  for (const [i, p] of PAYLOADS.entries()) {
    // a report left in the queue (state new)
    const r = await server.apiOk('POST', 'reports', {
      channel: 'web',
      subject: fit('S' + i + ':' + p, 998),
      body: 'B' + i + ':' + p + '\n\n' + p,
      reporter_name: fit('R' + i + ':' + p, 200),
      reporter_address: fit('A' + i + ':' + p, 200),
      constituency_id: c.id,
    });
    reports.push({ p, i, id: r.id, key: r.key, subject: r.subject, reporter_name: r.reporter_name,
      reporter_address: r.reporter_address });

    const inc = await server.apiOk('POST', 'incidents', {
      title: fit(p, 300),
      description: 'D' + i + ':' + p,
      constituency_id: c.id,
    });
    const task = await server.apiOk('POST', `incidents/${inc.id}/tasks`, { title: fit('T' + i + ':' + p, 300) });
    await server.apiOk('POST', `incidents/${inc.id}/journal`, { body: 'N' + i + ':' + p });
    // a report linked to the incident (shown in "linked reports")
    const lr = await server.apiOk('POST', 'reports', {
      channel: 'email',
      subject: fit('L' + i + ':' + p, 998),
      body: p,
      reporter_name: fit(p, 200),
      reporter_address: fit(p, 200),
      constituency_id: c.id,
    });
    await server.apiOk('POST', `reports/${lr.id}/link`, { incident_id: inc.id });
    incidents.push({ p, i, id: inc.id, key: inc.key, title: inc.title, description: inc.description,
      task: task.title, linkedSubject: lr.subject });
  }
  return { incidents, reports, constituency: c };
}

/** Starts watching a page for injected requests (the <img src=x> probe). */
function watchRequests(page, server) {
  const bad = [];
  page.on('request', (req) => {
    const u = req.url();
    if (u.startsWith('data:')) return;
    if (!u.startsWith(server.url + '/')) { bad.push(u); return; }
    const p = new URL(u).pathname;
    if (p === '/x' || p.startsWith('/javascript:') || p.includes('__xss')) bad.push(u);
  });
  return bad;
}

/** Everything that would show an injection. */
async function assertNoXss(page, where, badRequests) {
  const s = await pageState(page);
  const dom = await page.evaluate(() => {
    let xss;
    try { xss = window.__xss ?? window.top.__xss; } catch { xss = 'cross-origin top'; }
    const els = [...document.querySelectorAll('*')];
    const onAttr = [];
    for (const e of els) {
      for (const a of e.attributes) {
        if (/^on/i.test(a.name)) onAttr.push(`<${e.tagName.toLowerCase()} ${a.name}>`);
      }
    }
    const jsLinks = [...document.querySelectorAll('[href],[src],[action],[formaction],[srcdoc]')]
      .filter((e) => ['href', 'src', 'action', 'formaction'].some((n) =>
        /^\s*(javascript|vbscript|data:text\/html)/i.test(e.getAttribute(n) || '')) || e.hasAttribute('srcdoc'))
      .map((e) => e.outerHTML.slice(0, 120));
    const embeds = document.querySelectorAll('iframe, object, embed, frame').length;
    const scripts = [...document.scripts].filter((sc) => !sc.src).length;
    return { xss: xss === undefined ? null : String(xss), onAttr, jsLinks, embeds, scripts };
  });
  const problems = [];
  if (dom.xss !== null) problems.push(`window.__xss = ${dom.xss}`);
  if (s.dialogs.length) problems.push('dialogs ' + JSON.stringify(s.dialogs));
  if (s.cspViolations.length) problems.push('CSP violations ' + JSON.stringify(s.cspViolations));
  if (s.pageErrors.length) problems.push('page errors ' + JSON.stringify(s.pageErrors));
  if (dom.onAttr.length) problems.push('on* attributes ' + JSON.stringify(dom.onAttr.slice(0, 5)));
  if (dom.jsLinks.length) problems.push('script URLs ' + JSON.stringify(dom.jsLinks.slice(0, 5)));
  if (dom.embeds) problems.push(`${dom.embeds} iframe/object/embed element(s)`);
  if (dom.scripts) problems.push(`${dom.scripts} inline <script> element(s)`);
  if (badRequests && badRequests.length) problems.push('injected requests ' + JSON.stringify(badRequests));
  if (problems.length) throw new Error(`${where} (${page.url()}): ${problems.join('; ')}`);
}

/** Waits until `text` is visible as text inside [data-testid=scope] (first match). */
async function expectText(page, scope, text, what) {
  const loc = page.locator(byTestId(scope)).filter({ hasText: shown(text) }).first();
  try {
    await loc.waitFor({ state: 'visible', timeout: 10000 });
  } catch {
    const have = await page.locator(byTestId(scope)).allInnerTexts().catch(() => []);
    throw new Error(`${what}: ${JSON.stringify(shown(text).slice(0, 80))} not shown as text in ` +
      `[data-testid=${scope}] (found ${have.length} element(s): ${JSON.stringify(have.join(' | ').slice(0, 300))})`);
  }
}

async function open(page, server, hash, view) {
  await page.goto(server.url + '/' + hash);
  await page.locator(byTestId(view)).first().waitFor({ state: 'visible' });
}

/** Clicks each element matched by selector (re-opening `hash` before each), checking after each. */
async function clickEach(page, server, hash, view, selector, where, bad, { max = 20 } = {}) {
  await open(page, server, hash, view);
  // the view appears before its rows: wait for the first match (if any) before counting
  await page.locator(selector).first().waitFor({ state: 'attached', timeout: 5000 }).catch(() => {});
  const n = Math.min(await page.locator(selector).count(), max);
  for (let k = 0; k < n; k++) {
    if (k > 0) await open(page, server, hash, view);
    const el = page.locator(selector).nth(k);
    if (!(await el.isVisible().catch(() => false))) continue;
    await assertNoXss(page, `${where} before click ${k}`, bad);
    await el.click({ timeout: 5000 });
    await page.waitForTimeout(300);
    await assertNoXss(page, `${where} after click ${k}`, bad);
  }
  return n;
}

// ----------------------------------------------------------------------------

test('HTML answers carry the CSP and nosniff headers', async (ctx) => {
  const server = await ctx.server();
  for (const p of ['/', '/index.html']) {
    const r = await fetch(server.url + p);
    await r.arrayBuffer();
    if (p === '/index.html' && r.status === 404) continue; // only "/" is required
    assert(r.status === 200, `GET ${p} -> ${r.status}`);
    assert((r.headers.get('content-type') || '').startsWith('text/html'), `GET ${p}: Content-Type ${r.headers.get('content-type')}`);
    const csp = r.headers.get('content-security-policy') || '';
    const dirs = Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean)
      .map((d) => { const [k, ...v] = d.split(/\s+/); return [k.toLowerCase(), v.join(' ')]; }));
    assert(dirs['script-src'] === "'self'", `GET ${p}: CSP script-src is ${JSON.stringify(dirs['script-src'])} (want 'self'): ${csp}`);
    assert(dirs['frame-ancestors'] === "'none'", `GET ${p}: CSP frame-ancestors is ${JSON.stringify(dirs['frame-ancestors'])}: ${csp}`);
    assert(dirs['object-src'] === "'none'", `GET ${p}: CSP object-src is ${JSON.stringify(dirs['object-src'])}: ${csp}`);
    assert(!/unsafe-inline|unsafe-eval/.test(csp), `GET ${p}: CSP allows unsafe-*: ${csp}`);
    assert((r.headers.get('x-content-type-options') || '').toLowerCase() === 'nosniff',
      `GET ${p}: X-Content-Type-Options is ${r.headers.get('x-content-type-options')}`);
  }
  const js = await fetch(server.url + '/js/app.js');
  await js.arrayBuffer();
  assert(js.status === 200, `GET /js/app.js -> ${js.status}`);
  assert(/javascript/.test(js.headers.get('content-type') || ''), `/js/app.js Content-Type ${js.headers.get('content-type')}`);
  assert((js.headers.get('x-content-type-options') || '').toLowerCase() === 'nosniff', '/js/app.js without nosniff');
});

test('incident list shows payload titles as text and runs nothing', async (ctx) => {
  const server = await ctx.server();
  const { incidents } = await seed(server);
  const page = await ctx.page();
  const bad = watchRequests(page, server);
  await login(page, server);
  await open(page, server, '#/incidents', 'view-incidents');
  for (const inc of incidents) {
    await expectText(page, 'incident-row', inc.title, `incident list row ${inc.key}`);
  }
  await assertNoXss(page, 'incident list', bad);
  await screenshot(page, 'xss-incident-list');
  // click the title links of the attacker rows
  const n = await clickEach(page, server, '#/incidents', 'view-incidents',
    `${byTestId('incident-row')} ${byTestId('incident-link')}`, 'incident list link', bad);
  assert(n >= incidents.length, `only ${n} incident links found, want >= ${incidents.length}`);
});

test('incident pages show title, description, task, linked report as text', async (ctx) => {
  const server = await ctx.server();
  const { incidents } = await seed(server);
  const page = await ctx.page();
  const bad = watchRequests(page, server);
  await login(page, server);
  for (const inc of incidents) {
    const where = `incident page ${inc.key} (payload ${inc.i})`;
    await open(page, server, `#/incidents/${inc.id}`, 'view-incident');
    await expectText(page, 'incident-title', inc.title, where + ' title');
    await expectText(page, 'view-incident', inc.description, where + ' description');
    await expectText(page, 'task-item', inc.task, where + ' task');
    await expectText(page, 'linked-report', inc.linkedSubject, where + ' linked report');
    await page.locator(`${byTestId('journal-entry')}[data-kind="note"]`).first().waitFor({ state: 'visible' });
    await assertNoXss(page, where, bad);
    if (inc.i === 0) await screenshot(page, 'xss-incident-page');
  }
  // links inside rendered notes and linked reports carry attacker text
  for (const inc of incidents.filter((x) => [0, 4, 5, 6].includes(x.i))) {
    const hash = `#/incidents/${inc.id}`;
    await clickEach(page, server, hash, 'view-incident', `${byTestId('journal-body')} a`, `note link ${inc.key}`, bad);
    await clickEach(page, server, hash, 'view-incident', `${byTestId('linked-report')}`, `linked report ${inc.key}`, bad);
  }
});

test('report queue and report pages show payloads as text', async (ctx) => {
  const server = await ctx.server();
  const { reports } = await seed(server);
  const page = await ctx.page();
  const bad = watchRequests(page, server);
  await login(page, server);
  await open(page, server, '#/reports?state=new', 'view-reports');
  for (const r of reports) {
    await expectText(page, 'report-row', r.subject, `report queue row ${r.key}`);
  }
  await assertNoXss(page, 'report queue', bad);
  await screenshot(page, 'xss-report-queue');
  for (const r of reports) {
    const where = `report page ${r.key} (payload ${r.i})`;
    await open(page, server, `#/reports/${r.id}`, 'view-report');
    await expectText(page, 'report-subject', r.subject, where + ' subject');
    await expectText(page, 'report-reporter', r.reporter_name, where + ' reporter name');
    await expectText(page, 'report-reporter', r.reporter_address, where + ' reporter address');
    await expectText(page, 'report-body', 'B' + r.i + ':' + r.p, where + ' body');
    await assertNoXss(page, where, bad);
    if (r.i === 1) await screenshot(page, 'xss-report-page');
  }
  const n = await clickEach(page, server, '#/reports?state=new', 'view-reports',
    `${byTestId('report-row')} ${byTestId('report-link')}`, 'report queue link', bad);
  assert(n >= reports.length, `only ${n} report links found, want >= ${reports.length}`);
  // links on the report page (e.g. a mailto: built from the reporter address)
  for (const r of reports.filter((x) => [1, 3, 4].includes(x.i))) {
    await clickEach(page, server, `#/reports/${r.id}`, 'view-report', `${byTestId('view-report')} a[href]:not([href^="#"])`,
      `report page link ${r.key}`, bad);
  }
});

test('dashboard lists show payloads as text', async (ctx) => {
  const server = await ctx.server();
  const { incidents, reports } = await seed(server);
  const page = await ctx.page();
  const bad = watchRequests(page, server);
  await login(page, server);
  await open(page, server, '#/dashboard', 'view-dashboard');
  // the newest incident and the newest new report (last seeded) must be listed
  const lastInc = incidents[incidents.length - 1];
  await expectText(page, 'view-dashboard', lastInc.title, 'dashboard recent incidents');
  await page.waitForTimeout(500);
  await assertNoXss(page, 'dashboard', bad);
  await screenshot(page, 'xss-dashboard');
  await clickEach(page, server, '#/dashboard', 'view-dashboard', `${byTestId('view-dashboard')} a[href]`, 'dashboard link', bad, { max: 12 });
  void reports;
});

test('search q=script finds payload incidents and reports, runs nothing', async (ctx) => {
  const server = await ctx.server();
  const { incidents, reports } = await seed(server);
  const page = await ctx.page();
  const bad = watchRequests(page, server);
  await login(page, server);
  await open(page, server, '#/incidents?q=script', 'view-incidents');
  await expectText(page, 'incident-row', incidents[0].title, 'incident search q=script');
  const v = await page.locator(byTestId('filter-q')).inputValue().catch(() => null);
  assert(v === null || v === 'script', `filter-q shows ${JSON.stringify(v)}, want "script"`);
  await assertNoXss(page, 'incident search', bad);
  await open(page, server, '#/reports?state=new&q=script', 'view-reports');
  await expectText(page, 'report-row', reports[0].subject, 'report search q=script');
  await assertNoXss(page, 'report search', bad);
  // search typed into the form
  await open(page, server, '#/incidents', 'view-incidents');
  await page.locator(byTestId('filter-q')).fill('window');
  await page.locator(byTestId('filter-apply')).click();
  await expectText(page, 'incident-row', incidents[1].title, 'incident search typed "window"');
  await assertNoXss(page, 'typed search', bad);
});

test('payloads in the URL hash and the login form run nothing', async (ctx) => {
  const server = await ctx.server();
  await seed(server);
  const page = await ctx.page();
  const bad = watchRequests(page, server);
  // a wrong login whose user name is a payload (the error may echo it)
  await page.goto(server.url + '/');
  await page.locator(byTestId('login-user')).fill('<img src=x onerror="window.__xss=30">');
  await page.locator(byTestId('login-password')).fill('wrong-password-1');
  await page.locator(byTestId('login-submit')).click();
  await page.locator(byTestId('login-error')).filter({ hasText: /\S/ }).first().waitFor({ state: 'visible' });
  await assertNoXss(page, 'failed login', bad);
  await login(page, server);
  const hashes = [
    '#/incidents?q=' + encodeURIComponent('<img src=x onerror="window.__xss=31">'),
    '#/incidents?q="><script>window.__xss=32</script>',
    '#/incidents?status=' + encodeURIComponent('<svg onload="window.__xss=33">'),
    '#/incidents/' + encodeURIComponent('<img src=x onerror="window.__xss=34">'),
    '#/reports/' + encodeURIComponent('"><img src=x onerror=window.__xss=35>'),
    '#/reports?q=' + encodeURIComponent('<iframe srcdoc="<script>parent.__xss=36</script>">'),
    '#/' + encodeURIComponent('<img src=x onerror="window.__xss=37">'),
    '#/admin/' + encodeURIComponent('<svg onload="window.__xss=38">'),
  ];
  for (const h of hashes) {
    await page.goto(server.url + '/' + h);
    await page.locator(byTestId('app')).waitFor();
    await page.waitForTimeout(700);
    await assertNoXss(page, 'hash ' + h, bad);
  }
  // the incident list echoes q in the filter box as a value, not markup
  await open(page, server, '#/incidents?q=' + encodeURIComponent('<b>q</b>'), 'view-incidents');
  const v = await page.locator(byTestId('filter-q')).inputValue();
  assert(v === '<b>q</b>', `filter-q shows ${JSON.stringify(v)}`);
});
