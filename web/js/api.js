// Fetch wrapper for the public JSON API.
let csrfToken = null;
let onUnauthorized = () => {};

export function setCsrf(t) { csrfToken = t; }
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem || {};
    const t = (problem && problem.type) || '';
    this.slug = t.includes('/problems/') ? t.slice(t.lastIndexOf('/') + 1) : t;
    this.errors = (problem && Array.isArray(problem.errors)) ? problem.errors : [];
  }
}

export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.version !== undefined) headers['If-Match'] = '"' + opts.version + '"';
  let res;
  try {
    res = await fetch('/api/v1' + path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { title: String(e && e.message || e), type: 'network' });
  }
  if (res.status === 204) return null;
  let data = null;
  const ct = res.headers.get('content-type') || '';
  if (ct.includes('json')) {
    try { data = await res.json(); } catch (e) {
      // a cut-off body: an answer we did not get, not an empty one
      if (res.ok) throw new ApiError(0, { title: String(e && e.message || e), type: 'network' });
      data = null;
    }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && !opts.noAuthRedirect) onUnauthorized(err);
    throw err;
  }
  return data;
}

export const get = (p, o) => api('GET', p, undefined, o);
export const post = (p, b, o) => api('POST', p, b, o);
export const patch = (p, b, version, o) => api('PATCH', p, b, { ...(o || {}), version });
export const del = (p, o) => api('DELETE', p, undefined, o);

export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, v);
  const s = u.toString();
  return s ? '?' + s : '';
}

// Fetch every page of a list (bounded).
export async function getAll(path, params, maxPages = 50) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < maxPages; i++) {
    const r = await get(path + qs({ ...params, limit: 200, cursor }));
    items.push(...r.items);
    if (!r.next_cursor) break;
    cursor = r.next_cursor;
  }
  return items;
}

// A file from the API (a rendered report): { blob, filename } from the
// Content-Disposition, or an ApiError with the problem's field errors.
export async function download(method, path, body) {
  const headers = { Accept: '*/*' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch('/api/v1' + path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { title: String(e && e.message || e), type: 'network' });
  }
  if (!res.ok) {
    let data = null;
    if ((res.headers.get('content-type') || '').includes('json')) { try { data = await res.json(); } catch { data = null; } }
    const err = new ApiError(res.status, data);
    if (res.status === 401) onUnauthorized(err);
    throw err;
  }
  const m = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '');
  return { blob: await res.blob(), filename: m ? m[1] : 'download', type: res.headers.get('content-type') || '' };
}
