// チーム情報 / Team profile: the members the RFC 2350 description and the
// announcement are generated from (admins edit, PUT with If-Match), and
// links opening the generated documents (ja/en, HTML/Markdown/PDF) in a new tab.
import { h, mount, field } from '../dom.js';
import { api, get } from '../api.js';
import { t } from '../i18n.js';
import { isAdmin } from '../state.js';
import { toast, showFieldErrors } from '../ui.js';

// [member, multiline] in RFC 2350 order (src/core/rfc2350.c).
export const MEMBERS = [
  ['doc_last_update', 0], ['doc_distribution_list', 1], ['doc_locations', 1],
  ['team_name_ja', 0], ['team_name_en', 0], ['short_name', 0], ['host_organisation', 0],
  ['address', 1], ['time_zone', 0], ['telephone', 0], ['fax', 0], ['other_telecommunication', 1],
  ['email', 0], ['pgp_key_id', 0], ['pgp_fingerprint', 0], ['team_members', 1], ['other_information', 1],
  ['customer_contact', 1], ['mission_ja', 1], ['mission_en', 1], ['constituency', 1], ['sponsorship', 1],
  ['authority', 1], ['policy_incident_types', 1], ['policy_cooperation', 1], ['policy_communication', 1],
  ['service_triage', 1], ['service_coordination', 1], ['service_resolution', 1], ['service_proactive', 1],
  ['reporting_forms', 1], ['disclaimers', 1],
];
const GROUPS = [
  ['doc', ['doc_last_update', 'doc_distribution_list', 'doc_locations']],
  ['contact', ['team_name_ja', 'team_name_en', 'short_name', 'host_organisation', 'address', 'time_zone', 'telephone',
    'fax', 'other_telecommunication', 'email', 'pgp_key_id', 'pgp_fingerprint', 'team_members', 'other_information',
    'customer_contact']],
  ['charter', ['mission_ja', 'mission_en', 'constituency', 'sponsorship', 'authority']],
  ['policies', ['policy_incident_types', 'policy_cooperation', 'policy_communication']],
  ['services', ['service_triage', 'service_coordination', 'service_resolution', 'service_proactive']],
  ['other', ['reporting_forms', 'disclaimers']],
];

function docLinks() {
  const rows = [];
  for (const which of ['rfc2350', 'announcement']) {
    const links = [];
    for (const lang of ['ja', 'en']) {
      for (const format of ['html', 'md', 'pdf']) {
        const href = '/api/v1/documents/' + which + '?format=' + format + '&lang=' + lang;
        links.push(h('a', { href, target: '_blank', rel: 'noopener', class: 'btn',
          testid: 'profile-doc-' + which + '-' + lang + '-' + format }, t('profile.doc_link.' + lang + '_' + format)));
        links.push(' ');
      }
    }
    rows.push(h('div', { class: 'profile-doc', testid: 'profile-doc-' + which },
      h('h3', {}, t('profile.doc.' + which)), h('div', { class: 'actions' }, links)));
  }
  return h('section', { class: 'card', testid: 'profile-docs' }, h('h2', {}, t('profile.documents')),
    h('p', { class: 'muted' }, t('profile.documents_hint')), rows);
}

export async function render(ctx) {
  const root = ctx.root;
  let r = await get('/team-profile');
  if (ctx.stale()) return;
  const admin = isAdmin();
  const form = h('form', { testid: 'profile-form', novalidate: true });
  const paint = () => {
    const p = r.profile || {};
    const ml = Object.fromEntries(MEMBERS);
    const fieldsets = GROUPS.map(([g, names]) => h('fieldset', { class: 'profile-group' },
      h('legend', {}, t('profile.group.' + g)),
      names.map((n) => {
        const attrs = { testid: 'profile-' + n, name: n, readonly: !admin };
        const c = ml[n] ? h('textarea', { rows: '3', ...attrs }, p[n] || '') : h('input', { type: 'text', ...attrs, value: p[n] || '' });
        c.readOnly = !admin;
        return h('div', { 'data-field': 'profile.' + n, class: 'field' }, field(t('profile.f.' + n), c));
      })));
    mount(form, h('p', { class: 'muted', testid: 'profile-version', 'data-version': String(r.version) },
      admin ? t('profile.hint_admin') : t('profile.hint_readonly')),
    fieldsets,
    admin ? h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', testid: 'profile-save' },
      t('common.save'))) : null);
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!admin) return;
    const profile = {};
    for (const [n] of MEMBERS) {
      const el = form.querySelector('[name="' + n + '"]');
      if (el && el.value.trim() !== '') profile[n] = el.value;
    }
    try {
      r = await api('PUT', '/team-profile', { profile }, { version: r.version });
      showFieldErrors(form, null);
      toast(t('profile.saved'));
      paint();
    } catch (e) {
      if (e.status === 412) toast(t('profile.conflict'), 'error');
      showFieldErrors(form, e);
    }
  });
  paint();
  mount(root, h('div', { testid: 'view-profile' }, h('h1', {}, t('profile.title')), docLinks(),
    h('section', { class: 'card' }, h('h2', {}, t('profile.form_title')), form)));
}
