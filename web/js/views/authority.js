// Authority and decisions (権限と意思決定; seed 002 §2.2.8, §4.2):
//  - authorityTab: the admin page 権限マトリクス (actions × organisational
//    roles, each cell order / approve / advise / —) and local actions;
//  - rolesControl: the organisational roles of a user in the admin user form;
//  - decisionsPanel: the incident page's 意思決定 panel (record and list);
//    a refusal names who holds the power, next to the form.
import { h, mount, options, field } from '../dom.js';
import { api, get, post } from '../api.js';
import { t, getLang } from '../i18n.js';
import { fmtDateTime } from '../format.js';
import { session } from '../state.js';
import { showError, toast, navigate, section, badge } from '../ui.js';

const POWERS = ['order', 'approve', 'advise'];
const OUTCOMES = ['ordered', 'approved', 'advised'];
const NEED = { ordered: 'order', approved: 'approve', advised: 'advise' };

const label = (x) => (x ? (getLang() === 'en' ? x.label_en : x.label_ja) || x.code : '');
const byCode = (list, code) => list.find((x) => x.code === code);

// The matrix is the same for everyone and changes rarely: one fetch per page.
let matrixPromise = null;
function matrix(fresh) {
  if (fresh || !matrixPromise) matrixPromise = get('/authority').catch((e) => { matrixPromise = null; throw e; });
  return matrixPromise;
}

// --- admin: the matrix --------------------------------------------------------

export async function authorityTab(ctx, body) {
  const m = await matrix(true);
  if (ctx.stale()) return;
  const actions = m.actions.map((a) => ({ ...a }));
  const errorsBox = h('ul', { class: 'errors', testid: 'authority-errors', role: 'alert', hidden: true });
  const tbody = h('tbody', {});
  const power = (a, r) => (m.cells.find((c) => c.action === a && c.role === r) || {}).power || '';
  const selects = [];
  const addRow = (a) => {
    const tds = m.roles.map((r) => {
      const sel = h('select', { testid: 'authority-cell', 'data-action': a.code, 'data-role': r.code,
        'aria-label': label(a) + ' × ' + label(r) },
      ...options([['', '—'], ...POWERS.map((p) => [p, t('decision.power.' + p)])], power(a.code, r.code)));
      sel.addEventListener('change', () => sel.setAttribute('data-power', sel.value));
      sel.setAttribute('data-power', sel.value);
      selects.push(sel);
      return h('td', {}, sel);
    });
    tbody.appendChild(h('tr', { testid: 'authority-row', 'data-action': a.code },
      h('th', { scope: 'row' }, label(a), ' ', h('code', { class: 'small muted' }, a.code),
        a.builtin ? null : ' ' + t('decision.local')), tds));
  };
  actions.forEach(addRow);
  const table = h('table', { class: 'matrix', testid: 'authority-matrix' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('decision.action')),
      m.roles.map((r) => h('th', { scope: 'col', 'data-role': r.code }, label(r))))), tbody);

  const save = h('button', { type: 'submit', class: 'btn primary', testid: 'authority-save' }, t('common.save'));
  const form = h('form', { testid: 'authority-form' }, h('p', { class: 'muted' }, t('decision.matrix_help')),
    h('div', { class: 'table-wrap' }, table), errorsBox, h('div', { class: 'actions' }, save));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const sent = selects.filter((s) => s.value);
    const cells = sent.map((s) => ({ action: s.dataset.action, role: s.dataset.role, power: s.value }));
    const local = actions.filter((a) => !a.builtin).map((a) => ({ code: a.code, label_ja: a.label_ja, label_en: a.label_en }));
    for (const s of selects) s.classList.remove('invalid');
    errorsBox.hidden = true;
    save.disabled = true;
    try {
      await api('PUT', '/authority', { cells, actions: local }, { version: m.version });
      matrixPromise = null;
      toast(t('common.saved'));
      navigate(location.hash);
    } catch (e) {
      if (e.status === 412) { toast(t('admin.stale'), 'error'); navigate(location.hash); return; }
      if (e.status !== 422) { showError(e); return; }
      mount(errorsBox, e.errors.map((x) => h('li', { testid: 'authority-error', 'data-field': x.field || '' }, (x.field || '') + ': ' + (x.message || ''))));
      errorsBox.hidden = false;
      for (const x of e.errors) {
        const i = /^cells\[(\d+)\]/.exec(x.field || '');
        if (i && sent[Number(i[1])]) sent[Number(i[1])].classList.add('invalid');
      }
    } finally { save.disabled = false; }
  });

  // A local action (e.g. DNS sinkhole): added as a row, stored on save.
  const code = h('input', { testid: 'authority-action-code', required: true, pattern: '[a-z_]{1,40}', maxlength: '40' });
  const ja = h('input', { testid: 'authority-action-ja', required: true, maxlength: '100' });
  const en = h('input', { testid: 'authority-action-en', required: true, maxlength: '100' });
  const addForm = h('form', { class: 'admin-form', testid: 'authority-action-form' },
    field(t('decision.code'), code), field(t('admin.label_ja'), ja), field(t('admin.label_en'), en),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn', testid: 'authority-action-add' }, t('decision.add_action'))));
  addForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const c = code.value.trim();
    if (!/^[a-z_]{1,40}$/.test(c) || byCode(actions, c)) { code.focus(); toast(t('decision.bad_code'), 'error'); return; }
    const a = { code: c, label_ja: ja.value.trim(), label_en: en.value.trim(), builtin: false };
    actions.push(a);
    addRow(a);
    addForm.reset();
    toast(t('decision.action_added'));
  });
  mount(body, section(t('admin.authority'), 'admin-authority', form),
    section(t('decision.add_action'), 'admin-authority-action', addForm));
}

// --- admin: a user's organisational roles -----------------------------------------

// A multi-select of the organisational roles; value() is the chosen codes.
export function rolesControl(u) {
  const have = new Set(u.authority_roles || []);
  const sel = h('select', { testid: 'user-edit-authority-roles', multiple: true, size: '4' });
  let loaded = false;
  matrix().then((m) => {
    mount(sel, ...m.roles.map((r) => h('option', { value: r.code, selected: have.has(r.code) }, label(r))));
    loaded = true;
  }).catch(showError);
  // Until the roles are listed, the user's own stay as they are.
  return { el: sel, value: () => (loaded ? [...sel.selectedOptions].map((o) => o.value) : [...have]) };
}

// --- the incident page: decisions ------------------------------------------------

// The refusal in the reader's language, from the roles holding the power.
function refusalText(e, m, action, outcome) {
  const err = (e.errors || []).find((x) => x.field === 'outcome' && Array.isArray(x.holders));
  if (!err) return e.message;
  const a = byCode(m.actions, action);
  const vars = { action: label(a) || action, power: t('decision.power.' + NEED[outcome]),
    holders: err.holders.map((c) => label(byCode(m.roles, c)) || c).join(getLang() === 'en' ? ', ' : '、') };
  return err.holders.length ? t('decision.refused', vars) : t('decision.refused_none', vars);
}

export function decisionsPanel(inc, { writable, onChange } = {}) {
  const list = h('ul', { class: 'plain decisions', testid: 'decision-list' }, h('li', { class: 'muted' }, t('common.loading')));
  const box = section(t('decision.title'), 'decisions-section', list);
  let m = null;
  const paint = (items) => {
    mount(list, items.length ? items.map((d) => h('li', { testid: 'decision-row', 'data-id': d.id, 'data-action': d.action, 'data-outcome': d.outcome },
      h('div', {}, badge('outcome-' + d.outcome, t('decision.outcome.' + d.outcome)), ' ',
        h('strong', {}, getLang() === 'en' ? d.action_label_en : d.action_label_ja)),
      h('div', { class: 'muted small' }, t('decision.by', { name: d.decided_by_name || '—',
        role: getLang() === 'en' ? d.authority_role_label_en : d.authority_role_label_ja }), ' ',
      h('time', { datetime: d.decided_at }, fmtDateTime(d.decided_at))),
      d.rationale ? h('p', { class: 'prewrap', testid: 'decision-rationale' }, d.rationale) : null))
      : h('li', { class: 'muted', testid: 'decision-none' }, t('decision.none')));
  };
  const load = async () => {
    try { paint((await get('/incidents/' + inc.id + '/decisions')).items); } catch (e) { showError(e); }
  };
  (async () => {
    try { m = await matrix(); } catch (e) { showError(e); return; }
    await load();
    if (writable) box.appendChild(decisionForm());
  })();

  function decisionForm() {
    const mine = session.user && session.user.authority_roles || [];
    const action = h('select', { testid: 'decision-action', id: 'decision-action' }, ...options(m.actions.map((a) => [a.code, label(a)])));
    const outcome = h('select', { testid: 'decision-outcome', id: 'decision-outcome' }, ...options(OUTCOMES.map((o) => [o, t('decision.outcome.' + o)]), 'advised'));
    const rationale = h('textarea', { testid: 'decision-rationale-input', id: 'decision-rationale-input', rows: '3', maxlength: '4000', placeholder: t('decision.rationale_hint') });
    const as = h('select', { testid: 'decision-as', id: 'decision-as' }, ...options([['', t('decision.as_default')], ...mine.map((c) => [c, label(byCode(m.roles, c)) || c])]));
    const refusal = h('p', { class: 'error', testid: 'decision-refusal', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: 'btn primary', testid: 'decision-submit' }, t('decision.record'));
    const form = h('form', { class: 'decision-form', testid: 'decision-form' },
      field(t('decision.action'), action), field(t('decision.outcome'), outcome),
      field(t('decision.rationale'), rationale), field(t('decision.as'), as),
      h('p', { class: 'muted small', testid: 'decision-my-roles' }, t('decision.your_roles', {
        roles: mine.length ? mine.map((c) => label(byCode(m.roles, c)) || c).join(', ') : t('decision.no_roles') })),
      refusal, h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      refusal.hidden = true;
      const b = { action: action.value, outcome: outcome.value };
      if (rationale.value.trim()) b.rationale = rationale.value;
      if (as.value) b.authority_role = as.value;
      submit.disabled = true;
      try {
        await post('/incidents/' + inc.id + '/decisions', b);
        rationale.value = '';
        toast(t('decision.recorded'));
        await load();
        if (onChange) onChange();
      } catch (e) {
        if (e.status === 403 || e.status === 422) {
          refusal.textContent = e.status === 403 ? refusalText(e, m, b.action, b.outcome)
            : e.errors.map((x) => t('decision.field.' + x.field) + ': ' + x.message).join(' / ');
          refusal.hidden = false;
        } else showError(e);
      } finally { submit.disabled = false; }
    });
    return form;
  }
  return box;
}
