// Admin: the outbox (acknowledgements and replies waiting for, or done with,
// SMTP), with a state filter and "retry" on failed rows.
import { h, mount, options, field } from '../dom.js';
import { get, post, qs } from '../api.js';
import { t } from '../i18n.js';
import { fmtDateTime } from '../format.js';
import { navigate, showError, toast, badge } from '../ui.js';
import { OUTBOX_STATES, outboxStateBadge } from './mail.js';

export async function outboxTab(ctx, body) {
  const p = ctx.params;
  const state = OUTBOX_STATES.includes(p.get('state')) ? p.get('state') : '';
  const sel = h('select', { testid: 'outbox-filter-state', name: 'state' },
    ...options([['', t('common.all')], ...OUTBOX_STATES.map((s) => [s, t('outbox.state.' + s)])], state));
  sel.addEventListener('change', () => navigate('#/admin/outbox' + qs({ state: sel.value })));
  const results = h('div', {}, h('p', { class: 'muted' }, t('common.loading')));
  mount(body, h('section', { class: 'card', testid: 'admin-outbox' },
    h('h2', {}, t('admin.outbox')), h('p', { class: 'muted small' }, t('outbox.help')),
    h('form', { class: 'filters' }, field(t('field.state'), sel)), results));

  let data;
  try {
    data = await get('/outbox' + qs({ state, limit: 50, cursor: p.get('cursor') }));
  } catch (e) {
    if (ctx.stale()) return;
    if (e.status === 404 || e.status === 405 || e.status === 501) { mount(results, h('p', { class: 'muted', testid: 'outbox-unavailable' }, t('outbox.unavailable'))); return; }
    throw e;
  }
  if (ctx.stale()) return;
  if (!data.items.length) { mount(results, h('p', { class: 'muted', testid: 'outbox-empty' }, t('outbox.empty'))); return; }
  const rows = data.items.map((o) => {
    const retry = o.state === 'failed' ? h('button', { type: 'button', class: 'btn small', testid: 'outbox-retry', 'data-id': o.id }, t('outbox.retry')) : null;
    if (retry) {
      retry.addEventListener('click', async () => {
        retry.disabled = true;
        try { await post('/outbox/' + o.id + '/retry', {}); toast(t('outbox.retried')); navigate(location.hash); } catch (e) { showError(e); retry.disabled = false; }
      });
    }
    const rec = o.report_id ? h('a', { href: '#/reports/' + o.report_id, testid: 'outbox-record' }, t('outbox.report', { id: o.report_id }))
      : o.incident_id ? h('a', { href: '#/incidents/' + o.incident_id, testid: 'outbox-record' }, t('outbox.incident', { id: o.incident_id })) : '—';
    return h('tr', { testid: 'outbox-row', 'data-id': o.id, 'data-state': o.state, 'data-kind': o.kind },
      h('td', { class: 'nowrap' }, fmtDateTime(o.created_at)),
      h('td', {}, outboxStateBadge(o.state)),
      h('td', {}, badge('kind', t('outbox.kind.' + o.kind) === 'outbox.kind.' + o.kind ? o.kind : t('outbox.kind.' + o.kind))),
      h('td', { testid: 'outbox-to' }, o.mail_to || ''),
      h('td', { class: 'title-cell' }, h('div', { class: 'clamp-3', testid: 'outbox-subject' }, o.subject || '')),
      h('td', {}, rec),
      h('td', { class: 'num' }, String(o.attempts ?? 0)),
      h('td', { class: 'title-cell small' }, o.last_error ? h('span', { class: 'error', testid: 'outbox-error' }, o.last_error) : (o.sent_at ? fmtDateTime(o.sent_at) : (o.next_attempt_at ? t('outbox.next', { at: fmtDateTime(o.next_attempt_at) }) : ''))),
      h('td', {}, retry));
  });
  const heads = ['field.created_at', 'field.state', 'outbox.kind', 'mail.to', 'mail.subject', 'outbox.record', 'outbox.attempts_h', 'outbox.result', ''];
  const table = h('table', { class: 'list', testid: 'outbox-table' },
    h('thead', {}, h('tr', {}, heads.map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))), h('tbody', {}, rows));
  const pager = h('div', { class: 'pager' });
  if (p.get('cursor')) pager.appendChild(h('a', { class: 'btn', href: '#/admin/outbox' + qs({ state }), testid: 'page-first' }, t('common.first_page')));
  if (data.next_cursor) pager.appendChild(h('a', { class: 'btn', href: '#/admin/outbox' + qs({ state, cursor: data.next_cursor }), testid: 'page-next' }, t('common.next_page')));
  mount(results, h('div', { class: 'table-wrap' }, table), pager);
}
