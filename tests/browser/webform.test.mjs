/*
 * webform.test.mjs - the public report form (/report) in a real browser:
 * no login, a Japanese name and an attachment, the tracking number shown
 * large after the submit, and the page's strict CSP (no inline code)
 * letting its own stylesheet apply without a single violation. Then the
 * report is checked through the API: channel web, the reporter, the file.
 */

import { test, byTestId, assert, assertEqual, expectClean, describePage, screenshot } from './harness.mjs';

test('report form: fill in Japanese, attach a file, see the tracking number', async (ctx) => {
  const server = await ctx.server();
  const page = await ctx.page();
  await page.goto(server.url + '/report');
  await page.locator(byTestId('report-form')).waitFor();
  assertEqual(await page.getAttribute('html', 'lang'), 'ja', 'Japanese first');

  // The stylesheet is allowed by the page's CSP and applies.
  const css = await page.evaluate(() => {
    const sheet = [...document.styleSheets].find((s) => s.href && s.href.endsWith('/report.css'));
    const button = document.querySelector('[data-testid="submit"]');
    return {
      loaded: !!sheet && sheet.cssRules.length > 10,
      buttonBg: getComputedStyle(button).backgroundColor,
      mainWidth: getComputedStyle(document.querySelector('main')).maxWidth,
    };
  });
  assert(css.loaded, 'report.css did not load: ' + JSON.stringify(css));
  assertEqual(css.buttonBg, 'rgb(179, 38, 30)', 'the submit button is styled by report.css');
  const limit = await page.locator(byTestId('attachment-limit')).innerText();
  assert(/10 MB/.test(limit), 'the attachment limit is shown: ' + limit);

  await page.fill(byTestId('field-name'), '山田 花子');
  await page.fill(byTestId('field-contact'), 'hanako@example.jp');
  await page.fill(byTestId('field-department'), '経理部');
  await page.fill(byTestId('field-what'),
    '取引先を名乗るメールの添付ファイルを開いてしまいました。\nhxxp://invoice-check[.]example[.]net/a');
  await page.fill(byTestId('field-when'), '今朝9時頃');
  await page.fill(byTestId('field-device'), 'ノートPC（資産番号 PC-2041）');
  const eml = Buffer.from('Subject: 請求書\r\nFrom: billing@example.net\r\n\r\n本文です\r\n', 'utf8');
  await page.setInputFiles(byTestId('field-attachment'),
    [{ name: '不審なメール.eml', mimeType: 'message/rfc822', buffer: eml }]);
  await Promise.all([page.waitForNavigation(), page.click(byTestId('submit'))]);

  const num = page.locator(byTestId('tracking-number'));
  await num.waitFor().catch(async (e) => { throw new Error(e.message + '\n' + await describePage(page)); });
  const key = (await num.innerText()).trim();
  assert(/^RPT-\d{4}-\d{5,}$/.test(key), 'tracking number: ' + key);
  const size = await num.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert(size >= 28, 'the tracking number is shown large, font-size ' + size);
  await screenshot(page, 'webform-done');
  await expectClean(page);

  const rep = await server.apiOk('GET', 'reports/' + key);
  assertEqual(rep.channel, 'web', 'channel');
  assertEqual(rep.reporter_name, '山田 花子', 'reporter');
  assertEqual(rep.reporter_address, 'hanako@example.jp', 'contact');
  const att = await server.apiOk('GET', `reports/${rep.id}/attachments`);
  const items = Array.isArray(att) ? att : att.items;
  assertEqual(items.map((a) => a.filename).join(','), '不審なメール.eml', 'attachment name');
  assertEqual(items[0].size, eml.length, 'attachment size');
});

test('report form: English, and a missing field comes back with its message', async (ctx) => {
  const server = await ctx.server();
  const page = await ctx.page();
  await page.goto(server.url + '/report');
  await Promise.all([page.waitForNavigation(), page.click(byTestId('lang-switch'))]);
  assertEqual(await page.getAttribute('html', 'lang'), 'en', 'English page');
  await page.fill(byTestId('field-name'), '<script>window.__xss=1</script>');
  await page.fill(byTestId('field-contact'), 'not a contact');
  await page.fill(byTestId('field-what'), 'Something odd happened');
  await Promise.all([page.waitForNavigation(), page.click(byTestId('submit'))]);
  const err = await page.locator(byTestId('error-contact')).innerText();
  assert(/mail address/.test(err), 'contact error: ' + err);
  assertEqual(await page.inputValue(byTestId('field-name')), '<script>window.__xss=1</script>',
    'the typed value comes back as text');
  assertEqual(await page.evaluate(() => window.__xss), undefined, 'no script ran');
  await screenshot(page, 'webform-invalid');
  await expectClean(page, { allowConsoleErrors: false });
});
