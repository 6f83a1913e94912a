import { h, mount, options, field } from '../dom.js';
import { get, post, qs } from '../api.js';
import { t } from '../i18n.js';
import { fmtDateTime, zonedToIso, STATUSES, PRIORITIES, TLPS, statusLabel, tlpLabel, tlpClass, priorityLabel } from '../format.js';
import { users, constituencies, taxonomy, taxLabel, constituencyName, canWrite, session } from '../state.js';
import { navigate, showError, badge } from '../ui.js';

export const OPEN = STATUSES.filter((s) => s !== 'closed').join(',');
const DATE_FIELDS = ['created', 'detected', 'updated'];
const FILTERS = ['q', 'status', 'category', 'priority', 'assignee', 'constituency', 'tlp',
  ...DATE_FIELDS.flatMap((d) => [d + '_from', d + '_to']), 'sort'];
const SORTS = ['-created_at', 'created_at', '-updated_at', 'updated_at', 'priority', '-priority', '-key', 'key', 'status'];

// Hash params → API query.
export function apiParams(p) {
  const q = {};
  for (const k of ['q', 'status', 'category', 'priority', 'assignee', 'constituency', 'tlp', 'sort', 'cursor']) {
    if (p.get(k)) q[k] = p.get(k);
  }
  for (const d of DATE_FIELDS) {
    if (p.get(d + '_from')) { const v = zonedToIso(p.get(d + '_from')); if (v) q[d + '_from'] = v; }
    if (p.get(d + '_to')) {
      const from = zonedToIso(p.get(d + '_to'));
      if (from) q[d + '_to'] = new Date(Date.parse(from) + 86400000 - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
  }
  return q;
}

// Status filter: a checkbox per status; the chosen ones travel as one
// comma-separated value (status=new,triage) in a hidden input.
function statusGroup(value) {
  const chosen = new Set(String(value || '').split(',').filter(Boolean));
  const hidden = h('input', { type: 'hidden', name: 'status', testid: 'filter-status', value: [...chosen].join(',') });
  const boxes = STATUSES.map((s) => h('input', { type: 'checkbox', value: s, testid: 'filter-status-option', 'data-status': s, checked: chosen.has(s) }));
  const sync = () => { hidden.value = boxes.filter((b) => b.checked).map((b) => b.value).join(','); };
  const set = (pred) => { for (const b of boxes) b.checked = pred(b.value); sync(); hidden.form && hidden.form.requestSubmit(); };
  const openBtn = h('button', { type: 'button', class: 'btn-link small', testid: 'filter-status-open' }, t('incidents.open'));
  const allBtn = h('button', { type: 'button', class: 'btn-link small', testid: 'filter-status-any' }, t('common.all'));
  openBtn.addEventListener('click', () => set((s) => s !== 'closed'));
  allBtn.addEventListener('click', () => set(() => false));
  for (const b of boxes) b.addEventListener('change', sync);
  return h('fieldset', { class: 'field status-group', testid: 'filter-status-group' },
    h('legend', { class: 'label' }, t('field.status'), ' ', openBtn, allBtn),
    hidden,
    h('div', { class: 'checks' }, boxes.map((b, i) => h('label', { class: 'check' }, b, statusLabel(STATUSES[i])))));
}

function dateRange(d, p) {
  const id = (x) => 'filter-' + d + '-' + x;
  return h('div', { class: 'field date-range' },
    h('span', { class: 'label' }, t('incidents.' + d + '_range')),
    h('div', { class: 'range' },
      h('input', { type: 'date', testid: id('from'), name: d + '_from', value: p.get(d + '_from') || '', 'aria-label': t('incidents.' + d + '_range') + ' ' + t('incidents.from') }),
      h('span', { 'aria-hidden': 'true' }, '–'),
      h('input', { type: 'date', testid: id('to'), name: d + '_to', value: p.get(d + '_to') || '', 'aria-label': t('incidents.' + d + '_range') + ' ' + t('incidents.to') })));
}

function sel(testid, label, items, value) {
  const s = h('select', { testid, name: testid.replace('filter-', '') });
  if (value && !items.some(([v]) => v === value)) items = [...items, [value, value]];
  s.append(...options(items, value || ''));
  return field(label, s);
}

export async function render(ctx) {
  const p = ctx.params;
  const [us, cons, tax] = await Promise.all([users(), constituencies(), taxonomy()]);
  if (ctx.stale()) return;

  const q = h('input', { type: 'search', testid: 'filter-q', name: 'q', value: p.get('q') || '', 'data-shortcut': 'search',
    placeholder: t('incidents.search_placeholder') });
  const classes = tax.filter((x) => !x.parent);
  const catItems = [['', t('common.all')]];
  for (const c of classes) {
    catItems.push([c.code, taxLabel(tax, c.code)]);
    for (const ty of tax.filter((x) => x.parent === c.code)) catItems.push([ty.code, '　' + taxLabel(tax, ty.code)]);
  }
  const form = h('form', { class: 'filters', testid: 'filter-form', role: 'search' },
    field(t('incidents.search'), q, 'wide'),
    statusGroup(p.get('status')),
    sel('filter-category', t('field.category'), catItems, p.get('category')),
    sel('filter-priority', t('field.priority'), [['', t('common.all')], ...PRIORITIES.map((x) => [x, priorityLabel(x)])], p.get('priority')),
    sel('filter-assignee', t('field.assignee'), [['', t('common.all')], [String(session.user.id), t('incidents.me')], ['none', t('common.unassigned')],
      ...us.filter((u) => u.id !== session.user.id).map((u) => [String(u.id), u.display_name])], p.get('assignee')),
    sel('filter-constituency', t('field.constituency'), [['', t('common.all')], ...cons.map((c) => [String(c.id), constituencyName(cons, c.id)])], p.get('constituency')),
    sel('filter-tlp', 'TLP', [['', t('common.all')], ...TLPS.map((x) => [x, tlpLabel(x)])], p.get('tlp')),
    DATE_FIELDS.map((d) => dateRange(d, p)),
    sel('filter-sort', t('incidents.sort'), SORTS.map((s) => [s, t('sort.' + s)]), p.get('sort') || '-created_at'),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary', testid: 'filter-apply' }, t('common.search')),
      h('button', { type: 'button', class: 'btn', testid: 'filter-reset' }, t('common.reset'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const np = {};
    for (const k of FILTERS) { const el = form.elements[k]; if (el && el.value) np[k] = el.value; }
    if (np.sort === '-created_at') delete np.sort;
    navigate('#/incidents' + qs(np));
  });
  form.querySelector('[data-testid=filter-reset]').addEventListener('click', () => navigate('#/incidents'));
  // Selects apply immediately.
  for (const s of form.querySelectorAll('select, input[type=date], input[type=checkbox]')) s.addEventListener('change', () => form.requestSubmit());

  const head = h('div', { class: 'page-head' }, h('h1', {}, t('nav.incidents')));
  if (canWrite()) {
    const btn = h('button', { type: 'button', class: 'btn', testid: 'new-incident' }, t('incidents.new'));
    btn.addEventListener('click', () => { newForm.hidden = !newForm.hidden; if (!newForm.hidden) newForm.querySelector('input').focus(); });
    head.appendChild(btn);
  }
  const newForm = newIncidentForm(cons);
  const results = h('div', { class: 'results', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('common.loading')));
  mount(ctx.root, h('div', { testid: 'view-incidents', class: 'view' }, head, newForm, form, results));

  let data;
  try { data = await get('/incidents' + qs({ ...apiParams(p), limit: 50 })); } catch (e) {
    if (ctx.stale()) return;
    mount(results, h('p', { class: 'error', testid: 'incident-error' }, e.message));
    return;
  }
  if (ctx.stale()) return;
  const nameOf = (id) => { const u = us.find((x) => x.id === id); return u ? u.display_name : (id ? '#' + id : '—'); };
  if (!data.items.length) { mount(results, h('p', { testid: 'incident-empty', class: 'muted' }, t('incidents.empty'))); return; }
  const table = h('table', { class: 'list', testid: 'incident-table' },
    h('thead', {}, h('tr', {}, ...['field.key', 'field.title', 'field.priority', 'field.status', 'TLP', 'field.category', 'field.assignee', 'field.updated_at']
      .map((k) => h('th', { scope: 'col' }, k === 'TLP' ? k : t(k))))),
    h('tbody', {}, data.items.map((i) => h('tr', { testid: 'incident-row', 'data-id': i.id, 'data-key': i.key },
      h('td', { class: 'nowrap' }, h('a', { href: '#/incidents/' + i.id, testid: 'incident-link' }, i.key)),
      h('td', { class: 'title-cell' }, h('a', { href: '#/incidents/' + i.id, tabindex: '-1' }, i.title)),
      h('td', {}, badge('prio-' + (i.priority || '').toLowerCase(), i.priority || '')),
      h('td', {}, badge('status-' + i.status, statusLabel(i.status))),
      h('td', {}, badge(tlpClass(i.tlp), tlpLabel(i.tlp))),
      h('td', {}, taxLabel(tax, i.category)),
      h('td', {}, nameOf(i.assignee_id)),
      h('td', { class: 'nowrap' }, fmtDateTime(i.updated_at))))));
  const pager = h('div', { class: 'pager' });
  if (p.get('cursor')) {
    const np = new URLSearchParams(p); np.delete('cursor');
    pager.appendChild(h('a', { class: 'btn', href: '#/incidents' + (np.toString() ? '?' + np : ''), testid: 'page-first' }, t('common.first_page')));
  }
  if (data.next_cursor) {
    const np = new URLSearchParams(p); np.set('cursor', data.next_cursor);
    pager.appendChild(h('a', { class: 'btn', href: '#/incidents?' + np, testid: 'page-next' }, t('common.next_page')));
  }
  mount(results, h('div', { class: 'table-wrap' }, table), pager);
}

function newIncidentForm(cons) {
  const title = h('input', { testid: 'new-incident-title', name: 'title', required: true, maxlength: '300' });
  const con = h('select', { testid: 'new-incident-constituency', name: 'constituency_id' }, ...options(cons.map((c) => [String(c.id), constituencyName(cons, c.id)])));
  const submit = h('button', { type: 'submit', class: 'btn primary', testid: 'new-incident-submit' }, t('common.create'));
  const f = h('form', { class: 'card inline-form', testid: 'new-incident-form', hidden: true },
    field(t('field.title'), title, 'wide'), field(t('field.constituency'), con), h('div', { class: 'actions' }, submit));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!title.value.trim()) { title.focus(); return; }
    submit.disabled = true;
    try {
      const inc = await post('/incidents', { title: title.value.trim(), constituency_id: Number(con.value) });
      navigate('#/incidents/' + inc.id);
    } catch (e) { showError(e); submit.disabled = false; }
  });
  return f;
}
