// Intel feeds (the admin key): every threat-intelligence feed with its source, state, counts per type, last poll and
// last error; add a feed (read from the next poll on) and delete one the API added (a configured one is refused).
import {h, fill, field, select, table, loading, empty, errorBox} from '../dom.js';
import {get, call} from '../api.js';
import {FEED_COLUMNS} from './intel.js';

const KINDS = [['stix', 'STIX 2.1 bundle'], ['taxii', 'TAXII 2.1 collection'], ['list', 'Plain list'], ['csv', 'CSV']];
const TYPES = [['', '(from the feed)'], ...['ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'md5', 'sha-1', 'sha-256', 'email-addr']
    .map(t => [t, t])];

export function render(view) {
  const list = h('section', {'aria-labelledby': 'feeds-h'}, h('h2', {id: 'feeds-h'}, 'Feeds'), loading('the feeds'));
  const message = h('p', {role: 'status', class: 'message', 'data-testid': 'feeds-message'});
  const reload = () => get('/admin/intel/feeds').then(r => {
    const items = r.items || [];
    fill(list, h('h2', {id: 'feeds-h'}, 'Feeds'), items.length === 0 ? empty('No feeds are configured or added.')
      : table('Feeds', [
        ...FEED_COLUMNS.slice(0, 3),
        {label: 'Source', class: 'summary', value: f => f.source || ''},
        ...FEED_COLUMNS.slice(3),
        {label: 'Remove', value: f => h('button', {type: 'button', class: 'secondary', 'aria-label': `Delete feed ${f.name}`,
          onclick: () => remove(f.name, message, reload)}, 'Delete')},
      ], items));
  }).catch(e => fill(list, h('h2', {id: 'feeds-h'}, 'Feeds'), errorBox(e, 'the feeds')));
  fill(view, h('h1', {}, 'Intel feeds'), message, list, addForm(message, reload));
  reload();
}

async function remove(name, message, reload) {
  try {
    await call(`/admin/intel/feeds/${encodeURIComponent(name)}`, {method: 'DELETE'});
    message.textContent = `Feed ${name} deleted: its indicators stop matching at the next poll.`;
  } catch (err) {
    message.textContent = `Feed ${name} not deleted: ${err.detail || err.message}`;
  }
  reload();
}

function addForm(message, reload) {
  const text = (id, attrs = {}) => h('input', {id, type: 'text', spellcheck: 'false', autocomplete: 'off', ...attrs});
  const name = text('feed-name', {required: true, pattern: '[a-z0-9][a-z0-9_-]{0,62}', placeholder: 'vendor-stix'});
  const kind = select('feed-kind', KINDS, 'stix');
  const url = text('feed-url', {type: 'url', required: true, placeholder: 'https://intel.example.com/indicators.json'});
  const collection = text('feed-collection', {placeholder: 'TAXII: collection id or title'});
  const tenant = text('feed-tenant', {placeholder: 'empty: shared by every tenant'});
  const interval = text('feed-interval', {placeholder: '1h (1m to 7d)'});
  const type = select('feed-type', TYPES, '');
  const column = text('feed-column', {placeholder: 'CSV: the column of the value'});
  const confidence = h('input', {id: 'feed-confidence', type: 'number', min: 0, max: 100, placeholder: '0–100'});
  const severity = h('input', {id: 'feed-severity', type: 'number', min: 1, max: 6, placeholder: 'from the confidence'});
  return h('section', {class: 'panel', 'aria-labelledby': 'feed-add-h'}, h('h2', {id: 'feed-add-h'}, 'Add a feed'),
      h('p', {}, 'An HTTPS feed without credentials (one that needs them, or a file, is configured in the settings). '
        + 'Every replica reads it from its next poll on.'),
      h('form', {class: 'filters', onsubmit: async (e) => {
        e.preventDefault();
        const body = {name: name.value.trim(), kind: kind.value, url: url.value.trim()};
        const optional = {collection: collection.value.trim(), tenant: tenant.value.trim(), interval: interval.value.trim(),
          type: type.value, column: column.value.trim()};
        for (const [k, v] of Object.entries(optional)) if (v) body[k] = v;
        if (confidence.value !== '') body.confidence = Number(confidence.value);
        if (severity.value !== '') body.severity = Number(severity.value);
        try {
          await call('/admin/intel/feeds', {method: 'POST', body});
          message.textContent = `Feed ${body.name} added: read from the next poll on.`;
          reload();
        } catch (err) {
          message.textContent = `Feed not added: ${err.detail || err.message}`;
        }
      }}, field('Name', name), field('Kind', kind), field('URL', url), field('Collection', collection),
      field('Tenant', tenant), field('Interval', interval), field('Type', type), field('Column', column),
      field('Confidence', confidence), field('Severity', severity), h('button', {type: 'submit', id: 'feed-add'}, 'Add feed')));
}
