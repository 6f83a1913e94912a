// リスク許容度 / Risk tolerance: the questionnaire of seed 003 (参考) grouped
// by section, the result (profile, statement, score, proposed 3×3 matrix),
// the history of assessments and, for admins, applying a proposed matrix as
// the priority matrix. Public API only: /risk-tolerance/..., /priority-matrix.
import { h, mount } from '../dom.js';
import { get, post } from '../api.js';
import { t, getLang } from '../i18n.js';
import { fmtDateTime, LEVELS, levelLabel } from '../format.js';
import { canWrite, isAdmin, invalidate } from '../state.js';
import { showError, toast, showFieldErrors } from '../ui.js';

const en = () => getLang() === 'en';
const L = (o, k) => (en() ? (o[k + '_en'] || o[k + '_ja']) : (o[k + '_ja'] || o[k + '_en'])) || '';
const J = (o) => (en() ? (o.en || o.ja) : (o.ja || o.en)) || '';

// The 3×3 matrix, impact rows high first, urgency columns high first.
function matrixTable(m, testid) {
  const order = [...LEVELS].reverse();
  const cell = (i, u) => ((m.cells || []).find((c) => c.impact === i && c.urgency === u) || {}).priority || '';
  return h('table', { class: 'matrix risk-matrix', testid },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('admin.impact_urgency')),
      order.map((u) => h('th', { scope: 'col' }, t('field.urgency') + ': ' + levelLabel(u))))),
    h('tbody', {}, order.map((i) => h('tr', {}, h('th', { scope: 'row' }, t('field.impact') + ': ' + levelLabel(i)),
      order.map((u) => h('td', { testid: 'risk-matrix-cell', 'data-impact': i, 'data-urgency': u,
        class: cell(i, u) ? 'prio-' + cell(i, u).toLowerCase() : null }, cell(i, u)))))));
}

function profileLabel(a) {
  return en() ? t('risk.profile.' + a.profile) : (a.profile_ja || t('risk.profile.' + a.profile));
}

function resultCard(a, onApplied) {
  let apply = null, confirmBox = null;
  if (isAdmin()) {
    // an in-page confirmation (no native dialogs under this UI's rules)
    apply = h('button', { type: 'button', class: 'btn primary', testid: 'risk-apply' }, t('risk.apply'));
    const yes = h('button', { type: 'button', class: 'btn danger', testid: 'risk-apply-confirm' }, t('risk.apply'));
    const no = h('button', { type: 'button', class: 'btn', testid: 'risk-apply-cancel' }, t('common.cancel'));
    confirmBox = h('div', { class: 'card risk-confirm', testid: 'risk-apply-box', role: 'alertdialog', hidden: true },
      h('p', {}, t('risk.apply_confirm')), h('div', { class: 'actions' }, yes, no));
    apply.addEventListener('click', () => { confirmBox.hidden = false; apply.hidden = true; yes.focus(); });
    no.addEventListener('click', () => { confirmBox.hidden = true; apply.hidden = false; apply.focus(); });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        await post('/risk-tolerance/assessments/' + a.id + '/apply', undefined);
        invalidate('matrix');
        toast(t('risk.applied'));
        confirmBox.hidden = true; apply.hidden = false;
        onApplied();
      } catch (e) { showError(e); } finally { yes.disabled = false; }
    });
  }
  return h('section', { class: 'card risk-result', testid: 'risk-result', 'data-id': String(a.id),
    'data-profile': a.profile },
  h('h2', {}, t('risk.result'), ' #' + a.id),
  h('dl', { class: 'build-meta' },
    h('dt', {}, t('risk.profile')),
    h('dd', {}, h('strong', { class: ['badge', 'risk-' + a.profile], testid: 'risk-profile' }, profileLabel(a))),
    h('dt', {}, t('risk.score')),
    h('dd', { testid: 'risk-score', 'data-score': String(a.score) },
      t('risk.score_text', { score: a.score, points: a.points, max: a.max_points })),
    h('dt', {}, t('risk.created')), h('dd', {}, fmtDateTime(a.created_at))),
  h('p', { testid: 'risk-statement' }, L(a, 'statement')),
  h('h3', {}, t('risk.matrix')),
  a.matrix ? matrixTable(a.matrix, 'risk-matrix') : null,
  apply ? h('div', { class: 'actions' }, apply) : null, confirmBox);
}

export async function render(ctx) {
  const [q, hist] = await Promise.all([get('/risk-tolerance/questions'), get('/risk-tolerance/assessments')]);
  if (ctx.stale()) return;
  const view = h('div', { testid: 'view-risk' });
  mount(ctx.root, view);
  let items = hist.items || [];
  let shown = items[0] || null;
  const resultBox = h('div', { testid: 'risk-result-box' });
  const histBox = h('div', {});

  const controls = new Map();
  const question = (it) => {
    const scale = q.scales[it.scale] || { levels: [] };
    const sel = h('select', { testid: 'risk-answer', 'data-code': it.code, 'aria-label': J(it) },
      h('option', { value: '' }, t('risk.choose')),
      scale.levels.map((lv) => h('option', { value: String(lv.value) }, J(lv))));
    controls.set(it.code, sel);
    return h('div', { class: 'field', 'data-field': 'answers.' + it.code, testid: 'risk-item', 'data-code': it.code },
      h('label', {}, h('span', {}, J(it)), sel));
  };
  const sections = (q.sections || []).map((s) => {
    const list = q.items.filter((it) => it.section === s.code);
    return h('fieldset', { class: 'risk-section', testid: 'risk-section', 'data-code': s.code },
      h('legend', {}, J(s)), list.map(question));
  });
  const submit = h('button', { type: 'submit', class: 'btn primary', testid: 'risk-submit', disabled: !canWrite() },
    t('risk.submit'));
  const form = h('form', { testid: 'risk-form', class: 'risk-form', novalidate: true }, sections,
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const answers = {};
    for (const [code, sel] of controls) if (sel.value) answers[code] = Number(sel.value);
    submit.disabled = true;
    try {
      const a = await post('/risk-tolerance/assessments', { answers });
      showFieldErrors(form, null);
      toast(t('risk.saved'));
      items = [a, ...items.filter((x) => x.id !== a.id)];
      shown = a;
      paint();
      resultBox.scrollIntoView({ block: 'start' });
    } catch (e) {
      showFieldErrors(form, e);
      if (e.status !== 422) showError(e);
    } finally { submit.disabled = !canWrite(); }
  });

  const paint = () => {
    mount(resultBox, shown ? resultCard(shown, () => {}) : h('p', { class: 'muted', testid: 'risk-no-result' },
      t('risk.no_result')));
    const rows = items.map((a) => {
      const open = h('a', { href: '#/risk', testid: 'risk-history-open', 'data-id': String(a.id) }, '#' + a.id);
      open.addEventListener('click', (ev) => { ev.preventDefault(); shown = a; paint(); });
      return h('tr', { testid: 'risk-history-row', 'data-id': String(a.id), 'data-profile': a.profile },
        h('td', {}, open), h('td', {}, fmtDateTime(a.created_at)), h('td', {}, profileLabel(a)),
        h('td', {}, String(a.score)), h('td', {}, a.created_by_name || ''));
    });
    mount(histBox, h('h2', {}, t('risk.history')),
      rows.length ? h('table', { class: 'list', testid: 'risk-history' },
        h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, t('risk.created')), h('th', {}, t('risk.profile')),
          h('th', {}, t('risk.score')), h('th', {}, t('risk.by')))),
        h('tbody', {}, rows))
        : h('p', { class: 'muted', testid: 'risk-history-empty' }, t('risk.no_history')));
  };

  mount(view,
    h('h1', {}, L(q, 'title') || t('risk.title')),
    h('div', { class: 'actions' }, h('a', { href: '#/build', class: 'btn', testid: 'risk-back-build' }, t('risk.back_build'))),
    L(q, 'purpose') ? h('p', {}, L(q, 'purpose')) : null,
    q.rule ? h('details', { class: 'muted' }, h('summary', {}, t('risk.rule')), h('p', {}, J(q.rule)),
      L(q, 'note') ? h('p', {}, L(q, 'note')) : null) : null,
    resultBox, h('h2', {}, t('risk.questionnaire')), form, histBox);
  paint();
}
