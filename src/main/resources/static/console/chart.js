// Time charts on uPlot (WebJar, loaded as a classic script: window.uPlot). Stacked series are drawn as
// cumulative areas, top first; the legend and the text alternative show each series' own counts.
import {h} from './dom.js';

export const PALETTE = ['#1f5fa8', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#be185d',
  '#4d7c0f', '#475569'];

/**
 * A stacked area chart: times (epoch s), series [{label, values}] (bottom first). Returns the figure element; it
 * draws once attached and marks the Performance API with `mark` when it has drawn.
 */
export function stackedChart({title, times, series, mark, height = 260}) {
  const box = h('div', {class: 'chart'});
  const figure = h('figure', {class: 'figure'}, h('figcaption', {}, title), box, summary(title, times, series));
  const cumulative = [];
  let running = times.map(() => 0);
  for (const s of series) {
    running = running.map((v, i) => v + (s.values[i] || 0));
    cumulative.push(running);
  }
  const order = series.map((_, i) => i).reverse(); // the top of the stack is drawn first, lower areas over it
  const data = [times, ...order.map(i => cumulative[i])];
  const options = {
    width: 600, height, legend: {live: true},
    cursor: {drag: {x: false, y: false}},
    scales: {x: {time: true}}, tzDate: utcDate,
    axes: [{stroke: '#333'}, {stroke: '#333', size: 60}],
    series: [{label: 'Time', value: (u, v) => (v == null ? '' : new Date(v * 1000).toISOString().slice(0, 16).replace('T', ' '))},
      ...order.map(i => ({label: series[i].label, stroke: PALETTE[i % PALETTE.length], fill: PALETTE[i % PALETTE.length] + 'cc',
        width: 1, points: {show: false}, value: (u, v, si, idx) => (idx == null ? '' : String(series[i].values[idx] ?? 0))}))],
    hooks: {draw: [() => mark && performance.mark(mark)]},
  };
  return draw(figure, box, options, data);
}

/** A line chart of plain series [{label, values, color, dash, points}] over times (epoch s). */
export function lineChart({title, times, series, mark, height = 260, bands = []}) {
  const box = h('div', {class: 'chart'});
  const figure = h('figure', {class: 'figure'}, h('figcaption', {}, title), box, summary(title, times, series));
  const options = {
    width: 600, height, legend: {live: true}, cursor: {drag: {x: false, y: false}}, scales: {x: {time: true}}, tzDate: utcDate,
    axes: [{stroke: '#333'}, {stroke: '#333', size: 60}],
    series: [{label: 'Time', value: (u, v) => (v == null ? '' : new Date(v * 1000).toISOString().slice(0, 16).replace('T', ' '))},
      ...series.map((s, i) => ({label: s.label, stroke: s.color || PALETTE[i % PALETTE.length], width: s.width ?? 2,
        dash: s.dash, fill: s.fill, spanGaps: false,
        paths: s.points ? () => null : undefined,
        points: s.points ? {show: true, size: 10, fill: s.color, stroke: s.color} : {show: false}}))],
    bands,
    hooks: {draw: [() => mark && performance.mark(mark)]},
  };
  return draw(figure, box, options, [times, ...series.map(s => s.values)]);
}

/** The axes read UTC, as every time in the console does. */
const utcDate = (ts) => window.uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');

function draw(figure, box, options, data) {
  // drawn when the figure is in the page (uPlot measures nothing itself; the width follows the box)
  queueMicrotask(() => {
    if (!window.uPlot) {
      box.append(h('p', {class: 'error', role: 'alert'}, 'The chart library did not load.'));
      return;
    }
    options.width = Math.max(280, box.clientWidth || figure.clientWidth || 600);
    const plot = new window.uPlot(options, data, box);
    const resize = new ResizeObserver(() => {
      if (!box.isConnected) { resize.disconnect(); plot.destroy(); return; }
      const w = Math.max(280, box.clientWidth);
      if (Math.abs(w - plot.width) > 4) plot.setSize({width: w, height: options.height});
    });
    resize.observe(box);
  });
  return figure;
}

/** The chart's numbers as text for screen readers (and anyone who wants the totals): total per series. */
function summary(title, times, series) {
  const totals = series.map(s => [s.label, s.values.reduce((a, v) => a + (v || 0), 0)]);
  return h('details', {class: 'totals'}, h('summary', {}, 'Totals'),
      h('ul', {}, totals.map(([label, total]) => h('li', {}, `${label}: ${Number(total).toLocaleString('en')}`))));
}
