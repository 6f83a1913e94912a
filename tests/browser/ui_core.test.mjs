/*
 * ui_core.test.mjs - the core loop in the browser: log in, switch language,
 * triage a report into an incident, add a Markdown note and a task, walk the
 * workflow to closed, find the incident by a Japanese search, and see the
 * conflict panel for a stale edit made in a second tab.
 */
import { test, login, screenshot, assert, assertEqual, expectClean, byTestId, waitForTestId } from './harness.mjs';

const tid = byTestId;

async function constituencyId(server) {
  const c = await server.apiOk('GET', 'constituencies');
  return c.items[0].id;
}

test('login, logout and language switch', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const page = await ctx.page();
  await login(page, server);
  await waitForTestId(page, 'view-dashboard');
  // ja-JP browser → Japanese UI.
  assertEqual(await page.locator(tid('lang-toggle')).getAttribute('data-lang'), 'ja', 'initial language');
  assertEqual((await page.locator(tid('nav-incidents')).textContent()).trim(), 'インシデント', 'ja nav');
  await page.locator(tid('lang-toggle')).click();
  await page.locator(tid('lang-toggle') + '[data-lang="en"]').waitFor();
  assertEqual((await page.locator(tid('nav-incidents')).textContent()).trim(), 'Incidents', 'en nav');
  // Remembered across reloads.
  await page.reload();
  await page.locator(tid('lang-toggle') + '[data-lang="en"]').waitFor();
  await screenshot(page, 'ui_dashboard_en');
  await page.locator(tid('lang-toggle')).click();
  await page.locator(tid('lang-toggle') + '[data-lang="ja"]').waitFor();
  await expectClean(page);
  await page.locator(tid('logout')).click();
  await waitForTestId(page, 'login-form');
});

test('a deep link asks for login and returns to the same view', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const page = await ctx.page();
  await login(page, server, { hash: '#/incidents?status=new' });
  await waitForTestId(page, 'view-incidents');
  assertEqual(await page.locator(tid('filter-status')).inputValue(), 'new', 'status filter from the hash');
  await expectClean(page);
});

test('triage a report into an incident, handle it and close it', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const cid = await constituencyId(server);
  const word = '火消し試験' + Date.now().toString(36);
  const rep = await server.apiOk('POST', 'reports', {
    channel: 'email', subject: `不審メールの報告 ${word}`, body: '経理部です。\n心当たりのない請求書メールが届きました。\n<b>not bold</b>',
    reporter_name: '山田 花子', reporter_address: 'hanako@example.jp', constituency_id: cid,
  });
  const page = await ctx.page();
  await login(page, server, { hash: '#/reports' });
  await waitForTestId(page, 'view-reports');
  await page.locator(`${tid('report-row')}[data-id="${rep.id}"] ${tid('report-link')}`).click();
  await waitForTestId(page, 'view-report');
  assert((await page.locator(tid('report-body')).textContent()).includes('<b>not bold</b>'), 'body shown as text');

  // Classify: taxonomy search in Japanese, impact/urgency → live priority.
  await page.locator(tid('taxonomy-search')).fill('フィッシング');
  await page.locator(tid('taxonomy-option')).first().click();
  const code = await page.locator(tid('taxonomy-selected')).getAttribute('data-code');
  assert(code && code.length > 0, 'a category was chosen');
  await page.locator(tid('triage-impact')).selectOption('high');
  await page.locator(tid('triage-urgency')).selectOption('high');
  await page.locator(tid('triage-priority') + '[data-priority="P1"]').waitFor();
  await page.locator(tid('triage-urgency')).selectOption('low');
  await page.locator(tid('triage-priority') + '[data-priority="P3"]').waitFor();
  await page.locator(tid('triage-urgency')).selectOption('high');
  await screenshot(page, 'ui_report_triage');
  await page.locator(tid('create-incident')).click();
  await waitForTestId(page, 'view-incident');
  await page.locator(tid('incident-priority') + '[data-priority="P1"]').waitFor();
  await page.locator(tid('linked-report')).filter({ hasText: rep.key }).waitFor();
  const incId = await page.locator(tid('view-incident')).getAttribute('data-id');
  const inc = await server.apiOk('GET', 'incidents/' + incId);
  assertEqual(inc.category, code, 'category stored');
  const rep2 = await server.apiOk('GET', 'reports/' + rep.id);
  assertEqual(rep2.incident_id, inc.id, 'report linked to the new incident');

  // Markdown note with a text preview; after posting the server's HTML shows.
  await page.locator(tid('note-input')).fill(`**重要**: ${word} の調査メモ\n\n- 添付は未開封`);
  await page.locator(tid('note-preview-toggle')).click();
  assert((await page.locator(tid('note-preview')).textContent()).includes('**重要**'), 'preview shows the raw Markdown');
  await page.locator(tid('note-preview-toggle')).click();
  await page.locator(tid('note-submit')).click();
  const note = page.locator(`${tid('journal-entry')}[data-kind="note"] ${tid('journal-body')}`).last();
  await note.locator('strong').filter({ hasText: '重要' }).waitFor();
  await note.locator('li').filter({ hasText: '添付は未開封' }).waitFor();

  // Task: add, tick off.
  await page.locator(tid('task-title')).fill('ヘッダー情報の確認');
  await page.locator(tid('task-submit')).click();
  const task = page.locator(tid('task-item')).filter({ hasText: 'ヘッダー情報の確認' });
  await task.waitFor();
  await task.locator(tid('task-done')).check();
  await page.locator(`${tid('task-item')}[data-done="true"]`).filter({ hasText: 'ヘッダー情報の確認' }).waitFor();

  // Workflow: only allowed transitions are offered; walk to closed.
  for (const s of ['triage', 'analysis', 'containment', 'eradication', 'recovery']) {
    await page.locator(tid('transition-' + s)).click();
    await page.locator(`${tid('incident-status')}[data-status="${s}"]`).waitFor();
    assertEqual(await page.locator(tid('transition-' + s)).count(), 0, `no transition to the current status ${s}`);
  }
  await screenshot(page, 'ui_incident_recovery');
  await page.locator(tid('transition-closed')).click();
  await waitForTestId(page, 'resolution-dialog');
  await page.locator(tid('resolution-select')).selectOption('resolved');
  await page.locator(tid('resolution-confirm')).click();
  await page.locator(`${tid('incident-status')}[data-status="closed"]`).waitFor();
  const closed = await server.apiOk('GET', 'incidents/' + incId);
  assertEqual(closed.status, 'closed', 'closed on the server');
  assertEqual(closed.resolution, 'resolved', 'resolution stored');
  await page.locator(`${tid('journal-entry')}[data-kind="status"]`).nth(5).waitFor();

  // Japanese full-text search finds it (the list's search box, via the URL hash).
  await page.keyboard.press('Escape');
  await page.locator(tid('nav-incidents')).click();
  await waitForTestId(page, 'view-incidents');
  await page.locator(tid('filter-q')).fill(word);
  await page.locator(tid('filter-q')).press('Enter');
  await page.locator(`${tid('incident-row')}[data-id="${incId}"]`).waitFor();
  assert(decodeURIComponent(page.url()).includes('q=' + word), 'search is in the URL hash');
  assertEqual(await page.locator(tid('incident-row')).count(), 1, 'exactly one hit');
  await screenshot(page, 'ui_incident_search');
  await expectClean(page);
});

test('keyboard shortcuts: g i, g r, / and ?', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const page = await ctx.page();
  await login(page, server);
  await waitForTestId(page, 'view-dashboard');
  await page.keyboard.press('g'); await page.keyboard.press('i');
  await waitForTestId(page, 'view-incidents');
  await page.keyboard.press('/');
  assertEqual(await page.evaluate(() => document.activeElement.getAttribute('data-testid')), 'filter-q', '/ focuses search');
  await page.locator(tid('filter-q')).press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('g'); await page.keyboard.press('r');
  await waitForTestId(page, 'view-reports');
  await page.keyboard.press('?');
  await waitForTestId(page, 'help-dialog');
  await page.keyboard.press('Escape');
  await page.locator(tid('help-dialog')).waitFor({ state: 'detached' });
  await expectClean(page);
});

test('a stale edit in a second tab shows the conflict and can be re-applied', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const cid = await constituencyId(server);
  const inc = await server.apiOk('POST', 'incidents', { title: '競合テスト用インシデント', constituency_id: cid, impact: 'low', urgency: 'low' });
  const a = await ctx.page();
  await login(a, server, { hash: '#/incidents/' + inc.id });
  await waitForTestId(a, 'view-incident');
  const b = await ctx.page(); // same browser profile: same session
  await b.goto(server.url + '/#/incidents/' + inc.id);
  await waitForTestId(b, 'view-incident');

  // Tab B renames the incident.
  await b.locator(tid('edit-title')).click();
  await b.locator(tid('edit-title-input')).fill('競合テスト：タブBで変更');
  await b.locator(tid('edit-title-save')).click();
  await b.locator(tid('incident-title')).filter({ hasText: 'タブBで変更' }).waitFor();

  // Tab A, still on version 1, changes the impact → 412 → conflict panel.
  await a.locator(tid('edit-impact')).selectOption('high');
  await waitForTestId(a, 'conflict-panel');
  await a.locator(`${tid('conflict-field')}[data-field="title"]`).waitFor();
  assert((await a.locator(tid('conflict-panel')).textContent()).includes('タブBで変更'), 'panel shows the stored value');
  await screenshot(a, 'ui_conflict');
  // A now shows B's title; re-apply A's change.
  await a.locator(tid('incident-title')).filter({ hasText: 'タブBで変更' }).waitFor();
  await a.locator(tid('conflict-reapply')).click();
  await a.locator(tid('conflict-panel')).waitFor({ state: 'detached' });
  const now = await server.apiOk('GET', 'incidents/' + inc.id);
  assertEqual(now.impact, 'high', 'impact re-applied');
  assertEqual(now.title, '競合テスト：タブBで変更', "B's title kept");
  await expectClean(a);
  await expectClean(b);
});
