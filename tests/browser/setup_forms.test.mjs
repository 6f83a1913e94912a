/*
 * setup_forms.test.mjs - the structured answers of the build questionnaire
 * (検討すべき事項) through their forms, never as JSON: on a fresh
 * installation an admin fills the constituencies table, the authority
 * matrix, the point of contact and the report schedule, saves each section,
 * and the configuration is in effect (checked through the API); server field
 * errors land on the right row (a bad day and address in schedule row 2, a
 * referenced constituency removed); a viewer sees the same forms read only.
 * Screenshots (section cards): build/test-artifacts/screenshots/setup-forms*.png.
 */

import fs from 'node:fs';
import path from 'node:path';
import {
  test, login, byTestId, screenshot, expectClean, assert, assertEqual, SCREENSHOT_DIR,
} from './harness.mjs';

const VIEWER_PW = 'viewer-horse-battery-staple';

// A screenshot of one section card (the page ones are very tall).
async function shotOf(page, code, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await sectionOf(page, code).screenshot({ path: path.join(SCREENSHOT_DIR, name + '.png') });
}

const sectionOf = (page, code) => page.locator(`${byTestId('setup-section')}[data-code="${code}"]`);

async function saveAndWait(page, code) {
  const sec = sectionOf(page, code);
  await sec.locator(byTestId('setup-save')).click();
  await sec.locator(byTestId('setup-applied')).waitFor();
  return sec;
}

// The JST wall time of an instant, as "YYYY-MM-DD HH:MM".
function jst(iso) {
  const d = new Date(Date.parse(iso) + 9 * 3600 * 1000).toISOString();
  return d.slice(0, 10) + ' ' + d.slice(11, 16);
}

test('setup forms: constituencies, authority, PoC and report schedule configure the system', async (ctx) => {
  const server = await ctx.server();
  const page = await ctx.page();
  await login(page, server, { hash: '#/setup' });
  await page.locator(byTestId('view-setup')).waitFor();
  assertEqual(await page.locator('[data-testid="view-setup"] textarea.mono').count(), 0, 'no JSON text boxes');

  // --- constituencies: an editable table --------------------------------------
  let scope = sectionOf(page, 'scope');
  await scope.locator(byTestId('setup-cons-empty')).waitFor();
  await scope.locator(byTestId('setup-cons-add')).click();
  await scope.locator(byTestId('setup-cons-add')).click();
  let rows = scope.locator(byTestId('setup-cons-row'));
  await rows.nth(0).locator(byTestId('setup-cons-code')).fill('HQ');
  await rows.nth(0).locator(byTestId('setup-cons-name')).fill('本社');
  await rows.nth(0).locator(byTestId('setup-cons-name-en')).fill('Head office');
  await rows.nth(1).locator(byTestId('setup-cons-code')).fill('GRP');
  await rows.nth(1).locator(byTestId('setup-cons-name')).fill('グループ会社');
  await rows.nth(1).locator(byTestId('setup-cons-description')).fill('国内の連結子会社');
  // every control has a label
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll(
    '[data-testid="view-setup"] input, [data-testid="view-setup"] select, [data-testid="view-setup"] textarea')]
    .filter((x) => !(x.labels && x.labels.length) && !x.getAttribute('aria-label')).map((x) => x.outerHTML.slice(0, 80)));
  assertEqual(JSON.stringify(unlabelled), '[]', 'controls without a label');
  scope = await saveAndWait(page, 'scope');
  const cons = Object.fromEntries((await server.apiOk('GET', 'constituencies')).items.map((c) => [c.code, c]));
  assert(cons.HQ && cons.HQ.name === '本社' && cons.HQ.name_en === 'Head office', 'HQ exists: ' + JSON.stringify(cons));
  assert(cons.GRP && cons.GRP.description === '国内の連結子会社', 'GRP exists');
  assertEqual(await scope.locator(byTestId('setup-cons-row')).count(), 2, 'rows after the save');

  // HQ is referred to by an incident: removing it is refused on its row
  await server.apiOk('POST', 'incidents', { title: '本社サーバの不審な通信', constituency_id: cons.HQ.id });
  const hq = scope.locator(`${byTestId('setup-cons-row')}[data-orig="HQ"]`);
  await hq.locator(byTestId('setup-cons-remove')).click();
  assert(await hq.locator(byTestId('setup-cons-code')).isDisabled(), 'a removed row is kept, disabled, until the save');
  await scope.locator(byTestId('setup-save')).click();
  const consErr = hq.locator(byTestId('field-error'));
  await consErr.waitFor();
  assert((await consErr.textContent()).includes('HQ'), 'the server message names HQ');
  assertEqual(await scope.locator(`${byTestId('setup-cons-row')}[data-orig="GRP"] ${byTestId('field-error')}`).count(), 0,
    'no error on GRP');
  assert((await server.apiOk('GET', 'constituencies')).items.some((c) => c.code === 'HQ'), 'HQ kept');
  await shotOf(page, 'scope', 'setup-forms-constituency-error');
  await hq.locator(byTestId('setup-cons-remove')).click(); // 元に戻す
  assert(!(await hq.locator(byTestId('setup-cons-code')).isDisabled()), 'undo');

  // --- authority: system stop (survey 2.8) and the matrix -----------------------
  let auth = sectionOf(page, 'authority');
  await auth.locator(byTestId('setup-authority-stop')).selectOption('order');
  const stopCell = auth.locator(`${byTestId('setup-authority-cell')}[data-action="system_stop"][data-role="csirt_lead"]`);
  assert(await stopCell.isDisabled(), 'the CSIRT lead × system stop cell follows the survey-2.8 answer');
  assertEqual(await stopCell.inputValue(), 'order', 'the cell shows order');
  await auth.locator(`${byTestId('setup-authority-cell')}[data-action="public_announcement"][data-role="pr"]`)
    .selectOption('approve');
  auth = await saveAndWait(page, 'authority');
  const m = await server.apiOk('GET', 'authority');
  const cells = Object.fromEntries(m.cells.map((c) => [c.action + '/' + c.role, c.power]));
  assertEqual(cells['system_stop/csirt_lead'], 'order', 'system stop ordered by the CSIRT lead');
  assertEqual(cells['public_announcement/pr'], 'approve', 'PR approves announcements');

  // --- point of contact ----------------------------------------------------------
  let poc = sectionOf(page, 'poc');
  await poc.locator(byTestId('setup-poc-email')).fill('poc@example.jp');
  await poc.locator(byTestId('setup-poc-phone')).fill('+81-3-0000-1111');
  await poc.locator(byTestId('setup-poc-hours')).fill('平日 9:00-17:30');
  await poc.getByLabel('公開の届出フォームを使う').check();
  poc = await saveAndWait(page, 'poc');
  const profile = (await server.apiOk('GET', 'team-profile')).profile;
  assertEqual(profile.email, 'poc@example.jp', 'PoC address in the team profile');
  assertEqual(profile.telephone, '+81-3-0000-1111', 'PoC phone in the team profile');
  const setup = await server.apiOk('GET', 'setup');
  const pocAnswer = setup.sections.find((s) => s.code === 'poc').questions.find((q) => q.id === 'poc').answer;
  assertEqual(pocAnswer.public_form, true, 'public form offered');
  assert(await poc.locator(byTestId('setup-poc-public-form')).isChecked(), 'checkbox still checked after the save');

  // --- report schedule --------------------------------------------------------------
  let rep = sectionOf(page, 'reporting');
  await rep.locator(byTestId('setup-schedule-add')).click();
  await rep.locator(byTestId('setup-schedule-add')).click();
  let srows = rep.locator(byTestId('setup-schedule-row'));
  const r0 = srows.nth(0);
  await r0.locator(byTestId('setup-schedule-audience')).selectOption('management');
  await r0.locator(byTestId('setup-schedule-frequency')).selectOption('monthly');
  await r0.locator(byTestId('setup-schedule-day')).fill('5');
  await r0.locator(byTestId('setup-schedule-time')).fill('09:30');
  await r0.locator(byTestId('setup-schedule-lang')).selectOption('ja');
  await r0.locator(byTestId('setup-schedule-format')).selectOption('pdf');
  await r0.locator(byTestId('setup-schedule-recipients')).fill('ciso@example.jp, cio@example.jp');
  const r1 = srows.nth(1);
  const audiences = await r1.locator(`${byTestId('setup-schedule-audience')} option`).allTextContents();
  assertEqual(JSON.stringify(audiences), JSON.stringify(['経営層', '構成員', 'チーム', '定期報告会']), 'audience labels');
  await r1.locator(byTestId('setup-schedule-audience')).selectOption('meeting');
  await r1.locator(byTestId('setup-schedule-frequency')).selectOption('quarterly');
  await r1.locator(byTestId('setup-schedule-day')).fill('31');
  await r1.locator(byTestId('setup-schedule-time')).fill('10:00');
  await r1.locator(byTestId('setup-schedule-lang')).selectOption('en');
  await r1.locator(byTestId('setup-schedule-format')).selectOption('html');
  // a light client check first: no address at all
  await r1.locator(byTestId('setup-schedule-recipients')).fill('取締役会');
  await rep.locator(byTestId('setup-save')).click();
  await r1.locator(`${byTestId('field-error')}[data-field="answers.report_schedule[1].recipients"]`).waitFor();
  // then the server's check: day 31 and an address without a domain dot
  await r1.locator(byTestId('setup-schedule-recipients')).fill('board@example.jp, ops@localhost');
  await rep.locator(byTestId('setup-save')).click();
  const dayErr = r1.locator(`${byTestId('field-error')}[data-field="answers.report_schedule[1].day"]`);
  await dayErr.waitFor();
  const dayText = await dayErr.textContent();
  assert(dayText.includes('1〜28 の日') && dayText.includes('from 1 to 28'), 'Japanese hint, then the server message: ' + dayText);
  await r1.locator(`${byTestId('field-error')}[data-field="answers.report_schedule[1].recipients[1]"]`).waitFor();
  assertEqual(await r0.locator(byTestId('field-error')).count(), 0, 'no error on the first row');
  assertEqual((await server.apiOk('GET', 'report-schedules')).items.length, 0, 'a bad answer writes nothing');
  await shotOf(page, 'reporting', 'setup-forms-schedule-errors');
  await r1.locator(byTestId('setup-schedule-day')).fill('10');
  await r1.locator(byTestId('setup-schedule-recipients')).fill('board@example.jp');
  rep = await saveAndWait(page, 'reporting');
  const items = (await server.apiOk('GET', 'report-schedules')).items;
  assertEqual(items.length, 2, 'two schedules');
  assertEqual(JSON.stringify(items[0].recipients), JSON.stringify(['ciso@example.jp', 'cio@example.jp']), 'recipients');
  assert(items[1].audience === 'meeting' && items[1].day === 10 && items[1].lang === 'en' && items[1].format === 'html',
    'row 2: ' + JSON.stringify(items[1]));
  srows = rep.locator(byTestId('setup-schedule-row'));
  for (let i = 0; i < 2; i++) {
    assert(items[i].next_run_at, 'next_run_at of row ' + i);
    const cell = srows.nth(i).locator(byTestId('setup-schedule-next'));
    await cell.filter({ hasText: 'JST' }).waitFor();
    const shown = (await cell.textContent()).replace(/\//g, '-').replace(/\s+JST$/, '');
    assertEqual(shown, jst(items[i].next_run_at), 'next run of row ' + i + ' in JST');
  }
  assert(jst(items[0].next_run_at).endsWith('-05 09:30'), 'monthly on the 5th at 09:30 JST');
  // an admin sends the first schedule's report now: it lands in the outbox, next run unchanged
  assertEqual(await srows.nth(0).locator(byTestId('setup-schedule-last')).textContent().then((x) => x.trim().startsWith('—')),
    true, 'never sent yet');
  await srows.nth(0).locator(byTestId('setup-schedule-run')).click();
  await page.locator(byTestId('toast')).filter({ hasText: '送信キュー' }).waitFor();
  const box = (await server.apiOk('GET', 'outbox')).items.filter((m) => /月次報告/.test(m.subject || ''));
  assertEqual(box.length, 2, 'one queued mail per recipient: ' + JSON.stringify(box.map((m) => m.subject)));
  assertEqual((await server.apiOk('GET', 'report-schedules')).items[0].next_run_at, items[0].next_run_at,
    'run now keeps the next run');
  await shotOf(page, 'reporting', 'setup-forms-schedule');
  await shotOf(page, 'authority', 'setup-forms-authority');
  await shotOf(page, 'poc', 'setup-forms-poc');
  // remove the meeting row again
  await srows.nth(1).locator(byTestId('setup-schedule-remove')).click();
  rep = await saveAndWait(page, 'reporting');
  assertEqual((await server.apiOk('GET', 'report-schedules')).items.length, 1, 'one schedule left');
  await screenshot(page, 'setup-forms');
  await expectClean(page);
});

test('setup forms: a viewer sees the answers read only', async (ctx) => {
  const server = await ctx.server();
  await server.apiOk('POST', 'users', { login: 'setup.viewer', display_name: '閲覧 花子', role: 'viewer',
    all_constituencies: true, password: VIEWER_PW });
  const page = await ctx.page();
  await login(page, server, { login: 'setup.viewer', password: VIEWER_PW, hash: '#/setup' });
  await page.locator(byTestId('view-setup')).waitFor();
  await page.locator(byTestId('setup-read-only')).waitFor();
  assertEqual(await page.locator(`${byTestId('setup-save')}:visible`).count(), 0, 'no save buttons');
  assertEqual(await page.locator(`${byTestId('setup-cons-add')}:visible, ${byTestId('setup-schedule-add')}:visible`).count(),
    0, 'no add buttons');
  const email = page.locator(byTestId('setup-poc-email'));
  assertEqual(await email.inputValue(), 'poc@example.jp', 'the PoC address is shown');
  assert(await email.isDisabled(), 'PoC read only');
  assert(await page.locator(byTestId('setup-poc-public-form')).isChecked(), 'public form shown');
  const hq = page.locator(`${byTestId('setup-cons-row')}[data-orig="HQ"] ${byTestId('setup-cons-name')}`);
  assertEqual(await hq.inputValue(), '本社', 'constituency shown');
  assert(await hq.isDisabled(), 'constituency read only');
  assert(await page.locator(`${byTestId('setup-authority-cell')}[data-action="public_announcement"][data-role="pr"]`)
    .isDisabled(), 'matrix read only');
  const day = page.locator(byTestId('setup-schedule-day')).first();
  assertEqual(await day.inputValue(), '5', 'schedule shown');
  assert(await day.isDisabled(), 'schedule read only');
  await page.locator(byTestId('setup-schedule-next')).first().filter({ hasText: 'JST' }).waitFor();
  const enabledControls = await page.evaluate(() => [...document.querySelectorAll(
    '[data-testid="view-setup"] input, [data-testid="view-setup"] select, [data-testid="view-setup"] textarea')]
    .filter((x) => !x.disabled).length);
  assertEqual(enabledControls, 0, 'every control is read only');
  await shotOf(page, 'poc', 'setup-forms-viewer');
  await expectClean(page);
});
