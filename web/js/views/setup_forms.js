// Forms for the structured answers of the build questionnaire (views/setup.js):
// constituencies, authority, poc and report_schedule. Each form returns
// { el, read, resolve? }:
//  - read() gives the answer (or null to leave it out) in the shape
//    core/setup.c checks, and numbers each sent row's [data-field] wrappers
//    ("answers.report_schedule[1].day") so that showFieldErrors(..., {nearest})
//    puts a server error next to its input; it throws {status: 422, errors}
//    for the few things checked here (the server's check is authoritative);
//  - resolve(err) finds the element for an error that names no sent field
//    (a removed constituency still referenced: field "answers.constituencies"
//    with its "code").
// Controls are disabled when ro (read only: not an admin).
import { h, mount } from '../dom.js';
import { api, get } from '../api.js';
import { t, getLang } from '../i18n.js';
import { showError, toast } from '../ui.js';

const en = () => getLang() === 'en';
const L = (o, k) => (en() ? (o[k + '_en'] || o[k + '_ja']) : (o[k + '_ja'] || o[k + '_en'])) || o.code || '';

let seq = 0;
const uid = (p) => p + '-' + (++seq);

// A control with its <label>; the wrapper (class field) is the error target.
function labelled(text, control, { hideLabel = false, field = null } = {}) {
  if (!control.id) control.id = uid('sf');
  return h('div', { class: 'field', 'data-field': field },
    h('label', { for: control.id, class: hideLabel ? 'vh' : null }, text), control);
}

const setField = (el, name) => { if (name) el.setAttribute('data-field', name); else el.removeAttribute('data-field'); };

function select(opts, value, attrs) {
  return h('select', attrs, opts.map(([v, l]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, l)));
}

const codeOpts = (list) => list.map((o) => [o.code, L(o, 'label')]);

function invalid(errors) {
  const e = new Error(t('admin.fix_fields'));
  e.status = 422;
  e.errors = errors;
  e.client = true;
  return e;
}

function addButton(testid, onClick, ro) {
  const b = h('button', { type: 'button', class: 'btn small', testid, hidden: ro }, '+ ', t('setup.add_row'));
  b.addEventListener('click', onClick);
  return b;
}

// --- constituencies: code, name (ja), name_en, description; add / remove rows ---

export function constituenciesForm(q, ro) {
  const base = 'answers.' + q.id;
  const rows = [];
  const tbody = h('tbody', {});
  const empty = h('p', { class: 'muted', testid: 'setup-cons-empty' }, t('setup.cons.empty'));
  const cols = [['code', 'setup.cons.code'], ['name', 'setup.cons.name'], ['name_en', 'setup.cons.name_en'],
    ['description', 'setup.cons.description']];
  const showEmpty = () => { empty.hidden = rows.some((r) => !r.removed); };

  const addRow = (c, focus) => {
    const n = rows.length + 1;
    const r = { orig: c ? c.code : null, removed: false, inputs: {}, wraps: {} };
    const tds = cols.map(([k, key]) => {
      const inp = h('input', { type: 'text', value: (c && c[k]) || '', disabled: ro,
        testid: 'setup-cons-' + k.replace('_', '-'), class: k === 'code' ? 'mono' : null,
        maxlength: k === 'code' ? '32' : null, required: k === 'code' || k === 'name' });
      r.inputs[k] = inp;
      r.wraps[k] = labelled(t(key) + ' ' + t('setup.row', { n }), inp, { hideLabel: true });
      return h('td', {}, r.wraps[k]);
    });
    const remove = h('button', { type: 'button', class: 'btn small danger', testid: 'setup-cons-remove', hidden: ro },
      t('setup.remove_row'));
    const note = h('span', { class: 'muted small', hidden: true }, t('setup.removed'), ' ');
    r.wraps.row = h('div', { class: 'field' }, note, remove);
    r.tr = h('tr', { testid: 'setup-cons-row', 'data-orig': r.orig || '' }, tds, h('td', {}, r.wraps.row));
    remove.addEventListener('click', () => {
      if (!r.orig) { r.tr.remove(); rows.splice(rows.indexOf(r), 1); showEmpty(); return; }
      r.removed = !r.removed; // a saved one stays visible, struck through, until the save
      r.tr.classList.toggle('removed', r.removed);
      for (const x of Object.values(r.inputs)) x.disabled = r.removed;
      note.hidden = !r.removed;
      remove.textContent = r.removed ? t('setup.undo_remove') : t('setup.remove_row');
      remove.classList.toggle('danger', !r.removed);
      showEmpty();
    });
    rows.push(r);
    tbody.appendChild(r.tr);
    showEmpty();
    if (focus) r.inputs.code.focus();
  };
  (Array.isArray(q.answer) ? q.answer : []).forEach((c) => addRow(c));
  showEmpty();

  const table = h('table', { class: 'list setup-table', testid: 'setup-cons-table' },
    h('thead', {}, h('tr', {}, cols.map(([, key]) => h('th', { scope: 'col' }, t(key))),
      h('th', { scope: 'col' }, h('span', { class: 'vh' }, t('setup.row_actions'))))), tbody);
  const el = h('div', { class: 'setup-form', testid: 'setup-cons' }, h('div', { class: 'table-wrap' }, table), empty,
    h('div', { class: 'actions' }, addButton('setup-cons-add', () => addRow(null, true), ro)));

  const read = () => {
    const out = [];
    for (const r of rows) {
      for (const w of Object.values(r.wraps)) setField(w, null);
      const v = Object.fromEntries(Object.entries(r.inputs).map(([k, x]) => [k, x.value.trim()]));
      if (r.removed || !Object.values(v).some(Boolean)) continue;
      const i = out.length;
      for (const k of Object.keys(r.inputs)) setField(r.wraps[k], `${base}[${i}].${k}`);
      setField(r.wraps.row, `${base}[${i}]`);
      const o = { code: v.code, name: v.name };
      if (v.name_en) o.name_en = v.name_en;
      if (v.description) o.description = v.description;
      out.push(o);
    }
    return out.length ? out : null;
  };
  // A removed (or renamed) constituency still referenced: its row.
  const resolve = (err) => {
    if (err.field !== base || !err.code) return null;
    const r = rows.find((x) => x.orig === err.code);
    if (!r) return null;
    setField(r.wraps.row, base);
    return r.wraps.row;
  };
  return { el, read, resolve };
}

// --- authority: the survey-2.8 answer and the matrix (actions × roles) ---

export function authorityForm(q, doc, ro) {
  const base = 'answers.' + q.id;
  const m = doc.authority_matrix || { actions: [], roles: [], powers: [], cells: [] };
  const a = q.answer && typeof q.answer === 'object' ? q.answer : null;
  const cells = a && Array.isArray(a.cells) ? a.cells : m.cells;
  const power = (act, role) => (cells.find((c) => c.action === act && c.role === role) || {}).power || '';
  const stop = select([['', '—'], ...codeOpts(q.system_stop_options || [])], a ? a.system_stop : '',
    { testid: 'setup-authority-stop', disabled: ro });
  const stopWrap = labelled(t('setup.authority.system_stop'), stop, { field: base + '.system_stop' });
  const powerOpts = [['', '—'], ...codeOpts(m.powers)];
  const sels = [];
  const tbody = h('tbody', {}, m.actions.map((act) => h('tr', { testid: 'setup-authority-row', 'data-action': act.code },
    h('th', { scope: 'row' }, L(act, 'label'), ' ', h('code', { class: 'small muted' }, act.code)),
    m.roles.map((role) => {
      const sel = select(powerOpts, power(act.code, role.code), { testid: 'setup-authority-cell',
        'data-action': act.code, 'data-role': role.code, disabled: ro });
      const wrap = labelled(L(act, 'label') + ' × ' + L(role, 'label'), sel, { hideLabel: true });
      sels.push({ sel, wrap, action: act.code, role: role.code });
      return h('td', {}, wrap);
    }))));
  const table = h('table', { class: 'matrix setup-matrix', testid: 'setup-authority-matrix' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('setup.authority.action')),
      m.roles.map((r) => h('th', { scope: 'col', 'data-role': r.code }, L(r, 'label'))))), tbody);

  // The CSIRT lead × system stop cell follows the survey-2.8 answer (app/setup.c).
  const stopCell = sels.find((s) => s.action === 'system_stop' && s.role === 'csirt_lead');
  const syncStop = () => {
    if (!stopCell) return;
    if (stop.value) stopCell.sel.value = stop.value === 'none' ? '' : stop.value;
    stopCell.sel.disabled = ro || !!stop.value;
    stopCell.sel.title = stop.value ? t('setup.authority.stop_note') : '';
  };
  stop.addEventListener('change', syncStop);
  syncStop();

  let dirty = false;
  const el = h('div', { class: 'setup-form', testid: 'setup-authority' }, stopWrap,
    h('p', { class: 'muted small' }, t('setup.authority.matrix_note'), ' ', t('setup.authority.stop_note')),
    h('div', { class: 'table-wrap' }, table));
  el.addEventListener('change', () => { dirty = true; });

  const read = () => {
    // Unanswered and untouched: the matrix in effect stays as it is.
    if (!a && !dirty) return null;
    const out = [];
    for (const s of sels) {
      setField(s.wrap, null);
      if (!s.sel.value || (s === stopCell && stop.value)) continue;
      setField(s.wrap, `${base}.cells[${out.length}]`);
      out.push({ action: s.action, role: s.role, power: s.sel.value });
    }
    const v = { cells: out };
    if (stop.value) v.system_stop = stop.value;
    return v;
  };
  return { el, read };
}

// --- poc: email, phone, hours, public_form ---

export function pocForm(q, ro) {
  const base = 'answers.' + q.id;
  const a = q.answer && typeof q.answer === 'object' ? q.answer : {};
  const email = h('input', { type: 'email', value: a.email || '', testid: 'setup-poc-email', disabled: ro,
    autocomplete: 'email', placeholder: 'csirt@example.jp' });
  const phone = h('input', { type: 'tel', value: a.phone || '', testid: 'setup-poc-phone', disabled: ro,
    placeholder: '+81-3-0000-0000' });
  const hours = h('input', { type: 'text', value: a.hours || '', testid: 'setup-poc-hours', disabled: ro });
  const form = h('input', { type: 'checkbox', checked: a.public_form === true, testid: 'setup-poc-public-form',
    disabled: ro, id: uid('sf') });
  const el = h('div', { class: 'setup-form setup-poc', testid: 'setup-poc' },
    labelled(t('setup.poc.email'), email, { field: base + '.email' }),
    labelled(t('setup.poc.phone'), phone, { field: base + '.phone' }),
    labelled(t('setup.poc.hours'), hours, { field: base + '.hours' }),
    h('div', { class: 'field', 'data-field': base + '.public_form' },
      h('label', { for: form.id, class: 'setup-check' }, form, ' ', t('setup.poc.public_form'))));
  const read = () => {
    const v = { email: email.value.trim(), phone: phone.value.trim(), hours: hours.value.trim() };
    if (!v.email && !v.phone && !v.hours && !form.checked) return null;
    if (!v.phone) delete v.phone;
    if (!v.hours) delete v.hours;
    v.public_form = form.checked;
    return v;
  };
  return { el, read };
}

// --- report_schedule: rows of audience, frequency, day, time, lang, format, recipients, enabled ---

const JST_FMT = () => new Intl.DateTimeFormat(en() ? 'en-GB' : 'ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric',
  month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
export const fmtJst = (iso) => (iso ? JST_FMT().format(new Date(iso)) + ' JST' : '—');

// Addresses separated by commas (or spaces, 、); a light check only.
const splitAddresses = (s) => s.split(/[\s,、，]+/).filter(Boolean);
const looksLikeAddress = (s) => /^[^@\s]+@[^@\s]+$/.test(s);

// What the scheduler last did with a saved schedule, and (admins) a button
// that mails the report of the last full period now.
function lastRun(td, it, ro) {
  const parts = [];
  if (it.last_run_at) parts.push(h('span', { testid: 'setup-schedule-last-ok' }, fmtJst(it.last_run_at), ' ', it.last_period || ''));
  if (it.last_error) {
    parts.push(h('span', { class: 'error', testid: 'setup-schedule-last-error' },
      t('setup.schedule.failed', { n: it.failures || 1 }), ': ', it.last_error));
  }
  if (!it.recipients?.length && it.default_recipients?.length) {
    parts.push(h('span', { class: 'muted' }, t('setup.schedule.default_to'), ' ', it.default_recipients.join(', ')));
  }
  const run = h('button', { type: 'button', class: 'btn small', testid: 'setup-schedule-run', hidden: ro },
    t('setup.schedule.run_now'));
  run.addEventListener('click', async () => {
    run.disabled = true;
    try {
      await api('POST', '/report-schedules/' + it.id + '/run');
      toast(t('setup.schedule.queued'));
    } catch (e) { showError(e); } finally { run.disabled = false; }
  });
  td.replaceChildren(...(parts.length ? parts.flatMap((p) => [p, h('br')]) : ['— ', h('br')]), run);
}

export function scheduleForm(q, doc, ro) {
  const base = 'answers.' + q.id;
  const rows = [];
  const tbody = h('tbody', {});
  const empty = h('p', { class: 'muted', testid: 'setup-schedule-empty' }, t('setup.schedule.empty'));
  const showEmpty = () => { empty.hidden = rows.length > 0; };
  const langs = [['ja', t('setup.lang.ja')], ['en', t('setup.lang.en')]];
  const formats = (doc.formats || ['pdf', 'html', 'csv']).map((f) => [f, f.toUpperCase()]);

  const addRow = (s, focus) => {
    const n = rows.length + 1;
    const x = s || { audience: 'management', frequency: 'monthly', day: 1, time: '09:00', lang: getLang(),
      format: 'pdf', recipients: [], enabled: true };
    const r = { wraps: {}, inputs: {} };
    const col = (k, key, inp) => {
      r.inputs[k] = inp;
      r.wraps[k] = labelled(t(key) + ' ' + t('setup.row', { n }), inp, { hideLabel: true });
      return h('td', {}, r.wraps[k]);
    };
    const tds = [
      col('audience', 'setup.schedule.audience', select(codeOpts(doc.audiences || []), x.audience,
        { testid: 'setup-schedule-audience', disabled: ro })),
      col('frequency', 'setup.schedule.frequency', select(codeOpts(doc.frequencies || []), x.frequency,
        { testid: 'setup-schedule-frequency', disabled: ro })),
      col('day', 'setup.schedule.day', h('input', { type: 'number', min: '1', max: '28', step: '1', class: 'num',
        value: x.day ?? '', testid: 'setup-schedule-day', disabled: ro })),
      col('time', 'setup.schedule.time', h('input', { type: 'text', value: x.time || '', class: 'hhmm',
        inputmode: 'numeric', maxlength: '5', placeholder: '09:00', testid: 'setup-schedule-time', disabled: ro })),
      col('lang', 'setup.schedule.lang', select(langs, x.lang, { testid: 'setup-schedule-lang', disabled: ro })),
      col('format', 'setup.schedule.format', select(formats, x.format, { testid: 'setup-schedule-format', disabled: ro })),
      col('recipients', 'setup.schedule.recipients', h('input', { type: 'text', class: 'setup-recipients',
        value: (Array.isArray(x.recipients) ? x.recipients : []).join(', '), testid: 'setup-schedule-recipients',
        disabled: ro, placeholder: 'ciso@example.jp, board@example.jp' })),
      col('enabled', 'setup.schedule.enabled', h('input', { type: 'checkbox', checked: x.enabled !== false,
        testid: 'setup-schedule-enabled', disabled: ro })),
    ];
    r.next = h('td', { testid: 'setup-schedule-next', class: 'nowrap' }, '—');
    r.last = h('td', { testid: 'setup-schedule-last', class: 'small' }, '—');
    const remove = h('button', { type: 'button', class: 'btn small danger', testid: 'setup-schedule-remove', hidden: ro },
      t('setup.remove_row'));
    r.wraps.row = h('div', { class: 'field' }, remove);
    r.tr = h('tr', { testid: 'setup-schedule-row' }, tds, r.next, r.last, h('td', {}, r.wraps.row));
    r.saved = s || null;
    remove.addEventListener('click', () => { r.tr.remove(); rows.splice(rows.indexOf(r), 1); showEmpty(); });
    rows.push(r);
    tbody.appendChild(r.tr);
    showEmpty();
    if (focus) r.inputs.audience.focus();
  };
  (Array.isArray(q.answer) ? q.answer : []).forEach((s) => addRow(s));
  showEmpty();

  const heads = ['audience', 'frequency', 'day', 'time', 'lang', 'format', 'recipients', 'enabled', 'next_run',
    'last_run'];
  const table = h('table', { class: 'list setup-table', testid: 'setup-schedule-table' },
    h('thead', {}, h('tr', {}, heads.map((k) => h('th', { scope: 'col' }, t('setup.schedule.' + k))),
      h('th', { scope: 'col' }, h('span', { class: 'vh' }, t('setup.row_actions'))))), tbody);
  const el = h('div', { class: 'setup-form', testid: 'setup-schedule' }, h('div', { class: 'table-wrap' }, table), empty,
    h('div', { class: 'actions' }, addButton('setup-schedule-add', () => addRow(null, true), ro)));

  // The next run of each saved row, as the report schedules say (JST).
  get('/report-schedules').then((res) => {
    const items = (res && res.items) || [];
    rows.forEach((r, i) => {
      const it = items[i];
      const same = it && r.saved && ['audience', 'frequency', 'day', 'time'].every((k) => it[k] === r.saved[k]);
      if (same) {
        r.next.textContent = fmtJst(it.next_run_at);
        if (it.next_run_at) r.next.setAttribute('data-at', it.next_run_at);
        lastRun(r.last, it, ro);
      }
    });
  }).catch(() => {});

  const read = () => {
    const out = [];
    const errors = [];
    rows.forEach((r, i) => {
      const f = `${base}[${i}]`;
      for (const k of Object.keys(r.inputs)) setField(r.wraps[k], `${f}.${k}`);
      setField(r.wraps.row, f);
      const v = {};
      for (const k of ['audience', 'frequency', 'lang', 'format', 'time']) v[k] = r.inputs[k].value;
      const d = r.inputs.day.value.trim();
      v.day = /^\d+$/.test(d) ? Number(d) : null;
      v.recipients = splitAddresses(r.inputs.recipients.value);
      // none: the audience's default recipients (admins, the team address)
      if (!v.recipients.every(looksLikeAddress)) {
        errors.push({ field: f + '.recipients', message: t('setup.schedule.bad_recipients') });
      }
      v.enabled = r.inputs.enabled.checked;
      out.push(v);
    });
    if (errors.length) throw invalid(errors);
    return out.length ? out : null;
  };
  return { el, read };
}
