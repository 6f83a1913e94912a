import { h, mount, options, field } from '../dom.js';
import { api, get, post, patch, del, getAll } from '../api.js';
import { t } from '../i18n.js';
import { fmtDateTime, TLPS, LEVELS, PRIORITIES, tlpLabel, levelLabel, priorityLabel } from '../format.js';
import { isAdmin, invalidate, constituencyName, session } from '../state.js';
import { showError, toast, navigate, section, showFieldErrors } from '../ui.js';
import { outboxTab } from './outbox.js';
import { authorityTab, rolesControl } from './authority.js';

const ROLES = ['admin', 'handler', 'viewer'];
const TABS = ['users', 'constituencies', 'priority', 'taxonomy', 'authority', 'outbox'];

// A labelled control that can show the server's message for its field.
function efield(label, control, name, extra) {
  const f = field(label, control, extra);
  f.setAttribute('data-field', name);
  return f;
}

// PATCH with If-Match; 422 → messages by the fields; 412 → reload.
async function saveWithVersion(form, path, body, version) {
  showFieldErrors(form, null);
  try {
    await patch(path, body, version);
    toast(t('common.saved'));
    return true;
  } catch (e) {
    if (e.status === 412) { toast(t('admin.stale'), 'error'); navigate(location.hash); return false; }
    showFieldErrors(form, e);
    return false;
  }
}

// A row under row holding an edit form; toggled by the row's edit button.
function toggleEditRow(row, colspan, build) {
  const next = row.nextElementSibling;
  if (next && next.classList.contains('edit-row')) { next.remove(); return; }
  const tr = h('tr', { class: 'edit-row' }, h('td', { colspan: String(colspan) }, build(() => tr.remove())));
  row.after(tr);
  const first = tr.querySelector('input, select, textarea');
  if (first) first.focus();
}

function editButtons(prefix, onCancel) {
  const save = h('button', { type: 'submit', class: 'btn primary small', testid: prefix + '-save' }, t('common.save'));
  const cancel = h('button', { type: 'button', class: 'btn small', testid: prefix + '-cancel' }, t('common.cancel'));
  cancel.addEventListener('click', onCancel);
  return h('div', { class: 'actions edit-actions' }, save, cancel);
}

export async function render(ctx) {
  const tab = ctx.parts[1] || 'users';
  const tabs = h('nav', { class: 'tabs', 'aria-label': t('nav.admin') }, TABS.map((k) =>
    h('a', { href: '#/admin/' + k, testid: 'admin-tab-' + k, class: tab === k ? 'active' : null, 'aria-current': tab === k ? 'page' : null }, t('admin.' + k))));
  const body = h('div', {});
  mount(ctx.root, h('div', { testid: 'view-admin', class: 'view' }, h('h1', {}, t('nav.admin')), tabs, body));
  if (!isAdmin()) { mount(body, h('p', { class: 'error' }, t('admin.forbidden'))); return; }
  if (tab === 'constituencies') return constituencies(ctx, body);
  if (tab === 'taxonomy') return taxonomyTab(ctx, body);
  if (tab === 'priority') return priorityTab(ctx, body);
  if (tab === 'outbox') return outboxTab(ctx, body);
  if (tab === 'authority') return authorityTab(ctx, body);
  return usersTab(ctx, body);
}

async function usersTab(ctx, body) {
  const [us, cons] = await Promise.all([getAll('/users', {}), getAll('/constituencies', {})]);
  if (ctx.stale()) return;
  const rows = us.map((u) => {
    const role = h('select', { testid: 'user-role', 'aria-label': t('admin.role') + ' ' + u.login }, ...options(ROLES.map((r) => [r, t('role.' + r)]), u.role));
    const dis = h('input', { type: 'checkbox', testid: 'user-disabled', checked: u.disabled, 'aria-label': t('admin.disabled') + ' ' + u.login });
    const upd = async (changes) => {
      try { await patch('/users/' + u.id, changes, u.version); invalidate('users'); toast(t('common.saved')); } catch (e) { showError(e); }
      navigate(location.hash);
    };
    role.addEventListener('change', () => upd({ role: role.value }));
    dis.addEventListener('change', () => upd({ disabled: dis.checked }));
    const tokBtn = h('button', { type: 'button', class: 'btn small', testid: 'user-tokens' }, t('admin.tokens'));
    tokBtn.addEventListener('click', () => tokens(u, tokBox));
    const editBtn = h('button', { type: 'button', class: 'btn small', testid: 'user-edit', 'aria-label': t('admin.edit_user', { login: u.login }) }, t('common.edit'));
    const tr = h('tr', { testid: 'user-row', 'data-login': u.login, 'data-id': u.id },
      h('td', {}, u.login), h('td', {}, u.display_name), h('td', {}, role),
      h('td', { testid: 'user-scope' }, u.all_constituencies ? t('admin.all_constituencies') : (u.constituency_ids || []).map((id) => constituencyName(cons, id)).join(', ') || '—'),
      h('td', { testid: 'user-tlp' }, tlpLabel(u.tlp_max)), h('td', {}, dis), h('td', {}, editBtn, ' ', tokBtn));
    editBtn.addEventListener('click', () => toggleEditRow(tr, 7, (close) => userEditForm(u, cons, close)));
    return tr;
  });
  const tokBox = h('div', {});
  const login = h('input', { testid: 'user-login', required: true, pattern: '[A-Za-z0-9._-]+' });
  const name = h('input', { testid: 'user-name', required: true });
  const email = h('input', { testid: 'user-email', type: 'email' });
  const role = h('select', { testid: 'user-role-new' }, ...options(ROLES.map((r) => [r, t('role.' + r)]), 'handler'));
  const all = h('input', { type: 'checkbox', testid: 'user-all-constituencies', checked: true });
  const scope = h('select', { testid: 'user-constituencies', multiple: true, size: String(Math.min(4, Math.max(2, cons.length))) }, ...options(cons.map((c) => [String(c.id), constituencyName(cons, c.id)])));
  const tlp = h('select', { testid: 'user-tlp-max' }, ...options(TLPS.map((x) => [x, tlpLabel(x)]), 'RED'));
  const pw = h('input', { type: 'password', testid: 'user-password', autocomplete: 'new-password', minlength: '10' });
  const submit = h('button', { type: 'submit', class: 'btn primary', testid: 'user-submit' }, t('admin.add_user'));
  const form = h('form', { class: 'admin-form', testid: 'user-form' },
    field(t('login.user'), login), field(t('admin.display_name'), name), field(t('admin.email'), email), field(t('admin.role'), role),
    h('label', { class: 'check' }, all, t('admin.all_constituencies')), field(t('admin.scope'), scope), field(t('admin.tlp_max'), tlp),
    field(t('login.password'), pw), h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const b = { login: login.value.trim(), display_name: name.value.trim(), role: role.value, all_constituencies: all.checked, tlp_max: tlp.value };
    if (email.value) b.email = email.value;
    if (!all.checked) b.constituency_ids = [...scope.selectedOptions].map((o) => Number(o.value));
    if (pw.value) b.password = pw.value;
    try { await post('/users', b); invalidate('users'); toast(t('common.saved')); navigate(location.hash); } catch (e) { showError(e); }
  });
  mount(body,
    section(t('admin.users'), 'admin-users', h('div', { class: 'table-wrap' }, h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, ...['login.user', 'admin.display_name', 'admin.role', 'admin.scope', 'admin.tlp_max', 'admin.disabled', 'admin.tokens'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows)))),
    tokBox,
    section(t('admin.add_user'), 'admin-user-new', form));
}

function userEditForm(u, cons, close) {
  const all = h('input', { type: 'checkbox', testid: 'user-edit-all', checked: u.all_constituencies });
  const ids = new Set((u.constituency_ids || []).map(String));
  const scope = h('select', { testid: 'user-edit-constituencies', multiple: true, size: String(Math.min(6, Math.max(2, cons.length))), disabled: u.all_constituencies },
    ...cons.map((c) => h('option', { value: String(c.id), selected: ids.has(String(c.id)) }, constituencyName(cons, c.id))));
  const tlp = h('select', { testid: 'user-edit-tlp' }, ...options(TLPS.map((x) => [x, tlpLabel(x)]), u.tlp_max));
  const orgRoles = rolesControl(u);
  all.addEventListener('change', () => { scope.disabled = all.checked; });
  const allWrap = h('div', { class: 'field', 'data-field': 'all_constituencies' }, h('label', { class: 'check' }, all, t('admin.all_constituencies')));
  const form = h('form', { class: 'edit-panel', testid: 'user-edit-form', 'aria-label': t('admin.edit_user', { login: u.login }) },
    h('h3', { class: 'field wide' }, t('admin.edit_user', { login: u.login })),
    allWrap, efield(t('admin.scope'), scope, 'constituency_ids'), efield(t('admin.tlp_max'), tlp, 'tlp_max'),
    efield(t('decision.org_roles'), orgRoles.el, 'authority_roles'), editButtons('user-edit', close));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const b = { all_constituencies: all.checked, tlp_max: tlp.value, authority_roles: orgRoles.value() };
    if (!all.checked) b.constituency_ids = [...scope.selectedOptions].map((o) => Number(o.value));
    if (await saveWithVersion(form, '/users/' + u.id, b, u.version)) { invalidate('users'); navigate(location.hash); }
  });
  return form;
}

function constituencyEditForm(c, close) {
  const name = h('input', { testid: 'constituency-edit-name', value: c.name || '' });
  const nameEn = h('input', { testid: 'constituency-edit-name-en', value: c.name_en || '' });
  const desc = h('textarea', { testid: 'constituency-edit-description', rows: '3' });
  desc.value = c.description || '';
  const form = h('form', { class: 'edit-panel', testid: 'constituency-edit-form' },
    h('h3', { class: 'field wide' }, t('admin.edit_constituency', { code: c.code })),
    efield(t('admin.name'), name, 'name'), efield(t('admin.name_en'), nameEn, 'name_en'),
    efield(t('admin.description'), desc, 'description', 'wide'), editButtons('constituency-edit', close));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const b = { name: name.value.trim(), name_en: nameEn.value.trim(), description: desc.value };
    if (await saveWithVersion(form, '/constituencies/' + c.id, b, c.version)) { invalidate('constituencies'); navigate(location.hash); }
  });
  return form;
}

function orgUnitEditForm(u, units, cons, close) {
  const name = h('input', { testid: 'orgunit-edit-name', value: u.name || '' });
  const nameEn = h('input', { testid: 'orgunit-edit-name-en', value: u.name_en || '' });
  // Every other unit is offered; the server refuses cycles and other
  // constituencies' units (422), shown by the field.
  const others = units.filter((x) => x.id !== u.id).map((x) => [String(x.id),
    x.constituency_id === u.constituency_id ? x.name : x.name + ' (' + constituencyName(cons, x.constituency_id) + ')']);
  const parent = h('select', { testid: 'orgunit-edit-parent' }, ...options([['', '—'], ...others], u.parent_id ? String(u.parent_id) : ''));
  const form = h('form', { class: 'edit-panel', testid: 'orgunit-edit-form' },
    h('h3', { class: 'field wide' }, t('admin.edit_orgunit', { name: u.name })),
    efield(t('admin.name'), name, 'name'), efield(t('admin.name_en'), nameEn, 'name_en'), efield(t('admin.parent'), parent, 'parent_id'),
    editButtons('orgunit-edit', close));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const b = { name: name.value.trim(), name_en: nameEn.value.trim(), parent_id: parent.value ? Number(parent.value) : null };
    if (await saveWithVersion(form, '/org-units/' + u.id, b, u.version)) navigate(location.hash);
  });
  return form;
}

async function priorityTab(ctx, body) {
  const cells = (await get('/priority-matrix')).cells;
  if (ctx.stale()) return;
  const order = [...LEVELS].reverse(); // high first
  const cur = (i, u) => (cells.find((c) => c.impact === i && c.urgency === u) || {}).priority || '';
  const selects = [];
  const table = h('table', { class: 'matrix', testid: 'priority-matrix' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('admin.impact_urgency')),
      order.map((u) => h('th', { scope: 'col' }, t('field.urgency') + ': ' + levelLabel(u))))),
    h('tbody', {}, order.map((i) => h('tr', {}, h('th', { scope: 'row' }, t('field.impact') + ': ' + levelLabel(i)),
      order.map((u) => {
        const sel = h('select', { testid: 'matrix-cell', 'data-impact': i, 'data-urgency': u,
          'aria-label': t('field.impact') + ' ' + levelLabel(i) + ' × ' + t('field.urgency') + ' ' + levelLabel(u) },
          ...options(PRIORITIES.map((p) => [p, priorityLabel(p)]), cur(i, u)));
        selects.push(sel);
        return h('td', {}, sel);
      })))));
  const save = h('button', { type: 'submit', class: 'btn primary', testid: 'matrix-save' }, t('common.save'));
  const form = h('form', { testid: 'priority-matrix-form' }, h('p', { class: 'muted' }, t('admin.priority_help')), table, h('div', { class: 'actions' }, save));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    save.disabled = true;
    try {
      await api('PUT', '/priority-matrix', { cells: selects.map((s) => ({ impact: s.dataset.impact, urgency: s.dataset.urgency, priority: s.value })) });
      invalidate('matrix');
      toast(t('common.saved'));
    } catch (e) { showError(e); } finally { save.disabled = false; }
  });
  mount(body, section(t('admin.priority'), 'admin-priority', form));
}

async function tokens(u, box) {
  let list;
  try { list = (await get('/users/' + u.id + '/tokens')).items; } catch (e) { showError(e); return; }
  const name = h('input', { testid: 'token-name', required: true });
  const secret = h('p', { testid: 'token-secret', class: 'secret', hidden: true });
  const form = h('form', { class: 'admin-form', testid: 'token-form' }, field(t('admin.token_name'), name),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', testid: 'token-submit' }, t('admin.token_create'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!name.value.trim()) return;
    try {
      const tk = await post('/users/' + u.id + '/tokens', { name: name.value.trim() });
      await tokens(u, box);
      const s = box.querySelector('[data-testid=token-secret]');
      s.textContent = t('admin.token_once') + ' ' + tk.token; s.hidden = false;
    } catch (e) { showError(e); }
  });
  mount(box, section(t('admin.tokens_of', { login: u.login }), 'admin-tokens',
    h('ul', { class: 'plain' }, list.length ? list.map((tk) => {
      const rv = h('button', { type: 'button', class: 'btn small danger', testid: 'token-revoke' }, t('admin.revoke'));
      rv.addEventListener('click', async () => { try { await del('/users/' + u.id + '/tokens/' + tk.id); tokens(u, box); } catch (e) { showError(e); } });
      return h('li', { testid: 'token-row' }, h('strong', {}, tk.name), ' ', h('code', {}, (tk.prefix || '') + '…'), ' ',
        h('span', { class: 'muted small' }, fmtDateTime(tk.created_at) + (tk.expires_at ? ' → ' + fmtDateTime(tk.expires_at) : '')), ' ', rv);
    }) : h('li', { class: 'muted' }, t('admin.no_tokens'))),
    secret, form));
}

async function constituencies(ctx, body) {
  const [cons, units] = await Promise.all([getAll('/constituencies', {}), getAll('/org-units', {})]);
  if (ctx.stale()) return;
  const code = h('input', { testid: 'constituency-code', required: true, pattern: '[A-Za-z0-9_-]{1,32}' });
  const name = h('input', { testid: 'constituency-name', required: true });
  const nameEn = h('input', { testid: 'constituency-name-en' });
  const cf = h('form', { class: 'admin-form', testid: 'constituency-form' }, field(t('admin.code'), code), field(t('admin.name'), name), field(t('admin.name_en'), nameEn),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', testid: 'constituency-submit' }, t('common.create'))));
  cf.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const b = { code: code.value.trim(), name: name.value.trim() };
    if (nameEn.value.trim()) b.name_en = nameEn.value.trim();
    try { await post('/constituencies', b); invalidate('constituencies'); navigate(location.hash); } catch (e) { showError(e); }
  });
  const ouCon = h('select', { testid: 'orgunit-constituency' }, ...options(cons.map((c) => [String(c.id), constituencyName(cons, c.id)])));
  const ouParent = h('select', { testid: 'orgunit-parent' }, ...options([['', '—'], ...units.map((u) => [String(u.id), u.name])]));
  const ouName = h('input', { testid: 'orgunit-name', required: true });
  const ouNameEn = h('input', { testid: 'orgunit-name-en' });
  const of = h('form', { class: 'admin-form', testid: 'orgunit-form' }, field(t('field.constituency'), ouCon), field(t('admin.parent'), ouParent),
    field(t('admin.name'), ouName), field(t('admin.name_en'), ouNameEn),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', testid: 'orgunit-submit' }, t('common.create'))));
  of.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const b = { constituency_id: Number(ouCon.value), name: ouName.value.trim() };
    if (ouParent.value) b.parent_id = Number(ouParent.value);
    if (ouNameEn.value.trim()) b.name_en = ouNameEn.value.trim();
    try { await post('/org-units', b); navigate(location.hash); } catch (e) { showError(e); }
  });
  const unitName = (id) => (units.find((u) => u.id === id) || {}).name || '';
  mount(body,
    section(t('admin.constituencies'), 'admin-constituencies', h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', {}, t('admin.code')), h('th', {}, t('admin.name')), h('th', {}, t('admin.name_en')), h('th', {}, t('admin.description')), h('th', {}))),
      h('tbody', {}, cons.map((c) => {
        const btn = h('button', { type: 'button', class: 'btn small', testid: 'constituency-edit', 'aria-label': t('admin.edit_constituency', { code: c.code }) }, t('common.edit'));
        const tr = h('tr', { testid: 'constituency-row', 'data-code': c.code, 'data-id': c.id }, h('td', {}, c.code), h('td', {}, c.name), h('td', {}, c.name_en || ''),
          h('td', { class: 'prewrap' }, c.description || ''), h('td', {}, btn));
        btn.addEventListener('click', () => toggleEditRow(tr, 5, (close) => constituencyEditForm(c, close)));
        return tr;
      }))), cf),
    section(t('admin.org_units'), 'admin-orgunits', h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', {}, t('field.constituency')), h('th', {}, t('admin.name')), h('th', {}, t('admin.name_en')), h('th', {}, t('admin.parent')), h('th', {}))),
      h('tbody', {}, units.map((u) => {
        const btn = h('button', { type: 'button', class: 'btn small', testid: 'orgunit-edit', 'aria-label': t('admin.edit_orgunit', { name: u.name }) }, t('common.edit'));
        const tr = h('tr', { testid: 'orgunit-row', 'data-id': u.id }, h('td', {}, constituencyName(cons, u.constituency_id)), h('td', {}, u.name), h('td', {}, u.name_en || ''),
          h('td', { testid: 'orgunit-parent-name' }, unitName(u.parent_id)), h('td', {}, btn));
        btn.addEventListener('click', () => toggleEditRow(tr, 5, (close) => orgUnitEditForm(u, units, cons, close)));
        return tr;
      }))), of));
}

async function taxonomyTab(ctx, body) {
  const tax = (await get('/taxonomy')).items;
  if (ctx.stale()) return;
  const code = h('input', { testid: 'taxonomy-code', required: true });
  const parent = h('select', { testid: 'taxonomy-parent' }, ...options([['', '—'], ...tax.filter((x) => !x.parent).map((x) => [x.code, x.label_ja + ' / ' + x.label_en])]));
  const ja = h('input', { testid: 'taxonomy-label-ja', required: true });
  const en = h('input', { testid: 'taxonomy-label-en', required: true });
  const f = h('form', { class: 'admin-form', testid: 'taxonomy-form' }, field(t('admin.code'), code), field(t('admin.parent'), parent),
    field(t('admin.label_ja'), ja), field(t('admin.label_en'), en),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', testid: 'taxonomy-submit' }, t('common.create'))));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const b = { code: code.value.trim(), label_ja: ja.value.trim(), label_en: en.value.trim() };
    if (parent.value) b.parent = parent.value;
    try { await post('/taxonomy', b); invalidate('taxonomy'); navigate(location.hash); } catch (e) { showError(e); }
  });
  mount(body, section(t('admin.taxonomy'), 'admin-taxonomy', f, h('div', { class: 'table-wrap' }, h('table', { class: 'list' },
    h('thead', {}, h('tr', {}, ...['admin.code', 'admin.label_ja', 'admin.label_en', 'admin.local'].map((k) => h('th', {}, t(k))))),
    h('tbody', {}, tax.map((x) => h('tr', { testid: 'taxonomy-row', 'data-code': x.code },
      h('td', { class: 'nowrap' }, x.code), h('td', {}, x.label_ja), h('td', {}, x.label_en), h('td', {}, x.is_local ? '✓' : ''))))))));
}
