// CSIRT 評価 / CSIRT evaluation (seed 004; the NCA survey of seed 002): the
// questionnaire by area, the results by area (bars), SIM3 levels, the
// comparison with the survey's figures (with seed sections), the history and
// the roadmap with editable owner, target date and status.
// Public API only: /evaluation/questions, /evaluations/...
import { h, mount } from '../dom.js';
import { get, post, patch } from '../api.js';
import { t, getLang } from '../i18n.js';
import { canWrite } from '../state.js';
import { showError, toast, showFieldErrors } from '../ui.js';

const en = () => getLang() === 'en';
const L = (o, k) => (en() ? (o[k + '_en'] || o[k + '_ja']) : (o[k + '_ja'] || o[k + '_en'])) || '';
const score = (x) => (x == null ? '-' : (x / 100).toFixed(2));
const STATUSES = ['open', 'in_progress', 'done', 'deferred'];

function bar(pct, testid, code) {
  const fill = h('div', { class: 'eval-bar-fill' });
  const outer = h('div', { class: 'eval-bar', testid, 'data-area': code, 'data-percent': String(pct ?? 0),
    role: 'img', 'aria-label': String(pct ?? 0) + '%' }, fill);
  // sizes set as properties: the DOM builder refuses style attributes
  Object.assign(outer.style, { background: '#e5e5e5', height: '0.8em', width: '12em' });
  Object.assign(fill.style, { background: '#c0392b', height: '100%', width: Math.max(0, Math.min(100, pct || 0)) + '%' });
  return outer;
}

function questionnaire(q, onDone) {
  const form = h('form', { class: 'card', testid: 'eval-form' });
  const sels = [];
  for (const area of q.areas) {
    const items = q.items.filter((it) => it.area === area.code);
    form.appendChild(h('fieldset', { testid: 'eval-area' }, h('legend', {}, area.number + '. ' + L(area, 'label')),
      items.map((it) => {
        const sel = h('select', { testid: 'eval-answer', 'data-code': it.code, 'aria-label': it.code },
          h('option', { value: '' }, '—'),
          it.options.map((o) => h('option', { value: o.letter }, '(' + o.letter + ') ' + L(o, 'label'))));
        sels.push(sel);
        return h('div', { class: 'field', 'data-field': 'answers.' + it.code, testid: 'eval-item' },
          h('label', {}, h('strong', {}, it.code + ' '), L(it, 'question'), h('small', {}, ' [' + it.seed + ']')), sel);
      })));
  }
  const svcSels = [];
  form.appendChild(h('fieldset', { testid: 'eval-area' }, h('legend', {}, '2.9 ' + L(q.services, 'question')),
    q.services.services.map((s) => {
      const sel = h('select', { testid: 'eval-service', 'data-code': s.code, 'aria-label': s.code },
        h('option', { value: '' }, '—'),
        q.services.provisions.map((p) => h('option', { value: p.code }, L(p, 'label'))));
      svcSels.push(sel);
      return h('div', { class: 'field', 'data-field': 'answers.services.' + s.code },
        h('label', {}, '(' + s.letter + ') ' + L(s, 'label')), sel);
    })));
  const date = h('input', { type: 'date', testid: 'eval-date' });
  const note = h('textarea', { testid: 'eval-note', rows: 2 });
  const submit = h('button', { type: 'submit', class: 'btn primary', testid: 'eval-submit' }, t('eval.submit'));
  form.append(h('div', { class: 'field', 'data-field': 'date' }, h('label', {}, t('eval.date')), date),
    h('div', { class: 'field', 'data-field': 'note' }, h('label', {}, t('eval.note')), note),
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const answers = { services: {} };
    for (const s of sels) if (s.value) answers[s.dataset.code] = s.value;
    for (const s of svcSels) if (s.value) answers.services[s.dataset.code] = s.value;
    const body = { answers };
    if (date.value) body.date = date.value;
    if (note.value) body.note = note.value;
    submit.disabled = true;
    try {
      const e = await post('/evaluations', body);
      showFieldErrors(form, null);
      toast(t('eval.saved'));
      onDone(e);
    } catch (e) { showFieldErrors(form, e); } finally { submit.disabled = false; }
  });
  return form;
}

function roadmapRow(ev, r, refresh) {
  const owner = h('input', { value: r.owner, testid: 'eval-rm-owner', 'aria-label': t('eval.owner') });
  const due = h('input', { type: 'date', value: r.target_date, testid: 'eval-rm-date', 'aria-label': t('eval.target_date') });
  const st = h('select', { testid: 'eval-rm-status', 'aria-label': t('eval.status') },
    STATUSES.map((s) => h('option', { value: s, selected: s === r.status }, t('eval.status.' + s))));
  const save = h('button', { type: 'button', class: 'btn', testid: 'eval-rm-save' }, t('eval.save'));
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      await patch(`/evaluations/${ev.id}/roadmap/${r.n}`, { owner: owner.value, target_date: due.value, status: st.value }, r.version);
      toast(t('eval.saved'));
      refresh();
    } catch (e) { showError(e); } finally { save.disabled = false; }
  });
  const edit = canWrite();
  return h('tr', { testid: 'eval-rm-row', 'data-item': r.item, 'data-n': String(r.n) },
    h('td', {}, String(r.n)), h('td', {}, r.item), h('td', {}, L(r, 'action')),
    h('td', {}, edit ? owner : r.owner), h('td', {}, edit ? due : r.target_date),
    h('td', {}, edit ? st : t('eval.status.' + r.status)), h('td', {}, edit ? save : null));
}

function resultView(ev, refresh) {
  const res = ev.results;
  return h('section', { class: 'card', testid: 'eval-result', 'data-id': String(ev.id) },
    h('h2', {}, t('eval.result'), ' #' + ev.id, ' (' + ev.date + ')'),
    h('p', { testid: 'eval-overall', 'data-score': String(res.overall.score_x100) },
      t('eval.overall'), ': ', score(res.overall.score_x100), ' / 4 (', String(res.overall.percent), '%)'),
    h('table', { class: 'list' }, h('tbody', {}, res.areas.map((a) => h('tr', { testid: 'eval-area-row', 'data-area': a.code,
      'data-score': String(a.score_x100) },
    h('th', { scope: 'row' }, L(a, 'label')), h('td', {}, score(a.score_x100)), h('td', {}, bar(a.percent, 'eval-bar', a.code)),
    h('td', {}, String(a.percent ?? '-') + '%'))))),
    h('h3', {}, t('eval.sim3')),
    h('table', { class: 'list', testid: 'eval-sim3' }, h('tbody', {}, res.sim3.map((p) => h('tr', { testid: 'eval-sim3-row',
      'data-parameter': p.parameter, 'data-level': String(p.level) },
    h('th', { scope: 'row' }, p.parameter + ' ' + L(p, 'label')), h('td', {}, String(p.level)), h('td', {}, p.items.join(', ')))))),
    h('h3', {}, t('eval.comparison')),
    h('ul', { testid: 'eval-comparison' }, res.comparison.map((c) => h('li', { testid: 'eval-cmp', 'data-item': c.item }, L(c, 'line')))),
    h('h3', {}, t('eval.services')),
    h('ul', {}, res.services.map((s) => h('li', { testid: 'eval-svc', 'data-code': s.code }, L(s, 'line')))),
    h('h3', {}, t('eval.roadmap')),
    ev.roadmap.length ? h('table', { class: 'list', testid: 'eval-roadmap' },
      h('thead', {}, h('tr', {}, ['#', t('eval.item'), t('eval.action'), t('eval.owner'), t('eval.target_date'), t('eval.status'), ''].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, ev.roadmap.map((r) => roadmapRow(ev, r, refresh))))
      : h('p', { testid: 'eval-no-gaps' }, t('eval.no_gaps')));
}

export async function render(ctx) {
  const [q, hist] = await Promise.all([get('/evaluation/questions'), get('/evaluations')]);
  if (ctx.stale()) return;
  const view = h('div', { testid: 'view-evaluation' });
  mount(ctx.root, view);
  const resultBox = h('div', { testid: 'eval-result-box' });
  const histBox = h('div', { testid: 'eval-history' });
  const show = async (id) => {
    try {
      const ev = await get('/evaluations/' + id);
      mount(resultBox, resultView(ev, () => show(id)));
    } catch (e) { showError(e); }
  };
  const link = (x) => {
    const a = h('a', { href: '#/evaluation', testid: 'eval-history-link' }, '#' + x.id + ' ' + x.date);
    a.addEventListener('click', (e) => { e.preventDefault(); show(x.id); });
    return a;
  };
  const paintHistory = (items) => mount(histBox, h('section', { class: 'card' }, h('h2', {}, t('eval.history')),
    items.length ? h('table', { class: 'list' }, h('tbody', {}, items.map((x) => h('tr', { testid: 'eval-history-row', 'data-id': String(x.id) },
      h('td', {}, link(x)),
      h('td', {}, score(x.overall.score_x100)), h('td', {}, bar(x.overall.percent, 'eval-history-bar', 'overall')),
      h('td', { testid: 'eval-change' }, x.change_x100 == null ? '' : (x.change_x100 >= 0 ? '+' : '') + score(x.change_x100))))))
      : h('p', { testid: 'eval-no-history' }, t('eval.no_history'))));
  const items = hist.items || [];
  paintHistory(items);
  view.append(h('p', {}, h('a', { href: '#/build' }, t('eval.back_build'))),
    h('h1', {}, t('eval.title')), h('p', {}, t('eval.intro')), resultBox, histBox,
    canWrite() ? h('section', {}, h('h2', {}, t('eval.new')), questionnaire(q, async (e) => {
      mount(resultBox, resultView(e, () => show(e.id)));
      paintHistory((await get('/evaluations')).items || []);
    })) : null);
  if (items.length) show(items[items.length - 1].id);
}
