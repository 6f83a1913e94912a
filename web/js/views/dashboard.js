import { h, s, mount } from '../dom.js';
import { get, getAll, qs } from '../api.js';
import { t } from '../i18n.js';
import { fmtDateTime, fmtMonth, zonedYearMonth, zonedToIso, STATUSES, PRIORITIES, statusLabel, priorityLabel } from '../format.js';
import { session, taxonomy, taxLabel } from '../state.js';
import { showError, section, badge } from '../ui.js';
import { OPEN } from './incidents.js';

export async function render(ctx) {
  const box = (testid, title) => section(title, testid, h('p', { class: 'muted' }, t('common.loading')));
  const byPrio = box('dash-open-by-priority', t('dash.by_priority'));
  const byStatus = box('dash-open-by-status', t('dash.by_status'));
  const newReports = box('dash-new-reports', t('dash.new_reports'));
  const myTasks = box('dash-my-tasks', t('dash.my_tasks'));
  const recent = box('dash-recent', t('dash.recent'));
  const trend = box('dash-trend', t('dash.trend'));
  mount(ctx.root, h('div', { testid: 'view-dashboard', class: 'view' }, h('h1', {}, t('nav.dashboard')),
    h('div', { class: 'dash-grid' }, byPrio, byStatus, newReports, myTasks), recent, trend));
  const fill = (sec, ...c) => { sec.replaceChildren(sec.firstChild, ...c); };
  const tasks = [];

  tasks.push((async () => {
    const open = await getAll('/incidents', { status: OPEN }, 20);
    if (ctx.stale()) return;
    const countBar = (keys, field, label, hrefFor) => h('ul', { class: 'counts' }, keys.map((k) => {
      const n = open.filter((i) => i[field] === k).length;
      return h('li', {}, h('a', { href: hrefFor(k) }, label(k)), h('span', { class: 'count', 'data-key': k }, String(n)));
    }));
    fill(byPrio, countBar(PRIORITIES, 'priority', priorityLabel, (k) => '#/incidents?' + new URLSearchParams({ status: OPEN, priority: k })));
    fill(byStatus, countBar(STATUSES.filter((x) => x !== 'closed'), 'status', statusLabel, (k) => '#/incidents?status=' + k));
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
  tasks.push((async () => {
    const tax = await taxonomy();
    const now = new Date();
    const [ny, nm] = zonedYearMonth(now.toISOString());
    const months = [];
    for (let k = 11; k >= 0; k--) { let y = ny, m = nm - k; while (m < 1) { m += 12; y--; } months.push([y, m]); }
    const from = zonedToIso(`${months[0][0]}-${String(months[0][1]).padStart(2, '0')}-01`);
    const items = await getAll('/incidents', { created_from: from, sort: 'created_at' }, 50);
    if (ctx.stale()) return;
    fill(trend, trendChart(items, months, tax));
  })());
  await Promise.all(tasks.map((p) => p.catch(showError)));
}

const PALETTE = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];
function trendChart(items, months, tax) {
  const idx = new Map(months.map(([y, m], i) => [y * 100 + m, i]));
  const counts = new Map();
  for (const i of items) {
    const [y, m] = zonedYearMonth(i.created_at);
    const mi = idx.get(y * 100 + m);
    if (mi === undefined) continue;
    const cls = (i.category || '').split('/')[0] || '(none)';
    if (!counts.has(cls)) counts.set(cls, new Array(12).fill(0));
    counts.get(cls)[mi]++;
  }
  let classes = [...counts.keys()].sort((a, b) => counts.get(b).reduce((x, y) => x + y) - counts.get(a).reduce((x, y) => x + y));
  if (classes.length > 7) {
    const other = new Array(12).fill(0);
    for (const c of classes.slice(7)) counts.get(c).forEach((n, i) => { other[i] += n; });
    classes = classes.slice(0, 7); counts.set('(other)', other); classes.push('(other)');
  }
  const totals = months.map((_, i) => classes.reduce((a, c) => a + counts.get(c)[i], 0));
  const step = Math.max(1, Math.ceil(Math.max(1, ...totals) / 4));
  const max = step * 4;
  const W = 760, H = 260, L = 36, B = 28, T = 10, bw = (W - L - 10) / 12;
  const label = (c) => (c === '(none)' ? t('dash.uncategorised') : c === '(other)' ? t('dash.other') : taxLabel(tax, c));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': t('dash.trend'), testid: 'dash-trend-svg' });
  svg.appendChild(s('title', {}, t('dash.trend')));
  for (let k = 0; k <= 4; k++) {
    const v = step * k, y = H - B - (H - B - T) * k / 4;
    svg.appendChild(s('line', { x1: L, x2: W - 5, y1: y, y2: y, class: 'grid' }));
    svg.appendChild(s('text', { x: L - 4, y: y + 4, class: 'axis', 'text-anchor': 'end' }, String(v)));
  }
  months.forEach(([y, m], i) => {
    let acc = 0;
    const x = L + i * bw + 4;
    classes.forEach((c, ci) => {
      const n = counts.get(c)[i];
      if (!n) return;
      const hgt = (H - B - T) * n / max;
      const r = s('rect', { x, y: H - B - (H - B - T) * acc / max - hgt, width: bw - 8, height: hgt, class: 'bar ' + PALETTE[ci % PALETTE.length] });
      r.appendChild(s('title', {}, `${fmtMonth(y, m)} ${label(c)}: ${n}`));
      svg.appendChild(r);
      acc += n;
    });
    svg.appendChild(s('text', { x: x + (bw - 8) / 2, y: H - B + 16, class: 'axis', 'text-anchor': 'middle' }, fmtMonth(y, m)));
  });
  const legend = h('ul', { class: 'legend' }, classes.map((c, ci) => h('li', {}, h('span', { class: 'swatch ' + PALETTE[ci % PALETTE.length] }), label(c) + ' (' + counts.get(c).reduce((a, b) => a + b) + ')')));
  return h('div', { class: 'chart-wrap' }, svg, legend);
}
