// Periodic reports (定期報告): pick a period, an audience, a format and a
// language, enter the meeting's security topics (one per field), and download
// the report rendered by the server (POST /api/v1/periodic-report). Also the
// period helpers the dashboard shares: periods are calendar months and
// quarters in Asia/Tokyo, as the metrics count them.
import { h, mount, options, field } from '../dom.js';
import { download } from '../api.js';
import { t, getLang } from '../i18n.js';
import { canWrite, constituencies } from '../state.js';
import { showFieldErrors, toast } from '../ui.js';

const pad = (n) => String(n).padStart(2, '0');

// [year, month 1-12] of now in Asia/Tokyo (UTC+9, no daylight saving).
export function tokyoYearMonth(now = Date.now()) {
  const d = new Date(now + 9 * 3600 * 1000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1];
}

// Period specs of a kind, newest first: "2026-11", "2026-Q4", "2026-H2", "2026".
export function periodChoices(kind, n, back = 0) {
  let [y, m] = tokyoYearMonth();
  const out = [];
  if (kind === 'month') {
    m -= back;
    for (let i = 0; i < n; i++, m--) {
      while (m < 1) { m += 12; y--; }
      out.push(`${y}-${pad(m)}`);
    }
  } else if (kind === 'quarter') {
    let q = Math.ceil(m / 3) - back;
    for (let i = 0; i < n; i++, q--) {
      while (q < 1) { q += 4; y--; }
      out.push(`${y}-Q${q}`);
    }
  } else if (kind === 'half') {
    let hh = (m > 6 ? 2 : 1) - back;
    for (let i = 0; i < n; i++, hh--) {
      while (hh < 1) { hh += 2; y--; }
      out.push(`${y}-H${hh}`);
    }
  } else {
    for (let i = 0; i < n; i++) out.push(String(y - back - i));
  }
  return out;
}

export function periodKind(spec) {
  if (/^\d{4}-\d{2}$/.test(spec)) return 'month';
  if (/^\d{4}-Q[1-4]$/.test(spec)) return 'quarter';
  if (/^\d{4}-H[12]$/.test(spec)) return 'half';
  if (/^\d{4}$/.test(spec)) return 'year';
  return null;
}

// "2026年10月" / "October 2026", "2026年 第3四半期" / "Q3 2026", ...
export function periodLabel(spec) {
  let m;
  if ((m = /^(\d{4})-(\d{2})$/.exec(spec))) return t('periodic.label_month', { year: m[1], month: String(+m[2]) });
  if ((m = /^(\d{4})-Q([1-4])$/.exec(spec))) return t('periodic.label_quarter', { year: m[1], q: m[2] });
  if ((m = /^(\d{4})-H([12])$/.exec(spec))) return t('periodic.label_half', { year: m[1], h: m[2] });
  return t('periodic.label_year', { year: spec });
}

const AUDIENCES = ['management', 'constituency', 'team', 'meeting'];
const FORMATS = ['pdf', 'html', 'csv', 'json'];
const KINDS = ['month', 'quarter', 'half', 'year'];
const TOPIC_MAX = 2000; // bytes per topic on the server; characters here are at most that
const TOPICS_MAX = 30;

function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

export async function render(ctx) {
  const writer = canWrite();
  const kind = h('select', { testid: 'periodic-kind', name: 'kind' },
    options(KINDS.map((k) => [k, t('periodic.kind_' + k)]), 'month'));
  const period = h('select', { testid: 'periodic-period', name: 'period' });
  const fillPeriods = () => {
    const choices = periodChoices(kind.value, kind.value === 'year' ? 5 : kind.value === 'month' ? 24 : 8,
      kind.value === 'month' ? 1 : 0);
    period.replaceChildren(...options(choices.map((p) => [p, periodLabel(p)]), choices[0]));
  };
  kind.addEventListener('change', fillPeriods);
  fillPeriods();

  const audience = h('select', { testid: 'periodic-audience', name: 'audience' },
    options(AUDIENCES.filter((a) => writer || a === 'constituency' || a === 'management')
      .map((a) => [a, t('periodic.audience_' + a)]), 'management'));
  const format = h('select', { testid: 'periodic-format', name: 'format' },
    options(FORMATS.map((f) => [f, t('periodic.format_' + f)]), 'pdf'));
  const lang = h('select', { testid: 'periodic-lang', name: 'lang' },
    options([['ja', '日本語'], ['en', 'English']], getLang()));
  const cons = h('select', { testid: 'periodic-constituency', name: 'constituency' },
    h('option', { value: '' }, t('periodic.all_constituencies')));

  const topicList = h('ol', { class: 'periodic-topics', testid: 'periodic-topics' });
  const addBtn = h('button', { type: 'button', class: 'btn', testid: 'periodic-topic-add' }, t('periodic.topic_add'));
  const renumber = () => {
    [...topicList.children].forEach((li, i) => li.setAttribute('data-field', `topics[${i}]`));
    addBtn.disabled = topicList.children.length >= TOPICS_MAX;
  };
  const addTopic = (text = '') => {
    const input = h('textarea', { testid: 'periodic-topic-input', rows: 2, maxlength: TOPIC_MAX,
      'aria-label': t('periodic.topic'), placeholder: t('periodic.topic_placeholder') });
    input.value = text;
    const rm = h('button', { type: 'button', class: 'btn-link', testid: 'periodic-topic-remove',
      'aria-label': t('periodic.topic_remove') }, t('periodic.topic_remove'));
    const li = h('li', { testid: 'periodic-topic' }, input, rm);
    rm.addEventListener('click', () => { li.remove(); renumber(); });
    topicList.appendChild(li);
    renumber();
    return input;
  };
  addBtn.addEventListener('click', () => addTopic().focus());
  addTopic();
  const topicsBox = h('fieldset', { class: 'periodic-topics-box', testid: 'periodic-topics-box', 'data-field': 'topics' },
    h('legend', {}, t('periodic.topics')), h('p', { class: 'muted small' }, t('periodic.topics_help')), topicList, addBtn);
  const syncTopics = () => { topicsBox.hidden = audience.value !== 'meeting'; };
  audience.addEventListener('change', syncTopics);
  syncTopics();

  const submit = h('button', { type: 'submit', class: 'btn primary', testid: 'periodic-download' }, t('periodic.download'));
  const status = h('p', { class: 'muted', testid: 'periodic-status', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { testid: 'periodic-form', class: 'card periodic-form', novalidate: true },
    h('div', { class: 'periodic-grid' },
      h('div', { 'data-field': 'period' }, field(t('periodic.kind'), kind), field(t('periodic.period'), period)),
      h('div', { 'data-field': 'audience' }, field(t('periodic.audience'), audience),
        h('p', { class: 'muted small', testid: 'periodic-audience-help' }, t('periodic.audience_help'))),
      h('div', { 'data-field': 'format' }, field(t('periodic.format'), format)),
      h('div', { 'data-field': 'lang' }, field(t('periodic.lang'), lang)),
      h('div', { 'data-field': 'constituency' }, field(t('periodic.constituency'), cons))),
    topicsBox, h('div', { class: 'actions' }, submit), status);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showFieldErrors(form, null);
    const body = { period: period.value, audience: audience.value, format: format.value, lang: lang.value };
    if (cons.value) body.constituency = Number(cons.value);
    if (audience.value === 'meeting') {
      body.topics = [...topicList.querySelectorAll('textarea')].map((x) => x.value).filter((x) => x.trim());
    }
    submit.disabled = true;
    status.textContent = t('periodic.rendering');
    try {
      const { blob, filename } = await download('POST', '/periodic-report', body);
      saveBlob(blob, filename);
      status.textContent = t('periodic.done', { file: filename });
      status.setAttribute('data-file', filename);
      toast(t('periodic.done', { file: filename }));
    } catch (e) {
      status.textContent = '';
      showFieldErrors(form, e);
    } finally {
      submit.disabled = false;
    }
  });

  mount(ctx.root, h('div', { testid: 'view-periodic', class: 'view' },
    h('h1', {}, t('periodic.title')), h('p', { class: 'muted' }, t('periodic.intro')), form));

  try {
    const list = await constituencies();
    if (ctx.stale()) return;
    cons.append(...list.map((c) => h('option', { value: c.id }, c.name)));
  } catch { /* the list is optional: every constituency in scope is the default */ }
}
