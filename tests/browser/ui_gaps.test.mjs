/*
 * ui_gaps.test.mjs - the gaps closed after the first UI: several statuses at
 * once and detected/updated date ranges in the incident list; task due dates
 * and overdue highlighting; editing users' scope/TLP, constituencies and org
 * units after creation (with the server's 422 shown by the field); the
 * priority matrix editor; very long unbroken report subjects.
 */
import { test, login, screenshot, assert, assertEqual, expectClean, byTestId, waitForTestId } from './harness.mjs';

const tid = byTestId;
const hashParams = (page) => new URLSearchParams((new URL(page.url()).hash.split('?')[1]) || '');

async function rowIds(page) {
  return page.locator(tid('incident-row')).evaluateAll((rs) => rs.map((r) => r.getAttribute('data-id')));
}

test('incident list: several statuses at once, detected/updated date ranges', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const page = await ctx.page();
  await login(page, server, { hash: '#/incidents?status=new,triage' });
  await waitForTestId(page, 'view-incidents');
  await page.locator(tid('incident-row')).first().waitFor();
  assertEqual(await page.locator(tid('filter-status')).inputValue(), 'new,triage', 'hidden value from the hash');
  const checked = await page.locator(tid('filter-status-option')).evaluateAll((bs) => bs.filter((b) => b.checked).map((b) => b.value));
  assertEqual(checked.join(','), 'new,triage', 'checkboxes from the hash');
  const want = await server.apiOk('GET', 'incidents?status=new,triage&limit=50');
  assertEqual((await rowIds(page)).join(','), want.items.map((i) => String(i.id)).join(','), 'rows = API answer for status=new,triage');

  // Tick one more: the URL carries all three, the list follows.
  await page.locator(`${tid('filter-status-option')}[data-status="analysis"]`).check();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('status=new,triage,analysis'));
  const want3 = await server.apiOk('GET', 'incidents?status=new,triage,analysis&limit=50');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=incident-row]').length === n, want3.items.length);
  assertEqual((await rowIds(page)).join(','), want3.items.map((i) => String(i.id)).join(','), 'rows for three statuses');
  await screenshot(page, 'ui_gaps_status_filter');

  // "Open" checks all but closed; "all" clears the filter.
  await page.locator(tid('filter-status-open')).click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('status=new,triage,analysis,containment,eradication,recovery'));
  await page.locator(tid('filter-status-any')).click();
  await page.waitForFunction(() => !location.hash.includes('status='));
  assertEqual(await page.locator(`${tid('filter-status-option')}:checked`).count(), 0, 'no status ticked');

  // Detected / updated ranges: written to the URL, sent to the API.
  await page.locator(tid('filter-detected-from')).fill('2099-01-01');
  await page.waitForFunction(() => location.hash.includes('detected_from=2099-01-01'));
  await waitForTestId(page, 'incident-empty');
  await page.goto(server.url + '/#/incidents?updated_to=2000-01-01');
  await waitForTestId(page, 'incident-empty');
  assertEqual(await page.locator(tid('filter-updated-to')).inputValue(), '2000-01-01', 'updated_to from the hash');
  // A range that holds everything updated today (Asia/Tokyo) shows rows again.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
  await page.locator(tid('filter-updated-to')).fill(today);
  await page.locator(tid('filter-updated-from')).fill('2000-01-01');
  await page.waitForFunction((d) => location.hash.includes('updated_from=2000-01-01') && location.hash.includes('updated_to=' + d), today);
  await page.locator(tid('incident-row')).first().waitFor();
  await page.locator(tid('filter-detected-to')).fill('2000-01-02');
  await waitForTestId(page, 'incident-empty');
  assert(hashParams(page).get('detected_to') === '2000-01-02', 'detected_to in the hash');
  await expectClean(page);
});

test('tasks: due date set and shown, overdue highlighted', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const c = await server.apiOk('GET', 'constituencies');
  const inc = await server.apiOk('POST', 'incidents', { title: '期限テスト', constituency_id: c.items[0].id });
  const page = await ctx.page();
  await login(page, server, { hash: '#/incidents/' + inc.id });
  await waitForTestId(page, 'view-incident');

  await page.locator(tid('task-title')).fill('ログの保全');
  await page.locator(tid('task-new-due')).fill('2000-01-05');
  await page.locator(tid('task-submit')).click();
  const late = page.locator(tid('task-item')).filter({ hasText: 'ログの保全' });
  await late.locator(tid('task-overdue')).waitFor();
  assertEqual(await late.getAttribute('data-overdue'), 'true', 'past due → overdue');
  assert(await late.evaluate((el) => el.classList.contains('overdue')), 'overdue class');
  assertEqual(await late.locator(tid('task-due-text')).getAttribute('data-due'), '2000-01-05T09:00:00Z', '18:00 JST stored');
  assertEqual(await late.locator(tid('task-due')).inputValue(), '2000-01-05', 'date input shows the day');

  await page.locator(tid('task-title')).fill('関係者への連絡');
  await page.locator(tid('task-new-due')).fill('2099-03-01');
  await page.locator(tid('task-submit')).click();
  const later = page.locator(tid('task-item')).filter({ hasText: '関係者への連絡' });
  await later.locator(tid('task-due-text')).waitFor();
  assertEqual(await later.getAttribute('data-overdue'), 'false', 'future due → not overdue');
  await screenshot(page, 'ui_gaps_tasks');

  // Move the late task's due date into the future: no longer overdue.
  const taskId = await late.getAttribute('data-id');
  await late.locator(tid('task-due')).fill('2099-12-24');
  await page.locator(`${tid('task-item')}[data-id="${taskId}"][data-overdue="false"]`).waitFor();
  const tk = await server.apiOk('GET', 'tasks/' + taskId);
  assertEqual(tk.due_at, '2099-12-24T09:00:00Z', 'due_at patched');
  // Back to the past, then done: done tasks are never overdue.
  await page.locator(`${tid('task-item')}[data-id="${taskId}"] ${tid('task-due')}`).fill('2001-02-03');
  await page.locator(`${tid('task-item')}[data-id="${taskId}"][data-overdue="true"]`).waitFor();
  await page.locator(`${tid('task-item')}[data-id="${taskId}"] ${tid('task-done')}`).check();
  await page.locator(`${tid('task-item')}[data-id="${taskId}"][data-done="true"][data-overdue="false"]`).waitFor();
  await expectClean(page);
});

test('admin: edit user scope and TLP, constituency, org unit (422 by the field)', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const cons = (await server.apiOk('GET', 'constituencies')).items;
  assert(cons.length >= 2, 'demo has two constituencies');
  const u = await server.apiOk('POST', 'users', { login: 'gaps.editor', display_name: '佐藤 一郎', role: 'handler', all_constituencies: true, tlp_max: 'RED', password: 'correct-horse-battery' });
  const page = await ctx.page();
  await login(page, server, { hash: '#/admin/users' });
  const row = page.locator(`${tid('user-row')}[data-login="gaps.editor"]`);
  await row.locator(tid('user-edit')).click();
  const form = page.locator(tid('user-edit-form'));
  await form.waitFor();
  assert(await form.locator(tid('user-edit-constituencies')).isDisabled(), 'scope list disabled while "all" is ticked');
  await form.locator(tid('user-edit-all')).uncheck();
  await form.locator(tid('user-edit-constituencies')).selectOption([String(cons[1].id)]);
  await form.locator(tid('user-edit-tlp')).selectOption('AMBER');
  await screenshot(page, 'ui_gaps_user_edit');
  await form.locator(tid('user-edit-save')).click();
  await page.locator(`${tid('user-row')}[data-login="gaps.editor"] ${tid('user-tlp')}`).filter({ hasText: 'TLP:AMBER' }).waitFor();
  const u2 = await server.apiOk('GET', 'users/' + u.id);
  assertEqual(u2.all_constituencies, false, 'all_constituencies off');
  assertEqual(JSON.stringify(u2.constituency_ids), JSON.stringify([cons[1].id]), 'constituency_ids');
  assertEqual(u2.tlp_max, 'AMBER', 'tlp_max');
  assertEqual(u2.version, u.version + 1, 'one write');

  // Constituency: name / name_en / description.
  await page.locator(tid('admin-tab-constituencies')).click();
  const crow = page.locator(`${tid('constituency-row')}[data-id="${cons[0].id}"]`);
  await crow.locator(tid('constituency-edit')).click();
  const cf = page.locator(tid('constituency-edit-form'));
  await cf.locator(tid('constituency-edit-name')).fill('');
  await cf.locator(tid('constituency-edit-save')).click();
  await cf.locator(`${tid('field-error')}[data-field="name"]`).waitFor();
  await cf.locator(tid('constituency-edit-name')).fill('本社グループ');
  await cf.locator(tid('constituency-edit-name-en')).fill('Head office group');
  await cf.locator(tid('constituency-edit-description')).fill('本社と国内子会社\n<b>not bold</b>');
  await cf.locator(tid('constituency-edit-save')).click();
  await page.locator(tid('constituency-row')).filter({ hasText: '本社グループ' }).waitFor();
  const c2 = await server.apiOk('GET', 'constituencies/' + cons[0].id);
  assertEqual(c2.name, '本社グループ', 'name'); assertEqual(c2.name_en, 'Head office group', 'name_en');
  assertEqual(c2.description, '本社と国内子会社\n<b>not bold</b>', 'description');

  // Org units: a parent that would make a cycle → the server's 422 next to the field; a good parent saves.
  const a = await server.apiOk('POST', 'org-units', { constituency_id: cons[0].id, name: '情報システム部' });
  const b = await server.apiOk('POST', 'org-units', { constituency_id: cons[0].id, name: '運用課', parent_id: a.id });
  const other = await server.apiOk('POST', 'org-units', { constituency_id: cons[0].id, name: '総務部' });
  await page.reload();
  const arow = page.locator(`${tid('orgunit-row')}[data-id="${a.id}"]`);
  await arow.locator(tid('orgunit-edit')).click();
  const of = page.locator(tid('orgunit-edit-form'));
  await of.locator(tid('orgunit-edit-parent')).selectOption(String(b.id));
  await of.locator(tid('orgunit-edit-save')).click();
  const err = of.locator(`${tid('field-error')}[data-field="parent_id"]`);
  await err.waitFor();
  assert((await err.textContent()).trim().length > 0, 'server message shown');
  await screenshot(page, 'ui_gaps_orgunit_422');
  assertEqual((await server.apiOk('GET', 'org-units/' + a.id)).parent_id, null, 'nothing changed');
  await of.locator(tid('orgunit-edit-parent')).selectOption(String(other.id));
  await of.locator(tid('orgunit-edit-name')).fill('情報システム本部');
  await of.locator(tid('orgunit-edit-save')).click();
  await page.locator(`${tid('orgunit-row')}[data-id="${a.id}"] ${tid('orgunit-parent-name')}`).filter({ hasText: '総務部' }).waitFor();
  const a2 = await server.apiOk('GET', 'org-units/' + a.id);
  assertEqual(a2.parent_id, other.id, 'parent saved'); assertEqual(a2.name, '情報システム本部', 'name saved');
  await expectClean(page);
});

test('admin: priority matrix editor (3×3, PUT)', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const before = await server.apiOk('GET', 'priority-matrix');
  const page = await ctx.page();
  await login(page, server, { hash: '#/admin' });
  await page.locator(tid('admin-tab-priority')).click();
  await waitForTestId(page, 'priority-matrix');
  assertEqual(await page.locator(tid('matrix-cell')).count(), 9, 'nine cells');
  for (const c of before.cells) {
    assertEqual(await page.locator(`${tid('matrix-cell')}[data-impact="${c.impact}"][data-urgency="${c.urgency}"]`).inputValue(), c.priority, `cell ${c.impact}/${c.urgency}`);
  }
  const cell = page.locator(`${tid('matrix-cell')}[data-impact="low"][data-urgency="high"]`);
  await cell.selectOption('P1');
  await screenshot(page, 'ui_gaps_matrix');
  await page.locator(tid('matrix-save')).click();
  await page.locator(`${tid('toast')}[data-kind="ok"]`).waitFor();
  const after = await server.apiOk('GET', 'priority-matrix');
  assertEqual(after.cells.find((c) => c.impact === 'low' && c.urgency === 'high').priority, 'P1', 'saved');
  assertEqual(after.cells.length, 9, 'still nine cells');
  // Restore for the other tests of this file.
  await server.apiOk('PUT', 'priority-matrix', before);
  await expectClean(page);
});

test('report queue: a very long unbroken subject stays a reasonable row', async (ctx) => {
  const server = await ctx.freshServer({});
  let subject = 'A'.repeat(2000);
  let r = await server.api('POST', 'reports', { channel: 'email', subject, body: 'x' });
  if (r.status === 422) { subject = 'B'.repeat(998); r = await server.api('POST', 'reports', { channel: 'email', subject, body: 'x' }); }
  assert(r.status === 201, 'report created: ' + r.status + ' ' + r.text);
  const rep = r.json;
  await server.apiOk('POST', 'reports', { channel: 'web', subject: '普通の件名', body: 'y' });
  const page = await ctx.page();
  await login(page, server, { hash: '#/reports' });
  const row = page.locator(`${tid('report-row')}[data-id="${rep.id}"]`);
  await row.waitFor();
  const box = await row.boundingBox();
  assert(box.height < 120, 'row height ' + box.height);
  const noHScroll = await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  assert(noHScroll, 'no horizontal page scroll');
  const clamp = row.locator(tid('report-row-subject'));
  const lines = await clamp.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
  assert(lines <= 3, 'clamped to 3 lines, got ' + lines);
  await screenshot(page, 'ui_gaps_long_subject_queue');
  await row.locator(tid('report-link')).click();
  await waitForTestId(page, 'view-report');
  const subj = page.locator(tid('report-subject'));
  assertEqual((await subj.textContent()).length, subject.length, 'full subject on the report page');
  const fits = await subj.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
  assert(fits, 'subject wraps inside its box');
  assert(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no horizontal scroll on the report page');
  await screenshot(page, 'ui_gaps_long_subject_report');
  await expectClean(page);
});
