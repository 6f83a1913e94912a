// Tiny DOM builder. Text goes in via textContent / createTextNode, attributes
// via setAttribute; "on*" and "style" attributes are refused so nothing
// attacker-controlled can become markup or a handler.

const SVG_NS = 'http://www.w3.org/2000/svg';

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    const lk = k.toLowerCase();
    if (lk.startsWith('on') || lk === 'style' || lk === 'innerhtml' || lk === 'srcdoc') {
      throw new Error('dom: refused attribute ' + k);
    }
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : String(v));
    else if (k === 'testid') el.setAttribute('data-testid', String(v));
    else if (k === 'value' && 'value' in el) el.value = String(v);
    else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'hidden' || k === 'required' || k === 'multiple') {
      el[k] = !!v; if (v) el.setAttribute(k, '');
    } else if ((k === 'href' || k === 'src' || k === 'action') && /^\s*(javascript|data|vbscript):/i.test(String(v))) {
      throw new Error('dom: refused URL scheme in ' + k);
    } else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

// h('a', {href: '#/x', testid: 'y'}, 'text', child, [more])
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

// SVG element via createElementNS.
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

export function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
export function mount(el, ...children) { clear(el); append(el, children); return el; }
export function text(el, t) { el.textContent = t == null ? '' : String(t); return el; }

// THE ONLY place HTML from outside becomes markup: the journal entry's
// body_html, rendered by the server with cmark-gfm in safe mode (raw HTML and
// unsafe links removed). Never call this with any other input. It parses via
// DOMParser into an inert document and copies only an allow-list of elements
// and attributes, as defence in depth.
const ALLOWED = new Set(['P','BR','EM','STRONG','DEL','CODE','PRE','BLOCKQUOTE','UL','OL','LI','A','H1','H2','H3','H4','H5','H6','HR','TABLE','THEAD','TBODY','TR','TH','TD','INPUT','SPAN']);
export function setServerSanitizedHtml(el, html) {
  clear(el);
  const doc = new DOMParser().parseFromString('<!doctype html><body>' + String(html || ''), 'text/html');
  const copy = (src, dst) => {
    for (const n of src.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) { dst.appendChild(document.createTextNode(n.nodeValue)); continue; }
      if (n.nodeType !== Node.ELEMENT_NODE) continue;
      if (!ALLOWED.has(n.tagName)) { copy(n, dst); continue; }
      const e = document.createElement(n.tagName.toLowerCase());
      if (n.tagName === 'A') {
        const href = n.getAttribute('href') || '';
        if (/^(https?:|mailto:|#|\/)/i.test(href)) { e.setAttribute('href', href); e.setAttribute('rel', 'noopener noreferrer nofollow'); e.setAttribute('target', '_blank'); }
      } else if (n.tagName === 'INPUT') {
        if (n.getAttribute('type') !== 'checkbox') continue;
        e.setAttribute('type', 'checkbox'); e.disabled = true; if (n.hasAttribute('checked')) e.checked = true;
      } else if (n.tagName === 'OL' && /^\d+$/.test(n.getAttribute('start') || '')) {
        e.setAttribute('start', n.getAttribute('start'));
      } else if ((n.tagName === 'TH' || n.tagName === 'TD') && /^(left|right|center)$/.test(n.getAttribute('align') || '')) {
        e.setAttribute('class', 'align-' + n.getAttribute('align'));
      }
      copy(n, e);
      dst.appendChild(e);
    }
  };
  copy(doc.body, el);
  return el;
}

// Build <option>s: items = [[value, label], ...]
export function options(items, selected) {
  return items.map(([v, l]) => h('option', { value: v, selected: String(v) === String(selected ?? '') }, l));
}

export function field(label, control, extra) {
  const id = control.id || ('f-' + Math.random().toString(36).slice(2, 9));
  control.id = id;
  return h('div', { class: ['field', extra] }, h('label', { for: id }, label), control);
}
