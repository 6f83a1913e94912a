/*
 * decisions.test.mjs - authority and decisions in the UI: the admin's
 * 権限マトリクス page (change a cell, add a local action), a user's
 * organisational roles in the admin user form, and the incident page's
 * 意思決定 panel (an advice is recorded and reaches the timeline; an order
 * outside the user's authority is refused next to the form, naming CISO).
 */
import { test, login, screenshot, assert, assertEqual, expectClean, byTestId, waitForTestId } from './harness.mjs';

const tid = byTestId;
const cell = (m, a, r) => (m.cells.find((c) => c.action === a && c.role === r) || {}).power;

test('admin edits the authority matrix and adds a local action', async (ctx) => {
  const server = await ctx.server();
  const page = await ctx.page();
  await login(page, server, { hash: '#/admin/authority' });
  await waitForTestId(page, 'authority-matrix');
  const stop = `${tid('authority-cell')}[data-action="system_stop"][data-role="csirt_lead"]`;
  assertEqual(await page.locator(stop).inputValue(), 'approve', 'default: the CSIRT lead approves a stop');
  assertEqual(await page.locator(`${tid('authority-cell')}[data-action="system_stop"][data-role="ciso"]`).inputValue(), 'order', 'CISO orders');
  assert((await page.locator(tid('authority-row')).count()) >= 8, 'eight built-in actions');
  await page.locator(stop).selectOption('order');
  await page.locator(tid('authority-action-code')).fill('dns_sinkhole');
  await page.locator(tid('authority-action-ja')).fill('DNSシンクホール');
  await page.locator(tid('authority-action-en')).fill('DNS sinkhole');
  await page.locator(tid('authority-action-add')).click();
  const sink = `${tid('authority-cell')}[data-action="dns_sinkhole"][data-role="csirt_lead"]`;
  await page.locator(sink).selectOption('order');
  await screenshot(page, 'authority_matrix');
  await page.locator(tid('authority-save')).click();
  await page.locator(`${tid('authority-row')}[data-action="dns_sinkhole"]`).waitFor();
  let m = await server.apiOk('GET', 'authority');
  for (let i = 0; i < 50 && cell(m, 'dns_sinkhole', 'csirt_lead') !== 'order'; i++) {
    await page.waitForTimeout(100);
    m = await server.apiOk('GET', 'authority');
  }
  assertEqual(cell(m, 'system_stop', 'csirt_lead'), 'order', 'saved: the CSIRT lead may order a stop');
  assertEqual(cell(m, 'dns_sinkhole', 'csirt_lead'), 'order', 'saved: the local action');
  assert(m.actions.some((a) => a.code === 'dns_sinkhole' && a.label_ja === 'DNSシンクホール' && !a.builtin), 'local action stored');
  // restore the default cell for the next test
  await page.locator(stop).selectOption('approve');
  await page.locator(tid('authority-save')).click();
  for (let i = 0; i < 50 && cell(m, 'system_stop', 'csirt_lead') !== 'approve'; i++) {
    await page.waitForTimeout(100);
    m = await server.apiOk('GET', 'authority');
  }
  assertEqual(cell(m, 'system_stop', 'csirt_lead'), 'approve', 'restored');
  await expectClean(page);
});

test('roles in the user form; a handler advises, an order is refused naming CISO', async (ctx) => {
  const server = await ctx.server();
  const con = await server.apiOk('POST', 'constituencies', { code: 'DEC', name: '意思決定テスト部門' });
  const password = 'decide-pass-' + Date.now();
  const u = await server.apiOk('POST', 'users', { login: 'tanaka', display_name: '田中 担当', role: 'handler',
    password, constituency_ids: [con.id] });
  const inc = await server.apiOk('POST', 'incidents', { title: '基幹サーバのランサムウェア感染', constituency_id: con.id });

  // the admin gives the user the handler role (担当者)
  const admin = await ctx.page();
  await login(admin, server, { hash: '#/admin/users' });
  const row = `${tid('user-row')}[data-login="tanaka"]`;
  await admin.locator(`${row} ${tid('user-edit')}`).click();
  const roles = admin.locator(tid('user-edit-authority-roles'));
  await roles.locator('option[value="handler"]').waitFor({ state: 'attached' });
  await roles.selectOption(['handler']);
  await admin.locator(tid('user-edit-save')).click();
  let got = await server.apiOk('GET', 'users/' + u.id);
  for (let i = 0; i < 50 && got.authority_roles.length === 0; i++) {
    await admin.waitForTimeout(100);
    got = await server.apiOk('GET', 'users/' + u.id);
  }
  assertEqual(JSON.stringify(got.authority_roles), '["handler"]', 'roles saved');
  await expectClean(admin);

  // the handler records an advice on a system stop
  await admin.locator(tid('logout')).click();
  await waitForTestId(admin, 'login-form');
  const page = admin;
  await login(page, server, { login: 'tanaka', password, hash: '#/incidents/' + inc.id });
  await waitForTestId(page, 'decision-form');
  assert((await page.locator(tid('decision-my-roles')).textContent()).includes('担当者'), 'own roles shown');
  await page.locator(tid('decision-action')).selectOption('system_stop');
  await page.locator(tid('decision-outcome')).selectOption('advised');
  await page.locator(tid('decision-rationale-input')).fill('C2 通信が続いているため停止を推奨します');
  await page.locator(tid('decision-submit')).click();
  await page.locator(`${tid('decision-row')}[data-outcome="advised"][data-action="system_stop"]`).waitFor();
  await page.locator(`${tid('journal-entry')}[data-kind="decision"]`).filter({ hasText: 'システム停止' }).waitFor();

  // an order is outside the handler's authority: refused, naming CISO
  await page.locator(tid('decision-outcome')).selectOption('ordered');
  await page.locator(tid('decision-rationale-input')).fill('停止します');
  await page.locator(tid('decision-submit')).click();
  const refusal = page.locator(tid('decision-refusal'));
  await refusal.waitFor();
  const text = await refusal.textContent();
  assert(text.includes('CISO') && text.includes('システム停止') && text.includes('命令'), 'refusal names CISO: ' + text);
  await screenshot(page, 'decisions_refused');
  assertEqual(await page.locator(tid('decision-row')).count(), 1, 'nothing recorded by the refusal');
  const list = await server.apiOk('GET', 'incidents/' + inc.id + '/decisions');
  assertEqual(list.items.length, 1, 'one decision stored');
  await expectClean(page);
});
