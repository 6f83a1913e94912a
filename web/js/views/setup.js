// 検討すべき事項 / The questions to settle: the build questionnaire (seed 000
// (参考) and the six things of seed 002 §4), one card per section with the
// seed's question text, saved per section (admin, If-Match on the
// questionnaire's version), showing what each save configured. Structured
// answers (constituencies, authority, PoC, report schedule) have their own
// forms (setup_forms.js); server field errors appear next to their input.
// Read only for non-admins. Public API only: /setup, /setup/sections/{code},
// /report-schedules.
import { h, mount } from '../dom.js';
import { api, get } from '../api.js';
import { t, getLang } from '../i18n.js';
import { isAdmin } from '../state.js';
import { showError, toast, showFieldErrors } from '../ui.js';
import { constituenciesForm, authorityForm, pocForm, scheduleForm } from './setup_forms.js';

const en = () => getLang() === 'en';
const L = (o, k) => (en() ? (o[k + '_en'] || o[k + '_ja']) : (o[k + '_ja'] || o[k + '_en'])) || '';

function optionSelect(opts, value, testid, ro) {
  return h('select', { testid, disabled: ro }, h('option', { value: '' }, '—'),
    opts.map((o) => h('option', { value: o.code, selected: o.code === value }, L(o, 'label'))));
}

// One input for a question: {el, read(), resolve?} where read() gives the
// answer or null (see setup_forms.js for the structured types).
function control(q, doc, ro) {
  const a = q.answer;
  const id = 'setup-' + q.id;
  const base = 'answers.' + q.id;
  if (q.type === 'text') {
    const el = h('textarea', { id, rows: 2, testid: 'setup-input', 'data-q': q.id, disabled: ro }, a || '');
    return { el, read: () => el.value.trim() || null };
  }
  if (q.type === 'choice') {
    const el = optionSelect(q.options, a, 'setup-input', ro);
    el.id = id;
    el.dataset.q = q.id;
    return { el, read: () => el.value || null };
  }
  if (q.type === 'integer') {
    const el = h('input', { id, type: 'number', min: q.min, max: q.max, testid: 'setup-input', 'data-q': q.id,
      value: a ?? '', disabled: ro });
    return { el, read: () => (el.value === '' ? null : Number(el.value)) };
  }
  if (q.type === 'multi') {
    const boxes = q.options.map((o) => h('input', { type: 'checkbox', value: o.code, checked: (a || []).includes(o.code), disabled: ro }));
    const el = h('div', { testid: 'setup-input', 'data-q': q.id },
      q.options.map((o, i) => h('label', { class: 'setup-check' }, boxes[i], ' ', L(o, 'label'))));
    return { el, read: () => { const v = boxes.filter((b) => b.checked).map((b) => b.value); return v.length ? v : null; } };
  }
  if (q.type === 'services') {
    const cur = Object.fromEntries((a || []).map((s) => [s.code, s]));
    const rows = doc.services.map((s) => {
      const sel = optionSelect(doc.provisions, cur[s.code]?.provision, 'setup-service', ro);
      sel.dataset.code = s.code;
      sel.id = 'setup-service-' + s.code;
      const lvl = h('input', { type: 'text', value: cur[s.code]?.service_level || '', disabled: ro,
        'aria-label': L(s, 'label') + ': ' + t('setup.service_level') });
      const wrap = h('div', { class: 'field' }, sel);
      return [s, sel, lvl, wrap];
    });
    const el = h('table', { class: 'setup-services', testid: 'setup-input', 'data-q': q.id },
      h('tbody', {}, rows.map(([s, sel, lvl, wrap]) => h('tr', {},
        h('td', {}, h('label', { for: sel.id }, '(' + s.letter + ') ' + L(s, 'label'))),
        h('td', {}, wrap), h('td', {}, lvl)))));
    return { el, read: () => {
      const v = [];
      for (const [s, sel, lvl, wrap] of rows) {
        wrap.removeAttribute('data-field');
        if (!sel.value) continue;
        wrap.setAttribute('data-field', `${base}[${v.length}]`);
        const o = { code: s.code, provision: sel.value };
        if (lvl.value.trim()) o.service_level = lvl.value.trim();
        v.push(o);
      }
      return v.length ? v : null;
    } };
  }
  if (q.type === 'review') {
    const sels = doc.review_kinds.map((k) => {
      const s = optionSelect(doc.review_frequencies, (a || {})[k.code], 'setup-review', ro);
      s.dataset.kind = k.code;
      return [k, s];
    });
    const el = h('div', { testid: 'setup-input', 'data-q': q.id },
      sels.map(([k, s]) => h('div', { class: 'setup-row', 'data-field': base + '.' + k.code },
        h('label', {}, L(k, 'label'), ' ', s))));
    return { el, read: () => {
      const v = {};
      sels.forEach(([k, s]) => { if (s.value) v[k.code] = s.value; });
      return Object.keys(v).length ? v : null;
    } };
  }
  if (q.type === 'constituencies') return constituenciesForm(q, ro);
  if (q.type === 'authority') return authorityForm(q, doc, ro);
  if (q.type === 'poc') return pocForm(q, ro);
  if (q.type === 'report_schedule') return scheduleForm(q, doc, ro);
  const el = h('p', { class: 'muted' }, t('setup.unknown_type'), ' ', q.type);
  return { el, read: () => q.answer ?? null };
}

// The question's own label: a <label for> for a single control, else a heading.
const FORM_TYPES = new Set(['multi', 'services', 'review', 'constituencies', 'authority', 'poc', 'report_schedule']);

// Japanese first: a Japanese hint before the server's (English) message for
// the fields a manager most often gets wrong.
const HINTS = [[/\.day$/, 'setup.err.day'], [/\.time$/, 'setup.err.time'],
  [/\.(recipients(\[\d+\])?|email)$/, 'setup.err.address'], [/^answers\.constituencies\[\d+\]\.code$/, 'setup.err.code']];
function withHints(e) {
  if (en() || e.client || !Array.isArray(e.errors)) return e;
  e.errors = e.errors.map((x) => {
    const k = HINTS.find(([re]) => re.test(x.field || ''));
    return k ? { ...x, message: t(k[1]) + '（' + (x.message || '') + '）' } : x;
  });
  return e;
}

function appliedList(applied) {
  return h('ul', { testid: 'setup-applied' }, applied.map((a) =>
    h('li', {}, t('setup.applied.' + a.kind), ' ', a.code || a.email || '', a.change ? ' (' + a.change + ')' : '')));
}

export async function render(ctx) {
  let doc = await get('/setup');
  if (ctx.stale()) return;
  const ro = !isAdmin();
  const view = h('div', { testid: 'view-setup' });
  mount(ctx.root, view);
  const progress = h('p', { testid: 'setup-progress' });
  const showProgress = () => { progress.textContent = t('setup.progress', doc.progress); };
  showProgress();
  view.append(h('h1', {}, t('setup.title')), h('p', { class: 'muted' }, t('setup.intro')), progress,
    ro ? h('p', { class: 'notice', testid: 'setup-read-only' }, t('setup.read_only')) : null);

  const card = (sec) => {
    const controls = [];
    const result = h('div', { testid: 'setup-result' });
    const qs = sec.questions.map((q) => {
      const c = control(q, doc, ro);
      controls.push([q, c]);
      const title = FORM_TYPES.has(q.type) ? h('h3', { class: 'setup-q' }, L(q, 'text'))
        : h('label', { for: 'setup-' + q.id, class: 'setup-q' }, L(q, 'text'));
      return h('div', { class: 'setup-question', testid: 'setup-question', 'data-q': q.id, 'data-field': 'answers.' + q.id },
        title, h('small', { class: 'muted' }, ' ', q.seed || '', q.see ? ' → ' + t('setup.see') + ' ' + q.see : ''),
        L(q, 'help') ? h('p', { class: 'muted' }, L(q, 'help')) : null, c.el);
    });
    const save = h('button', { type: 'button', class: 'btn primary', testid: 'setup-save', disabled: ro, hidden: ro },
      t('setup.save'));
    const el = h('section', { class: 'card', testid: 'setup-section', 'data-code': sec.code },
      h('h2', {}, L(sec, 'label'), ' ', h('small', { class: 'muted' }, sec.seed)),
      h('p', { class: 'muted' }, L(sec, 'help')), qs, h('div', { class: 'actions' }, save), result);
    const resolve = (err) => {
      for (const [, c] of controls) { const x = c.resolve && c.resolve(err); if (x) return x; }
      return null;
    };
    save.addEventListener('click', async () => {
      save.disabled = true;
      showFieldErrors(el, null);
      mount(result);
      try {
        const answers = {};
        for (const [q, c] of controls) { const v = c.read(); if (v !== null) answers[q.id] = v; }
        const r = await api('PUT', '/setup/sections/' + sec.code, { answers }, { version: doc.version });
        doc = await get('/setup');
        if (ctx.stale()) return;
        showProgress();
        // Rebuilt from what the server now holds (removed rows go, next runs show).
        const fresh = card(doc.sections.find((x) => x.code === sec.code));
        el.replaceWith(fresh.el);
        mount(fresh.result, h('p', {}, t('setup.saved')), appliedList(r.applied || []));
        toast(t('setup.saved'));
      } catch (e) {
        if (e.status === 412) { toast(t('admin.stale'), 'error'); return; }
        if (e.status === 422) showFieldErrors(el, withHints(e), { nearest: true, resolve });
        else showError(e);
      } finally { save.disabled = ro; }
    });
    return { el, result };
  };
  for (const sec of doc.sections) view.append(card(sec).el);
}
