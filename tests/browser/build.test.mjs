/*
 * build.test.mjs - the CSIRT build tracker (構築) and the team profile
 * (チーム情報) in the handlers' UI: tick a checklist item and see the
 * progress move, set a phase in progress (If-Match), save a deliverable
 * from its template and see the history (and its PDF link serve a PDF);
 * fill part of the team profile and open the generated RFC 2350 page in a
 * new tab, and check its PDF link.
 * Screenshots: build/test-artifacts/screenshots/build-*.png.
 */

import {
  test, login, byTestId, screenshot, expectClean, assert, assertEqual,
} from './harness.mjs';

const text = async (loc) => ((await loc.textContent()) || '').trim();

// Fetches a link of the page with its session and checks that it is a PDF.
async function expectPdf(page, href) {
  const r = await page.context().request.get(new URL(href, page.url()).href);
  assertEqual(r.status(), 200, 'GET ' + href);
  assertEqual(r.headers()['content-type'], 'application/pdf', 'content type of ' + href);
  assert((await r.body()).subarray(0, 5).toString() === '%PDF-', 'a PDF: ' + href);
}

async function settle(page) {
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  await page.waitForTimeout(200);
}

test('build tracker: checklist, phase status, deliverable versions, steps lens', async (ctx) => {
  const server = await ctx.server();
  const page = await ctx.page();
  await login(page, server, { hash: '#/build' });
  await page.locator(byTestId('build-phase')).first().waitFor();
  assertEqual(await page.locator(byTestId('build-phase')).count(), 8, 'eight phases');
  const first = page.locator(byTestId('build-phase')).first();
  assertEqual(await first.getAttribute('data-code'), 'kickoff', 'kickoff first');
  assert((await text(first.locator('summary'))).includes('キックオフ・スケジューリング'), 'seed wording');
  const overall0 = Number(await page.locator(byTestId('build-overall')).getAttribute('data-progress'));

  // expand the goals phase and tick every item: the phase reaches 100 %
  const goals = () => page.locator(`${byTestId('build-phase')}[data-code="goals"]`);
  await goals().locator(byTestId('build-phase-toggle')).click();
  await goals().locator(byTestId('build-item')).first().waitFor();
  assert((await text(goals().locator(byTestId('build-phase-purpose')))).length > 0, 'purpose shown');
  const n = await goals().locator(byTestId('build-item')).count();
  assert(n > 0, 'goals has items');
  await goals().locator(byTestId('build-item-done')).first().check();
  await page.locator(`${byTestId('build-phase')}[data-code="goals"] ${byTestId('build-item')}[data-done="1"]`).first().waitFor();
  const p1 = Number(await goals().locator(byTestId('build-phase-progress')).getAttribute('data-progress'));
  assertEqual(p1, Math.floor(100 / n), 'phase progress after one tick');
  const overall1 = Number(await page.locator(byTestId('build-overall')).getAttribute('data-progress'));
  assert(overall1 >= overall0, 'overall progress did not go down');
  const api1 = await server.apiOk('GET', 'build');
  assertEqual(api1.items_done, 1, 'one item done through the API');

  // set the phase in progress with a due date
  await goals().locator(byTestId('build-phase-status')).selectOption('in_progress');
  await goals().locator(byTestId('build-phase-start')).fill('2026-04-01');
  await goals().locator(byTestId('build-phase-due')).fill('2026-04-30');
  await goals().locator(byTestId('build-phase-save')).click();
  await page.locator(`${byTestId('build-phase')}[data-code="goals"][data-status="in_progress"]`).waitFor();
  const g = (await server.apiOk('GET', 'build')).phases.find((x) => x.code === 'goals');
  assertEqual(g.status, 'in_progress', 'status saved');
  assertEqual(g.due_date, '2026-04-30', 'due date saved');
  // a second edit uses the new version (no 412)
  await goals().locator(byTestId('build-phase-notes')).fill('週次で確認');
  await goals().locator(byTestId('build-phase-save')).click();
  await settle(page);
  assertEqual((await server.apiOk('GET', 'build')).phases.find((x) => x.code === 'goals').notes, '週次で確認', 'notes saved');

  // the deliverable: template first, then version 1 in the history
  const dv = goals().locator(byTestId('build-deliverable')).first();
  await dv.locator(byTestId('build-doc-open')).click();
  await dv.locator(byTestId('build-doc-body')).waitFor();
  assertEqual(await dv.locator(byTestId('build-doc-state')).getAttribute('data-template'), '1', 'template shown');
  assert((await dv.locator(byTestId('build-doc-body')).inputValue()).startsWith('# CSIRT 構築活動のためのスコープ記述書'),
    'the Japanese template');
  await dv.locator(byTestId('build-doc-body')).fill('# スコープ\n\n対象: 本社\n');
  await dv.locator(byTestId('build-doc-save')).click();
  await dv.locator(byTestId('build-doc-version')).first().waitFor();
  assertEqual(await dv.locator(byTestId('build-doc-state')).getAttribute('data-version'), '1', 'version 1');
  await dv.locator(byTestId('build-doc-save')).click();
  await page.locator(`${byTestId('build-deliverable')} ${byTestId('build-doc-version')}[data-version="2"]`).waitFor();
  assertEqual(await dv.locator(byTestId('build-doc-version')).count(), 2, 'two versions in the history');
  // the version shown, as PDF (the link a handler opens in a new tab)
  const pdfHref = await dv.locator(byTestId('build-doc-pdf')).getAttribute('href');
  assert(pdfHref.includes('format=pdf') && pdfHref.includes('version=2'), 'PDF link of version 2: ' + pdfHref);
  await expectPdf(page, pdfHref);
  await screenshot(page, 'build-phases');

  // seed 000's steps as the second lens
  await page.locator(byTestId('build-lens-steps')).click();
  await page.locator(byTestId('build-step')).first().waitFor();
  assertEqual(await page.locator(byTestId('build-step')).count(), 8, 'eight steps');
  assert((await text(page.locator(byTestId('build-step')).first())).includes('経営層から理解を得る'), 'step 1 wording');
  await screenshot(page, 'build-steps');
  await expectClean(page);
});

test('team profile: fill, save with If-Match, open the RFC 2350 page', async (ctx) => {
  const server = await ctx.server();
  const page = await ctx.page();
  await login(page, server, { hash: '#/profile' });
  await page.locator(byTestId('profile-form')).waitFor();
  await page.locator(byTestId('profile-team_name_ja')).fill('火消し CSIRT');
  await page.locator(byTestId('profile-team_name_en')).fill('Hikeshi CSIRT');
  await page.locator(byTestId('profile-email')).fill('not-an-address');
  await page.locator(byTestId('profile-save')).click();
  await page.locator(`${byTestId('field-error')}[data-field="profile.email"]`).waitFor();
  await page.locator(byTestId('profile-email')).fill('csirt@example.jp');
  await page.locator(byTestId('profile-mission_ja')).fill('当社のセキュリティインシデントに対応する。');
  await page.locator(`${byTestId('profile-version')}[data-version="1"]`).waitFor();
  await page.locator(byTestId('profile-save')).click();
  // the profile starts at version 1; the first save makes it 2
  await page.locator(`${byTestId('profile-version')}[data-version="2"]`).waitFor();
  const prof = await server.apiOk('GET', 'team-profile');
  assertEqual(prof.profile.team_name_ja, '火消し CSIRT', 'saved through the API');
  // a second save uses the new version
  await page.locator(byTestId('profile-short_name')).fill('HK-CSIRT');
  await page.locator(byTestId('profile-save')).click();
  await page.locator(`${byTestId('profile-version')}[data-version="3"]`).waitFor();
  assertEqual((await server.apiOk('GET', 'team-profile')).profile.short_name, 'HK-CSIRT', 'second save');
  await screenshot(page, 'build-profile');

  const [doc] = await Promise.all([
    page.context().waitForEvent('page'),
    page.locator(byTestId('profile-doc-rfc2350-ja-html')).click(),
  ]);
  await doc.waitForLoadState();
  const h2 = await doc.locator('h2').allTextContents();
  assert(h2.some((x) => x.includes('連絡先情報')), 'RFC 2350 heading: ' + h2.join(' | '));
  assert((await doc.locator('body').textContent()).includes('火消し CSIRT'), 'team name in the document');
  await doc.close();
  // next to the HTML and Markdown links, the PDF
  const pdf = page.locator(byTestId('profile-doc-rfc2350-ja-pdf'));
  assertEqual(await text(pdf), '日本語（PDF）', 'PDF link label');
  await expectPdf(page, await pdf.getAttribute('href'));
  await expectClean(page);
});
