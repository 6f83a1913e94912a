// Dashboard: the figures of a period from GET /api/v1/metrics (the same
// object the periodic reports are made from), the reports' charts as images
// of GET /api/v1/metrics/charts/{name} (drawn by the server with the same
// code; <img> keeps the SVG inert), and the working lists (new reports, my
// tasks, recent incidents). The period (month or quarter, Asia/Tokyo) is
// chosen at the top and kept in the hash (#/?period=2026-Q3).
import { h, mount, options } from '../dom.js';
import { get, qs } from '../api.js';
import { t, getLang } from '../i18n.js';
import { fmtDateTime, PRIORITIES, STATUSES, statusLabel, priorityLabel } from '../format.js';
import { session } from '../state.js';
import { showError, section, badge, navigate } from '../ui.js';
import { OPEN } from './incidents.js';
import { periodChoices, periodKind, periodLabel } from './periodic.js';

// The charts of the reports, in the order shown (names are the API's).
const CHARTS = ['trend', 'category', 'priority', 'ageing', 'sla', 'channel', 'constituency'];

const count = (list, key) => ((list || []).find((e) => e.key === key) || {}).count || 0;

function fmtHours(v) {
  if (v === null || v === undefined) return '—';
  return v >= 48 ? t('dash.days', { n: (v / 24).toFixed(1) }) : t('dash.hours', { n: v.toFixed(1) });
}
const fmtPct = (v) => (v === null || v === undefined ? '—' : (v * 100).toFixed(1) + '%');
const fmtChange = (v) => (v === null || v === undefined ? '' : (v >= 0 ? '+' : '') + Math.round(v * 100) + '%');

function kpi(testid, label, value, raw, note) {
  return h('div', { class: 'kpi', testid, 'data-value': raw === null || raw === undefined ? '' : String(raw) },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, value),
    note ? h('div', { class: 'kpi-note muted small' }, note) : null);
}

function kpis(m) {
  const prev = m.trend.previous;
  const vsPrev = (then, change) => t('dash.vs_previous', { n: then, change: fmtChange(change) }).trim();
  return h('div', { class: 'kpis', testid: 'dash-kpis' },
    kpi('dash-kpi-incidents', t('dash.kpi_incidents'), String(m.counts.incidents), m.counts.incidents,
      vsPrev(prev.incidents, prev.change.incidents)),
    kpi('dash-kpi-reports', t('dash.kpi_reports'), String(m.counts.reports), m.counts.reports,
      vsPrev(prev.reports, prev.change.reports)),
    kpi('dash-kpi-waiting', t('dash.kpi_waiting'), String(m.now.reports_waiting_triage), m.now.reports_waiting_triage,
      t('dash.kpi_waiting_note')),
    kpi('dash-kpi-open', t('dash.kpi_open'), String(m.backlog.open_at_end), m.backlog.open_at_end,
      t('dash.kpi_open_note', { n: count(m.backlog.ageing, '91d+') })),
    kpi('dash-kpi-mtta', t('dash.kpi_mtta'), fmtHours(m.times.mtta.median_hours), m.times.mtta.median_hours,
      t('dash.kpi_n', { n: m.times.mtta.n })),
    kpi('dash-kpi-mttr', t('dash.kpi_mttr'), fmtHours(m.times.mttr.median_hours), m.times.mttr.median_hours,
      t('dash.kpi_mttr_prev', { v: fmtHours(prev.mttr_median_hours) })),
    kpi('dash-kpi-sla', t('dash.kpi_sla'), fmtPct(m.sla.resolution.compliance), m.sla.resolution.compliance,
      t('dash.kpi_breaches', { n: m.sla_breaches })));
}

function chartImage(name, period) {
  const src = '/api/v1/metrics/charts/' + name + qs({ period, lang: getLang(), format: 'svg' });
  const img = h('img', { src, alt: t('dash.chart_' + name), width: 520, height: 260, class: 'chart-img',
    testid: name === 'trend' ? 'dash-trend-svg' : 'dash-chart-img', 'data-chart': name, decoding: 'async' });
  const fig = h('figure', { class: 'chart-fig', testid: 'dash-chart', 'data-chart': name }, img);
  img.addEventListener('error', () => {
    fig.setAttribute('data-failed', '');
    fig.replaceChildren(h('p', { class: 'muted' }, t('dash.chart_failed')));
  });
  img.addEventListener('load', () => fig.setAttribute('data-loaded', ''));
  return fig;
}

function periodPicker(period) {
  const kind = periodKind(period) === 'quarter' ? 'quarter' : 'month';
  const kindSel = h('select', { testid: 'dash-period-kind', 'aria-label': t('dash.period_kind') },
    options([['month', t('periodic.kind_month')], ['quarter', t('periodic.kind_quarter')]], kind));
  const choices = periodChoices(kind, kind === 'month' ? 12 : 8);
  if (!choices.includes(period)) choices.push(period);
  const sel = h('select', { testid: 'dash-period', 'aria-label': t('dash.period') },
    options(choices.map((p) => [p, periodLabel(p)]), period));
  const go = (p) => navigate('#/dashboard?' + new URLSearchParams({ period: p }));
  kindSel.addEventListener('change', () => go(periodChoices(kindSel.value, 1)[0]));
  sel.addEventListener('change', () => go(sel.value));
  return h('div', { class: 'dash-period', testid: 'dash-period-picker' },
    h('label', {}, t('dash.period')), kindSel, sel,
    h('a', { href: '#/periodic', class: 'btn-link', testid: 'dash-periodic-link' }, t('dash.to_periodic')));
}

export async function render(ctx) {
  const asked = ctx.params.get('period') || '';
  const period = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/.test(asked) ? asked : periodChoices('month', 1)[0];
  const box = (testid, title) => section(title, testid, h('p', { class: 'muted' }, t('common.loading')));
  const figures = box('dash-figures', t('dash.figures', { period: periodLabel(period) }));
  const byPrio = box('dash-open-by-priority', t('dash.by_priority'));
  const byStatus = box('dash-by-status', t('dash.by_status'));
  const newReports = box('dash-new-reports', t('dash.new_reports'));
  const myTasks = box('dash-my-tasks', t('dash.my_tasks'));
  const recent = box('dash-recent', t('dash.recent'));
  const trend = section(t('dash.trend'), 'dash-trend', chartImage('trend', period));
  const charts = section(t('dash.charts'), 'dash-charts',
    h('div', { class: 'chart-grid' }, CHARTS.filter((n) => n !== 'trend').map((n) => chartImage(n, period))));
  mount(ctx.root, h('div', { testid: 'view-dashboard', class: 'view', 'data-period': period },
    h('div', { class: 'dash-head' }, h('h1', {}, t('nav.dashboard')), periodPicker(period)),
    figures, h('div', { class: 'dash-grid' }, byPrio, byStatus, newReports, myTasks), trend, charts, recent));
  const fill = (sec, ...c) => { sec.replaceChildren(sec.firstChild, ...c); };
  const tasks = [];

  tasks.push((async () => {
    const m = await get('/metrics' + qs({ period }));
    if (ctx.stale()) return;
    fill(figures, kpis(m));
    const counts = (keys, list, label, hrefFor) => h('ul', { class: 'counts' }, keys.map((k) => h('li', {},
      h('a', { href: hrefFor(k) }, label(k)), h('span', { class: 'count', 'data-key': k }, String(count(list, k))))));
    fill(byPrio, counts(PRIORITIES, m.backlog.by_priority, priorityLabel,
      (k) => '#/incidents?' + new URLSearchParams({ status: OPEN, priority: k })),
    h('p', { class: 'muted small' }, t('dash.by_priority_note')));
    fill(byStatus, counts(STATUSES, m.by_status, statusLabel, (k) => '#/incidents?status=' + k),
      h('p', { class: 'muted small' }, t('dash.by_status_note')));
    const title = newReports.firstChild;
    title.replaceChildren(t('dash.new_reports'), ' ', badge('waiting', String(m.now.reports_waiting_triage),
      { testid: 'dash-waiting-count' }));
  })());
  tasks.push((async () => {
    const r = await get('/reports' + qs({ state: 'new', limit: 10, sort: 'received_at' }));
    if (ctx.stale()) return;
    fill(newReports, r.items.length ? h('ul', { class: 'plain' }, r.items.map((x) => h('li', {},
      h('a', { href: '#/reports/' + x.id }, x.key), ' ', h('span', { class: 'subject' }, x.subject), ' ', h('span', { class: 'muted small' }, fmtDateTime(x.received_at)))))
      : h('p', { class: 'muted' }, t('reports.empty')), h('p', {}, h('a', { href: '#/reports' }, t('dash.all_reports'))));
  })());
  tasks.push((async () => {
    // Tasks have no cross-incident list: scan my open incidents.
    const mine = await get('/incidents' + qs({ status: OPEN, assignee: session.user.id, limit: 30, sort: '-updated_at' }));
    const lists = await Promise.all(mine.items.map((i) => get('/incidents/' + i.id + '/tasks' + qs({ limit: 200 })).then((r) => r.items.map((x) => ({ ...x, inc: i })))));
    if (ctx.stale()) return;
    const open = lists.flat().filter((x) => !x.done && (x.assignee_id === session.user.id || !x.assignee_id));
    fill(myTasks, open.length ? h('ul', { class: 'plain' }, open.slice(0, 15).map((x) => h('li', {},
      h('a', { href: '#/incidents/' + x.incident_id }, x.inc.key), ' ', h('span', {}, x.title))))
      : h('p', { class: 'muted' }, t('tasks.none')));
  })());
  tasks.push((async () => {
    const r = await get('/incidents' + qs({ sort: '-updated_at', limit: 10 }));
    if (ctx.stale()) return;
    fill(recent, h('ul', { class: 'plain' }, r.items.map((i) => h('li', {},
      h('a', { href: '#/incidents/' + i.id }, i.key), ' ', h('span', { class: 'subject' }, i.title), ' ',
      badge('status-' + i.status, statusLabel(i.status)), ' ', h('span', { class: 'muted small' }, fmtDateTime(i.updated_at))))));
  })());
  await Promise.all(tasks.map((p) => p.catch(showError)));
}
