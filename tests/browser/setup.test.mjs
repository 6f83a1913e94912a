/*
 * setup.test.mjs - the build questionnaire (検討すべき事項) from the build
 * page: the seed's question text is shown, the review section is answered
 * and saved, the page says what it configured, and GET /reviews has the
 * calendar. Screenshot: build/test-artifacts/screenshots/setup-review.png.
 */

import {
  test, login, byTestId, screenshot, expectClean, assert, assertEqual,
} from './harness.mjs';

test('setup: answer the review section and see the configuration', async (ctx) => {
  const server = await ctx.server();
  const page = await ctx.page();
  await login(page, server, { hash: '#/build' });
  await page.locator(byTestId('build-setup-link')).click();
  await page.locator(byTestId('view-setup')).waitFor();
  assertEqual(await page.locator(byTestId('setup-section')).count(), 7, 'seven sections');
  const first = page.locator(`${byTestId('setup-question')}[data-q="consider_01"]`);
  assert((await first.textContent()).includes('サービス対象者は？'), 'seed 000 wording');
  const review = page.locator(`${byTestId('setup-section')}[data-code="review"]`);
  await review.locator(`${byTestId('setup-review')}[data-kind="contact_list"]`).selectOption('quarterly');
  await review.locator(`${byTestId('setup-review')}[data-kind="service_scope"]`).selectOption('yearly');
  await review.locator(byTestId('setup-save')).click();
  await review.locator(byTestId('setup-applied')).waitFor();
  assert((await review.locator(byTestId('setup-applied')).textContent()).includes('見直しカレンダー'), 'applied shown');
  const revs = (await server.apiOk('GET', 'reviews')).items.map((r) => r.kind).sort();
  assertEqual(JSON.stringify(revs), JSON.stringify(['contact_list', 'service_scope']), 'review calendar set');
  await screenshot(page, 'setup-review');
  await expectClean(page);
});
