/*
 * contacts.test.mjs - the contact network page (連絡先): create a contact
 * through the edit form, find it by a Japanese search, mark it reviewed (the
 * 要見直し badge goes away), import a CSV with a bad row and see the row's
 * error (nothing imported), and open the printable sheet.
 * Screenshots: build/test-artifacts/screenshots/contacts-*.png.
 */

import crypto from 'node:crypto';
import { test, login, byTestId, screenshot, expectClean, assert, assertEqual } from './harness.mjs';

const tag = () => crypto.randomBytes(3).toString('hex');

async function settle(page) {
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  await page.waitForTimeout(150);
}

test('create, search in Japanese, mark reviewed', async (ctx) => {
  const server = await ctx.server();
  const page = await ctx.page();
  await login(page, server);
  await page.click(byTestId('nav-contacts'));
  await page.locator(byTestId('view-contacts')).waitFor();
  const name = `広報部長 山田 ${tag()}`;
  await page.click(byTestId('contacts-new'));
  await page.fill(byTestId('contact-field-name'), name);
  await page.selectOption(byTestId('contact-field-role'), 'pr');
  await page.fill(byTestId('contact-field-phone'), '03-5555-0123');
  await page.fill(byTestId('contact-field-email'), 'not an address');
  await page.fill(byTestId('contact-field-groups'), 'pr management');
  await page.click(byTestId('contact-save'));
  const err = page.locator(`${byTestId('field-error')}[data-field="email"]`);
  await err.waitFor();
  await page.fill(byTestId('contact-field-email'), 'pr@hikeshi-demo.example');
  await page.check(byTestId('contact-field-on_call'));
  await page.click(byTestId('contact-save'));
  await page.locator(byTestId('contact-form')).waitFor({ state: 'detached' });
  await page.fill(byTestId('contacts-filter-q'), '広報部長 山田');
  await page.click(byTestId('contacts-filter-apply'));
  await settle(page);
  const row = page.locator(byTestId('contact-row'), { hasText: name });
  await row.waitFor();
  assertEqual(await page.locator(byTestId('contact-row')).count(), 1, 'one row for the search');
  assertEqual(await row.getAttribute('data-stale'), '1', 'a new contact is never reviewed: stale');
  assert(await row.locator(byTestId('contact-stale')).isVisible(), 'stale badge shown');
  assert(await row.locator(byTestId('contact-on-call')).isVisible(), 'on-call badge shown');
  await screenshot(page, 'contacts-list');
  await row.locator(byTestId('contact-review')).click();
  await settle(page);
  const again = page.locator(byTestId('contact-row'), { hasText: name });
  await again.waitFor();
  assertEqual(await again.getAttribute('data-stale'), '0', 'reviewed: no longer stale');
  assertEqual(await again.locator(byTestId('contact-stale')).count(), 0, 'badge gone');
  // the printable sheet link opens the server-rendered page
  const href = await page.locator(byTestId('contacts-sheet')).getAttribute('href');
  assert(href.startsWith('/api/v1/contacts/sheet'), href);
  const sheet = await ctx.page(); // same browser: the session cookie goes along
  await sheet.goto(server.url + href);
  assert((await sheet.content()).includes(name), 'the sheet lists the contact');
  await screenshot(sheet, 'contacts-sheet');
  await expectClean(sheet);
  await expectClean(page);
});

test('CSV import with a bad row shows the row error and imports nothing', async (ctx) => {
  const server = await ctx.server();
  const page = await ctx.page();
  await login(page, server, { hash: '#/contacts' });
  await page.locator(byTestId('view-contacts')).waitFor();
  const t = tag();
  const csv = `kind,name,email\r\ninternal,法務 ${t},legal@hikeshi-demo.example\r\ninternal,総務 ${t},bad-address\r\n`;
  await page.setInputFiles(byTestId('contacts-import-file'), { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.click(byTestId('contacts-import-submit'));
  const item = page.locator(byTestId('contacts-import-error')).first();
  await item.waitFor();
  assertEqual(await item.getAttribute('data-field'), 'row 3: email', 'the bad row is named');
  assert((await page.locator(byTestId('contacts-import-errors')).textContent()).includes('row 3: email'), 'row error shown');
  await screenshot(page, 'contacts-import-error');
  const r = await server.api('GET', `contacts?q=${encodeURIComponent(t)}`);
  assertEqual(r.json.items.length, 0, 'nothing was imported');
  // the corrected file imports
  await page.setInputFiles(byTestId('contacts-import-file'), { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace('bad-address', 'somu@hikeshi-demo.example')) });
  await page.click(byTestId('contacts-import-submit'));
  await page.locator(byTestId('contacts-import-ok')).waitFor();
  const r2 = await server.api('GET', `contacts?q=${encodeURIComponent(t)}`);
  assertEqual(r2.json.items.length, 2, 'both rows imported');
  await expectClean(page, { allowConsoleErrors: true });
});
