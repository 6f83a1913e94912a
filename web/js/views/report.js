import { h, mount, clear, options, field } from '../dom.js';
import { get, post, patch } from '../api.js';
import { t, getLang } from '../i18n.js';
import { fmtDateTime, LEVELS, TLPS, REJECT_REASONS, levelLabel, tlpLabel, tlpClass, priorityLabel } from '../format.js';
import { constituencies, taxonomy, matrix, taxLabel, constituencyName, canWrite } from '../state.js';
import { navigate, showError, toast, section, badge } from '../ui.js';
import { incidentPicker } from './incident.js';
import { correspondence, observablesTable, attachmentList, flagsBox, channelDetails, mailForm, mountError, CHANNEL_ICONS } from './mail.js';

export async function render(ctx) {
  const id = ctx.parts[1];
  if (!/^\d{1,12}$/.test(id || '')) throw Object.assign(new Error('not found'), { status: 404 });
  const [rep, cons, tax, cells] = await Promise.all([get('/reports/' + encodeURIComponent(id)), constituencies(), taxonomy(), matrix()]);
  if (ctx.stale()) return;

  const details = h('section', { class: 'card report' },
    h('div', { class: 'inc-title-row' }, h('span', { class: 'inc-key', testid: 'report-key' }, rep.key),
      h('h1', { class: 'inc-title', testid: 'report-subject' }, rep.subject)),
    h('div', { class: 'inc-meta' },
      badge('rstate-' + rep.state, t('rstate.' + rep.state), { testid: 'report-state', 'data-state': rep.state }),
      badge(tlpClass(rep.tlp), tlpLabel(rep.tlp)),
      rep.rejection_reason ? badge('resolution', t('reject.' + rep.rejection_reason)) : null,
      rep.incident_id ? h('a', { href: '#/incidents/' + rep.incident_id, testid: 'report-incident' }, t('report.incident_link')) : null,
      rep.duplicate_of ? h('a', { href: '#/reports/' + rep.duplicate_of, testid: 'report-duplicate-of' }, t('report.duplicate_of')) : null),
    h('dl', { class: 'kv' },
      h('dt', {}, t('field.reporter')), h('dd', { testid: 'report-reporter' }, [rep.reporter_name, rep.reporter_address && !(rep.reporter_name || '').includes(rep.reporter_address) ? '<' + rep.reporter_address + '>' : null].filter(Boolean).join(' ') || '—'),
      h('dt', {}, t('field.received_at')), h('dd', { testid: 'report-received' }, fmtDateTime(rep.received_at)),
      h('dt', {}, t('field.channel')), h('dd', { testid: 'report-channel', 'data-channel': rep.channel }, (CHANNEL_ICONS[rep.channel] || '') + ' ' + t('channel.' + rep.channel),
        rep.seen_count > 1 ? [' ', badge('seen', t('reports.seen_n', { n: rep.seen_count }), { testid: 'report-seen-count' })] : null),
      rep.lang ? [h('dt', {}, t('field.lang')), h('dd', { testid: 'report-lang' }, t('lang.' + rep.lang) === 'lang.' + rep.lang ? rep.lang : t('lang.' + rep.lang))] : null,
      h('dt', {}, t('field.constituency')), h('dd', {}, rep.constituency_id ? constituencyName(cons, rep.constituency_id) : '—')),
    flagsBox(rep.flags),
    h('pre', { class: 'report-body', testid: 'report-body' }, rep.body || ''));

  // Point of contact: details, correspondence, observables, attachments, reply.
  const mailsBox = h('div', {}, h('p', { class: 'muted' }, t('common.loading')));
  const obsBox = h('div', {}, h('p', { class: 'muted' }, t('common.loading')));
  const attBox = h('div', {}, h('p', { class: 'muted' }, t('common.loading')));
  async function loadMails() {
    try {
      const m = await get('/reports/' + rep.id + '/mails');
      if (ctx.stale()) return;
      mount(mailsBox, correspondence(m, 'report'));
    } catch (e) { mountError(mailsBox, e); }
  }
  async function loadObservables() {
    try {
      const [o, a] = await Promise.all([get('/reports/' + rep.id + '/observables'), get('/reports/' + rep.id + '/attachments')]);
      if (ctx.stale()) return;
      mount(obsBox, observablesTable(o.items));
      mount(attBox, attachmentList(a.items, 'report-attachments') || h('p', { class: 'muted', testid: 'attachments-empty' }, t('mail.no_attachments')));
    } catch (e) { mountError(obsBox, e); clear(attBox); }
  }
  const reply = canWrite() ? h('section', { class: 'card', testid: 'report-reply' }, mailForm({
    path: '/reports/' + rep.id + '/mails',
    toPlaceholder: rep.reporter_address || t('mail.to_needed'),
    subjectPlaceholder: '[' + rep.key + '] ' + rep.subject.slice(0, 200),
    title: t('mail.reply'),
    onSent: loadMails,
  })) : null;
  const contact = h('div', { class: 'contact' },
    channelDetails(rep),
    mailsBox,
    reply,
    h('section', { class: 'card', testid: 'observables-section' }, h('h2', {}, t('obs.title')), obsBox),
    h('section', { class: 'card', testid: 'attachments-section' }, h('h2', {}, t('mail.attachments')), attBox));

  const triage = (canWrite() && (rep.state === 'new' || rep.state === 'triaged')) ? triagePanel(rep, cons, tax, cells) : null;
  mount(ctx.root, h('div', { testid: 'view-report', class: 'view', 'data-id': rep.id },
    h('p', {}, h('a', { href: '#/reports' }, '← ' + t('reports.queue'))),
    h('div', { class: 'cols' }, h('div', { class: 'col-main' }, details, contact), triage ? h('div', { class: 'col-side' }, triage) : null)));
  await Promise.all([loadMails(), loadObservables()]);
}

function triagePanel(rep, cons, tax, cells) {
  const lab = (x) => (getLang() === 'ja' ? x.label_ja : x.label_en) || x.code;
  let category = null;
  const selected = h('p', { testid: 'taxonomy-selected', class: 'selected-cat', 'aria-live': 'polite' }, t('triage.no_category'));
  const search = h('input', { type: 'search', testid: 'taxonomy-search', id: 'taxonomy-search', autocomplete: 'off', placeholder: t('triage.tax_placeholder') });
  const list = h('ul', { class: 'picker tax-list', role: 'listbox', 'aria-label': t('field.category') });
  const paintTax = () => {
    const q = search.value.trim().toLowerCase();
    const items = tax.filter((x) => !q || [x.code, x.label_ja, x.label_en, x.description_ja, x.description_en].some((s) => (s || '').toLowerCase().includes(q)));
    mount(list, items.slice(0, 60).map((x) => {
      const b = h('button', { type: 'button', class: ['pick', x.parent ? 'child' : 'parent', category === x.code ? 'selected' : null], testid: 'taxonomy-option', 'data-code': x.code,
        title: (getLang() === 'ja' ? x.description_ja : x.description_en) || '' },
        x.parent ? taxLabel(tax, x.code) : lab(x), ' ', h('span', { class: 'muted small' }, x.code));
      b.addEventListener('click', () => {
        category = x.code;
        selected.textContent = t('triage.category') + ': ' + taxLabel(tax, x.code);
        selected.setAttribute('data-code', x.code);
        paintTax();
      });
      return h('li', {}, b);
    }));
  };
  search.addEventListener('input', paintTax);
  paintTax();

  const impact = h('select', { testid: 'triage-impact' }, ...options(LEVELS.map((l) => [l, levelLabel(l)]), 'medium'));
  const urgency = h('select', { testid: 'triage-urgency' }, ...options(LEVELS.map((l) => [l, levelLabel(l)]), 'medium'));
  const prio = h('output', { testid: 'triage-priority', class: 'badge' });
  const paintPrio = () => {
    const c = cells.find((x) => x.impact === impact.value && x.urgency === urgency.value);
    const p = c ? c.priority : '';
    prio.textContent = priorityLabel(p);
    prio.setAttribute('data-priority', p);
    prio.setAttribute('class', 'badge prio-' + p.toLowerCase());
  };
  impact.addEventListener('change', paintPrio); urgency.addEventListener('change', paintPrio);
  paintPrio();

  const title = h('input', { testid: 'triage-title', maxlength: '300', value: rep.subject.slice(0, 300) });
  const tlp = h('select', { testid: 'triage-tlp' }, ...options(TLPS.map((x) => [x, tlpLabel(x)]), rep.tlp || 'AMBER'));
  const con = h('select', { testid: 'triage-constituency' }, ...options(cons.map((c) => [String(c.id), constituencyName(cons, c.id)]), rep.constituency_id ? String(rep.constituency_id) : ''));
  const create = h('button', { type: 'button', class: 'btn primary', testid: 'create-incident' }, t('triage.create'));
  create.addEventListener('click', async () => {
    if (!title.value.trim()) { title.focus(); return; }
    create.disabled = true;
    try {
      const body = { report_id: rep.id, title: title.value.trim(), impact: impact.value, urgency: urgency.value, tlp: tlp.value, constituency_id: Number(con.value) };
      if (category) body.category = category;
      const inc = await post('/incidents', body);
      toast(t('triage.created', { key: inc.key }));
      navigate('#/incidents/' + inc.id);
    } catch (e) { showError(e); create.disabled = false; }
  });

  const linker = incidentPicker({
    testPrefix: 'link', confirmLabel: t('triage.link'),
    onPick: async (inc) => {
      try { await post('/reports/' + rep.id + '/link', { incident_id: inc.id }); toast(t('triage.linked', { key: inc.key })); navigate('#/incidents/' + inc.id); } catch (e) { showError(e); }
    },
  });

  const reason = h('select', { testid: 'reject-reason' }, ...options(REJECT_REASONS.map((r) => [r, t('reject.' + r)]), rep.duplicate_of ? 'duplicate' : 'false_positive'));
  const reject = h('button', { type: 'button', class: 'btn danger', testid: 'reject-submit' }, t('triage.reject'));
  reject.addEventListener('click', async () => {
    reject.disabled = true;
    try {
      await patch('/reports/' + rep.id, { state: 'rejected', rejection_reason: reason.value }, rep.version);
      toast(t('triage.rejected'));
      navigate('#/reports');
    } catch (e) {
      if (e.status === 412) { toast(t('triage.stale'), 'error'); navigate(location.hash); } else showError(e);
      reject.disabled = false;
    }
  });

  return h('div', { class: 'triage', testid: 'triage' },
    section(t('triage.classify'), 'triage-classify',
      h('label', { for: 'taxonomy-search' }, t('triage.tax_search')), search, list, selected,
      h('div', { class: 'edit-grid' }, field(t('field.impact'), impact), field(t('field.urgency'), urgency),
        h('div', { class: 'field' }, h('span', { class: 'label' }, t('field.priority')), prio))),
    section(t('triage.new_incident'), 'triage-create',
      field(t('field.title'), title, 'wide'), h('div', { class: 'edit-grid' }, field('TLP', tlp), field(t('field.constituency'), con)),
      h('div', { class: 'actions' }, create)),
    section(t('triage.link_existing'), 'triage-link', linker),
    section(t('triage.reject_title'), 'triage-reject', field(t('triage.reason'), reason), h('div', { class: 'actions' }, reject)));
}
