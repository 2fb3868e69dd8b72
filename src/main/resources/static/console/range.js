// Time ranges: last hour, 24 hours, 7 days or custom (UTC), and the timeline interval that suits each.
import {h, field, select} from './dom.js';

const HOUR = 3600e3;
export const RANGES = [['1h', 'Last hour'], ['24h', 'Last 24 hours'], ['7d', 'Last 7 days'], ['custom', 'Custom (UTC)']];

/**
 * {from, to, interval} in epoch ms for a range name (custom: the from/to texts, UTC). Whole hours for 24 h and
 * 7 d, so the service answers from its hourly rollups.
 */
export function resolve(name, customFrom, customTo, now = Date.now()) {
  if (name === '1h') {
    const to = Math.ceil(now / 300e3) * 300e3;
    return {from: to - HOUR, to, interval: '5m'};
  }
  if (name === '7d') {
    const to = Math.ceil(now / HOUR) * HOUR;
    return {from: to - 168 * HOUR, to, interval: '1h'};
  }
  if (name === 'custom') {
    const from = parseUtc(customFrom), to = parseUtc(customTo);
    if (from === null || to === null || to <= from) return null;
    const span = to - from;
    return {from, to, interval: span <= 6 * HOUR ? '5m' : span <= 31 * 24 * HOUR ? '1h' : '1d'};
  }
  const to = Math.ceil(now / HOUR) * HOUR;
  return {from: to - 24 * HOUR, to, interval: '1h'};
}

/** A datetime-local text taken as UTC, or null. */
export function parseUtc(text) {
  if (!text) return null;
  const t = Date.parse(/Z$|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  return isNaN(t) ? null : t;
}

export const isoMinute = (ms) => new Date(ms).toISOString().slice(0, 16);

/** The range controls: a select, and two UTC datetime fields shown for custom. */
export function rangeControls(prefix, state) {
  const pick = select(`${prefix}-range`, RANGES, state.range);
  const from = h('input', {type: 'datetime-local', id: `${prefix}-from`, value: state.from || ''});
  const to = h('input', {type: 'datetime-local', id: `${prefix}-to`, value: state.to || ''});
  const custom = h('div', {class: 'custom', hidden: state.range !== 'custom'},
      field('From (UTC)', from), field('To (UTC)', to));
  pick.addEventListener('change', () => { custom.hidden = pick.value !== 'custom'; });
  return {elements: [field('Time range', pick), custom],
    read: () => ({range: pick.value, from: from.value, to: to.value})};
}
