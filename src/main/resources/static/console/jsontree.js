// A JSON value as a collapsible tree of <details> elements; every key and value is a text node.
import {h} from './dom.js';

export function jsonTree(value, {name = null, open = 1} = {}) {
  return h('div', {class: 'json'}, node(name, value, open));
}

function node(name, value, open) {
  const key = name === null ? null : h('span', {class: 'json-key'}, `${name}: `);
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const size = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    return h('details', {open: open > 0},
        h('summary', {}, key, h('span', {class: 'json-size'}, size)),
        h('ul', {}, entries.map(([k, v]) => h('li', {}, node(k, v, open - 1)))));
  }
  const kind = value === null ? 'null' : typeof value;
  return h('span', {class: 'json-leaf'}, key, h('span', {class: `json-${kind}`}, kind === 'string' ? JSON.stringify(value) : String(value)));
}
