/*
 * ui_more.test.mjs - session expiry keeps the note draft and returns to the
 * same view; the dashboard draws its trend chart; the admin tabs render.
 */
import { test, login, screenshot, assert, assertEqual, expectClean, byTestId, waitForTestId } from './harness.mjs';

const tid = byTestId;

test('session expiry: back to login, draft kept, same view after login', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const c = await server.apiOk('GET', 'constituencies');
  const inc = await server.apiOk('POST', 'incidents', { title: 'セッション切れテスト', constituency_id: c.items[0].id });
  const page = await ctx.page();
  await login(page, server, { hash: '#/incidents/' + inc.id });
  await waitForTestId(page, 'view-incident');
  await page.locator(tid('note-input')).fill('送信前のメモ（消えてはいけない）');
  await page.context().clearCookies(); // the session is gone
  await page.locator(tid('note-submit')).click();
  await waitForTestId(page, 'login-form');
  await page.locator(tid('login-user')).fill('admin');
  await page.locator(tid('login-password')).fill(server.adminPassword);
  await page.locator(tid('login-submit')).click();
  await waitForTestId(page, 'view-incident');
  assertEqual(await page.locator(tid('view-incident')).getAttribute('data-id'), String(inc.id), 'same incident');
  assertEqual(await page.locator(tid('note-input')).inputValue(), '送信前のメモ（消えてはいけない）', 'draft kept');
  await page.locator(tid('note-submit')).click();
  await page.locator(`${tid('journal-entry')}[data-kind="note"]`).filter({ hasText: '消えてはいけない' }).waitFor();
  assertEqual(await page.locator(tid('note-input')).inputValue(), '', 'draft cleared after posting');
  await expectClean(page);
});

test('dashboard trend chart and admin tabs', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const page = await ctx.page();
  await login(page, server);
  await waitForTestId(page, 'view-dashboard');
  // the trend chart is the server's SVG (GET /metrics/charts/trend) in an <img>
  await page.locator(`${tid('dash-trend')} figure[data-loaded] ${tid('dash-trend-svg')}`).waitFor();
  await page.locator(`${tid('dash-open-by-priority')} .count`).nth(3).waitFor();
  assertEqual(await page.locator(`${tid('dash-open-by-priority')} .count`).count(), 4, 'four priority counts');
  await screenshot(page, 'ui_dashboard');
  await page.locator(tid('nav-admin')).click();
  await page.locator(tid('user-row') + '[data-login="admin"]').waitFor();
  await page.locator(tid('admin-tab-constituencies')).click();
  await page.locator(tid('constituency-row')).first().waitFor();
  await page.locator(tid('admin-tab-taxonomy')).click();
  await page.locator(tid('taxonomy-row')).first().waitFor();
  await expectClean(page);
});
