// 検討すべき事項 / The questions to settle: the build questionnaire (seed 000
// (参考) and the six things of seed 002 §4), one card per section with the
// seed's question text, saved per section (admin, If-Match on the
// questionnaire's version), showing what each save configured.
// Public API only: /setup, /setup/sections/{code}.
import { h, mount } from '../dom.js';
import { api, get } from '../api.js';
import { t, getLang } from '../i18n.js';
import { isAdmin } from '../state.js';
import { showError, toast, showFieldErrors } from '../ui.js';

const en = () => getLang() === 'en';
const L = (o, k) => (en() ? (o[k + '_en'] || o[k + '_ja']) : (o[k + '_ja'] || o[k + '_en'])) || '';

function optionSelect(opts, value, testid) {
  return h('select', { testid }, h('option', { value: '' }, '—'),
    opts.map((o) => h('option', { value: o.code, selected: o.code === value }, L(o, 'label'))));
}

// One input for a question; returns [element, read()] where read() gives the answer or null.
function control(q, doc) {
  const a = q.answer;
  const id = 'setup-' + q.id;
  if (q.type === 'text') {
    const el = h('textarea', { id, rows: 2, testid: 'setup-input', 'data-q': q.id }, a || '');
    return [el, () => el.value.trim() || null];
  }
  if (q.type === 'choice') {
    const el = optionSelect(q.options, a, 'setup-input');
    el.dataset.q = q.id;
    return [el, () => el.value || null];
  }
  if (q.type === 'integer') {
    const el = h('input', { id, type: 'number', testid: 'setup-input', 'data-q': q.id, value: a ?? '' });
    return [el, () => (el.value === '' ? null : Number(el.value))];
  }
  if (q.type === 'multi') {
    const boxes = q.options.map((o) => h('input', { type: 'checkbox', value: o.code, checked: (a || []).includes(o.code) }));
    const el = h('div', { testid: 'setup-input', 'data-q': q.id },
      q.options.map((o, i) => h('label', { class: 'setup-check' }, boxes[i], ' ', L(o, 'label'))));
    return [el, () => { const v = boxes.filter((b) => b.checked).map((b) => b.value); return v.length ? v : null; }];
  }
  if (q.type === 'services') {
    const cur = Object.fromEntries((a || []).map((s) => [s.code, s]));
    const rows = doc.services.map((s) => {
      const sel = optionSelect(doc.provisions, cur[s.code]?.provision, 'setup-service');
      sel.dataset.code = s.code;
      const lvl = h('input', { type: 'text', value: cur[s.code]?.service_level || '', 'aria-label': t('setup.service_level') });
      return [s, sel, lvl];
    });
    const el = h('table', { class: 'setup-services', testid: 'setup-input', 'data-q': q.id },
      h('tbody', {}, rows.map(([s, sel, lvl]) => h('tr', {}, h('td', {}, '(' + s.letter + ') ' + L(s, 'label')),
        h('td', {}, sel), h('td', {}, lvl)))));
    return [el, () => {
      const v = rows.filter(([, sel]) => sel.value).map(([s, sel, lvl]) => {
        const o = { code: s.code, provision: sel.value };
        if (lvl.value.trim()) o.service_level = lvl.value.trim();
        return o;
      });
      return v.length ? v : null;
    }];
  }
  if (q.type === 'review') {
    const sels = doc.review_kinds.map((k) => {
      const s = optionSelect(doc.review_frequencies, (a || {})[k.code], 'setup-review');
      s.dataset.kind = k.code;
      return [k, s];
    });
    const el = h('div', { testid: 'setup-input', 'data-q': q.id },
      sels.map(([k, s]) => h('label', { class: 'setup-row' }, L(k, 'label'), ' ', s)));
    return [el, () => {
      const v = {};
      sels.forEach(([k, s]) => { if (s.value) v[k.code] = s.value; });
      return Object.keys(v).length ? v : null;
    }];
  }
  // structured answers (constituencies, authority, poc, report_schedule) as JSON
  const el = h('textarea', { id, rows: 5, class: 'mono', testid: 'setup-input', 'data-q': q.id },
    a ? JSON.stringify(a, null, 1) : '');
  return [el, () => {
    if (!el.value.trim()) return null;
    try { return JSON.parse(el.value); } catch { throw new Error(t('setup.bad_json') + ': ' + L(q, 'text')); }
  }];
}

function appliedList(applied) {
  return h('ul', { testid: 'setup-applied' }, applied.map((a) =>
    h('li', {}, t('setup.applied.' + a.kind), ' ', a.code || a.email || '', a.change ? ' (' + a.change + ')' : '')));
}

export async function render(ctx) {
  let doc = await get('/setup');
  if (ctx.stale()) return;
  const view = h('div', { testid: 'view-setup' });
  mount(ctx.root, view);
  const progress = h('p', { testid: 'setup-progress' });
  const showProgress = () => { progress.textContent = t('setup.progress', doc.progress); };
  showProgress();
  view.append(h('h1', {}, t('setup.title')), h('p', { class: 'muted' }, t('setup.intro')), progress);
  for (const sec of doc.sections) {
    const readers = [];
    const result = h('div', { testid: 'setup-result' });
    const qs = sec.questions.map((q) => {
      const [el, read] = control(q, doc);
      readers.push([q, read]);
      return h('div', { class: 'setup-question', testid: 'setup-question', 'data-q': q.id },
        h('label', { for: 'setup-' + q.id }, L(q, 'text')),
        h('small', { class: 'muted' }, ' ', q.seed || '', q.see ? ' → ' + t('setup.see') + ' ' + q.see : ''),
        L(q, 'help') ? h('p', { class: 'muted' }, L(q, 'help')) : null, el);
    });
    const save = h('button', { type: 'button', class: 'btn primary', testid: 'setup-save', disabled: !isAdmin() },
      t('setup.save'));
    const card = h('section', { class: 'card', testid: 'setup-section', 'data-code': sec.code },
      h('h2', {}, L(sec, 'label'), ' ', h('small', { class: 'muted' }, sec.seed)),
      h('p', { class: 'muted' }, L(sec, 'help')), qs, h('div', { class: 'actions' }, save), result);
    save.addEventListener('click', async () => {
      save.disabled = true;
      try {
        const answers = {};
        for (const [q, read] of readers) { const v = read(); if (v !== null) answers[q.id] = v; }
        const r = await api('PUT', '/setup/sections/' + sec.code, { answers }, { version: doc.version });
        doc = await get('/setup');
        showProgress();
        mount(result, h('p', {}, t('setup.saved')), appliedList(r.applied || []));
        toast(t('setup.saved'));
      } catch (e) {
        showError(e);
        if (e.errors) showFieldErrors(card, e);
      } finally { save.disabled = !isAdmin(); }
    });
    view.append(card);
  }
}
