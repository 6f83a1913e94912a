/*
 * sla.test.mjs - SLA in the handlers' UI: the admin page (policies table,
 * business hours, the 2026 public holidays with a switch, a custom day off)
 * and the incident page's SLA panel (badges, live countdown, a breach seen
 * after `hikeshi scheduler run-once --now` in the future).
 * Screenshots: build/test-artifacts/screenshots/sla-*.png.
 */

import {
  test, login, byTestId, screenshot, expectClean, assert, assertEqual,
} from './harness.mjs';

const text = async (loc) => ((await loc.textContent()) || '').trim();

async function settle(page) {
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  await page.waitForTimeout(200);
}

test('admin SLA page: policies, business hours, holidays of 2026', async (ctx) => {
  const server = await ctx.server();
  const page = await ctx.page();
  await login(page, server, { hash: '#/sla?year=2026' });
  await page.locator(byTestId('sla-policy-row')).first().waitFor();
  await page.locator(byTestId('holiday-row')).first().waitFor();
  await settle(page);
  assertEqual(await page.locator(byTestId('sla-policy-row')).count(), 4, 'four priorities');
  assertEqual(await page.locator(byTestId('sla-P1-acknowledge_minutes')).inputValue(), '15', 'P1 acknowledge');
  assertEqual(await page.locator(byTestId('sla-P1-calendar')).inputValue(), '24x365', 'P1 calendar');
  assertEqual(await page.locator(byTestId('sla-P4-containment_minutes')).inputValue(), '', 'P4 containment: none');

  // change P3's acknowledge target and save
  await page.locator(byTestId('sla-P3-acknowledge_minutes')).fill('120');
  await page.locator(byTestId('sla-policies-save')).click();
  await page.locator(`${byTestId('toast')}:not([hidden])`).waitFor();
  const pol = await server.apiOk('GET', 'sla-policies');
  assertEqual(pol.items.find((p) => p.priority === 'P3').acknowledge_minutes, 120, 'saved through the API');
  // a bad value: the server's message by the field
  await page.locator(byTestId('sla-P2-near')).fill('150');
  await page.locator(byTestId('sla-policies-save')).click();
  await page.locator(byTestId('field-error')).first().waitFor();
  assert((await page.locator(byTestId('field-error')).first().getAttribute('data-field')).includes('near_breach_percent'),
    'field error on near_breach_percent');

  // business hours: Monday to Friday open 09:00-18:00
  assert(await page.locator(byTestId('hours-1-on')).isChecked(), 'Monday open');
  assert(!(await page.locator(byTestId('hours-0-on')).isChecked()), 'Sunday closed');
  assertEqual(await page.locator(byTestId('hours-1-open')).inputValue(), '09:00', 'Monday opens 09:00');
  await page.locator(byTestId('hours-6-on')).check();
  await page.locator(byTestId('hours-6-close')).fill('12:00');
  await page.locator(byTestId('hours-save')).click();
  await settle(page);
  const hours = await server.apiOk('GET', 'business-hours');
  assertEqual(JSON.stringify(hours.days[6]), JSON.stringify({ weekday: 6, open: '09:00', close: '12:00' }), 'Saturday saved');

  // holidays of 2026 with Japanese names; switch one off
  assertEqual(await text(page.locator(byTestId('holiday-year'))), '2026', 'year shown');
  const rows = page.locator(`${byTestId('holiday-row')}[data-source="builtin"]`);
  assertEqual(await rows.count(), 18, '18 public holidays in 2026');
  assertEqual(await text(page.locator(`${byTestId('holiday-row')}[data-day="2026-09-22"] ${byTestId('holiday-name')}`)),
    '国民の休日', 'the silver-week day');
  await page.locator(`${byTestId('holiday-row')}[data-day="2026-05-06"] ${byTestId('holiday-enabled')}`).uncheck();
  await settle(page);
  const hol = await server.apiOk('GET', 'holidays?year=2026');
  assertEqual(hol.items.find((d) => d.day === '2026-05-06').enabled, false, 'switched off');

  // a custom day off (year-end), then deleted
  await page.locator(byTestId('holiday-new-day')).fill('2026-12-29');
  await page.locator(byTestId('holiday-new-name')).fill('年末年始休業 <b>x</b>');
  await page.locator(byTestId('holiday-add-save')).click();
  const custom = page.locator(`${byTestId('holiday-row')}[data-day="2026-12-29"]`);
  await custom.waitFor();
  assertEqual(await custom.getAttribute('data-source'), 'custom', 'custom row');
  assertEqual(await text(custom.locator(byTestId('holiday-name'))), '年末年始休業 <b>x</b>', 'name as text');
  await screenshot(page, 'sla-admin');
  await custom.locator(byTestId('holiday-delete')).click();
  await custom.waitFor({ state: 'detached' });
  await page.locator(byTestId('holiday-next')).click();
  await page.locator(`${byTestId('holiday-year')}:text("2027")`).waitFor();
  await expectClean(page);
});

test('incident SLA panel: badges, live countdown, breach after a scheduler pass', async (ctx) => {
  const server = await ctx.server();
  const con = await server.apiOk('POST', 'constituencies', { code: 'SLA' + process.pid, name: '情報システム部' });
  const inc = await server.apiOk('POST', 'incidents', { title: 'SLA パネル試験', impact: 'high', urgency: 'high',
    constituency_id: con.id });
  const page = await ctx.page();
  await login(page, server, { hash: `#/incidents/${inc.id}` });
  const panel = page.locator(byTestId('sla-panel'));
  await panel.locator(byTestId('sla-target')).first().waitFor();
  await settle(page);
  assertEqual(await panel.locator(byTestId('sla-target')).count(), 4, 'four targets');
  const ack = panel.locator(`${byTestId('sla-target')}[data-target="acknowledge"]`);
  assertEqual(await ack.getAttribute('data-state'), 'ok', 'acknowledge on track');
  assertEqual(await text(ack.locator(byTestId('sla-badge'))), '期限内', 'badge in Japanese');
  const c1 = await text(ack.locator(byTestId('sla-countdown')));
  assert(/^残り (14|15):\d\d$/.test(c1) || /^残り 0:1[45]$/.test(c1), 'countdown: ' + c1);
  assert(/^残り \d+:\d\d$/.test(c1), 'remaining format: ' + c1);
  await screenshot(page, 'sla-panel');

  // a pass as if two days had gone by: every target breached
  const later = new Date(Date.parse(inc.created_at) + 2 * 86400 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const r = server.cli('scheduler', 'run-once', '--now', later);
  assertEqual(r.rc, 0, 'run-once: ' + r.stderr);
  const j = await server.apiOk('GET', `incidents/${inc.id}/journal`);
  assertEqual(j.items.filter((e) => e.kind === 'sla').length, 4, 'four breach entries');
  // on the page the clock is still now; the journal shows the entries after a reload
  await page.reload();
  await page.locator(`${byTestId('journal-entry')}[data-kind="sla"]`).first().waitFor();
  assertEqual(await page.locator(`${byTestId('journal-entry')}[data-kind="sla"]`).count(), 4, 'timeline entries');

  // acknowledge: the badge turns to met
  const cur = await server.apiOk('GET', `incidents/${inc.id}`);
  await server.apiOk('PATCH', `incidents/${inc.id}`, { status: 'triage' }, { ifMatch: cur.version });
  await page.reload();
  const ack2 = page.locator(`${byTestId('sla-panel')} ${byTestId('sla-target')}[data-target="acknowledge"]`);
  await ack2.waitFor();
  assertEqual(await ack2.getAttribute('data-state'), 'met', 'acknowledged');
  assertEqual(await text(ack2.locator(byTestId('sla-badge'))), '達成', 'met badge');
  await expectClean(page);
});
