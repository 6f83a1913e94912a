// Escalation (エスカレーション): the rule editor (admins write, handlers read)
// with the "what would fire for this incident" preview, and the panel on the
// incident page listing its escalations with an acknowledge button.
import { h, mount, options, field } from '../dom.js';
import { get, post, patch, del } from '../api.js';
import { t } from '../i18n.js';
import { fmtDateTime, STATUSES, PRIORITIES, LEVELS, statusLabel, priorityLabel, levelLabel } from '../format.js';
import { isAdmin, canWrite } from '../state.js';
import { showError, toast, navigate, section, showFieldErrors, badge } from '../ui.js';

const ESC_LEVELS = [1, 2, 3, 4, 5];
const CRITS = ['low', 'medium', 'high', 'critical'];
const SLA_TARGETS = ['acknowledge', 'first_response', 'containment', 'resolution'];
const OPEN_STATUSES = STATUSES.filter((s) => s !== 'closed');

const levelName = (n) => n + ' ' + t('esc.level.' + n);
const csv = (s) => String(s || '').split(/[,、\s]+/).map((x) => x.trim()).filter(Boolean);

// A labelled control that can show the server's message for its field.
function efield(label, control, name, extra) {
  const f = field(label, control, extra);
  f.setAttribute('data-field', name);
  return f;
}

// A group of checkboxes; value() returns the checked values.
function checks(name, values, labelOf, checked) {
  const boxes = values.map((v) => h('input', { type: 'checkbox', value: v, testid: `esc-${name}-${v}`, checked: (checked || []).includes(v) }));
  const el = h('fieldset', { class: 'checks', 'data-field': 'condition.' + name },
    h('legend', {}, t('esc.cond.' + name)),
    values.map((v, i) => h('label', { class: 'check' }, boxes[i], ' ', labelOf(v))));
  return { el, value: () => boxes.filter((b) => b.checked).map((b) => b.value) };
}

function conditionText(c) {
  const parts = [];
  for (const [k, v] of Object.entries(c || {})) {
    const val = Array.isArray(v) ? v.join(', ') : String(v);
    parts.push(t('esc.cond.' + k) + ': ' + val);
  }
  return parts.length ? parts.join(' / ') : t('esc.cond.any');
}

function targetsText(x) {
  const parts = [];
  if (x.groups && x.groups.length) parts.push(t('esc.targets.groups') + ': ' + x.groups.join(', '));
  if (x.roles && x.roles.length) parts.push(t('esc.targets.roles') + ': ' + x.roles.join(', '));
  if (x.contacts && x.contacts.length) parts.push(t('esc.targets.contacts') + ': #' + x.contacts.join(', #'));
  return parts.join(' / ');
}

// The editor for a new rule (rule null) or an existing one.
function ruleForm(rule, onDone) {
  const r = rule || { level: 1, channel: 'mail', webhook_format: 'json', ack_minutes: 60, enabled: true, condition: {}, targets: {} };
  const c = r.condition || {};
  const tg = r.targets || {};
  const name = h('input', { type: 'text', testid: 'esc-name', value: r.name || '', required: true, maxlength: 200 });
  const nameEn = h('input', { type: 'text', testid: 'esc-name-en', value: r.name_en || '', maxlength: 200 });
  const level = h('select', { testid: 'esc-level' }, ...options(ESC_LEVELS.map((n) => [n, levelName(n)]), r.level));
  const prio = checks('priorities', PRIORITIES, priorityLabel, c.priorities);
  const impact = checks('impact', LEVELS, levelLabel, c.impact);
  const crit = checks('asset_criticality', CRITS, (v) => t('esc.crit.' + v), c.asset_criticality);
  const status = checks('status', OPEN_STATUSES, statusLabel, c.status);
  const breach = checks('sla_breach', SLA_TARGETS, (v) => t('esc.sla.' + v), c.sla_breach);
  const categories = h('input', { type: 'text', testid: 'esc-categories', value: (c.categories || []).join(', '), placeholder: 'fraud, information-content-security/data-leak' });
  const constituencies = h('input', { type: 'text', testid: 'esc-constituencies', value: (c.constituencies || []).join(', ') });
  const pd = h('select', { testid: 'esc-personal-data' }, ...options([['', t('esc.any')], ['true', t('common.yes')], ['false', t('common.no')]],
    c.personal_data === undefined ? '' : String(c.personal_data)));
  const minutes = h('input', { type: 'number', min: 1, testid: 'esc-minutes', value: c.minutes_in_status || '' });
  const groups = h('input', { type: 'text', testid: 'esc-groups', value: (tg.groups || []).join(', '), placeholder: 'legal, management, pr' });
  const roles = h('input', { type: 'text', testid: 'esc-roles', value: (tg.roles || []).join(', '), placeholder: 'ciso, division_head' });
  const contacts = h('input', { type: 'text', testid: 'esc-contacts', value: (tg.contacts || []).join(', ') });
  const channel = h('select', { testid: 'esc-channel' }, ...options([['mail', t('esc.channel.mail')], ['webhook', t('esc.channel.webhook')]], r.channel));
  const url = h('input', { type: 'url', testid: 'esc-webhook-url', value: r.webhook_url || '', placeholder: 'https://hooks.example.com/...' });
  const format = h('select', { testid: 'esc-webhook-format' }, ...options([['json', 'JSON'], ['slack', 'Slack'], ['teams', 'Teams']], r.webhook_format));
  const subjJa = h('input', { type: 'text', testid: 'esc-subject-ja', value: r.subject_ja || '', maxlength: 300, placeholder: '【エスカレーション レベル{{level}}】{{title}}' });
  const subjEn = h('input', { type: 'text', testid: 'esc-subject-en', value: r.subject_en || '', maxlength: 300 });
  const bodyJa = h('textarea', { testid: 'esc-body-ja', rows: 4 }, r.body_ja || '');
  const bodyEn = h('textarea', { testid: 'esc-body-en', rows: 4 }, r.body_en || '');
  const ack = h('input', { type: 'number', min: 1, max: 10080, testid: 'esc-ack-minutes', value: r.ack_minutes });
  const enabled = h('input', { type: 'checkbox', testid: 'esc-enabled', checked: r.enabled !== false });
  const save = h('button', { type: 'submit', class: 'btn primary', testid: 'esc-save' }, t('common.save'));
  const cancel = h('button', { type: 'button', class: 'btn', testid: 'esc-cancel' }, t('common.cancel'));
  const hookFields = h('div', { class: 'row' }, efield(t('esc.webhook_url'), url, 'webhook_url', 'wide'), efield(t('esc.webhook_format'), format, 'webhook_format'));
  const syncChannel = () => { hookFields.hidden = channel.value !== 'webhook'; };
  channel.addEventListener('change', syncChannel);
  syncChannel();
  const form = h('form', { class: 'form esc-form', testid: 'esc-form', novalidate: true },
    h('div', { class: 'row' }, efield(t('esc.name'), name, 'name', 'wide'), efield(t('esc.name_en'), nameEn, 'name_en', 'wide')),
    h('div', { class: 'row' }, efield(t('esc.level'), level, 'level'), efield(t('esc.ack_minutes'), ack, 'ack_minutes'),
      h('label', { class: 'check' }, enabled, ' ', t('esc.enabled'))),
    h('h3', {}, t('esc.condition')), h('p', { class: 'muted small' }, t('esc.condition_help')),
    h('div', { class: 'row' }, prio.el, impact.el, crit.el),
    h('div', { class: 'row' }, status.el, breach.el),
    h('div', { class: 'row' }, efield(t('esc.cond.categories'), categories, 'condition.categories', 'wide'),
      efield(t('esc.cond.constituencies'), constituencies, 'condition.constituencies'),
      efield(t('esc.cond.personal_data'), pd, 'condition.personal_data'),
      efield(t('esc.cond.minutes_in_status'), minutes, 'condition.minutes_in_status')),
    h('h3', {}, t('esc.targets')),
    h('div', { class: 'row' }, efield(t('esc.targets.groups'), groups, 'targets.groups', 'wide'),
      efield(t('esc.targets.roles'), roles, 'targets.roles', 'wide'), efield(t('esc.targets.contacts'), contacts, 'targets.contacts')),
    h('div', { 'data-field': 'targets' }),
    h('div', { class: 'row' }, efield(t('esc.channel'), channel, 'channel')), hookFields,
    h('h3', {}, t('esc.templates')), h('p', { class: 'muted small' }, t('esc.templates_help')),
    h('div', { class: 'row' }, efield(t('esc.subject_ja'), subjJa, 'subject_ja', 'wide'), efield(t('esc.subject_en'), subjEn, 'subject_en', 'wide')),
    h('div', { class: 'row' }, efield(t('esc.body_ja'), bodyJa, 'body_ja', 'wide'), efield(t('esc.body_en'), bodyEn, 'body_en', 'wide')),
    h('div', { class: 'actions' }, save, cancel));
  cancel.addEventListener('click', () => onDone(false));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const cond = {};
    const put = (k, v) => { if (Array.isArray(v) ? v.length : v !== '' && v !== undefined) cond[k] = v; };
    put('priorities', prio.value());
    put('impact', impact.value());
    put('asset_criticality', crit.value());
    put('status', status.value());
    put('sla_breach', breach.value());
    put('categories', csv(categories.value));
    put('constituencies', csv(constituencies.value).map(Number));
    if (pd.value) cond.personal_data = pd.value === 'true';
    if (minutes.value) cond.minutes_in_status = Number(minutes.value);
    const targets = {};
    if (csv(groups.value).length) targets.groups = csv(groups.value);
    if (csv(roles.value).length) targets.roles = csv(roles.value);
    if (csv(contacts.value).length) targets.contacts = csv(contacts.value).map(Number);
    const body = {
      name: name.value.trim(), name_en: nameEn.value.trim(), level: Number(level.value), ack_minutes: Number(ack.value),
      enabled: enabled.checked, condition: cond, targets, channel: channel.value,
      webhook_url: url.value.trim(), webhook_format: format.value,
      subject_ja: subjJa.value, subject_en: subjEn.value, body_ja: bodyJa.value, body_en: bodyEn.value,
    };
    showFieldErrors(form, null);
    save.disabled = true;
    try {
      if (rule) await patch('/escalation-rules/' + rule.id, body, rule.version);
      else await post('/escalation-rules', body);
      toast(t('common.saved'));
      onDone(true);
    } catch (e) {
      if (e.status === 412) { toast(t('admin.stale'), 'error'); onDone(true); return; }
      showFieldErrors(form, e);
    } finally { save.disabled = false; }
  });
  return form;
}

function previewBox() {
  const input = h('input', { type: 'text', testid: 'esc-preview-incident', placeholder: 'INC-2026-00001' });
  const btn = h('button', { type: 'submit', class: 'btn', testid: 'esc-preview-run' }, t('esc.preview_run'));
  const out = h('div', { testid: 'esc-preview-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'filters' }, field(t('esc.preview_incident'), input), btn);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = input.value.trim();
    if (!v) return;
    try {
      const r = await post('/escalation-rules/preview', { incident_id: /^\d+$/.test(v) ? Number(v) : v });
      const names = (xs) => xs.map((x) => x.name || x.webhook).join(', ');
      mount(out, r.items.length ? h('ul', { class: 'plain' }, r.items.map((it) => h('li', { testid: 'esc-preview-item', 'data-rule-id': it.rule_id, 'data-fired': String(it.fired) },
        h('strong', {}, it.rule), ' — ', levelName(it.level), ' ', it.fired ? badge('muted', t('esc.fired')) : null,
        h('div', { class: 'small', testid: 'esc-preview-recipients' }, t('esc.recipients') + ': ' + (names(it.recipients) || '—')),
        it.withheld.length ? h('div', { class: 'small error', testid: 'esc-preview-withheld' }, t('esc.withheld') + ': ' + names(it.withheld)) : null,
        it.no_email.length ? h('div', { class: 'small muted' }, t('esc.no_email') + ': ' + names(it.no_email)) : null)))
        : h('p', { class: 'muted', testid: 'esc-preview-none' }, t('esc.preview_none')));
    } catch (e) { showError(e); }
  });
  return section(t('esc.preview'), 'esc-preview', h('p', { class: 'muted small' }, t('esc.preview_help')), form, out);
}

export async function render(ctx) {
  const editor = h('div', {});
  const list = h('div', {}, h('p', { class: 'muted' }, t('common.loading')));
  const add = isAdmin() ? h('button', { type: 'button', class: 'btn primary', testid: 'esc-new' }, t('esc.new')) : null;
  mount(ctx.root, h('div', { testid: 'view-escalation', class: 'view' }, h('h1', {}, t('esc.title')),
    h('p', { class: 'muted' }, t('esc.intro')), add, editor, section(t('esc.rules'), 'esc-rules', list), previewBox()));
  const done = (changed) => { mount(editor); if (changed) navigate(location.hash); };
  if (add) add.addEventListener('click', () => { mount(editor, section(t('esc.new'), 'esc-editor', ruleForm(null, done))); editor.querySelector('input').focus(); });
  const data = await get('/escalation-rules');
  if (ctx.stale()) return;
  if (!data.items.length) { mount(list, h('p', { class: 'muted', testid: 'esc-rules-empty' }, t('esc.none'))); return; }
  const heads = ['esc.name', 'esc.level', 'esc.condition', 'esc.targets', 'esc.channel', 'esc.ack_minutes', ''];
  const rows = data.items.map((r) => {
    const edit = isAdmin() ? h('button', { type: 'button', class: 'btn small', testid: 'esc-edit' }, t('common.edit')) : null;
    const remove = isAdmin() ? h('button', { type: 'button', class: 'btn small danger', testid: 'esc-delete' }, t('esc.delete')) : null;
    if (edit) edit.addEventListener('click', () => { mount(editor, section(t('esc.edit'), 'esc-editor', ruleForm(r, done))); editor.scrollIntoView(); });
    if (remove) {
      remove.addEventListener('click', async () => {
        if (!window.confirm(t('esc.delete_confirm', { name: r.name }))) return;
        try { await del('/escalation-rules/' + r.id); toast(t('esc.deleted')); navigate(location.hash); } catch (e) { showError(e); }
      });
    }
    return h('tr', { testid: 'esc-rule-row', 'data-id': r.id, class: r.enabled ? null : 'muted' },
      h('td', { testid: 'esc-rule-name' }, r.name, r.enabled ? null : [' ', badge('muted', t('esc.disabled'))]),
      h('td', { class: 'nowrap', testid: 'esc-rule-level' }, levelName(r.level)),
      h('td', { class: 'small' }, conditionText(r.condition)),
      h('td', { class: 'small' }, r.channel === 'webhook' ? r.webhook_url : targetsText(r.targets)),
      h('td', {}, t('esc.channel.' + r.channel)),
      h('td', { class: 'num' }, String(r.ack_minutes)),
      h('td', { class: 'nowrap' }, edit, ' ', remove));
  });
  mount(list, h('div', { class: 'table-wrap' }, h('table', { class: 'list', testid: 'esc-rules-table' },
    h('thead', {}, h('tr', {}, heads.map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))), h('tbody', {}, rows))));
}

// The incident page's panel: its escalations, state, acknowledge button.
export async function incidentPanel(inc, root) {
  const side = root.querySelector('.col-side');
  if (!side) return;
  const box = h('div', {});
  side.prepend(box);
  const load = async () => {
    const r = await get('/incidents/' + inc.id + '/escalations');
    const items = r.items.map((e) => {
      const open = e.state === 'open' || e.state === 'climbed';
      const btn = open && canWrite() ? h('button', { type: 'button', class: 'btn small', testid: 'esc-ack' }, t('esc.ack')) : null;
      if (btn) {
        btn.addEventListener('click', async () => {
          btn.disabled = true;
          try { await post('/escalations/' + e.id + '/ack', {}); toast(t('esc.acked')); await load(); } catch (err) { showError(err); btn.disabled = false; }
        });
      }
      return h('li', { testid: 'esc-item', 'data-id': e.id, 'data-state': e.state, 'data-level': e.level },
        h('strong', {}, levelName(e.level)), ' ', badge('esc-' + e.state, t('esc.state.' + e.state), { testid: 'esc-state' }),
        h('div', { class: 'small' }, (e.rule_name || t('esc.no_rule')) + ' · ' + fmtDateTime(e.created_at)),
        e.acknowledged_by ? h('div', { class: 'small muted', testid: 'esc-acked-by' }, t('esc.acked_by', { name: e.acknowledged_by, at: fmtDateTime(e.acknowledged_at) })) : null,
        btn);
    });
    mount(box, section(t('esc.section'), 'esc-section', items.length ? h('ul', { class: 'plain' }, items) : h('p', { class: 'muted', testid: 'esc-none' }, t('esc.none_incident'))));
  };
  try { await load(); } catch (e) { if (e.status !== 404) showError(e); }
}
