// Building DOM from data without ever parsing data as HTML: every text goes in as a text node.

/** An element: h('a', {href: '#/x', class: 'k'}, 'text', child, [more]). Attributes are set, texts are text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name === 'value') el.value = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const loading = (what) => h('p', {class: 'loading', role: 'status'}, `Loading ${what}…`);
export const empty = (what) => h('p', {class: 'empty'}, what);

/** An API error as a message (the problem's title and detail). */
export function errorBox(error, what) {
  const detail = error && error.detail ? `: ${error.detail}` : '';
  const text = error && error.status === 404 && error.notAvailable
    ? `${what} is not available on this service.`
    : `Could not load ${what}${error && error.title ? ` (${error.status} ${error.title}${detail})` : `: ${error}`}`;
  return h('p', {class: 'error', role: 'alert'}, text);
}

/** A table in a focusable scroll box; columns: [{label, value: row => text or Node, class}]. */
export function table(caption, columns, rows, {onOpen, rowLabel} = {}) {
  const head = h('tr', {}, columns.map(c => h('th', {scope: 'col', class: c.class}, c.label)),
      onOpen ? h('th', {scope: 'col'}, h('span', {class: 'sr'}, 'Details')) : null);
  const body = rows.map(row => h('tr', {}, columns.map(c => h('td', {class: c.class}, cell(c.value(row)))),
      onOpen ? h('td', {}, h('button', {type: 'button', class: 'link', 'aria-label': `Open ${rowLabel ? rowLabel(row) : 'row'}`,
          onclick: () => onOpen(row)}, 'Open')) : null));
  return h('div', {class: 'scroll', tabindex: 0, role: 'region', 'aria-label': caption},
      h('table', {}, h('caption', {class: 'sr'}, caption), h('thead', {}, head), h('tbody', {}, body)));
}

function cell(v) {
  return v instanceof Node ? v : (v === undefined || v === null ? '' : String(v));
}

/** A labelled control: label text, then the control (its id links them). */
export function field(label, control) {
  return h('div', {class: 'field'}, h('label', {for: control.id}, label), control);
}

export function select(id, options, value) {
  return h('select', {id, name: id}, options.map(([v, text]) => h('option', {value: v, selected: String(v) === String(value)}, text)));
}

/** Epoch ms or ISO text → "2026-01-31 12:00:00Z" (the console shows UTC). */
export function utc(t) {
  if (t === undefined || t === null || t === '') return '';
  const d = typeof t === 'number' ? new Date(t) : new Date(String(t));
  return isNaN(d) ? String(t) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export const number = (n) => (n === undefined || n === null ? '' : Number(n).toLocaleString('en'));
