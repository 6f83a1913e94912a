// Strings: web/i18n/{ja,en}.json. Japanese when the browser prefers it,
// switchable, remembered in localStorage.
const KEY = 'hikeshi.lang';
const dicts = {};
let lang = 'ja';

export function detectLang() {
  const saved = localStorage.getItem(KEY);
  if (saved === 'ja' || saved === 'en') return saved;
  const prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  for (const p of prefs) {
    const l = String(p).toLowerCase();
    if (l.startsWith('ja')) return 'ja';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

export async function loadI18n() {
  const [ja, en] = await Promise.all(['ja', 'en'].map((l) =>
    fetch('/i18n/' + l + '.json', { credentials: 'same-origin' }).then((r) => r.json())));
  dicts.ja = ja; dicts.en = en;
  setLang(detectLang(), false);
}

export function setLang(l, remember = true) {
  lang = l === 'en' ? 'en' : 'ja';
  if (remember) localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
}
export function getLang() { return lang; }

// t('key', {n: 3}) → string with {n} replaced.
export function t(key, vars) {
  let s = (dicts[lang] && dicts[lang][key]);
  if (s === undefined) s = (dicts.en && dicts.en[key]);
  if (s === undefined) s = key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
  return s;
}
