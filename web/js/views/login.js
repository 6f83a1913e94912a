import { h, mount } from '../dom.js';
import { api } from '../api.js';
import { t, getLang, setLang } from '../i18n.js';

export function render({ root, onLogin }) {
  const user = h('input', { id: 'login-user', name: 'login', autocomplete: 'username', required: true, testid: 'login-user' });
  const pw = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, testid: 'login-password' });
  const err = h('p', { class: 'error', testid: 'login-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn primary', testid: 'login-submit' }, t('login.submit'));
  const lang = h('button', { type: 'button', class: 'btn-link', testid: 'lang-toggle', 'data-lang': getLang() }, getLang() === 'ja' ? 'English' : '日本語');
  lang.addEventListener('click', () => { setLang(getLang() === 'ja' ? 'en' : 'ja'); render({ root, onLogin }); });
  const form = h('form', { class: 'login-form', testid: 'login-form', novalidate: true },
    h('h1', {}, 'hikeshi'),
    h('p', { class: 'muted' }, t('login.subtitle')),
    h('div', { class: 'field' }, h('label', { for: 'login-user' }, t('login.user')), user),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, t('login.password')), pw),
    err,
    h('div', { class: 'actions' }, submit, lang));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.hidden = true;
    if (!user.value || !pw.value) { err.textContent = t('login.missing'); err.hidden = false; return; }
    submit.disabled = true;
    try {
      const s = await api('POST', '/session', { login: user.value, password: pw.value }, { noAuthRedirect: true });
      onLogin(s);
    } catch (e) {
      err.textContent = e.status === 429 ? t('login.too_many') : e.status === 401 ? t('login.failed') : (e.message || String(e));
      err.hidden = false;
      submit.disabled = false;
      pw.value = '';
      pw.focus();
    }
  });
  mount(root, h('div', { class: 'login-wrap', testid: 'view-login' }, form));
  user.focus();
}
