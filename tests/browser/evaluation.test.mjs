/*
 * evaluation.test.mjs - the CSIRT evaluation (CSIRT 評価) from the build
 * page: answer every item and service (first option), submit, see the
 * results by area, SIM3 levels, the comparison with the survey's figures,
 * the history; a second evaluation with gaps gives a roadmap whose owner
 * is edited in the page and checked through the API.
 * Screenshots: build/test-artifacts/screenshots/evaluation-*.png.
 */

import {
  test, login, byTestId, screenshot, expectClean, assert, assertEqual,
} from './harness.mjs';

test('evaluation: answer, results, history, roadmap edit', async (ctx) => {
  const server = await ctx.server();
  const page = await ctx.page();
  await login(page, server, { hash: '#/build' });
  await page.locator(byTestId('build-eval-link')).click();
  await page.locator(byTestId('view-evaluation')).waitFor();
  const sels = page.locator(byTestId('eval-answer'));
  assertEqual(await sels.count(), 32, 'the 32 survey items');
  assertEqual(await page.locator(byTestId('eval-service')).count(), 23, 'the 23 services of 2.9');
  // all (a) and the services in-house: no gaps
  for (let i = 0; i < 32; i++) await sels.nth(i).selectOption({ index: 1 });
  const svc = page.locator(byTestId('eval-service'));
  for (let i = 0; i < 23; i++) await svc.nth(i).selectOption('in_house');
  await page.locator(byTestId('eval-date')).fill('2026-11-22');
  await page.locator(byTestId('eval-submit')).click();
  await page.locator(byTestId('eval-result')).waitFor();
  assertEqual(await page.locator(byTestId('eval-overall')).getAttribute('data-score'), '400', 'all (a) scores 4.00');
  await page.locator(byTestId('eval-no-gaps')).waitFor();
  assert((await page.locator(byTestId('eval-comparison')).textContent()).includes('77%'), 'the survey figure 77%');

  // second evaluation: all last options, services not provided
  for (let i = 0; i < 32; i++) {
    const n = await sels.nth(i).locator('option').count();
    await sels.nth(i).selectOption({ index: n - 1 });
  }
  for (let i = 0; i < 23; i++) await svc.nth(i).selectOption('not_provided');
  await page.locator(byTestId('eval-date')).fill('2027-05-22');
  await page.locator(byTestId('eval-submit')).click();
  await page.locator(byTestId('eval-roadmap')).waitFor();
  assertEqual(await page.locator(byTestId('eval-history-row')).count(), 2, 'two in the history');
  assertEqual(await page.locator(byTestId('eval-area-row')).count(), 6, 'six areas');
  assert(await page.locator(byTestId('eval-sim3-row')).count() > 20, 'SIM3 levels');
  await screenshot(page, 'evaluation-result');
  const id = Number(await page.locator(byTestId('eval-result')).getAttribute('data-id'));
  const first = page.locator(byTestId('eval-rm-row')).first();
  await first.locator(byTestId('eval-rm-owner')).fill('情報システム部 佐藤');
  await first.locator(byTestId('eval-rm-status')).selectOption('in_progress');
  await first.locator(byTestId('eval-rm-save')).click();
  await page.waitForFunction(async (evId) => {
    const r = await fetch('/api/v1/evaluations/' + evId, { credentials: 'same-origin' });
    const e = await r.json();
    return e.roadmap[0].owner === '情報システム部 佐藤';
  }, id);
  const ev = await server.apiOk('GET', 'evaluations/' + id);
  assertEqual(ev.roadmap[0].status, 'in_progress', 'status saved');
  assertEqual(ev.roadmap[0].version, 2, 'version bumped');
  await expectClean(page);
});
