// 構築 / Build: the CSIRT build tracker. The 8 phases of seed 003 in order
// with progress, each expandable (purpose, effort, style, checklist, status /
// owner / dates, deliverables with a versioned Markdown editor); seed 000's
// 8 steps as a second lens. Public API only: /build, /build/phases/...
import { h, mount, options, field } from '../dom.js';
import { api, get, post, patch } from '../api.js';
import { t, getLang } from '../i18n.js';
import { fmtDateTime } from '../format.js';
import { canWrite, users } from '../state.js';
import { showError, toast, showFieldErrors } from '../ui.js';

const STATUSES = ['not_started', 'in_progress', 'done'];
const L = (o, k) => (getLang() === 'en' ? (o[k + '_en'] || o[k + '_ja']) : (o[k + '_ja'] || o[k + '_en'])) || '';
const enc = encodeURIComponent;

function progressBar(pct, testid, label) {
  return h('span', { class: 'build-progress' },
    h('progress', { max: '100', value: String(pct), testid, 'data-progress': String(pct), 'aria-label': label }),
    ' ', h('span', { class: 'muted', testid: testid + '-text' }, pct + '%'));
}

// The deliverable editor: latest version (or the template, version 0) and history.
function deliverableBox(phase, dv) {
  const box = h('div', { class: 'build-deliverable', testid: 'build-deliverable', 'data-code': dv.code });
  const load = async () => {
    const d = await get('/build/phases/' + enc(phase.code) + '/documents/' + enc(dv.code));
    paint(d);
  };
  const paint = (d) => {
    const ta = h('textarea', { rows: '12', class: 'mono', testid: 'build-doc-body', 'aria-label': L(dv, 'name') },
      d.body_md || '');
    ta.readOnly = !canWrite();
    const save = h('button', { type: 'button', class: 'btn primary', testid: 'build-doc-save', hidden: !canWrite() },
      t('build.doc_save'));
    save.addEventListener('click', async () => {
      save.disabled = true;
      try {
        const r = await post('/build/phases/' + enc(phase.code) + '/documents/' + enc(dv.code), { body_md: ta.value });
        toast(t('build.doc_saved', { version: r.version }));
        paint(r);
      } catch (e) { showError(e); save.disabled = false; }
    });
    const hist = (d.history || []).map((x) => h('li', { testid: 'build-doc-version', 'data-version': String(x.version) },
      'v' + x.version, ' · ', fmtDateTime(x.created_at), ' · ', x.created_by_name || '', ' · ',
      t('build.doc_length', { n: x.length })));
    // The version shown, as Markdown or PDF (TLP:AMBER), in a new tab.
    const file = (format) => '/api/v1/build/phases/' + enc(phase.code) + '/documents/' + enc(dv.code) +
      '?format=' + format + (d.version ? '&version=' + d.version : '');
    const files = h('div', { class: 'actions' },
      h('a', { href: file('pdf'), target: '_blank', rel: 'noopener', class: 'btn', testid: 'build-doc-pdf' },
        t('build.doc_pdf')), ' ',
      h('a', { href: file('md'), target: '_blank', rel: 'noopener', class: 'btn', testid: 'build-doc-md' },
        t('build.doc_md')));
    mount(box,
      h('h4', {}, L(dv, 'name')), files,
      h('p', { class: 'muted', testid: 'build-doc-state', 'data-version': String(d.version),
        'data-template': d.from_template ? '1' : '0' },
      d.from_template ? t('build.doc_template') : t('build.doc_version', { version: d.version })),
      ta, h('div', { class: 'actions' }, save),
      h('h5', {}, t('build.doc_history')),
      hist.length ? h('ul', { class: 'plain', testid: 'build-doc-history' }, hist)
        : h('p', { class: 'muted', testid: 'build-doc-history-empty' }, t('build.doc_no_history')));
  };
  box.appendChild(h('button', { type: 'button', class: 'btn', testid: 'build-doc-open' }, L(dv, 'name')));
  box.firstChild.addEventListener('click', () => load().catch(showError));
  return box;
}

async function phaseEditor(phase, onSaved) {
  const list = canWrite() ? await users().catch(() => []) : [];
  const status = h('select', { testid: 'build-phase-status' },
    options(STATUSES.map((s) => [s, t('build.status.' + s)]), phase.status));
  const owner = h('select', { testid: 'build-phase-owner' },
    options([['', t('build.no_owner')], ...list.map((u) => [u.id, u.display_name])], phase.owner_id || ''));
  if (phase.owner_id && !list.some((u) => u.id === phase.owner_id)) {
    owner.appendChild(h('option', { value: phase.owner_id, selected: true }, phase.owner_name || '#' + phase.owner_id));
  }
  const start = h('input', { type: 'date', testid: 'build-phase-start', value: phase.start_date || '' });
  const due = h('input', { type: 'date', testid: 'build-phase-due', value: phase.due_date || '' });
  const notes = h('textarea', { rows: '3', testid: 'build-phase-notes' }, phase.notes || '');
  const wrap = (name, label, c) => h('div', { 'data-field': name, class: 'field' }, field(label, c));
  const form = h('form', { testid: 'build-phase-form', class: 'build-phase-form', novalidate: true },
    wrap('status', t('build.status'), status), wrap('owner_id', t('build.owner'), owner),
    wrap('start_date', t('build.start_date'), start), wrap('due_date', t('build.due_date'), due),
    wrap('notes', t('build.notes'), notes),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', testid: 'build-phase-save' },
      t('common.save'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { status: status.value, owner_id: owner.value ? Number(owner.value) : null,
      start_date: start.value || null, due_date: due.value || null, notes: notes.value };
    try {
      const r = await patch('/build/phases/' + enc(phase.code), body, phase.version);
      showFieldErrors(form, null);
      toast(t('build.phase_saved'));
      onSaved(r);
    } catch (e) {
      if (e.status === 412) toast(t('build.conflict'), 'error');
      showFieldErrors(form, e);
    }
  });
  return form;
}

export async function render(ctx) {
  const root = ctx.root;
  let data = await get('/build');
  if (ctx.stale()) return;
  const lens = ctx.params.get('lens') === 'steps' ? 'steps' : 'phases';
  const open = new Set();
  const view = h('div', { testid: 'view-build' });
  mount(root, view);

  const recompute = () => {
    let done = 0, total = 0;
    for (const p of data.phases) { done += p.items_done; total += p.items.length; }
    data.items_done = done; data.items_total = total;
    data.progress = total ? Math.floor(done * 100 / total) : 0;
  };

  const phaseCard = (p) => {
    const det = h('details', { class: 'card build-phase', testid: 'build-phase', 'data-code': p.code,
      'data-status': p.status, open: open.has(p.code) });
    const summary = h('summary', { testid: 'build-phase-toggle' },
      h('strong', {}, p.number + '. ' + L(p, 'name')), ' ',
      h('span', { class: ['badge', 'build-' + p.status], testid: 'build-phase-badge', 'data-status': p.status },
        t('build.status.' + p.status)), ' ',
      progressBar(p.progress, 'build-phase-progress', L(p, 'name')));
    det.appendChild(summary);
    const body = h('div', { class: 'build-phase-body' });
    det.appendChild(body);
    const fill = async () => {
      const items = p.items.map((it) => {
        const cb = h('input', { type: 'checkbox', testid: 'build-item-done', checked: it.done, disabled: !canWrite(),
          'aria-label': getLang() === 'en' ? (it.en || it.ja) : it.ja });
        cb.addEventListener('change', async () => {
          cb.disabled = true;
          try {
            const r = await api('PUT', '/build/phases/' + enc(p.code) + '/items/' + it.index, { done: cb.checked });
            replacePhase(r);
          } catch (e) { showError(e); cb.checked = !cb.checked; cb.disabled = false; }
        });
        return h('li', { testid: 'build-item', 'data-index': String(it.index), 'data-done': it.done ? '1' : '0' },
          h('label', {}, cb, ' ', getLang() === 'en' ? (it.en || it.ja) : it.ja));
      });
      const meta = h('dl', { class: 'build-meta' },
        h('dt', {}, t('build.purpose')), h('dd', { testid: 'build-phase-purpose' }, L(p, 'purpose')),
        h('dt', {}, t('build.effort')), h('dd', { testid: 'build-phase-effort' }, L(p, 'effort')),
        h('dt', {}, t('build.style')), h('dd', { testid: 'build-phase-style' }, L(p, 'style')),
        h('dt', {}, t('build.owner')), h('dd', { testid: 'build-phase-owner-name' }, p.owner_name || '—'),
        h('dt', {}, t('build.dates')), h('dd', {}, (p.start_date || '—') + ' → ' + (p.due_date || '—')),
        p.notes ? [h('dt', {}, t('build.notes')), h('dd', { class: 'pre' }, p.notes)] : null);
      const editor = canWrite() ? await phaseEditor(p, replacePhase) : null;
      mount(body, meta,
        h('h3', {}, t('build.checklist')), h('ul', { class: 'plain', testid: 'build-items' }, items),
        editor ? [h('h3', {}, t('build.edit_phase')), editor] : null,
        h('h3', {}, t('build.deliverables')),
        (p.deliverables || []).length ? p.deliverables.map((dv) => deliverableBox(p, dv))
          : h('p', { class: 'muted' }, t('build.no_deliverables')));
    };
    det.addEventListener('toggle', () => {
      if (det.open) { open.add(p.code); if (!body.firstChild) fill().catch(showError); } else open.delete(p.code);
    });
    if (det.open) fill().catch(showError);
    return det;
  };

  const replacePhase = (np) => {
    const i = data.phases.findIndex((x) => x.code === np.code);
    if (i >= 0) data.phases[i] = { ...data.phases[i], ...np };
    recompute();
    paint();
  };

  const phaseName = (code) => {
    const p = data.phases.find((x) => x.code === code);
    return p ? p.number + '. ' + L(p, 'name') : code;
  };

  const paint = () => {
    const toggle = h('div', { class: 'actions', role: 'group', 'aria-label': t('build.lens') },
      h('a', { href: '#/build', class: ['btn', lens === 'phases' ? 'primary' : null], testid: 'build-lens-phases' },
        t('build.lens_phases')),
      h('a', { href: '#/build?lens=steps', class: ['btn', lens === 'steps' ? 'primary' : null], testid: 'build-lens-steps' },
        t('build.lens_steps')),
      h('a', { href: '#/risk', class: 'btn', testid: 'build-risk-link' }, t('risk.title')),
      h('a', { href: '#/setup', class: 'btn', testid: 'build-setup-link' }, t('setup.title')),
      h('a', { href: '#/evaluation', class: 'btn', testid: 'build-eval-link' }, t('eval.title')));
    const overall = h('p', { testid: 'build-overall', 'data-progress': String(data.progress) },
      t('build.overall'), ' ', progressBar(data.progress, 'build-overall-progress', t('build.overall')), ' ',
      h('span', { class: 'muted' }, t('build.items_count', { done: data.items_done, total: data.items_total })));
    let content;
    if (lens === 'steps') {
      content = h('ol', { class: 'build-steps', testid: 'build-steps' }, (data.steps || []).map((s) =>
        h('li', { testid: 'build-step', 'data-number': String(s.number) },
          h('strong', {}, L(s, 'name')), ' ',
          h('span', { class: 'muted' }, t('build.step_phases'), ' ',
            (s.phases || []).map((c, i) => [i ? '、' : '',
              h('a', { href: '#/build', testid: 'build-step-phase', 'data-code': c }, phaseName(c))])))));
    } else {
      content = h('div', { testid: 'build-phases' }, data.phases.map(phaseCard));
    }
    mount(view, h('h1', {}, t('build.title')),
      data.note_ja ? h('p', { class: 'muted' }, getLang() === 'en' ? (data.note_en || data.note_ja) : data.note_ja) : null,
      toggle, overall, content);
  };
  recompute();
  paint();
}
