/*
 * screens.test.mjs - a screenshot of each main page with the demo data set,
 * saved to build/test-artifacts/screenshots/screen-<page>.png.
 *
 * A page fails when its main region does not appear, shows an error toast
 * ([data-testid=toast][data-kind=error]), is blank (main region without
 * text), or the page has a CSP violation, dialog or uncaught JS error.
 * All tests share one demo server.
 */

import { test, login, byTestId, screenshot, expectClean, assert } from './harness.mjs';

async function settle(page) {
  await page.waitForLoadState('load');
  // let pending API answers render (no network polling in the UI)
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  await page.waitForTimeout(300);
}

async function checkScreen(page, view, name, { minText = 20, content } = {}) {
  const region = page.locator(byTestId(view)).first();
  await region.waitFor({ state: 'visible' });
  if (content) await page.locator(content).first().waitFor({ state: 'visible' });
  await settle(page);
  const errToast = page.locator(`${byTestId('toast')}[data-kind="error"]`);
  if (await errToast.count()) {
    const visible = await errToast.first().isVisible();
    const text = (await errToast.first().textContent() || '').trim();
    assert(!visible || !text, `${name}: error message shown: ${JSON.stringify(text)}`);
  }
  const text = (await region.innerText()).trim();
  assert(text.length >= minText, `${name}: the page looks blank (${text.length} chars of text: ${JSON.stringify(text)})`);
  const box = await region.boundingBox();
  assert(box && box.height > 50 && box.width > 200, `${name}: the main region is ${JSON.stringify(box)}`);
  await screenshot(page, 'screen-' + name);
  await expectClean(page);
}

async function demoIds(server) {
  const inc = await server.apiOk('GET', 'incidents?limit=20&sort=-updated_at');
  assert(inc.items.length > 0, 'the demo data has no incidents');
  // the most interesting incident: one with journal entries and linked reports if possible
  let incident = inc.items[0];
  for (const it of inc.items) {
    const rep = await server.apiOk('GET', `incidents/${it.id}/reports`);
    if (rep.items && rep.items.length) { incident = it; break; }
  }
  const reps = await server.apiOk('GET', 'reports?limit=5');
  assert(reps.items.length > 0, 'the demo data has no reports');
  const newRep = (await server.apiOk('GET', 'reports?state=new&limit=1')).items[0];
  return { incident, report: newRep || reps.items[0] };
}

test('login page', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const page = await ctx.page();
  await page.goto(server.url + '/');
  await page.locator(byTestId('login-form')).waitFor({ state: 'visible' });
  await settle(page);
  await screenshot(page, 'screen-login');
  await expectClean(page);
});

test('dashboard', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const page = await ctx.page();
  await login(page, server);
  await page.goto(server.url + '/#/dashboard');
  await checkScreen(page, 'view-dashboard', 'dashboard', { content: byTestId('dash-open-by-priority') });
});

test('incident list', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const page = await ctx.page();
  await login(page, server);
  await page.goto(server.url + '/#/incidents');
  await checkScreen(page, 'view-incidents', 'incidents', { content: byTestId('incident-row') });
});

test('incident page', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const { incident } = await demoIds(server);
  const page = await ctx.page();
  await login(page, server);
  await page.goto(server.url + '/#/incidents/' + incident.id);
  await checkScreen(page, 'view-incident', 'incident', { content: byTestId('incident-title') });
  const title = (await page.locator(byTestId('incident-title')).first().innerText()).trim();
  assert(title.includes(incident.title.slice(0, 40)), `incident title shows ${JSON.stringify(title)}, want ${JSON.stringify(incident.title)}`);
});

test('report queue', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const page = await ctx.page();
  await login(page, server);
  await page.goto(server.url + '/#/reports');
  await checkScreen(page, 'view-reports', 'reports', { content: `${byTestId('report-row')}, ${byTestId('report-empty')}` });
});

test('report page', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const { report } = await demoIds(server);
  const page = await ctx.page();
  await login(page, server);
  await page.goto(server.url + '/#/reports/' + report.id);
  await checkScreen(page, 'view-report', 'report', { content: byTestId('report-subject') });
  const subject = (await page.locator(byTestId('report-subject')).first().innerText()).trim();
  assert(subject.includes(report.subject.slice(0, 40)), `report subject shows ${JSON.stringify(subject)}, want ${JSON.stringify(report.subject)}`);
});

test('admin', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const page = await ctx.page();
  await login(page, server);
  for (const tab of ['users', 'constituencies', 'taxonomy']) {
    await page.goto(server.url + '/#/admin/' + tab);
    const row = { users: 'user-row', constituencies: 'constituency-row', taxonomy: 'taxonomy-row' }[tab];
    await checkScreen(page, 'view-admin', 'admin-' + tab, { content: byTestId(row) });
  }
});

test('english UI (lang toggle) dashboard', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const page = await ctx.page();
  await login(page, server);
  await page.goto(server.url + '/#/dashboard');
  await page.locator(byTestId('view-dashboard')).waitFor({ state: 'visible' });
  const toggle = page.locator(byTestId('lang-toggle')).first();
  const before = await toggle.getAttribute('data-lang');
  if (before !== 'en') {
    await toggle.click();
    await page.locator(`${byTestId('lang-toggle')}[data-lang="en"]`).first().waitFor();
  }
  await checkScreen(page, 'view-dashboard', 'dashboard-en', { content: byTestId('dash-open-by-priority') });
});
