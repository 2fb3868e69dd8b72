// Overview: events over time stacked by a column, top values, ingestion health, open incidents by severity.
import {h, fill, field, select, loading, empty, errorBox, number, utc} from '../dom.js';
import {get, listing} from '../api.js';
import {stackedChart} from '../chart.js';
import {label, severity} from '../ocsf.js';
import {rangeControls, resolve} from '../range.js';

const BY = [['category_uid', 'Category'], ['class_uid', 'Class'], ['severity_id', 'Severity'], ['source', 'Source']];
const TOP = [['src_endpoint.ip', 'Source IPs'], ['actor.user.name', 'Users'], ['api.operation', 'API operations'],
  ['finding_info.title', 'Finding titles']];

export function render(view, params, {navigate}) {
  performance.clearMarks();
  performance.mark('overview:start');
  const state = {range: params.get('range') || '24h', from: params.get('from') || '', to: params.get('to') || '',
    by: params.get('by') || 'category_uid'};
  const range = resolve(state.range, state.from, state.to);
  const controls = rangeControls('overview', state);
  const by = select('overview-by', BY, state.by);
  const form = h('form', {class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    navigate({...controls.read(), by: by.value});
  }}, controls.elements, field('Stack by', by), h('button', {type: 'submit'}, 'Show'));

  const timeline = h('section', {class: 'panel wide', 'aria-labelledby': 'timeline-h'},
      h('h2', {id: 'timeline-h'}, 'Events over time'), loading('the timeline'));
  const tops = TOP.map(([f, title]) => h('section', {class: 'panel', 'aria-label': title}, h('h2', {}, title), loading(title.toLowerCase())));
  const health = h('section', {class: 'panel', 'aria-labelledby': 'health-h'}, h('h2', {id: 'health-h'}, 'Ingestion health'), loading('the ledger'));
  const incidents = h('section', {class: 'panel', 'aria-labelledby': 'inc-h'}, h('h2', {id: 'inc-h'}, 'Open incidents'), loading('incidents'));
  fill(view, h('h1', {}, 'Overview'), form,
      range ? null : h('p', {class: 'error', role: 'alert'}, 'Choose a custom range: a start before its end.'),
      h('div', {class: 'grid'}, timeline, ...tops, health, incidents));
  if (!range) return;
  const span = {from: range.from, to: range.to};
  const rangeText = `${utc(range.from)} – ${utc(range.to)}`;

  const timelineDone = get('/stats/timeline', {...span, interval: range.interval, by: state.by}).then(t => {
    const times = t.buckets.map(b => Date.parse(b.start) / 1000);
    // OCSF ids stack in their order (severity rises upwards); sources by their share, the largest at the bottom
    const keys = [...new Set(t.buckets.flatMap(b => Object.keys(b.counts || {})))]
        .sort(state.by === 'source' ? (a, b) => total(t, b) - total(t, a) : (a, b) => Number(a) - Number(b));
    const series = keys.map(k => ({label: label(state.by, k), values: t.buckets.map(b => (b.counts || {})[k] || 0)}));
    const sum = t.buckets.reduce((a, b) => a + b.count, 0);
    fill(timeline, h('h2', {id: 'timeline-h'}, 'Events over time'),
        h('p', {class: 'meta'}, `${number(sum)} events, ${rangeText}, per ${t.interval}`),
        sum === 0 ? empty('No events in this range.')
          : stackedChart({title: `Events per ${t.interval} by ${BY.find(b => b[0] === state.by)[1].toLowerCase()}`,
            times, series, mark: 'overview:timeline-drawn'}));
    if (sum === 0) performance.mark('overview:timeline-drawn');
  }).catch(e => fill(timeline, h('h2', {id: 'timeline-h'}, 'Events over time'), errorBox(e, 'the timeline')));

  const topsDone = TOP.map(([f, title], i) => get('/stats/top', {...span, field: f, limit: 10}).then(t => {
    const max = Math.max(1, ...t.values.map(v => v.count));
    fill(tops[i], h('h2', {}, title), t.values.length === 0 ? empty('None in this range.')
      : h('ol', {class: 'bars'}, t.values.map(v => {
        const bar = h('span', {class: 'bar'});
        bar.style.width = `${Math.round(100 * v.count / max)}%`;
        return h('li', {}, h('span', {class: 'bar-label'}, v.value), h('span', {class: 'bar-count'}, number(v.count)), bar);
      })));
  }).catch(e => fill(tops[i], h('h2', {}, title), errorBox(e, title.toLowerCase()))));

  // every panel has its data (or its message): what the benchmark reads besides the timeline drawn
  Promise.allSettled([timelineDone, ...topsDone, ingestion(health), openIncidents(incidents)])
      .then(() => performance.mark('overview:panels-done'));
}

function total(t, key) {
  return t.buckets.reduce((a, b) => a + ((b.counts || {})[key] || 0), 0);
}

/** Counts of the latest ledger rows per status and the lag of the latest finished objects. */
async function ingestion(panel) {
  const head = h('h2', {id: 'health-h'}, 'Ingestion health');
  try {
    const statuses = ['done', 'failed', 'retrying', 'processing'];
    const pages = await Promise.all(statuses.map(s => get('/ingest/objects', {status: s, limit: 1000})));
    const rows = pages[0].items;
    const lags = rows.filter(r => r.finished_at && (r.notified_at || r.first_seen_at)).slice(0, 100)
        .map(r => Date.parse(r.finished_at) - Date.parse(r.notified_at || r.first_seen_at)).sort((a, b) => a - b);
    const count = (p) => `${number(p.items.length)}${p.next_cursor ? '+' : ''}`;
    const last = rows[0];
    fill(panel, head, h('dl', {class: 'facts'},
        statuses.flatMap((s, i) => [h('dt', {}, `Objects ${s}`), h('dd', {'data-status': s}, count(pages[i]))]),
        h('dt', {}, 'Unassigned'), h('dd', {}, 'belong to no tenant: the admin sees and replays them'),
        h('dt', {}, 'Lag (median of last 100)'), h('dd', {}, lags.length ? seconds(lags[Math.floor(lags.length / 2)]) : '–'),
        h('dt', {}, 'Lag (max of last 100)'), h('dd', {}, lags.length ? seconds(lags[lags.length - 1]) : '–'),
        h('dt', {}, 'Last object stored'), h('dd', {}, last ? utc(last.finished_at) : 'none yet')));
  } catch (e) {
    fill(panel, head, errorBox(e, 'the ledger'));
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function openIncidents(panel) {
  const head = h('h2', {id: 'inc-h'}, 'Open incidents');
  try {
    // open = New, In Progress, On Hold (merged incidents are not listed); the 1000 most recently active
    const page = await listing('/incidents', {params: {status: 'open', limit: 1000}});
    const by = {};
    page.items.forEach(i => { by[i.severity_id] = (by[i.severity_id] || 0) + 1; });
    const ids = Object.keys(by).map(Number).sort((a, b) => b - a);
    const more = page.next_cursor ? ' (of the 1,000 most recently active)' : '';
    fill(panel, head, ids.length === 0 ? empty('No open incidents.')
      : h('dl', {class: 'facts', 'data-testid': 'open-incidents'}, ids.flatMap(s => [h('dt', {}, severity(s)),
        h('dd', {}, `${number(by[s])}${more}`)])),
        h('p', {}, h('a', {href: '#/incidents'}, 'The incident queue')));
  } catch (e) {
    fill(panel, head, errorBox(e, 'Incidents'));
  }
}

