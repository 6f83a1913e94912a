import { h, mount, options, field } from '../dom.js';
import { get, qs } from '../api.js';
import { t } from '../i18n.js';
import { fmtDateTime, REPORT_STATES, tlpLabel, tlpClass } from '../format.js';
import { navigate, badge } from '../ui.js';
import { CHANNEL_ICONS } from './mail.js';

const CHANNELS = ['email', 'web', 'soc', 'api', 'phone'];

export async function render(ctx) {
  const p = ctx.params;
  const state = p.has('state') ? p.get('state') : 'new';
  const stateSel = h('select', { testid: 'report-filter-state', name: 'state' },
    ...options([['', t('common.all')], ...REPORT_STATES.map((s) => [s, t('rstate.' + s)])], state));
  const channel = p.get('channel') || '';
  const chanSel = h('select', { testid: 'report-filter-channel', name: 'channel' },
    ...options([['', t('common.all')], ...CHANNELS.map((c) => [c, CHANNEL_ICONS[c] + ' ' + t('channel.' + c)])], channel));
  const q = h('input', { type: 'search', testid: 'report-filter-q', name: 'q', value: p.get('q') || '', 'data-shortcut': 'search' });
  const form = h('form', { class: 'filters', role: 'search' },
    field(t('field.state'), stateSel), field(t('field.channel'), chanSel), field(t('incidents.search'), q, 'wide'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', testid: 'report-filter-apply' }, t('common.search'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate('#/reports' + qs({ state: stateSel.value === 'new' ? '' : (stateSel.value || 'all'), channel: chanSel.value, q: q.value }));
  });
  stateSel.addEventListener('change', () => form.requestSubmit());
  chanSel.addEventListener('change', () => form.requestSubmit());
  const results = h('div', {}, h('p', { class: 'muted' }, t('common.loading')));
  mount(ctx.root, h('div', { testid: 'view-reports', class: 'view' },
    h('div', { class: 'page-head' }, h('h1', {}, state === 'new' ? t('reports.queue') : t('nav.reports'))), form, results));

  const apiQ = { state: state === 'all' ? '' : state, channel: CHANNELS.includes(channel) ? channel : '', q: p.get('q'), cursor: p.get('cursor'), limit: 50,
    sort: state === 'new' ? 'received_at' : '-received_at' };
  const data = await get('/reports' + qs(apiQ));
  if (ctx.stale()) return;
  if (!data.items.length) { mount(results, h('p', { testid: 'report-empty', class: 'muted' }, t('reports.empty'))); return; }
  const table = h('table', { class: 'list', testid: 'report-table' },
    h('thead', {}, h('tr', {}, ...['field.key', 'field.received_at', 'field.subject', 'field.reporter', 'field.channel', 'TLP', 'field.state'].map((k) => h('th', { scope: 'col' }, k === 'TLP' ? k : t(k))))),
    h('tbody', {}, data.items.map((r) => h('tr', { testid: 'report-row', 'data-id': r.id, 'data-key': r.key },
      h('td', { class: 'nowrap' }, h('a', { href: '#/reports/' + r.id, testid: 'report-link' }, r.key)),
      h('td', { class: 'nowrap' }, fmtDateTime(r.received_at)),
      h('td', { class: 'title-cell' }, h('div', { class: 'clamp-3', testid: 'report-row-subject' }, h('a', { href: '#/reports/' + r.id, tabindex: '-1', title: r.subject }, r.subject)),
        r.duplicate_of ? badge('dup', t('reports.possible_dup')) : null),
      h('td', { class: 'title-cell' }, h('div', { class: 'clamp-3' }, r.reporter_name || r.reporter_address || '—')),
      h('td', { class: 'nowrap' }, h('span', { testid: 'report-row-channel', 'data-channel': r.channel, class: 'channel ch-' + r.channel },
        h('span', { 'aria-hidden': 'true' }, CHANNEL_ICONS[r.channel] || ''), ' ', t('channel.' + r.channel)),
        r.seen_count > 1 ? [' ', badge('seen', '×' + r.seen_count, { testid: 'report-seen-count', title: t('reports.seen_n', { n: r.seen_count }) })] : null),
      h('td', {}, badge(tlpClass(r.tlp), tlpLabel(r.tlp))),
      h('td', {}, badge('rstate-' + r.state, t('rstate.' + r.state)))))));
  const pager = h('div', { class: 'pager' });
  if (p.get('cursor')) { const np = new URLSearchParams(p); np.delete('cursor'); pager.appendChild(h('a', { class: 'btn', href: '#/reports' + (np.toString() ? '?' + np : ''), testid: 'page-first' }, t('common.first_page'))); }
  if (data.next_cursor) { const np = new URLSearchParams(p); np.set('cursor', data.next_cursor); pager.appendChild(h('a', { class: 'btn', href: '#/reports?' + np, testid: 'page-next' }, t('common.next_page'))); }
  mount(results, h('div', { class: 'table-wrap' }, table), pager);
}
