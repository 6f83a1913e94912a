/*
 * intake_ui.test.mjs - the point of contact in the handlers' UI.
 *
 * Mail goes in through POST /api/v1/mail (what hikeshi mailgate calls); the
 * report page must show it (subject, body, attachment with SHA-256,
 * observables defanged, parser flags), keep attacker text as text, send a
 * reply into the outbox; the incident page shows threaded mail; the admin
 * outbox page lists rows. Screenshots: build/test-artifacts/screenshots/intake-*.png.
 * The tests share one server configured with [intake] team_address.
 */

import crypto from 'node:crypto';
import {
  test, login, byTestId, screenshot, expectClean, assert, assertEqual, pageState,
} from './harness.mjs';

const CONFIG = '[intake]\nteam_address = csirt@example.jp\nteam_name = テストCSIRT\nauthserv_id = mx.example.jp\n';
const XSS_SUBJECT = '<img src=x onerror="window.__xss=1">';
const XSS_BODY = '<script>window.__xss=2</script>';
const XSS_FILE = '<img src=x onerror=window.__xss=3>.zip';
const ATTACHMENT = Buffer.from('PK\x03\x04 not really a zip, 請求書');

let seq = 0;
const uniq = (p) => `${p}-${process.pid}-${++seq}-${crypto.randomBytes(3).toString('hex')}`;
const b64 = (s) => Buffer.from(s).toString('base64');
const word = (s) => `=?UTF-8?B?${b64(s)}?=`;

/** A multipart Japanese mail (UTF-8, base64) with one attachment. */
function japaneseMail({ from = '山田 太郎 <taro@example.co.jp>', subject, body, filename = '請求書.zip', extra = '' } = {}) {
  const boundary = 'b-' + uniq('x');
  const head = [
    from === null ? null : `From: ${from.replace(/^([^<]+)</, (m, n) => word(n.trim()) + ' <')}`,
    'To: csirt@example.jp',
    `Subject: ${word(subject)}`,
    'Date: Sun, 22 Nov 2026 10:00:00 +0900',
    `Message-ID: <${uniq('m')}@example.co.jp>`,
    extra || null,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ].filter(Boolean).join('\r\n');
  const parts = [
    `--${boundary}\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(body)}\r\n`,
    `--${boundary}\r\nContent-Type: application/zip\r\n` +
      `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(filename)}\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${ATTACHMENT.toString('base64')}\r\n`,
    `--${boundary}--\r\n`,
  ];
  return head + '\r\n\r\n' + parts.join('');
}

async function postMail(server, raw) {
  const r = await server.api('POST', 'mail', raw, { headers: { 'Content-Type': 'message/rfc822' } });
  assert(r.status === 201, `POST /mail -> ${r.status} ${r.text.slice(0, 400)}`);
  return r.json;
}

async function settle(page) {
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  await page.waitForTimeout(200);
}

async function noXss(page, what) {
  const xss = await page.evaluate(() => window.__xss);
  assertEqual(xss, undefined, `${what}: injected script ran`);
  const s = await pageState(page);
  assert(!s.dialogs.length, `${what}: a dialog fired: ${JSON.stringify(s.dialogs)}`);
  const injected = await page.evaluate(() => [...document.querySelectorAll('#main img, #main script, #main iframe, #main [onerror]')].length);
  assertEqual(injected, 0, `${what}: injected elements`);
}

const text = async (loc) => ((await loc.textContent()) || '').trim();

let shared = null;
/** One Japanese mail with XSS in subject, body and file name; a defanged URL. */
async function seed(server) {
  if (shared) return shared;
  const subject = '不審なメールを受信しました ' + XSS_SUBJECT;
  const body = '経理部の山田です。\n以下のURLを開いてしまいました: hxxp://evil[.]example[.]com/login\n' +
    '送信元IPは 198.51.100.7 でした。\n' + XSS_BODY + '\n';
  const j = await postMail(server, japaneseMail({ subject, body, filename: XSS_FILE }));
  const atts = await server.apiOk('GET', `reports/${j.report_id}/attachments`);
  shared = { ...j, subject, body, att: atts.items[0] };
  return shared;
}

test('a Japanese mail on its report page: body, attachment, observables, no script', async (ctx) => {
  const server = await ctx.server({ config: CONFIG });
  const m = await seed(server);
  assert(m.att && /^[0-9a-f]{64}$/.test(m.att.sha256), 'attachment stored: ' + JSON.stringify(m.att));
  const page = await ctx.page();
  const probes = [];
  page.on('request', (req) => { if (new URL(req.url()).pathname === '/x') probes.push(req.url()); });
  await login(page, server, { hash: `#/reports/${m.report_id}` });
  await page.locator(byTestId('mail-item')).first().waitFor();
  await page.locator(byTestId('observable-row')).first().waitFor();
  await settle(page);

  assertEqual(await text(page.locator(byTestId('report-subject'))), m.subject, 'report subject');
  assertEqual(await page.locator(byTestId('report-channel')).getAttribute('data-channel'), 'email', 'channel');
  const mail = page.locator(byTestId('mail-item')).first();
  assertEqual(await text(mail.locator(byTestId('mail-subject'))), m.subject, 'mail subject as text');
  assert((await text(mail.locator(byTestId('mail-from')))).includes('taro@example.co.jp'), 'mail from');
  const mbody = await mail.locator(byTestId('mail-body')).textContent();
  assert(mbody.includes('経理部の山田です') && mbody.includes(XSS_BODY), 'mail body as text: ' + mbody);
  assertEqual(await mail.locator(byTestId('mail-body')).evaluate((e) => e.tagName), 'PRE', 'body in a <pre>');
  assertEqual(await mail.locator(byTestId('mail-raw-download')).getAttribute('href'), `/api/v1/mails/${m.mail_id}/raw`, '.eml link');
  // the link works with the browser's session cookie
  const eml = await page.request.get(server.url + `/api/v1/mails/${m.mail_id}/raw`);
  assertEqual(eml.status(), 200, '.eml download with the session');
  assert((eml.headers()['content-type'] || '').startsWith('message/rfc822'), '.eml content type');

  // attachment: name (as text), type, size, SHA-256 with copy
  const att = mail.locator(byTestId('attachment-item')).first();
  assert((await text(att.locator(byTestId('attachment-name')))).includes(XSS_FILE), 'attachment name as text');
  assertEqual(await text(att.locator(byTestId('attachment-sha256'))), m.att.sha256, 'attachment SHA-256');
  assertEqual(await att.locator(byTestId('attachment-sha256-copy')).getAttribute('data-copy'), m.att.sha256, 'SHA-256 copy value');
  assert((await text(att.locator(byTestId('attachment-type')))).includes('/'), 'declared/detected type');
  assertEqual(await page.locator(`${byTestId('report-attachments')} ${byTestId('attachment-item')}`).count(), 1, 'attachments section');
  if (!m.att.has_content) assertEqual(await att.locator(byTestId('attachment-download')).count(), 0, 'no download without content');

  // observables: defanged for display, the normalised value copied
  const url = page.locator(`${byTestId('observable-row')}[data-type="url"]`).first();
  assertEqual(await text(url.locator(byTestId('observable-value'))), 'hxxp://evil[.]example[.]com/login', 'URL shown defanged');
  assertEqual(await url.locator(byTestId('observable-copy')).getAttribute('data-copy'), 'http://evil.example.com/login', 'URL copy value');
  const ip = page.locator(`${byTestId('observable-row')}[data-type="ipv4"]`).first();
  assertEqual(await text(ip.locator(byTestId('observable-value'))), '198[.]51[.]100[.]7', 'IP shown defanged');
  assert(/1/.test(await text(ip.locator(byTestId('observable-reports')))), 'report count');
  await url.locator(byTestId('observable-copy')).click();
  await page.locator(`${byTestId('toast')}:not([hidden])`).waitFor();

  // mail headers (channel details) and the acknowledgement queued
  assert((await text(page.locator(byTestId('detail-to')))).includes('csirt@example.jp'), 'details: To');
  const ack = page.locator(`${byTestId('outbox-item')}[data-kind="ack"]`).first();
  assertEqual(await ack.getAttribute('data-state'), 'queued', 'ack queued');
  assertEqual(await text(ack.locator(byTestId('outbox-state'))), '送信待ち', 'state badge');

  await noXss(page, 'report page');
  assertEqual(probes.length, 0, 'the <img src=x> probe was requested');
  await screenshot(page, 'intake-report');
  await expectClean(page);

  // English labels too
  await page.locator(byTestId('lang-toggle')).click();
  await page.locator(byTestId('mail-item')).first().waitFor();
  await settle(page);
  assertEqual(await text(page.locator(`${byTestId('outbox-item')}[data-kind="ack"] ${byTestId('outbox-state')}`)), 'queued', 'en state badge');
  await noXss(page, 'report page (en)');
  await screenshot(page, 'intake-report-en');
  await expectClean(page);
});

test('a message without From shows the parser flag', async (ctx) => {
  const server = await ctx.server({ config: CONFIG });
  const j = await postMail(server, japaneseMail({ from: null, subject: '差出人のないメール', body: '本文のみ\n' }));
  assert(j.flags.includes('no_from'), 'flag from the API: ' + JSON.stringify(j));
  const page = await ctx.page();
  await login(page, server, { hash: `#/reports/${j.report_id}` });
  const flag = page.locator(`${byTestId('report-flags')} ${byTestId('report-flag')}[data-flag="no_from"]`);
  await flag.waitFor();
  assertEqual(await text(flag), '差出人なし', 'flag label (ja)');
  await page.locator(byTestId('mail-item')).first().waitFor();
  await settle(page);
  await screenshot(page, 'intake-report-noflag');
  await expectClean(page);
});

test('reply from the report page: errors by the fields, then queued in outgoing mail', async (ctx) => {
  const server = await ctx.server({ config: CONFIG });
  const m = await seed(server);
  const page = await ctx.page();
  await login(page, server, { hash: `#/reports/${m.report_id}` });
  const form = page.locator(byTestId('mail-form'));
  await form.waitFor();
  assertEqual(await page.locator(byTestId('mail-form-to')).getAttribute('placeholder'), 'taro@example.co.jp', 'to placeholder');
  // 422: empty body, bad address
  await page.locator(byTestId('mail-form-to')).fill('not an address');
  await page.locator(byTestId('mail-form-submit')).click();
  await form.locator(`${byTestId('field-error')}[data-field]`).first().waitFor();
  const fields = await form.locator(byTestId('field-error')).evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
  assert(fields.includes('to') || fields.includes('body'), 'field errors: ' + JSON.stringify(fields));
  // good reply
  await page.locator(byTestId('mail-form-to')).fill('');
  await page.locator(byTestId('mail-form-body')).fill('ご連絡ありがとうございます。\n調査します。');
  await page.locator(byTestId('mail-form-submit')).click();
  const reply = page.locator(`${byTestId('outbox-item')}[data-kind="reply"]`).first();
  await reply.waitFor();
  assertEqual(await reply.getAttribute('data-state'), 'queued', 'reply queued');
  assert((await text(reply.locator(byTestId('outbox-to')))).includes('taro@example.co.jp'), 'reply to the reporter');
  assertEqual(await form.locator(byTestId('field-error')).count(), 0, 'errors cleared');
  await settle(page);
  await noXss(page, 'after reply');
  await screenshot(page, 'intake-reply');
  await expectClean(page);
});

test('without a team address the reply form says why (409)', async (ctx) => {
  const server = await ctx.server({});
  const j = await postMail(server, japaneseMail({ subject: '設定なし', body: 'テスト\n' }));
  const page = await ctx.page();
  await login(page, server, { hash: `#/reports/${j.report_id}` });
  await page.locator(byTestId('mail-form-body')).fill('返信');
  await page.locator(byTestId('mail-form-submit')).click();
  const p = page.locator(byTestId('mail-form-problem'));
  await p.waitFor();
  assert((await text(p)).includes('team_address'), 'problem text: ' + await text(p));
  await expectClean(page);
});

test('incident page: threaded mail in the journal, correspondence, send mail', async (ctx) => {
  const server = await ctx.server({ config: CONFIG });
  const j = await postMail(server, japaneseMail({ from: '佐藤 花子 <hanako@example.co.jp>', subject: 'フィッシングの報告', body: '最初の報告です。\n' }));
  const c = await server.apiOk('POST', 'constituencies', { code: 'MAIL' + crypto.randomBytes(2).toString('hex').toUpperCase(), name: '経理部' });
  const inc = await server.apiOk('POST', 'incidents', { title: 'フィッシング対応', constituency_id: c.id });
  const rep = await server.apiOk('GET', `reports/${j.report_id}`);
  await server.apiOk('PATCH', `reports/${rep.id}`, { constituency_id: c.id }, { ifMatch: rep.version });
  await server.apiOk('POST', `reports/${rep.id}/link`, { incident_id: inc.id });
  // the reporter answers with the tracking tag (our MTA vouches for the sender: DMARC pass):
  // threaded into the incident
  const k = await postMail(server, japaneseMail({
    from: '佐藤 花子 <hanako@example.co.jp>', subject: `Re: [${j.tracking_number}] ${XSS_SUBJECT}`,
    extra: 'Authentication-Results: mx.example.jp; dmarc=pass header.from=example.co.jp',
    body: `追加情報です。<b>太字</b> ${XSS_BODY}\n`, filename: XSS_FILE,
  }));
  assertEqual(k.incident_id, inc.id, 'threaded into the incident: ' + JSON.stringify(k));

  const page = await ctx.page();
  await login(page, server, { hash: `#/incidents/${inc.id}` });
  const entry = page.locator(`${byTestId('journal-entry')}[data-kind="mail"]`).first();
  await entry.waitFor();
  const jm = entry.locator(byTestId('journal-mail'));
  assertEqual(await jm.getAttribute('data-direction'), 'in', 'direction');
  assertEqual(await text(jm.locator(byTestId('mail-direction'))), '受信', 'direction label');
  assert((await text(jm.locator(byTestId('journal-mail-from')))).includes('hanako@example.co.jp'), 'from');
  assert((await text(jm.locator(byTestId('journal-mail-subject')))).includes(XSS_SUBJECT), 'subject as text');
  assert((await text(jm.locator(byTestId('journal-attachment')))).includes(XSS_FILE), 'attachment name as text');
  const jb = await jm.locator(byTestId('journal-body')).textContent();
  assert(jb.includes('<b>太字</b>') && jb.includes(XSS_BODY), 'body as text: ' + jb);
  // correspondence: the report's mail and the threaded one
  await page.locator(`${byTestId('incident-mails')} ${byTestId('mail-item')}`).first().waitFor();
  assert(await page.locator(`${byTestId('incident-mails')} ${byTestId('mail-item')}`).count() >= 2, 'incident correspondence');

  // send mail from the incident
  await page.locator(byTestId('mail-form-to')).fill('ir@partner.example');
  await page.locator(byTestId('mail-form-subject')).fill('調査依頼');
  await page.locator(byTestId('mail-form-body')).fill('ご協力をお願いします。');
  await page.locator(byTestId('mail-form-submit')).click();
  await page.locator(`${byTestId('journal-mail')}[data-direction="out"]`).first().waitFor();
  const out = page.locator(`${byTestId('incident-outbox')} ${byTestId('outbox-item')}[data-kind="reply"]`).first();
  await out.waitFor();
  assert((await text(out.locator(byTestId('outbox-subject')))).includes('調査依頼'), 'sent subject');
  await settle(page);
  await noXss(page, 'incident page');
  await screenshot(page, 'intake-incident');
  await expectClean(page);
});

test('report list: channel labels and the channel filter', async (ctx) => {
  const server = await ctx.server({ config: CONFIG });
  await seed(server);
  const web = await server.apiOk('POST', 'reports', { channel: 'web', subject: 'Web フォームからの報告' });
  const page = await ctx.page();
  await login(page, server, { hash: '#/reports?state=all' });
  await page.locator(byTestId('report-row')).first().waitFor();
  const chans = await page.locator(byTestId('report-row-channel')).evaluateAll((els) => els.map((e) => e.getAttribute('data-channel')));
  assert(chans.includes('email') && chans.includes('web'), 'channels: ' + JSON.stringify(chans));
  await page.locator(byTestId('report-filter-channel')).selectOption('email');
  await page.waitForURL(/channel=email/);
  await page.locator(byTestId('report-row')).first().waitFor();
  await settle(page);
  const after = await page.locator(byTestId('report-row-channel')).evaluateAll((els) => els.map((e) => e.getAttribute('data-channel')));
  assert(after.length && after.every((c) => c === 'email'), 'filtered: ' + JSON.stringify(after));
  assertEqual(await page.locator(`${byTestId('report-row')}[data-id="${web.id}"]`).count(), 0, 'web report filtered out');
  await screenshot(page, 'intake-reports');
  await expectClean(page);
});

test('admin outbox page lists rows and filters by state', async (ctx) => {
  const server = await ctx.server({ config: CONFIG });
  await seed(server);
  const probe = await server.api('GET', 'outbox?limit=1');
  const page = await ctx.page();
  await login(page, server, { hash: '#/admin/outbox' });
  await page.locator(byTestId('admin-outbox')).waitFor();
  if (probe.status === 501 || probe.status === 404) {
    // GET /api/v1/outbox is not in this build yet: the page must say so cleanly.
    await page.locator(byTestId('outbox-unavailable')).waitFor();
    console.log(`# SKIP outbox rows: GET /api/v1/outbox answers ${probe.status} in this build`);
    await expectClean(page);
    return;
  }
  assertEqual(probe.status, 200, 'GET /outbox');
  await page.locator(byTestId('outbox-row')).first().waitFor();
  assert(await page.locator(byTestId('admin-tab-outbox')).count() === 1, 'outbox tab in the admin navigation');
  await page.locator(byTestId('outbox-filter-state')).selectOption('queued');
  await page.waitForURL(/state=queued/);
  await page.locator(byTestId('outbox-row')).first().waitFor();
  await settle(page);
  const states = await page.locator(byTestId('outbox-row')).evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
  assert(states.length && states.every((s) => s === 'queued'), 'states: ' + JSON.stringify(states));
  await noXss(page, 'outbox');
  await screenshot(page, 'intake-outbox-live');
  await expectClean(page);
});

// The two tests below check the UI against the documented contract with the
// answers substituted in the browser (page.route), because GET /api/v1/outbox
// and SOC alert intake may not be in this build yet.

test('outbox page (contract): failed rows have a retry button, attacker text stays text', async (ctx) => {
  const server = await ctx.server({ config: CONFIG });
  const rows = [
    { id: 11, kind: 'reply', state: 'failed', report_id: 1, incident_id: null, mail_to: 'a@example.org', subject: 'S ' + XSS_SUBJECT,
      attempts: 5, last_error: '550 ' + XSS_BODY, created_at: '2026-11-22T01:00:00Z', sent_at: null },
    { id: 12, kind: 'ack', state: 'sent', report_id: 2, incident_id: null, mail_to: 'b@example.org', subject: 'ok',
      attempts: 1, last_error: '', created_at: '2026-11-22T02:00:00Z', sent_at: '2026-11-22T02:00:05Z' },
    { id: 13, kind: 'reply', state: 'queued', report_id: null, incident_id: 3, mail_to: 'c@example.org', subject: 'q',
      attempts: 0, last_error: '', created_at: '2026-11-22T03:00:00Z', sent_at: null },
  ];
  const retried = [];
  const page = await ctx.page();
  await page.route(/\/api\/v1\/outbox(\?.*)?$/, (route) => {
    const st = new URL(route.request().url()).searchParams.get('state');
    const items = rows.filter((r) => !st || r.state === st);
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items, next_cursor: null }) });
  });
  await page.route(/\/api\/v1\/outbox\/\d+\/retry$/, (route) => {
    const id = Number(route.request().url().match(/outbox\/(\d+)\/retry/)[1]);
    retried.push({ id, method: route.request().method(), csrf: route.request().headers()['x-csrf-token'] });
    const r = rows.find((x) => x.id === id);
    r.state = 'queued'; r.last_error = '';
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(r) });
  });
  await login(page, server, { hash: '#/admin/outbox' });
  await page.locator(byTestId('outbox-row')).first().waitFor();
  assertEqual(await page.locator(byTestId('outbox-row')).count(), 3, 'rows');
  assertEqual(await page.locator(byTestId('outbox-retry')).count(), 1, 'retry only on the failed row');
  const failed = page.locator(`${byTestId('outbox-row')}[data-state="failed"]`);
  assertEqual(await text(failed.locator(byTestId('outbox-state'))), '失敗', 'failed badge');
  assert((await text(failed.locator(byTestId('outbox-error')))).includes(XSS_BODY), 'error as text');
  assert((await text(failed.locator(byTestId('outbox-subject')))).includes(XSS_SUBJECT), 'subject as text');
  assertEqual(await failed.locator(byTestId('outbox-record')).getAttribute('href'), '#/reports/1', 'record link');
  await settle(page);
  await screenshot(page, 'intake-outbox');
  await failed.locator(byTestId('outbox-retry')).click();
  await page.locator(`${byTestId('outbox-row')}[data-id="11"][data-state="queued"]`).waitFor();
  assertEqual(retried.length, 1, 'one retry');
  assert(retried[0].method === 'POST' && retried[0].csrf, 'retry is a POST with the CSRF token');
  await page.locator(byTestId('outbox-filter-state')).selectOption('sent');
  await page.waitForURL(/state=sent/);
  await page.locator(`${byTestId('outbox-row')}[data-id="12"]`).waitFor();
  assertEqual(await page.locator(byTestId('outbox-row')).count(), 1, 'filtered to sent');
  await noXss(page, 'outbox (contract)');
  await expectClean(page);
});

test('SOC alert details (contract): source, severity, seen count, raw JSON as text', async (ctx) => {
  const server = await ctx.server({ config: CONFIG });
  const rep = await server.apiOk('POST', 'reports', { channel: 'soc', subject: 'EDR: 不審なプロセス ' + XSS_SUBJECT });
  const details = { source: 'edr-1', source_ref: 'ALERT-42', severity: 'high', observed_at: '2026-11-22T00:00:00Z',
    raw: { rule: XSS_BODY, host: 'pc-01', nested: { score: 97 } } };
  const page = await ctx.page();
  await page.route(new RegExp(`/api/v1/reports/${rep.id}$`), async (route) => {
    const res = await route.fetch();
    const j = await res.json();
    Object.assign(j, { details, seen_count: 4, last_seen_at: '2026-11-22T05:00:00Z', flags: ['bad_charset'] });
    return route.fulfill({ response: res, body: JSON.stringify(j) });
  });
  await page.route(/\/api\/v1\/reports\?/, async (route) => {
    const res = await route.fetch();
    const j = await res.json();
    for (const r of j.items) if (r.id === rep.id) r.seen_count = 4;
    return route.fulfill({ response: res, body: JSON.stringify(j) });
  });
  await login(page, server, { hash: `#/reports/${rep.id}` });
  await page.locator(byTestId('report-details')).waitFor();
  assertEqual(await text(page.locator(byTestId('detail-source'))), 'edr-1', 'source');
  assertEqual(await text(page.locator(byTestId('detail-severity'))), 'high', 'severity');
  assertEqual(await text(page.locator(byTestId('detail-source-ref'))), 'ALERT-42', 'source_ref');
  assertEqual(await text(page.locator(byTestId('detail-seen-count'))), '4', 'seen count');
  const raw = await page.locator(byTestId('details-raw')).textContent();
  assert(raw.includes(XSS_BODY) && raw.includes('\n  "host": "pc-01"'), 'raw JSON pretty-printed as text: ' + raw);
  await page.locator(`${byTestId('report-flag')}[data-flag="bad_charset"]`).waitFor();
  assert(await page.locator(byTestId('report-seen-count')).count() === 1, 'seen badge');
  await settle(page);
  await noXss(page, 'SOC report');
  await screenshot(page, 'intake-soc');
  await expectClean(page);
  await page.goto(server.url + '/#/reports?state=all&channel=soc');
  await page.locator(`${byTestId('report-row')}[data-id="${rep.id}"] ${byTestId('report-seen-count')}`).waitFor();
  assertEqual(await page.locator(`${byTestId('report-row')}[data-id="${rep.id}"] ${byTestId('report-row-channel')}`).getAttribute('data-channel'), 'soc', 'soc row');
  await expectClean(page);
});

test('SOC alert seen twice (live POST /alerts): details, seen count, raw JSON as text', async (ctx) => {
  const server = await ctx.server({ config: CONFIG });
  const a = { source: 'splunk-es', source_ref: uniq('ref'), title: 'C2通信の疑い ' + XSS_SUBJECT, severity: 'high',
    description: '端末 pc-0042 から evil-c2.example[.]com へ定期通信', observed_at: '2026-11-22T10:00:00+09:00',
    raw: { rule: { name: XSS_BODY, id: 4711 }, score: 87.5 } };
  const probe = await server.api('POST', 'alerts', a);
  if (probe.status === 501 || probe.status === 404) {
    console.log(`# SKIP live SOC alert: POST /api/v1/alerts answers ${probe.status} in this build`);
    return;
  }
  assertEqual(probe.status, 201, 'POST /alerts: ' + probe.text.slice(0, 300));
  const again = await server.apiOk('POST', 'alerts', { ...a, observed_at: '2026-11-22T11:00:00+09:00' });
  const id = again.items[0].report_id;
  assertEqual(again.items[0].seen_count, 2, 'folded');
  const page = await ctx.page();
  await login(page, server, { hash: `#/reports/${id}` });
  await page.locator(byTestId('report-details')).waitFor();
  assertEqual(await text(page.locator(byTestId('detail-seen-count'))), '2', 'seen count');
  assertEqual(await text(page.locator(byTestId('detail-severity'))), 'high', 'severity');
  assertEqual(await text(page.locator(byTestId('detail-source-ref'))), a.source_ref, 'source_ref');
  const raw = await page.locator(byTestId('details-raw')).textContent();
  assert(raw.includes(XSS_BODY) && raw.includes('"id": 4711'), 'raw JSON as text: ' + raw);
  const dom = page.locator(`${byTestId('observable-row')}[data-type="domain"]`).first();
  await dom.waitFor();
  assertEqual(await text(dom.locator(byTestId('observable-value'))), 'evil-c2[.]example[.]com', 'domain defanged');
  await settle(page);
  await noXss(page, 'live SOC report');
  await screenshot(page, 'intake-soc-live');
  await expectClean(page);
  await page.goto(server.url + '/#/reports?state=all&channel=soc');
  const row = page.locator(`${byTestId('report-row')}[data-id="${id}"]`);
  await row.waitFor();
  assertEqual(await text(row.locator(byTestId('report-seen-count'))), '×2', 'seen badge in the list');
  await expectClean(page);
});

test('ja.json and en.json have the same keys', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { REPO } = await import('./harness.mjs');
  const load = (l) => JSON.parse(fs.readFileSync(path.join(REPO, 'web', 'i18n', l + '.json'), 'utf8'));
  const ja = Object.keys(load('ja'));
  const en = new Set(Object.keys(load('en')));
  const diff = ja.filter((k) => !en.has(k)).concat([...en].filter((k) => !ja.includes(k)));
  assertEqual(diff.length, 0, 'keys only in one file: ' + diff.join(', '));
});
