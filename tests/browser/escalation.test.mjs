/*
 * escalation.test.mjs - the escalation rule editor, its validation messages,
 * the "what would fire" preview, and the incident page's escalation panel
 * with its acknowledge button. Screenshots:
 * build/test-artifacts/screenshots/escalation-*.png.
 */

import { test, login, byTestId, screenshot, expectClean, assert, assertEqual } from './harness.mjs';

const text = async (loc) => ((await loc.textContent()) || '').trim();

async function p1Incident(server, title) {
  const c = await server.apiOk('POST', 'constituencies', { code: 'ESC' + Date.now() % 100000, name: 'エスカレーション部' });
  return server.apiOk('POST', 'incidents', {
    title, impact: 'high', urgency: 'high', personal_data: true, constituency_id: c.id,
  });
}

test('an admin writes a rule in the editor; errors name the fields', async (ctx) => {
  const server = await ctx.server();
  const page = await ctx.page();
  await login(page, server, { hash: '#/escalation' });
  await page.locator(byTestId('view-escalation')).waitFor();
  await page.locator(byTestId('nav-escalation')).waitFor();

  // a bad group name: the message sits next to the groups field
  await page.locator(byTestId('esc-new')).click();
  await page.locator(byTestId('esc-name')).fill('個人情報 P1 → 法務');
  await page.locator(byTestId('esc-priorities-P1')).check();
  await page.locator(byTestId('esc-groups')).fill('Legal Dept');
  await page.locator(byTestId('esc-save')).click();
  const err = page.locator(`${byTestId('field-error')}[data-field="targets.groups"]`);
  await err.waitFor();
  assert((await text(err)).length > 0, 'a message for targets.groups');

  // fixed: the rule is listed with its level name
  await page.locator(byTestId('esc-groups')).fill('legal, management');
  await page.locator(byTestId('esc-level')).selectOption('3');
  await page.locator(byTestId('esc-personal-data')).selectOption('true');
  await page.locator(byTestId('esc-save')).click();
  const row = page.locator(byTestId('esc-rule-row')).filter({ hasText: '個人情報 P1 → 法務' });
  await row.waitFor();
  assert((await text(row.locator(byTestId('esc-rule-level')))).includes('部門内'), 'level 3 is 部門内');
  const rules = await server.apiOk('GET', 'escalation-rules');
  const rule = rules.items.find((r) => r.name === '個人情報 P1 → 法務');
  assertEqual(JSON.stringify(rule.condition), JSON.stringify({ personal_data: true, priorities: ['P1'] }), 'stored condition');
  assertEqual(JSON.stringify(rule.targets.groups), JSON.stringify(['legal', 'management']), 'stored groups');
  await screenshot(page, 'escalation-rules');
  await expectClean(page, { allowConsoleErrors: true }); // the 422 above is logged by the browser
});

test('the preview and the incident panel: acknowledge in the UI', async (ctx) => {
  const server = await ctx.server();
  const rules = await server.apiOk('GET', 'escalation-rules');
  if (!rules.items.length) {
    await server.apiOk('POST', 'escalation-rules', {
      name: '個人情報 P1 → 法務', level: 3, condition: { priorities: ['P1'], personal_data: true }, targets: { groups: ['legal'] },
    });
  }
  const inc = await p1Incident(server, 'エスカレーション画面のテスト');
  const page = await ctx.page();
  await login(page, server, { hash: '#/escalation' });
  await page.locator(byTestId('esc-preview-incident')).fill(inc.key);
  await page.locator(byTestId('esc-preview-run')).click();
  const item = page.locator(byTestId('esc-preview-item')).first();
  await item.waitFor();
  assertEqual(await item.getAttribute('data-fired'), 'true', 'the rule fired on creation');

  await page.goto(server.url + '/#/incidents/' + inc.id);
  const esc = page.locator(byTestId('esc-item')).first();
  await esc.waitFor();
  assertEqual(await esc.getAttribute('data-state'), 'open', 'open escalation');
  assertEqual(await esc.getAttribute('data-level'), '3', 'level 3');
  await screenshot(page, 'escalation-incident');
  await esc.locator(byTestId('esc-ack')).click();
  await page.locator(`${byTestId('esc-item')}[data-state="acknowledged"]`).waitFor();
  assert((await text(page.locator(byTestId('esc-acked-by')).first())).length > 0, 'who acknowledged');
  assertEqual(await page.locator(byTestId('esc-ack')).count(), 0, 'no button once acknowledged');
  const list = await server.apiOk('GET', `incidents/${inc.id}/escalations`);
  assertEqual(list.items[0].state, 'acknowledged', 'stored');
  const journal = await server.apiOk('GET', `incidents/${inc.id}/journal`);
  assert(journal.items.some((e) => e.kind === 'escalation'), 'journal entry of kind escalation');
  await expectClean(page);
});
