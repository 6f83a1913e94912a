/*
 * dashboard_metrics.test.mjs - the dashboard draws from the same metrics as
 * the periodic reports (issue 7, "done when"): its KPI figures equal GET
 * /api/v1/metrics for the chosen period (month, then quarter), and its
 * charts are the server's SVG images, all of which load. The periodic
 * report view downloads a meeting-pack PDF whose text carries the security
 * topic entered in the form.
 * Screenshots: build/test-artifacts/screenshots/dash-metrics-*.png.
 */

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

import {
  test, login, byTestId, screenshot, expectClean, assert, assertEqual, waitForTestId,
} from './harness.mjs';

const tid = byTestId;

function tokyo() {
  const d = new Date(Date.now() + 9 * 3600 * 1000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1];
}
const pad = (n) => String(n).padStart(2, '0');

async function kpiValue(page, id) {
  return page.locator(tid(id)).getAttribute('data-value');
}

async function expectFigures(page, m, label) {
  const want = {
    'dash-kpi-incidents': m.counts.incidents,
    'dash-kpi-reports': m.counts.reports,
    'dash-kpi-waiting': m.now.reports_waiting_triage,
    'dash-kpi-open': m.backlog.open_at_end,
    'dash-kpi-mttr': m.times.mttr.median_hours,
    'dash-kpi-mtta': m.times.mtta.median_hours,
    'dash-kpi-sla': m.sla.resolution.compliance,
  };
  for (const [id, v] of Object.entries(want)) {
    assertEqual(await kpiValue(page, id), v === null ? '' : String(v), `${label}: ${id}`);
  }
  for (const p of ['P1', 'P2', 'P3', 'P4']) {
    const n = (m.backlog.by_priority.find((e) => e.key === p) || { count: 0 }).count;
    assertEqual(await page.locator(`${tid('dash-open-by-priority')} .count[data-key="${p}"]`).textContent(), String(n),
      `${label}: open ${p}`);
  }
}

async function expectChartsLoaded(page, period) {
  const figs = page.locator(tid('dash-chart'));
  await page.waitForFunction(() => {
    const f = [...document.querySelectorAll('[data-testid="dash-chart"]')];
    return f.length === 7 && f.every((x) => x.hasAttribute('data-loaded') || x.hasAttribute('data-failed'));
  });
  assertEqual(await figs.count(), 7, 'seven charts');
  assertEqual(await page.locator(`${tid('dash-chart')}[data-failed]`).count(), 0, 'no chart failed');
  const imgs = await page.locator(`${tid('dash-chart')} img`).evaluateAll((els) => els.map((e) => ({
    src: e.getAttribute('src'), w: e.naturalWidth, alt: e.alt })));
  for (const i of imgs) {
    assert(i.w > 0 && i.alt, `chart ${i.src} loaded with an alt text`);
    assert(i.src.startsWith('/api/v1/metrics/charts/') && i.src.includes('period=' + period) &&
      i.src.includes('format=svg'), `chart src ${i.src}`);
  }
}

test('dashboard: KPIs equal GET /metrics, charts are the server SVGs', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const [y, mo] = tokyo();
  const month = `${y}-${pad(mo)}`;
  const page = await ctx.page();
  await login(page, server);
  await waitForTestId(page, 'view-dashboard');
  assertEqual(await page.locator(tid('view-dashboard')).getAttribute('data-period'), month, 'current month');
  await waitForTestId(page, 'dash-kpi-incidents');
  const m = await server.apiOk('GET', 'metrics?period=' + month);
  await expectFigures(page, m, month);
  assertEqual((await page.locator(tid('dash-waiting-count')).textContent()).trim(),
    String(m.now.reports_waiting_triage), 'waiting count in the new-reports box');
  await expectChartsLoaded(page, month);
  // The chart images are the API's own charts: the trend's SVG names the months.
  const svg = await server.api('GET', `metrics/charts/trend?period=${month}&lang=ja&format=svg`);
  assert(svg.status === 200 && svg.text.includes(`<desc>`) && svg.text.includes(`${month}: `), 'trend SVG');
  await screenshot(page, 'dash-metrics-month');

  // A quarter: the hash carries it, the figures follow.
  await page.locator(tid('dash-period-kind')).selectOption('quarter');
  const quarter = `${y}-Q${Math.ceil(mo / 3)}`;
  await page.locator(`${tid('view-dashboard')}[data-period="${quarter}"]`).waitFor();
  assert(page.url().includes('period=' + quarter), 'period in the hash');
  await waitForTestId(page, 'dash-kpi-incidents');
  const q = await server.apiOk('GET', 'metrics?period=' + quarter);
  await expectFigures(page, q, quarter);
  await expectChartsLoaded(page, quarter);
  // The previous quarter from the period list.
  const prevQ = mo <= 3 ? `${y - 1}-Q4` : `${y}-Q${Math.ceil(mo / 3) - 1}`;
  await page.locator(tid('dash-period')).selectOption(prevQ);
  await page.locator(`${tid('view-dashboard')}[data-period="${prevQ}"]`).waitFor();
  await waitForTestId(page, 'dash-kpi-incidents');
  await expectFigures(page, await server.apiOk('GET', 'metrics?period=' + prevQ), prevQ);
  await screenshot(page, 'dash-metrics-quarter');

  // English: the same figures, English chart images.
  await page.locator(tid('lang-toggle')).click();
  await waitForTestId(page, 'dash-kpi-incidents');
  await expectFigures(page, await server.apiOk('GET', 'metrics?period=' + prevQ), prevQ + ' (en)');
  await expectChartsLoaded(page, prevQ);
  assert((await page.locator(`${tid('dash-chart')} img`).first().getAttribute('src')).includes('lang=en'), 'lang=en');
  await expectClean(page);
});

test('periodic reports: meeting pack PDF with a topic', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const page = await ctx.page();
  await login(page, server);
  await page.locator(tid('nav-periodic')).click();
  await waitForTestId(page, 'view-periodic');
  assertEqual(await page.locator(tid('periodic-topics-box')).isVisible(), false, 'no topics before the meeting');
  await page.locator(tid('periodic-audience')).selectOption('meeting');
  await waitForTestId(page, 'periodic-topics-box');
  const topic = 'VPN 装置の脆弱性（CVE-2026-12345）への対応状況';
  await page.locator(tid('periodic-topic-input')).first().fill(topic);
  await page.locator(tid('periodic-topic-add')).click();
  await page.locator(tid('periodic-topic-input')).nth(1).fill('消す予定の話題');
  await page.locator(tid('periodic-topic-add')).click();
  await page.locator(tid('periodic-topic-input')).nth(2).fill('標的型メール訓練の結果');
  await page.locator(tid('periodic-topic-remove')).nth(1).click();
  assertEqual(await page.locator(tid('periodic-topic')).count(), 2, 'two topics left');
  assertEqual(await page.locator(tid('periodic-topic')).nth(1).getAttribute('data-field'), 'topics[1]', 'renumbered');
  const period = await page.locator(tid('periodic-period')).inputValue();
  await screenshot(page, 'dash-metrics-periodic');
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(tid('periodic-download')).click(),
  ]);
  const name = dl.suggestedFilename();
  assertEqual(name, `hikeshi-meeting-${period}-ja.pdf`, 'file name');
  const file = await dl.path();
  const bytes = fs.readFileSync(file);
  assert(bytes.subarray(0, 5).toString() === '%PDF-', 'a PDF');
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf-8').replace(/\s+/g, '');
  for (const s of ['定期報告会資料', '3.セキュリティ関連トピックス', topic.replace(/\s+/g, ''), '標的型メール訓練の結果']) {
    assert(text.includes(s), `the PDF has ${s}`);
  }
  assert(!text.includes('消す予定の話題'), 'the removed topic is not in the PDF');
  await page.locator(`${tid('periodic-status')}[data-file="${name}"]`).waitFor();

  // The same pack as HTML in English.
  await page.locator(tid('periodic-format')).selectOption('html');
  await page.locator(tid('periodic-lang')).selectOption('en');
  const [dl2] = await Promise.all([page.waitForEvent('download'), page.locator(tid('periodic-download')).click()]);
  assertEqual(dl2.suggestedFilename(), `hikeshi-meeting-${period}-en.html`, 'HTML in English');
  const html = fs.readFileSync(await dl2.path(), 'utf-8');
  assert(html.includes('3. Security topics') && html.includes('CVE-2026-12345'), 'English meeting pack');
  await expectClean(page);
});

test('periodic reports: a viewer (management) may make the management and constituency reports only', async (ctx) => {
  const server = await ctx.server({ demo: true });
  const password = 'Pw-viewer-' + Date.now() + '-Zz9';
  await server.apiOk('POST', 'users', { login: 'dashviewer', display_name: '閲覧者', role: 'viewer', password,
    all_constituencies: true, constituency_ids: [] });
  const page = await ctx.page();
  await login(page, server, { login: 'dashviewer', password, hash: '#/periodic' });
  await waitForTestId(page, 'view-periodic');
  const opts = await page.locator(`${tid('periodic-audience')} option`).evaluateAll((o) => o.map((x) => x.value));
  assertEqual(JSON.stringify(opts), '["management","constituency"]', 'management and constituency only');
  await page.locator(tid('periodic-audience')).selectOption('constituency');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(tid('periodic-download')).click()]);
  assert(dl.suggestedFilename().startsWith('hikeshi-constituency-'), 'constituency report');
  const text = execFileSync('pdftotext', ['-layout', await dl.path(), '-']).toString('utf-8');
  assert(text.includes('TLP:CLEAR') && !text.includes('INC-'), 'TLP:CLEAR, no incident');
  await waitForTestId(page, 'view-periodic');
  await page.goto(server.url + '/#/dashboard');
  await waitForTestId(page, 'dash-kpi-incidents');
  await expectClean(page);
});

test('incident page: the estimated damage entered by a handler is what the management report sums', async (ctx) => {
  const server = await ctx.freshServer();
  const con = await server.apiOk('POST', 'constituencies', { code: 'DMG', name: '被害額テスト部門' });
  const inc = await server.apiOk('POST', 'incidents', { title: '取引先を装った請求書詐欺', constituency_id: con.id });
  const [y, m] = tokyo();
  const period = `${y}-${pad(m)}`;
  const before = await server.apiOk('GET', 'metrics?period=' + period);
  assertEqual(before.damage.total_jpy, 0, 'no estimate yet');
  const page = await ctx.page();
  await login(page, server, { hash: '#/incidents/' + inc.id });
  const input = page.locator(tid('edit-damage'));
  await input.waitFor();
  assertEqual(await input.inputValue(), '', 'empty before');
  await input.fill('-5');
  await input.dispatchEvent('change');
  await input.fill('2500000');
  await input.dispatchEvent('change');
  let got = null;
  for (let i = 0; i < 50 && got !== 2500000; i++) {
    got = (await server.apiOk('GET', 'incidents/' + inc.id)).estimated_damage_jpy;
    if (got !== 2500000) await page.waitForTimeout(100);
  }
  assertEqual(got, 2500000, 'saved as whole yen');
  const after = await server.apiOk('GET', 'metrics?period=' + period);
  assertEqual(after.damage.total_jpy, 2500000, 'the month total');
  assertEqual(after.damage.incidents_with_estimate, 1, 'one incident with an estimate');
  const model = await server.apiOk('GET', `periodic-report?period=${period}&audience=management&format=json`);
  assert(JSON.stringify(model).includes('2,500,000'), 'the management report states the amount');
  await expectClean(page);
});
