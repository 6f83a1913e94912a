// SLA / 営業時間・祝日: the admin page (policies per priority, business hours
// per weekday, days off per year) and the SLA panel on the incident page
// (a badge and a live countdown per target). Everything goes through the
// public API: /sla-policies, /business-hours, /holidays, /incidents/{id}/sla.
import { h, mount, options, field } from '../dom.js';
import { api, get, post, patch, del } from '../api.js';
import { t } from '../i18n.js';
import { fmtDateTime, priorityLabel } from '../format.js';
import { isAdmin } from '../state.js';
import { showError, toast, section, badge, showFieldErrors } from '../ui.js';

const TARGETS = ['acknowledge', 'first_response', 'containment', 'resolution'];
const MINUTE_COLS = ['acknowledge_minutes', 'first_response_minutes', 'containment_minutes', 'resolution_minutes'];
const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];

// "1:23" from minutes (hours may exceed 24: business time is counted in hours).
export function fmtHm(minutes) {
  const m = Math.max(0, Math.floor(minutes));
  return Math.floor(m / 60) + ':' + String(m % 60).padStart(2, '0');
}

// --- the incident panel ----------------------------------------------------

// Label of a running target: "残り 1:23" before the deadline, "超過 0:12" after.
// Counting down in wall-clock time between server refreshes; the server's
// business-minute figures are shown next to it.
function countdown(tg, nowMs) {
  if (!tg.due_at || tg.state === 'met' || tg.state === 'none') return '';
  const diff = (Date.parse(tg.due_at) - nowMs) / 60000;
  return diff >= 0 ? t('sla.remaining', { time: fmtHm(diff) }) : t('sla.overdue', { time: fmtHm(-diff) });
}

function liveState(tg, nowMs) {
  if (tg.state === 'met' || tg.state === 'none') return tg.state;
  if (tg.due_at && nowMs >= Date.parse(tg.due_at)) return 'breach';
  if (tg.near_at && nowMs >= Date.parse(tg.near_at)) return 'near';
  return 'ok';
}

// Mounts the SLA panel of incident id into box; refreshes from the server
// every minute and the countdowns every second, and stops by itself once box
// has left the page.
export function mountSlaPanel(box, id) {
  let data = null, tick = null, refresh = null;
  const stop = () => { clearInterval(tick); clearInterval(refresh); };
  const paint = () => {
    if (!box.isConnected && data) { stop(); return; }
    if (!data) return;
    const now = Date.now();
    const rows = data.targets.map((tg) => {
      const st = liveState(tg, now);
      const met = tg.state === 'met'
        ? h('span', { class: 'muted' }, t('sla.met_at', { time: fmtDateTime(tg.met_at) }), tg.breached ? ' ' + t('sla.late') : '')
        : null;
      return h('li', { testid: 'sla-target', 'data-target': tg.target, 'data-state': st, class: 'sla-row' },
        h('span', { class: 'sla-name' }, t('sla.target.' + tg.target)), ' ',
        badge('sla-' + st, t('sla.state.' + st), { testid: 'sla-badge' }), ' ',
        h('span', { testid: 'sla-countdown', class: 'nowrap' }, countdown(tg, now)), ' ',
        tg.due_at && tg.state !== 'met' ? h('span', { class: 'muted' }, t('sla.due', { time: fmtDateTime(tg.due_at) })) : null,
        met);
    });
    const cal = data.calendar ? t('sla.calendar.' + data.calendar) : t('sla.no_policy');
    mount(box, section(t('sla.panel_title'), 'sla-panel',
      h('p', { class: 'muted' }, priorityLabel(data.priority), ' · ', cal),
      h('ul', { class: 'plain sla-list' }, rows)));
  };
  const load = async () => {
    try {
      data = await get('/incidents/' + encodeURIComponent(id) + '/sla');
      paint();
    } catch (e) {
      if (!box.isConnected) { stop(); return; }
      mount(box, section(t('sla.panel_title'), 'sla-panel', h('p', { class: 'error' }, t('sla.load_failed'))));
    }
  };
  tick = setInterval(paint, 1000);
  refresh = setInterval(load, 60000);
  load();
  return stop;
}

// --- the admin page ----------------------------------------------------------

function minutesInput(p, col) {
  const v = p[col];
  return h('input', { type: 'number', min: '1', max: '525600', step: '1', class: 'num', value: v === null ? '' : String(v),
    testid: 'sla-' + p.priority + '-' + col, 'aria-label': p.priority + ' ' + t('sla.col.' + col), placeholder: '—' });
}

function policiesSection() {
  const form = h('form', { testid: 'sla-policies-form', novalidate: true }); // the server checks
  let version = null;
  const load = async () => {
    const r = await get('/sla-policies');
    version = r.version;
    const head = h('tr', {}, h('th', {}, t('sla.priority')), MINUTE_COLS.map((c) => h('th', {}, t('sla.col.' + c))),
      h('th', {}, t('sla.calendar')), h('th', {}, t('sla.near_percent')));
    const rows = r.items.map((p) => h('tr', { testid: 'sla-policy-row', 'data-priority': p.priority },
      h('th', {}, priorityLabel(p.priority)),
      MINUTE_COLS.map((c) => h('td', {}, h('div', { 'data-field': 'items[' + r.items.indexOf(p) + '].' + c, class: 'field' },
        minutesInput(p, c)))),
      h('td', {}, h('select', { testid: 'sla-' + p.priority + '-calendar', 'aria-label': p.priority + ' ' + t('sla.calendar') },
        options([['business', t('sla.calendar.business')], ['24x365', t('sla.calendar.24x365')]], p.calendar))),
      h('td', {}, h('div', { 'data-field': 'items[' + r.items.indexOf(p) + '].near_breach_percent', class: 'field' },
        h('input', { type: 'number', min: '1', max: '100', class: 'num', value: String(p.near_breach_percent),
          testid: 'sla-' + p.priority + '-near', 'aria-label': p.priority + ' ' + t('sla.near_percent') })))));
    mount(form, h('p', { class: 'muted' }, t('sla.minutes_hint')),
      h('table', { class: 'table' }, h('thead', {}, head), h('tbody', {}, rows)),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', testid: 'sla-policies-save' }, t('common.save'))));
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const items = [...form.querySelectorAll('[data-testid=sla-policy-row]')].map((row) => {
      const p = row.getAttribute('data-priority');
      const item = { priority: p };
      for (const c of MINUTE_COLS) {
        const v = row.querySelector(`[data-testid="sla-${p}-${c}"]`).value.trim();
        item[c] = v === '' ? null : Number(v);
      }
      item.calendar = row.querySelector(`[data-testid="sla-${p}-calendar"]`).value;
      item.near_breach_percent = Number(row.querySelector(`[data-testid="sla-${p}-near"]`).value);
      return item;
    });
    showFieldErrors(form, null);
    try {
      await api('PUT', '/sla-policies', { items }, { version });
      toast(t('common.saved'));
      await load();
    } catch (e) {
      if (e.status === 412) { toast(t('admin.stale'), 'error'); await load(); return; }
      showFieldErrors(form, e);
    }
  });
  return { el: section(t('sla.policies'), 'sla-policies', form), load };
}

function hoursSection() {
  const form = h('form', { testid: 'business-hours-form', novalidate: true });
  let offset = 540;
  const load = async () => {
    const r = await get('/business-hours');
    offset = r.utc_offset_minutes;
    const byDay = new Map(r.days.map((d) => [d.weekday, d]));
    const rows = WEEKDAYS.map((wd) => {
      const d = byDay.get(wd) || { open: null, close: null };
      const on = h('input', { type: 'checkbox', checked: !!d.open, testid: 'hours-' + wd + '-on', 'aria-label': t('sla.weekday.' + wd) });
      const open = h('input', { type: 'time', value: d.open || '09:00', testid: 'hours-' + wd + '-open', 'aria-label': t('sla.open') });
      const close = h('input', { type: 'text', value: d.close || '18:00', class: 'hhmm', pattern: '[0-2][0-9]:[0-5][0-9]',
        testid: 'hours-' + wd + '-close', 'aria-label': t('sla.close') });
      return h('tr', { testid: 'hours-row', 'data-weekday': wd },
        h('th', {}, h('label', {}, on, ' ', t('sla.weekday.' + wd))),
        h('td', {}, open), h('td', {}, '–'), h('td', {}, close));
    });
    const sign = offset >= 0 ? '+' : '-';
    mount(form, h('p', { class: 'muted' }, t('sla.zone', { offset: sign + fmtHm(Math.abs(offset)) })),
      h('table', { class: 'table' }, h('tbody', {}, rows)),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', testid: 'hours-save' }, t('common.save'))));
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const days = [];
    for (const row of form.querySelectorAll('[data-testid=hours-row]')) {
      const wd = Number(row.getAttribute('data-weekday'));
      if (!row.querySelector(`[data-testid="hours-${wd}-on"]`).checked) continue;
      days.push({ weekday: wd, open: row.querySelector(`[data-testid="hours-${wd}-open"]`).value,
        close: row.querySelector(`[data-testid="hours-${wd}-close"]`).value.trim() });
    }
    showFieldErrors(form, null);
    try {
      await api('PUT', '/business-hours', { days });
      toast(t('common.saved'));
      await load();
    } catch (e) { showFieldErrors(form, e); }
  });
  return { el: section(t('sla.hours'), 'business-hours', form), load };
}

function holidaysSection(initialYear) {
  let year = initialYear;
  const list = h('tbody', {});
  const yearLabel = h('strong', { testid: 'holiday-year' }, String(year));
  const prev = h('button', { type: 'button', class: 'btn small', testid: 'holiday-prev', 'aria-label': t('sla.prev_year') }, '◀');
  const next = h('button', { type: 'button', class: 'btn small', testid: 'holiday-next', 'aria-label': t('sla.next_year') }, '▶');
  const load = async () => {
    const r = await get('/holidays?year=' + year);
    yearLabel.textContent = String(r.year);
    mount(list, r.items.map((d) => {
      const on = h('input', { type: 'checkbox', checked: d.enabled, testid: 'holiday-enabled', 'aria-label': t('sla.day_off') + ' ' + d.day });
      on.addEventListener('change', async () => {
        try { await patch('/holidays/' + d.day, { enabled: on.checked }); toast(t('common.saved')); } catch (e) { showError(e); await load(); }
      });
      let remove = null;
      if (d.source === 'custom') {
        remove = h('button', { type: 'button', class: 'btn small', testid: 'holiday-delete' }, t('sla.delete'));
        remove.addEventListener('click', async () => {
          try { await del('/holidays/' + d.day); toast(t('sla.deleted')); await load(); } catch (e) { showError(e); }
        });
      }
      return h('tr', { testid: 'holiday-row', 'data-day': d.day, 'data-source': d.source, 'data-enabled': String(d.enabled) },
        h('td', { class: 'nowrap' }, d.day), h('td', { testid: 'holiday-name' }, d.name),
        h('td', { class: 'muted' }, d.name_en),
        h('td', {}, badge(d.source === 'builtin' ? 'sla-builtin' : 'sla-custom', t('sla.source.' + d.source))),
        h('td', {}, h('label', {}, on, ' ', t('sla.day_off'))), h('td', {}, remove));
    }));
  };
  prev.addEventListener('click', () => { if (year > 2000) { year--; load().catch(showError); } });
  next.addEventListener('click', () => { if (year < 2099) { year++; load().catch(showError); } });

  const day = h('input', { type: 'date', testid: 'holiday-new-day', required: true });
  const name = h('input', { type: 'text', maxlength: '100', testid: 'holiday-new-name', required: true, placeholder: t('sla.new_name_ph') });
  const nameEn = h('input', { type: 'text', maxlength: '100', testid: 'holiday-new-name-en', placeholder: 'Year-end closure' });
  const named = (f, n) => { f.setAttribute('data-field', n); return f; };
  const add = h('form', { testid: 'holiday-add', class: 'sla-add' },
    named(field(t('sla.date'), day), 'day'), named(field(t('sla.name'), name), 'name'),
    named(field(t('sla.name_en'), nameEn), 'name_en'),
    h('button', { type: 'submit', class: 'btn primary', testid: 'holiday-add-save' }, t('sla.add_day')));
  add.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showFieldErrors(add, null);
    try {
      await post('/holidays', { day: day.value, name: name.value.trim(), name_en: nameEn.value.trim() });
      toast(t('common.saved'));
      year = Number(day.value.slice(0, 4));
      day.value = ''; name.value = ''; nameEn.value = '';
      await load();
    } catch (e) { showFieldErrors(add, e); }
  });
  const el = section(t('sla.holidays'), 'holidays',
    h('div', { class: 'actions' }, prev, ' ', yearLabel, ' ', next),
    h('table', { class: 'table' }, h('thead', {}, h('tr', {}, h('th', {}, t('sla.date')), h('th', {}, t('sla.name')),
      h('th', {}, t('sla.name_en')), h('th', {}, t('sla.source')), h('th', {}, ''), h('th', {}, ''))), list),
    h('h3', {}, t('sla.add_title')), add);
  return { el, load };
}

export async function render(ctx) {
  const body = h('div', {});
  mount(ctx.root, h('div', { testid: 'view-sla', class: 'view' }, h('h1', {}, t('sla.title')), body));
  if (!isAdmin()) { mount(body, h('p', { class: 'error' }, t('admin.forbidden'))); return; }
  const pol = policiesSection(), hours = hoursSection();
  const hol = holidaysSection(Number(ctx.params.get('year')) || new Date().getFullYear());
  mount(body, pol.el, hours.el, hol.el);
  await Promise.all([pol.load(), hours.load(), hol.load()]);
}
