// Predictions: one series' observed events per hour against the expected value and its band (the next 24 h as
// forecast), the series' anomalies marked on the chart, and the tenant's anomalies of the range listed.
import {h, fill, field, select, table, loading, empty, errorBox, utc, number} from '../dom.js';
import {get, listing} from '../api.js';
import {lineChart} from '../chart.js';
import {label, severity} from '../ocsf.js';
import {rangeControls, resolve} from '../range.js';
import {showDetection} from './detections.js';

const BY = [['all', 'All events'], ['source', 'Source'], ['account', 'Account'], ['class', 'Class'], ['category', 'Category']];
/** The timeline column whose values suggest a series' values. */
const SUGGEST = {source: 'source', account: 'account', class: 'class_uid', category: 'category_uid'};
const HOUR = 3600e3;

const seriesText = (s) => (!s || s.by === 'all' ? 'all events' : `${s.by} ${s.value}`);

export function render(view, params, {navigate}) {
  const state = {range: params.get('range') || '7d', from: params.get('from') || '', to: params.get('to') || ''};
  const range = resolve(state.range, state.from, state.to);
  const controls = rangeControls('predictions', state);
  const series = {by: params.get('by') || 'all', value: params.get('value') || ''};
  const by = select('predictions-by', BY, series.by);
  const values = h('datalist', {id: 'predictions-values'});
  const value = h('input', {id: 'predictions-value', type: 'text', list: 'predictions-values', value: series.value,
    placeholder: 'e.g. VPC_FLOW, 111111111111, 3002', disabled: series.by === 'all'});
  by.addEventListener('change', () => {
    value.disabled = by.value === 'all';
    if (by.value === 'all') value.value = '';
    suggest(values, by.value, range);
  });
  const form = h('form', {class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    navigate({...controls.read(), by: by.value === 'all' ? '' : by.value, value: by.value === 'all' ? '' : value.value.trim()});
  }}, controls.elements, field('Series', by), field('Value', value), values, h('button', {type: 'submit'}, 'Show'));
  const chart = h('section', {class: 'panel wide', 'aria-labelledby': 'volume-h'}, h('h2', {id: 'volume-h'}, 'Events per hour'), loading('predictions'));
  const list = h('section', {'aria-labelledby': 'anomalies-h'}, h('h2', {id: 'anomalies-h'}, 'Anomalies'), loading('anomalies'));
  fill(view, h('h1', {}, 'Predictions'), form, chart, list);
  suggest(values, series.by, range);
  if (!range) {
    fill(chart, h('p', {class: 'error', role: 'alert'}, 'Choose a custom range: a start before its end.'));
    fill(list);
    return;
  }
  if (series.by !== 'all' && !series.value) {
    fill(chart, h('h2', {id: 'volume-h'}, 'Events per hour'), h('p', {class: 'error', role: 'alert'}, `Name the ${series.by} to show.`));
  }
  // a preset range runs to the API's default end, 24 h after the current hour: the forecast follows the past
  const span = state.range === 'custom' ? {from: range.from, to: range.to} : {from: range.from};
  const volume = series.by !== 'all' && !series.value ? Promise.resolve(null)
    : listing('/predictions/volume', {params: {...span, by: series.by, value: series.by === 'all' ? null : series.value}});
  const anomalies = anomaliesOf({from: range.from, to: state.range === 'custom' ? range.to : null});
  Promise.allSettled([volume, anomalies]).then(([v, a]) => {
    const found = a.status === 'fulfilled' ? a.value : [];
    if (v.status === 'rejected') fill(chart, h('h2', {id: 'volume-h'}, 'Events per hour'), errorBox(v.reason, 'Predictions'));
    else if (v.value) drawVolume(chart, v.value, found.filter(x => sameSeries(x.series, series)));
    fill(list, h('h2', {id: 'anomalies-h'}, 'Anomalies'),
        a.status === 'rejected' ? errorBox(a.reason, 'Anomalies')
          : found.length === 0 ? empty('No anomalies in this range.')
          : table('Anomalies', [
            {label: 'Hour (UTC)', value: x => utc(x.time)},
            {label: 'Kind', value: x => x.kind.replace('_', ' ')},
            {label: 'Series', value: x => h('a', {href: `#/predictions?${new URLSearchParams({range: state.range, from: state.from, to: state.to,
              ...(x.series && x.series.by !== 'all' ? {by: x.series.by, value: x.series.value} : {})})}`}, seriesText(x.series))},
            {label: 'Hours', value: x => number(x.hours)},
            {label: 'Observed', value: x => number(round(x.observed))},
            {label: 'Expected', value: x => number(round(x.expected))},
            {label: 'Band', value: x => (x.lower == null ? '' : `${number(round(x.lower))} – ${number(round(x.upper))}`)},
            {label: 'Severity', value: x => severity(x.severity_id)},
          ], found, {onOpen: (x) => showDetection({uid: x.detection_uid}), rowLabel: x => `the detection of ${x.kind} at ${utc(x.time)}`}));
  });
}

const round = (n) => (n == null ? null : Math.round(n * 10) / 10);
const sameSeries = (s, shown) => s && s.by === shown.by && (shown.by === 'all' || String(s.value) === String(shown.value));

/** The anomalies of the range, newest first (up to 1000). */
async function anomaliesOf(span) {
  const page = await listing('/anomalies', {params: {...span, limit: 1000}});
  return page.items;
}

function drawVolume(panel, v, anomalies) {
  const points = (v.items || []).slice().sort((a, b) => a.time - b.time);
  const marked = new Map();
  // an anomaly of several hours (a silence, a level shift) marks each of its hours
  for (const a of anomalies) for (let i = 0; i < Math.max(1, a.hours || 1); i++) marked.set(a.time + i * HOUR, a);
  const name = v.by === 'all' ? 'all events' : `${v.by} ${v.by === 'class' || v.by === 'category' ? label(`${v.by === 'class' ? 'class' : 'category'}_uid`, v.value) : v.value}`;
  const observed = points.filter(p => p.observed != null);
  const head = h('h2', {id: 'volume-h'}, `Events per hour: ${name}`);
  const insufficient = v.status === 'insufficient_history';
  const note = insufficient
    ? h('p', {class: 'notice', role: 'status', 'data-testid': 'insufficient-history'},
        `Not enough history for a prediction yet: this series has ${number(v.history_hours)} hours of history and needs a week. `
        + 'Its observed volume is shown without an expected band.')
    : h('p', {class: 'meta', 'data-testid': 'volume-meta'}, `${number(observed.length)} hours observed, `
        + `${number(points.length - observed.length)} hours ahead (the current one and the forecast), `
        + `${number(points.filter(p => marked.has(p.time)).length)} marked as anomalies; `
        + `${number(v.history_hours)} hours of history.`);
  if (points.length === 0) {
    fill(panel, head, note, empty('No hours in this range.'));
    return;
  }
  fill(panel, head, note, lineChart({
    title: insufficient ? 'Observed events per hour' : 'Events per hour: observed, expected and its band; anomalies marked',
    times: points.map(p => p.time / 1000),
    series: [
      {label: 'Upper', values: points.map(p => p.upper), color: '#94a3b8', width: 1},
      {label: 'Lower', values: points.map(p => p.lower), color: '#94a3b8', width: 1},
      {label: 'Expected', values: points.map(p => p.expected), color: '#475569', dash: [6, 4]},
      {label: 'Observed', values: points.map(p => p.observed), color: '#1f5fa8'},
      {label: 'Anomaly', values: points.map(p => (marked.has(p.time) ? p.observed ?? 0 : null)), color: '#b91c1c', points: true},
    ],
    bands: [{series: [1, 2], fill: '#94a3b833'}]}));
}

/** Suggests values of the chosen series from the events of the range (timeline columns). */
function suggest(list, by, range) {
  fill(list);
  if (!SUGGEST[by] || !range) return;
  get('/stats/timeline', {from: range.from, to: range.to, interval: '1d', by: SUGGEST[by]}).then(t => {
    const keys = [...new Set(t.buckets.flatMap(b => Object.keys(b.counts || {})))].sort();
    fill(list, keys.map(k => h('option', {value: k}, SUGGEST[by].endsWith('_uid') ? label(SUGGEST[by], k) : k)));
  }).catch(() => {});
}
