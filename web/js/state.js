// Session and small per-session caches of reference data.
import { get, getAll } from './api.js';
import { getLang } from './i18n.js';

export const session = { user: null, csrf: null };
const cache = {};

export function resetCache() { for (const k of Object.keys(cache)) delete cache[k]; }

function memo(key, fn) {
  if (!cache[key]) cache[key] = fn().catch((e) => { delete cache[key]; throw e; });
  return cache[key];
}

// Users: the full list for admins; others cannot list users, so fall back to
// the caller (and names learned from journal entries).
const knownNames = new Map();
export function learnUserName(id, name) { if (id && name && !knownNames.has(id)) knownNames.set(id, name); }
export function users() {
  return memo('users', async () => {
    try { return await getAll('/users', {}); } catch (e) {
      if (e.status === 403 && session.user) return [session.user];
      throw e;
    }
  });
}
export async function userName(id) {
  if (!id) return '';
  const u = (await users()).find((x) => x.id === id);
  return u ? u.display_name : (knownNames.get(id) || ('#' + id));
}
export const constituencies = () => memo('constituencies', () => getAll('/constituencies', {}));
export const taxonomy = () => memo('taxonomy', async () => (await get('/taxonomy')).items);
export const matrix = () => memo('matrix', async () => (await get('/priority-matrix')).cells);
export function invalidate(key) { delete cache[key]; }

export function taxLabel(items, code) {
  if (!code) return '';
  const it = items.find((x) => x.code === code);
  if (!it) return code;
  const lab = (x) => (getLang() === 'ja' ? x.label_ja : x.label_en) || x.code;
  const parent = it.parent ? items.find((x) => x.code === it.parent) : null;
  return parent ? lab(parent) + ' / ' + lab(it) : lab(it);
}
export function constituencyName(list, id) {
  const c = list.find((x) => x.id === id);
  if (!c) return id ? '#' + id : '';
  return (getLang() === 'en' && c.name_en) ? c.name_en : c.name;
}
export function canWrite() { return session.user && (session.user.role === 'admin' || session.user.role === 'handler'); }
export function isAdmin() { return session.user && session.user.role === 'admin'; }
