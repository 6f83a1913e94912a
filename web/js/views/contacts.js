// 連絡先 / Contacts: the contact network (連絡体制図). Search and filters,
// overdue entries badged 要見直し, "reviewed" and edit for handlers, CSV
// export and import (row errors listed), and the printable sheet.
import { h, mount, options, field } from '../dom.js';
import { get, post, patch, del, qs, ApiError } from '../api.js';
import { t, getLang } from '../i18n.js';
import { fmtDateTime } from '../format.js';
import { navigate, toast, showError, showFieldErrors, badge } from '../ui.js';
import { canWrite } from '../state.js';

const FILTERS = ['q', 'kind', 'role', 'org_type', 'on_call', 'stale', 'active'];
let metaCache = null;

async function meta() {
  if (!metaCache) metaCache = get('/contacts/meta').catch((e) => { metaCache = null; throw e; });
  return metaCache;
}
const lab = (x) => (getLang() === 'en' ? x.en : x.ja);
function codeLabel(list, code) {
  const m = (list || []).find((x) => x.code === code);
  return m ? lab(m) : (code || '');
}

export async function render(ctx) {
  const p = ctx.params;
  const m = await meta();
  if (ctx.stale()) return;
  const writer = canWrite();
  const q = h('input', { type: 'search', name: 'q', testid: 'contacts-filter-q', value: p.get('q') || '', 'data-shortcut': 'search', placeholder: t('contacts.search_hint') });
  const kind = h('select', { name: 'kind', testid: 'contacts-filter-kind' }, ...options([['', t('common.all')], ...m.kinds.map((x) => [x.code, lab(x)])], p.get('kind') || ''));
  const role = h('select', { name: 'role', testid: 'contacts-filter-role' }, ...options([['', t('common.all')], ...m.roles.map((x) => [x.code, lab(x)])], p.get('role') || ''));
  const orgType = h('select', { name: 'org_type', testid: 'contacts-filter-org-type' }, ...options([['', t('common.all')], ...m.org_types.map((x) => [x.code, lab(x)])], p.get('org_type') || ''));
  const onCall = h('input', { type: 'checkbox', name: 'on_call', testid: 'contacts-filter-on-call', checked: p.get('on_call') === 'true' });
  const stale = h('input', { type: 'checkbox', name: 'stale', testid: 'contacts-filter-stale', checked: p.get('stale') === 'true' });
  const form = h('form', { class: 'filters', role: 'search', testid: 'contacts-filters' },
    field(t('contacts.search'), q, 'wide'), field(t('contacts.kind'), kind), field(t('contacts.role'), role), field(t('contacts.org_type'), orgType),
    h('label', { class: 'check' }, onCall, ' ', t('contacts.on_call_only')),
    h('label', { class: 'check' }, stale, ' ', t('contacts.stale_only')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', testid: 'contacts-filter-apply' }, t('common.search'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate('#/contacts' + qs({ q: q.value.trim(), kind: kind.value, role: role.value, org_type: orgType.value,
      on_call: onCall.checked ? 'true' : '', stale: stale.checked ? 'true' : '' }));
  });
  for (const el of [kind, role, orgType, onCall, stale]) el.addEventListener('change', () => form.requestSubmit());

  const lang = getLang();
  const exportQ = {};
  for (const k of FILTERS) if (p.get(k) && k !== 'cursor') exportQ[k] = p.get(k);
  const tools = h('div', { class: 'actions', testid: 'contacts-tools' },
    h('a', { class: 'btn', href: '/api/v1/contacts.csv' + qs(exportQ), download: 'contacts.csv', testid: 'contacts-export' }, t('contacts.export')),
    h('a', { class: 'btn', href: '/api/v1/contacts/sheet' + qs({ lang }), target: '_blank', rel: 'noopener', testid: 'contacts-sheet' }, t('contacts.sheet')),
    writer ? h('button', { type: 'button', class: 'btn primary', testid: 'contacts-new' }, t('contacts.new')) : null);
  const editor = h('div', { testid: 'contacts-editor-slot' });
  const importer = writer ? importSection() : null;
  const results = h('div', {}, h('p', { class: 'muted' }, t('common.loading')));
  mount(ctx.root, h('div', { testid: 'view-contacts', class: 'view' },
    h('div', { class: 'page-head' }, h('h1', {}, t('contacts.title'))),
    h('p', { class: 'muted small' }, t('contacts.help')), tools, editor, form, results, importer));
  if (writer) tools.querySelector('[data-testid=contacts-new]').addEventListener('click', () => openEditor(editor, m, null));

  const apiQ = { limit: 50, cursor: p.get('cursor') };
  for (const k of FILTERS) if (p.get(k)) apiQ[k] = p.get(k);
  const data = await get('/contacts' + qs(apiQ));
  if (ctx.stale()) return;
  if (!data.items.length) { mount(results, h('p', { class: 'muted', testid: 'contacts-empty' }, t('contacts.empty'))); return; }
  const heads = ['contacts.name', 'contacts.role_org', 'contacts.phone', 'contacts.email', 'contacts.review', ''];
  const rows = data.items.map((c) => contactRow(c, m, writer, editor));
  const table = h('table', { class: 'list', testid: 'contacts-table' },
    h('thead', {}, h('tr', {}, heads.map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))), h('tbody', {}, rows));
  const pager = h('div', { class: 'pager' });
  if (p.get('cursor')) { const np = new URLSearchParams(p); np.delete('cursor'); pager.appendChild(h('a', { class: 'btn', href: '#/contacts' + (np.toString() ? '?' + np : ''), testid: 'page-first' }, t('common.first_page'))); }
  if (data.next_cursor) { const np = new URLSearchParams(p); np.set('cursor', data.next_cursor); pager.appendChild(h('a', { class: 'btn', href: '#/contacts?' + np, testid: 'page-next' }, t('common.next_page'))); }
  mount(results, h('div', { class: 'table-wrap' }, table), pager);
}

function contactRow(c, m, writer, editor) {
  const who = c.kind === 'external'
    ? [c.organization, codeLabel(m.org_types, c.org_type)].filter(Boolean).join(' · ')
    : [codeLabel(m.roles, c.role), c.title, c.org_unit_name || c.organization].filter(Boolean).join(' · ');
  const review = h('td', { class: 'small' },
    c.stale ? badge('stale', t('contacts.stale'), { testid: 'contact-stale' }) : null,
    h('div', { class: 'muted' }, c.reviewed_at ? t('contacts.reviewed_on', { at: fmtDateTime(c.reviewed_at) }) : t('contacts.never_reviewed')));
  const actions = h('td', { class: 'nowrap' });
  if (writer && c.active) {
    const rv = h('button', { type: 'button', class: 'btn small', testid: 'contact-review', 'data-id': c.id }, t('contacts.mark_reviewed'));
    rv.addEventListener('click', async () => {
      rv.disabled = true;
      try { await post('/contacts/' + c.id + '/review', {}); toast(t('contacts.reviewed')); navigate(location.hash); } catch (e) { showError(e); rv.disabled = false; }
    });
    const ed = h('button', { type: 'button', class: 'btn small', testid: 'contact-edit', 'data-id': c.id }, t('common.edit'));
    ed.addEventListener('click', () => openEditor(editor, m, c));
    actions.append(rv, ' ', ed);
  }
  return h('tr', { testid: 'contact-row', 'data-id': c.id, 'data-stale': c.stale ? '1' : '0', 'data-kind': c.kind },
    h('td', { class: 'title-cell' },
      h('div', { testid: 'contact-name' }, c.name, c.on_call ? [' ', badge('oncall', t('contacts.on_call'), { testid: 'contact-on-call' })] : null,
        c.active ? null : [' ', badge('inactive', t('contacts.inactive'))]),
      c.name_en ? h('div', { class: 'muted small' }, c.name_en) : null,
      (c.groups || []).length ? h('div', { class: 'small' }, c.groups.map((g) => badge('group', codeLabel(m.groups, g)))) : null),
    h('td', { class: 'title-cell small' }, who || '—'),
    h('td', { class: 'nowrap small' }, c.phone || '', c.mobile ? h('div', {}, c.mobile) : null),
    h('td', { class: 'small' }, c.email || '', c.pgp_fingerprint ? h('div', { class: 'muted mono', title: 'PGP' }, c.pgp_fingerprint) : null),
    review, actions);
}

// The edit form (create when c is null). Field errors appear next to the fields.
function openEditor(slot, m, c) {
  const v = c || { kind: 'internal', tlp_max: 'AMBER', lang: 'ja', review_interval_days: 365, groups: [] };
  const inp = (name, attrs = {}) => h('input', { name, value: v[name] ?? '', testid: 'contact-field-' + name, ...attrs });
  const sel = (name, items, blank) => h('select', { name, testid: 'contact-field-' + name }, ...options([...(blank ? [['', '—']] : []), ...items.map((x) => [x.code, lab(x)])], v[name] || ''));
  const ctl = {
    kind: sel('kind', m.kinds, false), name: inp('name', { required: true, maxlength: 200 }), name_en: inp('name_en', { maxlength: 200 }),
    organization: inp('organization', { maxlength: 200 }), org_type: sel('org_type', m.org_types, true), role: sel('role', m.roles, true),
    title: inp('title', { maxlength: 200 }), groups: h('input', { name: 'groups', value: (v.groups || []).join(' '), testid: 'contact-field-groups', placeholder: 'management legal pr' }),
    email: inp('email', { type: 'email', maxlength: 254 }), phone: inp('phone', { type: 'tel', maxlength: 40 }), mobile: inp('mobile', { type: 'tel', maxlength: 40 }),
    pgp_fingerprint: inp('pgp_fingerprint', { maxlength: 64 }), rota: inp('rota', { maxlength: 1000 }),
    tlp_max: h('select', { name: 'tlp_max', testid: 'contact-field-tlp_max' }, ...options(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'].map((x) => [x, 'TLP:' + x]), v.tlp_max)),
    review_interval_days: inp('review_interval_days', { type: 'number', min: 1, max: 3650 }),
    notes: h('textarea', { name: 'notes', rows: 3, testid: 'contact-field-notes' }, v.notes || ''),
  };
  const onCall = h('input', { type: 'checkbox', name: 'on_call', testid: 'contact-field-on_call', checked: !!v.on_call });
  const fieldOf = (name) => h('div', { 'data-field': name }, field(t('contacts.f.' + name), ctl[name]));
  const save = h('button', { type: 'submit', class: 'btn primary', testid: 'contact-save' }, t('common.save'));
  const cancel = h('button', { type: 'button', class: 'btn', testid: 'contact-cancel' }, t('common.cancel'));
  const remove = c && c.active ? h('button', { type: 'button', class: 'btn danger', testid: 'contact-deactivate' }, t('contacts.deactivate')) : null;
  const form = h('form', { class: 'card contact-form', testid: 'contact-form', novalidate: true },
    h('h2', {}, c ? t('contacts.edit_title') : t('contacts.new')),
    ...Object.keys(ctl).map(fieldOf),
    h('div', { 'data-field': 'on_call' }, h('label', { class: 'check' }, onCall, ' ', t('contacts.f.on_call'))),
    h('div', { class: 'actions' }, save, cancel, remove));
  cancel.addEventListener('click', () => mount(slot));
  if (remove) {
    remove.addEventListener('click', async () => {
      try { await del('/contacts/' + c.id); toast(t('contacts.deactivated')); navigate(location.hash); } catch (e) { showError(e); }
    });
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {};
    for (const [k, el] of Object.entries(ctl)) {
      if (k === 'groups') body.groups = el.value.split(/[\s,;]+/).filter(Boolean);
      else if (k === 'review_interval_days') body[k] = el.value === '' ? 365 : Number(el.value);
      else body[k] = el.value;
    }
    body.on_call = onCall.checked;
    save.disabled = true;
    try {
      if (c) await patch('/contacts/' + c.id, body, c.version); else await post('/contacts', body);
      toast(t('contacts.saved'));
      mount(slot);
      navigate(location.hash);
    } catch (e) { showFieldErrors(form, e); } finally { save.disabled = false; }
  });
  mount(slot, form);
  ctl.name.focus();
}

// CSV import: the file goes as text/csv (UTF-8 or Shift_JIS, the server
// detects which); a 422 lists every bad row and nothing is imported.
function importSection() {
  const file = h('input', { type: 'file', accept: '.csv,text/csv', testid: 'contacts-import-file' });
  const go = h('button', { type: 'button', class: 'btn', testid: 'contacts-import-submit' }, t('contacts.import'));
  const out = h('div', { testid: 'contacts-import-result', 'aria-live': 'polite' });
  go.addEventListener('click', async () => {
    const f = file.files && file.files[0];
    if (!f) { toast(t('contacts.import_choose'), 'error'); return; }
    go.disabled = true;
    mount(out, h('p', { class: 'muted' }, t('common.loading')));
    try {
      const res = await uploadCsv(await f.arrayBuffer());
      mount(out, h('p', { testid: 'contacts-import-ok' }, t('contacts.import_done', { created: res.created, updated: res.updated })));
      toast(t('contacts.import_done', { created: res.created, updated: res.updated }));
      setTimeout(() => navigate(location.hash), 600);
    } catch (e) {
      if (e.status === 401) return;
      mount(out, h('div', { class: 'error', testid: 'contacts-import-errors', role: 'alert' },
        h('p', {}, e.status === 422 ? t('contacts.import_rejected') : (e.message || String(e))),
        e.errors && e.errors.length ? h('ul', {}, e.errors.map((x) => h('li', { testid: 'contacts-import-error', 'data-field': x.field || '' }, (x.field ? x.field + ': ' : '') + (x.message || '')))) : null));
    } finally { go.disabled = false; }
  });
  return h('section', { class: 'card', testid: 'contacts-import' },
    h('h2', {}, t('contacts.import_title')), h('p', { class: 'muted small' }, t('contacts.import_help')),
    h('div', { class: 'actions' }, file, go), out);
}

// The CSRF token comes from GET /session (it is derived from the session).
async function uploadCsv(bytes) {
  const s = await get('/session');
  let res;
  try {
    res = await fetch('/api/v1/contacts/import', { method: 'POST', credentials: 'same-origin', cache: 'no-store',
      headers: { 'Content-Type': 'text/csv', Accept: 'application/json', 'X-CSRF-Token': s.csrf_token }, body: bytes });
  } catch (e) { throw new ApiError(0, { title: String(e && e.message || e) }); }
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}
