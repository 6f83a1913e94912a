// Bootstrap, shell and hash router.
import { h, mount, clear } from './dom.js';
import { api, get, setCsrf, setUnauthorizedHandler } from './api.js';
import { loadI18n, t, getLang, setLang } from './i18n.js';
import { setZone } from './format.js';
import { session, resetCache, isAdmin, canWrite } from './state.js';
import { navigate, setToastEl, setRouteFn, errorText } from './ui.js';
import * as loginView from './views/login.js';
import * as dashboardView from './views/dashboard.js';
import * as incidentsView from './views/incidents.js';
import * as incidentView from './views/incident.js';
import * as reportsView from './views/reports.js';
import * as reportView from './views/report.js';
import * as adminView from './views/admin.js';
import * as escalationView from './views/escalation.js';
import * as contactsView from './views/contacts.js';
import * as slaView from './views/sla.js';
import * as buildView from './views/build.js';
import * as riskView from './views/risk.js';
import * as setupView from './views/setup.js';
import * as evaluationView from './views/evaluation.js';
import * as profileView from './views/profile.js';
import * as periodicView from './views/periodic.js';

const RETURN_KEY = 'hikeshi.returnTo';
const root = document.getElementById('app');
let main, toastEl, currentCleanup = null, renderSeq = 0;

export function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const qi = raw.indexOf('?');
  const path = qi >= 0 ? raw.slice(0, qi) : raw;
  const params = new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { path, parts, params };
}

function navLink(hash, key, testid, active) {
  return h('a', { href: hash, testid, class: active ? 'active' : null, 'aria-current': active ? 'page' : null }, t(key));
}

function shell(active) {
  const langBtn = h('button', { type: 'button', testid: 'lang-toggle', 'data-lang': getLang(), class: 'btn-link',
    title: t('nav.lang_title') }, getLang() === 'ja' ? 'English' : '日本語');
  langBtn.addEventListener('click', () => { setLang(getLang() === 'ja' ? 'en' : 'ja'); route(); });
  const logout = h('button', { type: 'button', testid: 'logout', class: 'btn-link' }, t('nav.logout'));
  logout.addEventListener('click', doLogout);
  const nav = h('header', { class: 'topbar', testid: 'nav' },
    h('a', { href: '#/', class: 'brand' }, 'hikeshi'),
    h('nav', { 'aria-label': t('nav.main') },
      navLink('#/', 'nav.dashboard', 'nav-dashboard', active === 'dashboard'),
      navLink('#/incidents', 'nav.incidents', 'nav-incidents', active === 'incidents'),
      navLink('#/reports', 'nav.reports', 'nav-reports', active === 'reports'),
      canWrite() ? navLink('#/escalation', 'nav.escalation', 'nav-escalation', active === 'escalation') : null,
      navLink('#/contacts', 'nav.contacts', 'nav-contacts', active === 'contacts'),
      navLink('#/build', 'nav.build', 'nav-build', active === 'build'),
      navLink('#/evaluation', 'nav.evaluation', 'nav-evaluation', active === 'evaluation'),
      navLink('#/profile', 'nav.profile', 'nav-profile', active === 'profile'),
      navLink('#/periodic', 'periodic.nav', 'nav-periodic', active === 'periodic'),
      isAdmin() ? navLink('#/admin', 'nav.admin', 'nav-admin', active === 'admin') : null,
      isAdmin() ? navLink('#/sla', 'nav.sla', 'nav-sla', active === 'sla') : null),
    h('div', { class: 'spacer' }),
    h('span', { testid: 'current-user', class: 'who' }, session.user.display_name),
    langBtn,
    h('button', { type: 'button', class: 'btn-link', testid: 'help-open', title: t('help.title') }, '?'),
    logout);
  nav.querySelector('[data-testid=help-open]').addEventListener('click', showHelp);
  main = h('main', { id: 'main', tabindex: '-1' });
  toastEl = h('div', { testid: 'toast', class: 'toast', role: 'status', 'aria-live': 'polite', hidden: true });
  mount(root, nav, main, toastEl);
  setToastEl(toastEl);
}

async function doLogout() {
  try { await api('DELETE', '/session', undefined, { noAuthRedirect: true }); } catch { /* ignore */ }
  session.user = null; setCsrf(null); resetCache();
  sessionStorage.removeItem(RETURN_KEY);
  location.hash = '#/login';
  route();
}

function onUnauthorized() {
  if (!session.user) return;
  const { parts } = parseHash();
  if (parts[0] !== 'login') sessionStorage.setItem(RETURN_KEY, location.hash || '#/');
  session.user = null; setCsrf(null); resetCache();
  location.hash = '#/login';
}

export function loggedIn(s) {
  session.user = s.user; session.csrf = s.csrf_token;
  setCsrf(s.csrf_token);
  setZone(s.user.time_zone || 'Asia/Tokyo');
  const back = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  const target = back && !back.startsWith('#/login') ? back : '#/';
  navigate(target);
}

const ROUTES = {
  '': ['dashboard', dashboardView], dashboard: ['dashboard', dashboardView],
  incidents: ['incidents', incidentsView], reports: ['reports', reportsView], admin: ['admin', adminView],
  escalation: ['escalation', escalationView],
  contacts: ['contacts', contactsView],
  sla: ['sla', slaView],
  build: ['build', buildView],
  risk: ['build', riskView],
  setup: ['build', setupView],
  evaluation: ['evaluation', evaluationView],
  profile: ['profile', profileView],
  periodic: ['periodic', periodicView],
};

async function route() {
  const seq = ++renderSeq;
  if (currentCleanup) { try { currentCleanup(); } catch { /* ignore */ } currentCleanup = null; }
  const r = parseHash();
  if (!session.user || r.parts[0] === 'login') {
    if (session.user && r.parts[0] === 'login') { navigate('#/'); return; }
    if (!session.user && r.parts[0] !== 'login') { sessionStorage.setItem(RETURN_KEY, location.hash || '#/'); }
    setToastEl(null);
    clear(root);
    const c = h('main', { id: 'main' });
    root.appendChild(c);
    loginView.render({ root: c, onLogin: loggedIn });
    return;
  }
  let [active, view] = ROUTES[r.parts[0] || ''] || [];
  if (r.parts[0] === 'incidents' && r.parts[1]) { active = 'incidents'; view = incidentView; }
  if (r.parts[0] === 'reports' && r.parts[1]) { active = 'reports'; view = reportView; }
  shell(active);
  if (!view) { main.appendChild(h('p', { testid: 'not-found' }, t('error.not_found'))); return; }
  const ctx = { root: main, parts: r.parts, params: r.params, stale: () => seq !== renderSeq };
  try {
    const cleanup = await view.render(ctx);
    if (seq === renderSeq) currentCleanup = typeof cleanup === 'function' ? cleanup : null;
    else if (typeof cleanup === 'function') cleanup();
  } catch (e) {
    if (seq !== renderSeq || e.status === 401) return;
    console.error(e);
    main.appendChild(h('p', { class: 'error', testid: 'view-error' }, e.status === 404 ? t('error.not_found') : errorText(e)));
  }
}

// Keyboard: g i / g r / g d / g a, / search, ? help, Esc closes dialogs.
let gPending = 0;
function isTyping(ev) {
  const el = ev.target;
  return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}
function showHelp() {
  const rows = [['g d', 'help.dashboard'], ['g i', 'help.incidents'], ['g r', 'help.reports'], ['g a', 'help.admin'],
    ['/', 'help.search'], ['n', 'help.note'], ['?', 'help.help'], ['Esc', 'help.close']];
  const close = h('button', { type: 'button', testid: 'help-close', class: 'btn' }, t('common.close'));
  const dlg = h('dialog', { testid: 'help-dialog', class: 'dialog', 'aria-labelledby': 'help-title' },
    h('h2', { id: 'help-title' }, t('help.title')),
    h('table', { class: 'kbd-table' }, h('tbody', {}, rows.map(([k, d]) => h('tr', {}, h('td', {}, h('kbd', {}, k)), h('td', {}, t(d)))))),
    h('div', { class: 'actions' }, close));
  close.addEventListener('click', () => dlg.close());
  dlg.addEventListener('close', () => dlg.remove());
  document.body.appendChild(dlg);
  dlg.showModal();
  close.focus();
}
document.addEventListener('keydown', (ev) => {
  if (!session.user || ev.ctrlKey || ev.metaKey || ev.altKey || isTyping(ev)) return;
  if (document.querySelector('dialog[open]')) return;
  const k = ev.key;
  if (gPending && Date.now() - gPending < 1500) {
    gPending = 0;
    const map = { i: '#/incidents', r: '#/reports', d: '#/', a: '#/admin' };
    if (map[k]) { ev.preventDefault(); navigate(map[k]); }
    return;
  }
  if (k === 'g') { gPending = Date.now(); return; }
  if (k === '?') { ev.preventDefault(); showHelp(); return; }
  if (k === '/') {
    const s = document.querySelector('[data-shortcut=search]');
    if (s) { ev.preventDefault(); s.focus(); s.select && s.select(); }
    return;
  }
  if (k === 'n') {
    const s = document.querySelector('[data-shortcut=note]');
    if (s) { ev.preventDefault(); s.focus(); }
  }
});

async function boot() {
  await loadI18n();
  setUnauthorizedHandler(onUnauthorized);
  try {
    const s = await api('GET', '/session', undefined, { noAuthRedirect: true });
    session.user = s.user; setCsrf(s.csrf_token); setZone(s.user.time_zone || 'Asia/Tokyo');
  } catch { session.user = null; }
  setRouteFn(route);
  window.addEventListener('hashchange', route);
  route();
}
boot();
