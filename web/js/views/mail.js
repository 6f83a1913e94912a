// Point-of-contact widgets shared by the report and incident pages:
// correspondence (received mail and the outbox), a send-mail form, the
// observables and attachments tables, parser flags and channel details.
// Every string from a mail goes in via textContent (the h() helper); the
// only HTML is the journal's server-escaped body_html (incident.js).
import { h, mount, field } from '../dom.js';
import { post } from '../api.js';
import { t } from '../i18n.js';
import { fmtDateTime } from '../format.js';
import { canWrite } from '../state.js';
import { toast, showError, badge, showFieldErrors } from '../ui.js';

export const FLAGS = ['truncated', 'too_many_parts', 'too_deep', 'no_from', 'bad_charset', 'malformed', 'header_truncated'];
export const OUTBOX_STATES = ['queued', 'sent', 'failed'];
export const CHANNEL_ICONS = { email: '✉', web: '🌐', soc: '🛡', api: '⚙', phone: '☎' };

const flagLabel = (f) => (FLAGS.includes(f) ? t('flag.' + f) : f);

// Display form of an observable: never clickable, never resolvable as is
// (hxxp://evil[.]example[.]com). The normalised value is what gets copied.
export function defang(type, value) {
  const v = String(value ?? '');
  const dots = (s) => s.replace(/\./g, '[.]');
  switch (type) {
    case 'url': {
      const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s.exec(v);
      if (!m) return dots(v);
      const scheme = m[1].toLowerCase().replace(/^http/, 'hxxp').replace(/^ftp/, 'fxp');
      return scheme + '://' + dots(m[2]) + m[3];
    }
    case 'domain': case 'ipv4': case 'cidr': return dots(v);
    case 'email': { const at = v.lastIndexOf('@'); return at < 0 ? dots(v) : v.slice(0, at) + '[@]' + dots(v.slice(at + 1)); }
    default: return v;
  }
}

export function fmtSize(n) {
  if (n === null || n === undefined) return '';
  if (n < 1024) return t('size.bytes', { n });
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1024 / 1024).toFixed(1) + ' MiB';
}

// Puts text on the clipboard; falls back to a selected hidden textarea.
async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); return true; }
  } catch { /* fall back */ }
  const ta = h('textarea', { class: 'offscreen', readonly: true, 'aria-hidden': 'true' });
  ta.value = text;
  document.body.appendChild(ta);
  ta.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch { ok = false; }
  ta.remove();
  return ok;
}

// A small button that copies value (kept in data-copy for tests and users).
export function copyButton(value, testid, label) {
  const b = h('button', { type: 'button', class: 'btn small copy', testid, 'data-copy': value, title: t('common.copy'), 'aria-label': label || t('common.copy') }, t('common.copy'));
  b.addEventListener('click', async () => {
    const ok = await copyText(value);
    toast(ok ? t('common.copied') : t('common.copy_failed'), ok ? 'ok' : 'error');
  });
  return b;
}

// Parser flags as warnings.
export function flagsBox(flags, testid = 'report-flags') {
  if (!flags || !flags.length) return null;
  return h('div', { class: 'flags', role: 'note', testid },
    h('span', { class: 'flags-title' }, '⚠ ' + t('flag.title')), ' ',
    flags.map((f) => [badge('flag', flagLabel(f), { testid: 'report-flag', 'data-flag': f, title: t('flag.help.' + f) }), ' ']));
}

function kvList(rows, testid) {
  const items = rows.filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (!items.length) return null;
  return h('dl', { class: 'kv', testid }, items.flatMap(([k, v, tid]) => [h('dt', {}, k), h('dd', { testid: tid, class: 'prewrap' }, String(v))]));
}

function prettyJson(v) {
  if (typeof v === 'string') {
    try { return JSON.stringify(JSON.parse(v), null, 2); } catch { return v; }
  }
  return JSON.stringify(v, null, 2);
}

// What the channel told us beyond subject and body.
export function channelDetails(rep) {
  const d = rep.details && typeof rep.details === 'object' ? rep.details : {};
  let body = null;
  if (rep.channel === 'email') {
    body = kvList([[t('mail.from'), d.from, 'detail-from'], [t('mail.to'), d.to, 'detail-to'], [t('mail.cc'), d.cc, 'detail-cc'],
      [t('mail.date'), d.date, 'detail-date'], [t('mail.message_id'), d.message_id, 'detail-message-id'], [t('mail.source'), d.source, 'detail-source']], 'details-list');
  } else if (rep.channel === 'soc') {
    body = [kvList([[t('soc.source'), d.source, 'detail-source'], [t('soc.severity'), d.severity, 'detail-severity'],
      [t('soc.source_ref'), d.source_ref, 'detail-source-ref'], [t('soc.observed_at'), d.observed_at ? fmtDateTime(d.observed_at) : null, 'detail-observed-at'],
      [t('soc.seen_count'), rep.seen_count, 'detail-seen-count'], [t('soc.last_seen_at'), rep.last_seen_at ? fmtDateTime(rep.last_seen_at) : null, 'detail-last-seen']], 'details-list'),
    d.raw !== undefined && d.raw !== null ? h('details', { class: 'raw-json', open: true },
      h('summary', {}, t('soc.raw')), h('pre', { class: 'code', testid: 'details-raw' }, prettyJson(d.raw))) : null];
  } else {
    // web form answers and anything else: every member as text
    const rows = Object.entries(d).map(([k, v]) => [t('form.' + k) === 'form.' + k ? k : t('form.' + k),
      v !== null && typeof v === 'object' ? JSON.stringify(v) : v, 'detail-field']);
    body = kvList(rows, 'details-list');
  }
  const extra = rep.channel !== 'soc' && rep.seen_count > 1
    ? h('p', { class: 'muted small', testid: 'detail-seen-count' }, t('report.seen_again', { n: rep.seen_count, at: fmtDateTime(rep.last_seen_at) })) : null;
  if (!body && !extra) return null;
  return h('section', { class: 'card', testid: 'report-details' }, h('h2', {}, t('report.details_' + (rep.channel === 'email' || rep.channel === 'soc' || rep.channel === 'web' ? rep.channel : 'other'))), body, extra);
}

// Attachments: name, declared/detected type, size, SHA-256 (copyable), download.
export function attachmentList(atts, testid = 'mail-attachments') {
  if (!atts || !atts.length) return null;
  const dl = canWrite();
  return h('ul', { class: 'attachments', testid }, atts.map((a) => {
    const mismatch = a.declared_type && a.detected_type && a.declared_type !== a.detected_type;
    return h('li', { testid: 'attachment-item', 'data-id': a.id, 'data-sha256': a.sha256 },
      h('span', { class: 'att-name', testid: 'attachment-name' }, '📎 ', a.filename || t('mail.unnamed')), ' ',
      h('span', { class: ['muted', 'small', mismatch ? 'warn' : null], testid: 'attachment-type', title: t('mail.type_help') },
        (a.declared_type || '?') + ' / ' + (a.detected_type || '?')), ' ',
      h('span', { class: 'muted small', testid: 'attachment-size' }, fmtSize(a.size)), ' ',
      dl && a.has_content && a.id ? h('a', { class: 'btn small', href: '/api/v1/attachments/' + encodeURIComponent(a.id) + '/content', download: '', testid: 'attachment-download', rel: 'noopener' }, t('mail.download')) : null,
      h('div', { class: 'sha' }, h('span', { class: 'muted small' }, 'SHA-256 '), h('code', { testid: 'attachment-sha256' }, a.sha256 || ''), ' ',
        a.sha256 ? copyButton(a.sha256, 'attachment-sha256-copy', 'SHA-256') : null));
  }));
}

// One received mail.
function mailItem(m) {
  const dl = canWrite();
  return h('li', { class: 'mail-item', testid: 'mail-item', 'data-id': m.id, 'data-direction': m.direction || 'in' },
    h('div', { class: 'mail-head' },
      h('dl', { class: 'kv small' },
        h('dt', {}, t('mail.from')), h('dd', { testid: 'mail-from' }, m.from || m.from_address || '—'),
        m.to ? [h('dt', {}, t('mail.to')), h('dd', { testid: 'mail-to' }, m.to)] : null,
        m.cc ? [h('dt', {}, t('mail.cc')), h('dd', {}, m.cc)] : null,
        h('dt', {}, t('mail.date')), h('dd', { testid: 'mail-date' }, m.date ? fmtDateTime(m.date) : fmtDateTime(m.created_at)),
        h('dt', {}, t('mail.subject')), h('dd', { testid: 'mail-subject', class: 'mail-subject' }, m.subject || '—'),
        m.auth_results ? [h('dt', {}, t('mail.auth')), h('dd', { class: 'small mono', testid: 'mail-auth' }, m.auth_results)] : null)),
    flagsBox(m.flags, 'mail-flags'),
    m.body_from_html ? h('p', { class: 'muted small' }, t('mail.from_html')) : null,
    h('pre', { class: 'report-body mail-body', testid: 'mail-body' }, m.body || ''),
    attachmentList(m.attachments),
    h('div', { class: 'mail-foot muted small' },
      m.raw_size !== undefined ? t('mail.raw_size', { size: fmtSize(m.raw_size) }) : null, ' ',
      dl && m.id ? h('a', { class: 'btn small', href: '/api/v1/mails/' + encodeURIComponent(m.id) + '/raw', download: '', testid: 'mail-raw-download' }, t('mail.download_eml')) : null));
}

const STATE_CLASS = { queued: 'ostate-queued', sent: 'ostate-sent', failed: 'ostate-failed' };
export function outboxStateBadge(state) {
  return badge(STATE_CLASS[state] || '', OUTBOX_STATES.includes(state) ? t('outbox.state.' + state) : state, { testid: 'outbox-state', 'data-state': state });
}

function outboxItem(o) {
  return h('li', { class: 'outbox-item', testid: 'outbox-item', 'data-id': o.id, 'data-state': o.state, 'data-kind': o.kind },
    h('div', { class: 'mail-head' }, outboxStateBadge(o.state), ' ', badge('kind', t('outbox.kind.' + o.kind) === 'outbox.kind.' + o.kind ? o.kind : t('outbox.kind.' + o.kind)), ' ',
      h('span', { testid: 'outbox-to' }, t('mail.to') + ': ' + (o.mail_to || '')), ' ',
      h('span', { class: 'muted small' }, fmtDateTime(o.sent_at || o.created_at))),
    h('p', { class: 'mail-subject', testid: 'outbox-subject' }, o.subject || ''),
    h('p', { class: 'muted small' }, t('outbox.attempts', { n: o.attempts || 0 }),
      o.last_error ? [' — ', h('span', { class: 'error', testid: 'outbox-error' }, o.last_error)] : null),
    o.body ? h('details', {}, h('summary', {}, t('outbox.show_body')), h('pre', { class: 'report-body', testid: 'outbox-body' }, o.body)) : null);
}

// Received mail and outgoing mail, from GET …/mails.
export function correspondence(data, testPrefix = 'report') {
  const items = (data && data.items) || [];
  const out = (data && data.outbox) || [];
  return [
    h('section', { class: 'card', testid: testPrefix + '-mails' }, h('h2', {}, t('mail.received') + ' (' + items.length + ')'),
      items.length ? h('ol', { class: 'mails' }, items.map(mailItem)) : h('p', { class: 'muted', testid: 'mails-empty' }, t('mail.none'))),
    h('section', { class: 'card', testid: testPrefix + '-outbox' }, h('h2', {}, t('mail.outgoing') + ' (' + out.length + ')'),
      out.length ? h('ol', { class: 'mails' }, out.map(outboxItem)) : h('p', { class: 'muted', testid: 'outbox-empty' }, t('mail.none_out'))),
  ];
}

// Observables with the defanged form shown and the normalised one copyable.
export function observablesTable(items) {
  if (!items || !items.length) return h('p', { class: 'muted', testid: 'observables-empty' }, t('obs.none'));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'list', testid: 'observables' },
    h('thead', {}, h('tr', {}, ...['obs.type', 'obs.value', 'obs.source', 'obs.reports'].map((k) => h('th', { scope: 'col' }, t(k))), h('th', {}, ''))),
    h('tbody', {}, items.map((o) => h('tr', { testid: 'observable-row', 'data-type': o.type, 'data-value': o.value },
      h('td', {}, h('span', { class: 'badge obs-type' }, t('obs.t.' + o.type) === 'obs.t.' + o.type ? o.type : t('obs.t.' + o.type))),
      h('td', { class: 'mono obs-value' }, h('span', { testid: 'observable-value' }, defang(o.type, o.value))),
      h('td', { class: 'small' }, o.source ? (t('obs.src.' + o.source) === 'obs.src.' + o.source ? o.source : t('obs.src.' + o.source)) : '—'),
      h('td', { class: 'small', testid: 'observable-reports' }, t('obs.n_reports', { n: o.reports || 1 })),
      h('td', {}, copyButton(o.value, 'observable-copy', t('obs.copy_value'))))))));
}

// Send mail (report reply or incident mail). 422 names a field → shown next
// to it; 409 (no team address) → shown above the button.
export function mailForm({ path, toPlaceholder, subjectPlaceholder, onSent, title }) {
  const to = h('input', { type: 'email', testid: 'mail-form-to', placeholder: toPlaceholder || '', autocomplete: 'off', maxlength: '320' });
  const subject = h('input', { testid: 'mail-form-subject', placeholder: subjectPlaceholder || '', maxlength: '900' });
  const body = h('textarea', { testid: 'mail-form-body', rows: '7' });
  const problem = h('p', { class: 'form-problem error', testid: 'mail-form-problem', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn primary', testid: 'mail-form-submit' }, t('mail.send'));
  const ef = (label, c, name, extra) => { const f = field(label, c, extra); f.setAttribute('data-field', name); return f; };
  const form = h('form', { class: 'mail-form', testid: 'mail-form', novalidate: true },
    h('h2', {}, title || t('mail.reply')),
    ef(t('mail.to'), to, 'to', 'wide'), ef(t('mail.subject'), subject, 'subject', 'wide'), ef(t('mail.body'), body, 'body', 'wide'),
    problem, h('div', { class: 'actions' }, submit, h('span', { class: 'muted small' }, t('mail.queued_hint'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showFieldErrors(form, null);
    problem.hidden = true;
    const b = { body: body.value };
    if (to.value.trim()) b.to = to.value.trim();
    if (subject.value.trim()) b.subject = subject.value.trim();
    submit.disabled = true;
    try {
      const o = await post(path, b);
      body.value = ''; subject.value = '';
      toast(t('mail.queued', { to: o.mail_to || '' }));
      if (onSent) await onSent(o);
    } catch (e) {
      if (e.status === 409) {
        problem.textContent = t('mail.no_team_address') + (e.message ? ' (' + e.message + ')' : '');
        problem.hidden = false;
      } else if (e.status === 422) {
        showFieldErrors(form, e);
      } else showError(e);
    } finally { submit.disabled = false; }
  });
  return form;
}

export function mountError(box, e) {
  mount(box, h('p', { class: 'error' }, e && e.status === 404 ? t('error.not_found') : String(e && e.message || e)));
}
