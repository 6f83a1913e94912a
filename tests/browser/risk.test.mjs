/*
 * risk.test.mjs - the risk-tolerance questionnaire (リスク許容度の評価) from
 * the build page: answer every item (first option), submit, see the profile,
 * the statement and the proposed 3×3 matrix, see it in the history, apply it
 * as admin (in-page confirmation) and check /priority-matrix through the API;
 * the original matrix is put back afterwards.
 * Screenshots: build/test-artifacts/screenshots/risk-*.png.
 */

import {
  test, login, byTestId, screenshot, expectClean, assert, assertEqual,
} from './harness.mjs';

const cellMap = (m) => Object.fromEntries(m.cells.map((c) => [c.impact + '/' + c.urgency, c.priority]));

test('risk tolerance: answer, result, history, apply the matrix', async (ctx) => {
  const server = await ctx.server();
  const before = await server.apiOk('GET', 'priority-matrix');
  const page = await ctx.page();
  try {
    await login(page, server, { hash: '#/build' });
    await page.locator(byTestId('build-risk-link')).click();
    await page.locator(byTestId('view-risk')).waitFor();
    await page.locator(byTestId('risk-no-result')).waitFor();
    assertEqual(await page.locator(byTestId('risk-section')).count(), 3, 'three sections');
    const sels = page.locator(byTestId('risk-answer'));
    const n = await sels.count();
    assertEqual(n, 26, 'all 26 items of seed 003');
    assert((await page.locator(byTestId('risk-item')).first().textContent()).includes('組織の規模'), 'seed wording');

    for (let i = 0; i < n; i++) await sels.nth(i).selectOption({ index: 1 });
    await page.locator(byTestId('risk-submit')).click();
    const result = page.locator(byTestId('risk-result'));
    await page.locator(`${byTestId('risk-history-row')}`).first().waitFor();
    const id = Number(await result.getAttribute('data-id'));
    const list = (await server.apiOk('GET', 'risk-tolerance/assessments')).items;
    const a = list.find((x) => x.id === id);
    assert(a, 'the assessment is stored');
    assertEqual(await result.getAttribute('data-profile'), a.profile, 'profile shown');
    assertEqual((await page.locator(byTestId('risk-profile')).textContent()).trim(), a.profile_ja, 'profile in Japanese');
    assertEqual(await page.locator(byTestId('risk-score')).getAttribute('data-score'), String(a.score), 'score shown');
    assert((await page.locator(byTestId('risk-statement')).textContent()).includes(a.statement_ja.slice(0, 10)),
      'statement shown');
    assertEqual(await page.locator(byTestId('risk-matrix-cell')).count(), 9, '3×3 matrix');
    const hm = page.locator(`${byTestId('risk-matrix-cell')}[data-impact="high"][data-urgency="medium"]`);
    assertEqual((await hm.textContent()).trim(), cellMap(a.matrix)['high/medium'], 'matrix cell');
    assertEqual(await page.locator(byTestId('risk-history-row')).count(), 1, 'one row in the history');
    await screenshot(page, 'risk-result');

    // apply as admin, confirming the dialog
    await page.locator(byTestId('risk-apply')).click();
    await page.locator(byTestId('risk-apply-cancel')).click();
    assertEqual(JSON.stringify(cellMap(await server.apiOk('GET', 'priority-matrix'))), JSON.stringify(cellMap(before)),
      'cancel leaves the matrix');
    await page.locator(byTestId('risk-apply')).click();
    await page.locator(byTestId('risk-apply-confirm')).click();
    await page.locator(byTestId('toast')).filter({ hasText: '優先度マトリクスを適用しました' }).waitFor();
    const now = await server.apiOk('GET', 'priority-matrix');
    assertEqual(JSON.stringify(cellMap(now)), JSON.stringify(cellMap(a.matrix)), 'priority matrix is the proposed one');

    // English labels after switching the language
    await page.locator(byTestId('lang-toggle')).click();
    await page.locator(byTestId('risk-apply')).filter({ hasText: 'Apply this priority matrix' }).waitFor();
    await expectClean(page);
  } finally {
    await server.apiOk('PUT', 'priority-matrix', { cells: before.cells });
  }
  const restored = await server.apiOk('GET', 'priority-matrix');
  assertEqual(JSON.stringify(cellMap(restored)), JSON.stringify(cellMap(before)), 'matrix restored');
});
