// Shared UI helpers: navigation, toasts, error text, small widgets.
import { h } from './dom.js';
import { t } from './i18n.js';

let toastEl = null;
let routeFn = () => {};
export function setToastEl(el) { toastEl = el; }
export function setRouteFn(fn) { routeFn = fn; }

export function navigate(hash) {
  if (location.hash === hash) routeFn(); else location.hash = hash;
}
// Change the hash without re-rendering (e.g. filters already applied).
export function replaceHash(hash) {
  history.replaceState(null, '', hash);
}

export function toast(msg, kind = 'ok') {
  if (!toastEl) return;
  toastEl.textContent = msg;
  toastEl.setAttribute('data-kind', kind);
  toastEl.hidden = false;
  clearTimeout(toastEl._t);
  toastEl._t = setTimeout(() => { toastEl.hidden = true; }, kind === 'error' ? 8000 : 4000);
}

export function errorText(e) {
  if (!e) return '';
  if (e.status === 0) return t('error.network');
  let s = t('error.http', { status: e.status }) + ': ' + (e.message || '');
  if (e.errors && e.errors.length) s += ' (' + e.errors.map((x) => (x.field || '') + ' ' + (x.message || '')).join('; ') + ')';
  return s;
}

// While the page unloads (reload, navigation away) the fetches still in
// flight are cut off; what fails then is nobody's error.
let unloading = false;
addEventListener('pagehide', () => { unloading = true; });
addEventListener('pageshow', () => { unloading = false; });

export function showError(e) {
  if (unloading || (e && e.status === 401)) return;
  console.error(e);
  toast(errorText(e), 'error');
}

// Debounce for search-as-you-type.
export function debounce(fn, ms = 250) {
  let id;
  return (...a) => { clearTimeout(id); id = setTimeout(() => fn(...a), ms); };
}

export function section(title, testid, ...children) {
  return h('section', { class: 'card', testid }, h('h2', {}, title), ...children);
}

export function badge(cls, label, attrs = {}) {
  return h('span', { class: ['badge', cls], ...attrs }, label);
}

// The field a member or element belongs to: "a[1].b" → "a[1]" → "a"; null at the top.
function parentField(name) {
  const m = /^(.*)(\[\d+\]|\.[^.[\]]+)$/.exec(name);
  return m && m[1] ? m[1] : null;
}

// Shows a 422's errors[] next to the matching [data-field] in form; the rest
// (and any other error) as a toast. opts (both optional, for forms whose rows
// come and go): resolve(err) may name the element first; with nearest, an
// error whose field has no element goes to its closest enclosing field
// ("answers.report_schedule[1].recipients[0]" → "...[1].recipients").
export function showFieldErrors(form, e, opts = {}) {
  for (const x of form.querySelectorAll('.field-error')) x.remove();
  for (const x of form.querySelectorAll('.field.invalid')) x.classList.remove('invalid');
  if (!e) return;
  const rest = [];
  const byField = (name) => [...form.querySelectorAll('[data-field]:not(.field-error)')].find((x) => x.getAttribute('data-field') === name);
  for (const err of (e.status === 422 ? e.errors : [])) {
    let f = (opts.resolve && opts.resolve(err)) || (err.field ? byField(err.field) : null);
    for (let name = err.field; !f && opts.nearest && name && (name = parentField(name));) f = byField(name);
    if (!f) { rest.push(err); continue; }
    f.classList.add('invalid');
    f.appendChild(h('p', { class: 'field-error', testid: 'field-error', 'data-field': err.field, role: 'alert' }, err.message || ''));
  }
  if (e.status !== 422 || rest.length || !e.errors.length) showError(e);
  else toast(t('admin.fix_fields'), 'error');
}
