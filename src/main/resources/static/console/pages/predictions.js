// Predictions (to the analyst layer's contract): observed hourly volume against its expected band, anomalies
// marked. A service without the predictions API answers 404: the page says it is not available.
import {h, fill, field, select, table, loading, empty, errorBox, utc, number} from '../dom.js';
import {listing} from '../api.js';
import {lineChart} from '../chart.js';
import {rangeControls, resolve} from '../range.js';

const BY = [['', 'All events'], ['source', 'Source'], ['account', 'Account'], ['class_uid', 'Class']];

const items = (r) => (r && (r.items || r.buckets || r.points || r.hours)) || [];
const time = (p) => {
  const t = p.time ?? p.start ?? p.hour ?? p.start_time;
  return typeof t === 'number' ? t : Date.parse(t);
};

export function render(view, params, {navigate}) {
  const state = {range: params.get('range') || '7d', from: params.get('from') || '', to: params.get('to') || ''};
  const range = resolve(state.range, state.from, state.to);
  const controls = rangeControls('predictions', state);
  const by = select('predictions-by', BY, params.get('by') || '');
  const value = h('input', {id: 'predictions-value', type: 'text', value: params.get('value') || ''});
  const form = h('form', {class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    navigate({...controls.read(), by: by.value, value: value.value.trim()});
  }}, controls.elements, field('Split by', by), field('Value', value), h('button', {type: 'submit'}, 'Show'));
  const chart = h('div', {}, loading('predictions'));
  const list = h('section', {'aria-labelledby': 'anomalies-h'}, h('h2', {id: 'anomalies-h'}, 'Anomalies'), loading('anomalies'));
  fill(view, h('h1', {}, 'Predictions'), form, chart, list);
  if (!range) {
    fill(chart, h('p', {class: 'error', role: 'alert'}, 'Choose a custom range: a start before its end.'));
    return;
  }
  const span = {from: range.from, to: range.to};
  Promise.all([
    listing('/predictions/volume', {params: {...span, by: params.get('by'), value: params.get('value')}}),
    listing('/anomalies', {params: span}).catch(e => ({error: e})),
  ]).then(([volume, anomalies]) => {
    const points = items(volume).map(p => ({...p, t: time(p)})).sort((a, b) => a.t - b.t);
    const found = anomalies.error ? [] : items(anomalies);
    const marked = new Map(found.map(a => [Math.floor(time(a) / 3600e3), a]));
    fill(chart, points.length === 0 ? empty('No predictions for this range yet.') : lineChart({
      title: 'Events per hour: observed, expected and its band', times: points.map(p => p.t / 1000),
      series: [
        {label: 'Upper', values: points.map(p => p.upper), color: '#94a3b8', width: 1},
        {label: 'Lower', values: points.map(p => p.lower), color: '#94a3b8', width: 1},
        {label: 'Expected', values: points.map(p => p.expected), color: '#475569', dash: [6, 4]},
        {label: 'Observed', values: points.map(p => p.observed), color: '#1f5fa8'},
        {label: 'Anomaly', values: points.map(p => (marked.has(Math.floor(p.t / 3600e3)) ? p.observed : null)), color: '#b91c1c', points: true},
      ],
      bands: [{series: [1, 2], fill: '#cbd5e133'}]}));
    fill(list, h('h2', {id: 'anomalies-h'}, 'Anomalies'), anomalies.error ? errorBox(anomalies.error, 'Anomalies')
      : found.length === 0 ? empty('No anomalies in this range.')
      : table('Anomalies', [
        {label: 'Time (UTC)', value: a => utc(time(a))},
        {label: 'What', class: 'summary', value: a => a.message || a.title || a.kind || ''},
        {label: 'Observed', value: a => number(a.observed)}, {label: 'Expected', value: a => number(a.expected)},
      ], found));
  }).catch(e => {
    fill(chart, errorBox(e, 'Predictions'));
    fill(list, h('h2', {id: 'anomalies-h'}, 'Anomalies'), errorBox(e, 'Anomalies'));
  });
}
