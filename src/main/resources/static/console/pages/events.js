// Events: filters, a cursor-paged table, an event's detail (JSON tree and its provenance), CSV export.
import {h, fill, field, select, table, loading, empty, errorBox, utc, number} from '../dom.js';
import {get, call} from '../api.js';
import {jsonTree} from '../jsontree.js';
import {openDrawer} from '../drawer.js';
import {toCsv, download} from '../csv.js';
import {CLASSES, SEVERITIES, severity} from '../ocsf.js';
import {rangeControls, resolve} from '../range.js';

const EXPORT_LIMIT = 10000;
const FILTERS = ['class_uid', 'severity_id_min', 'account', 'region', 'source'];

/** What the table shows of an event (also the CSV's columns). */
export const COLUMNS = [
  {label: 'Time (UTC)', class: 'time', value: e => utc(e.time), csv: e => (e.time ? new Date(e.time).toISOString() : '')},
  {label: 'Class', value: e => e.class_name || CLASSES[e.class_uid] || e.class_uid},
  {label: 'Severity', value: e => severity(e.severity_id)},
  {label: 'Account', value: e => lake(e).account || (e.cloud && e.cloud.account && e.cloud.account.uid)},
  {label: 'Region', value: e => lake(e).region || (e.cloud && e.cloud.region)},
  {label: 'Source', value: e => lake(e).source},
  {label: 'Summary', class: 'summary', value: e => summary(e)},
  {label: 'Event uid', class: 'uid', value: e => lake(e).event_uid || (e.metadata && e.metadata.uid)},
];

const lake = (e) => e._lake || {};

function summary(e) {
  const pick = [e.message, e.finding_info && e.finding_info.title, e.api && e.api.operation,
    e.query && e.query.hostname, e.actor && e.actor.user && e.actor.user.name,
    e.src_endpoint && e.src_endpoint.ip && `${e.src_endpoint.ip} → ${(e.dst_endpoint && e.dst_endpoint.ip) || ''}`];
  return pick.find(v => v) || '';
}

/** The API's filter parameters from the page's parameters. */
function filters(params) {
  const state = {range: params.get('range') || '7d', from: params.get('from') || '', to: params.get('to') || ''};
  const range = resolve(state.range, state.from, state.to);
  const q = {};
  if (range) { q.from = range.from; q.to = range.to; }
  for (const f of FILTERS) if (params.get(f)) q[f] = params.get(f);
  return {state, range, q};
}

export function render(view, params, {navigate, notify}) {
  const {state, range, q} = filters(params);
  const controls = rangeControls('events', state);
  const cls = select('events-class', [['', 'Any class'], ...Object.entries(CLASSES).map(([k, v]) => [k, `${v} (${k})`])], q.class_uid || '');
  const sev = select('events-severity', [['', 'Any severity'], ...Object.entries(SEVERITIES).filter(([k]) => k > 0 && k < 7)
      .map(([k, v]) => [k, `${v} or higher`])], q.severity_id_min || '');
  const text = (id, value, extra = {}) => h('input', {id, type: 'text', value: value || '', ...extra});
  const account = text('events-account', q.account, {inputmode: 'numeric', pattern: '\\d{12}', placeholder: '12 digits'});
  const region = text('events-region', q.region, {placeholder: 'us-east-1'});
  const source = text('events-source', q.source, {placeholder: 'CLOUD_TRAIL_MGMT'});
  const form = h('form', {class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    navigate({...controls.read(), class_uid: cls.value, severity_id_min: sev.value, account: account.value.trim(),
      region: region.value.trim(), source: source.value.trim()});
  }}, controls.elements, field('Class', cls), field('Minimum severity', sev), field('Account', account),
  field('Region', region), field('Source', source), h('button', {type: 'submit'}, 'Filter'));

  const count = h('p', {class: 'meta', 'data-testid': 'event-count'});
  const results = h('div', {}, loading('events'));
  const pager = h('div', {class: 'pager'});
  const exportButton = h('button', {type: 'button', class: 'secondary', onclick: () => exportCsv(q, exportButton, notify)}, 'Export CSV');
  fill(view, h('h1', {}, 'Events'), form, h('div', {class: 'row'}, count, exportButton), results, pager);
  if (!range) {
    fill(results, h('p', {class: 'error', role: 'alert'}, 'Choose a custom range: a start before its end.'));
    return;
  }
  get('/events/count', q).then(c => { count.textContent = `${number(c.count)} events match`; })
      .catch(e => { count.textContent = ''; });

  // cursor paging: the cursors of the pages before this one are kept to go back
  const cursors = [null];
  const load = async (index) => {
    fill(results, loading('events'));
    fill(pager);
    try {
      const page = await get('/events', {...q, limit: 50, cursor: cursors[index]});
      cursors[index + 1] = page.next_cursor;
      fill(results, page.items.length === 0 ? empty('No events match these filters.')
        : table('Events', COLUMNS, page.items, {onOpen: showEvent, rowLabel: e => `event ${lake(e).event_uid || ''}`}));
      fill(pager, h('button', {type: 'button', class: 'secondary', disabled: index === 0, onclick: () => load(index - 1)}, 'Previous page'),
          h('span', {class: 'meta'}, `Page ${index + 1}`),
          h('button', {type: 'button', class: 'secondary', id: 'events-next', disabled: !page.next_cursor, onclick: () => load(index + 1)}, 'Next page'));
    } catch (e) {
      fill(results, errorBox(e, 'events'));
    }
  };
  load(0);
}

/** One event's detail: provenance first, then the whole event as a tree. */
export async function showEvent(e) {
  const uid = lake(e).event_uid || (e.metadata && e.metadata.uid);
  const body = h('div', {}, loading('the event'));
  openDrawer(`Event ${uid || ''}`, body);
  let event = e;
  try {
    if (uid) event = await call(`/events/${encodeURIComponent(uid)}`);
  } catch (err) {
    fill(body, errorBox(err, 'the event'));
    return;
  }
  const l = lake(event);
  fill(body, h('h3', {}, 'Where it came from'),
      h('dl', {class: 'facts', 'data-testid': 'provenance'},
          h('dt', {}, 'Bucket'), h('dd', {}, l.bucket || ''),
          h('dt', {}, 'Key'), h('dd', {class: 'uid'}, l.key || ''),
          h('dt', {}, 'Account'), h('dd', {}, l.account || ''),
          h('dt', {}, 'Source'), h('dd', {}, l.source || ''),
          h('dt', {}, 'Ingested'), h('dd', {}, utc(l.ingested_at))),
      h('h3', {}, 'Event'), jsonTree(event, {open: 2}));
}

/** Walks the filtered pages (up to EXPORT_LIMIT rows) and downloads them as CSV. */
async function exportCsv(q, button, notify) {
  button.disabled = true;
  const rows = [];
  let cursor = null;
  try {
    do {
      notify(`Exporting… ${number(rows.length)} rows`);
      const page = await get('/events', {...q, limit: 1000, cursor});
      rows.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor && rows.length < EXPORT_LIMIT);
    download(`events-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`, toCsv(COLUMNS, rows.slice(0, EXPORT_LIMIT)));
    notify(`Exported ${number(Math.min(rows.length, EXPORT_LIMIT))} rows${cursor ? ` (the first ${number(EXPORT_LIMIT)}; narrow the filters for the rest)` : ''}.`);
  } catch (e) {
    notify(`Export failed: ${e.message}`, 'error');
  } finally {
    button.disabled = false;
  }
}
