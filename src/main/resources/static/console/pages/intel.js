// Intelligence (a tenant): the look-up box — one address, domain, URL, e-mail address or hash looked up at once in
// the tenant's indicators (shared feeds and its own) and its events of a range — and the feeds the tenant is served
// with their state.
import {h, fill, field, select, table, loading, empty, errorBox, utc, number} from '../dom.js';
import {get, listing} from '../api.js';
import {severity, CLASSES} from '../ocsf.js';
import {showEvent} from './events.js';

const DAY = 24 * 3600e3;
const SPANS = [['1', 'Last 24 hours'], ['7', 'Last 7 days'], ['31', 'Last 31 days']];

export const INDICATOR_COLUMNS = [
  {label: 'Value', value: i => i.value},
  {label: 'Type', value: i => i.type},
  {label: 'Feed', value: i => i.feed},
  {label: 'Confidence', value: i => i.confidence ?? '–'},
  {label: 'In force', value: i => (i.in_force ? 'yes' : (i.revoked ? 'no (revoked)' : 'no'))},
  {label: 'Valid until (UTC)', value: i => (i.valid_until ? utc(i.valid_until) : 'no end')},
  {label: 'Labels', value: i => (i.labels || []).join(', ')},
  {label: 'Name', class: 'summary', value: i => i.name || ''},
];

const EVENT_COLUMNS = [
  {label: 'Time (UTC)', value: e => utc(e.time)},
  {label: 'Class', value: e => CLASSES[e.event && e.event.class_uid] || (e.event && e.event.class_uid) || ''},
  {label: 'Severity', value: e => severity(e.event && e.event.severity_id)},
  {label: 'Held in', value: e => (e.fields || []).join(', ')},
  {label: 'Source', value: e => (e.event && e.event._lake && e.event._lake.source) || ''},
];

export function render(view, params, {navigate}) {
  const value = params.get('value') || '';
  const days = SPANS.some(([d]) => d === params.get('days')) ? params.get('days') : '7';
  const input = h('input', {id: 'lookup-value', type: 'search', value, required: true, maxlength: 512, spellcheck: 'false',
    autocomplete: 'off', placeholder: '192.0.2.1, evil.example, https://…, 64 hex digits'});
  const span = select('lookup-days', SPANS, days);
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Look up a value', onsubmit: (e) => {
    e.preventDefault();
    navigate({value: input.value.trim(), days: span.value});
  }}, field('Address, domain, URL, e-mail or hash', input), field('Events of', span), h('button', {type: 'submit', id: 'lookup-go'}, 'Look up'));
  const results = h('div', {'data-testid': 'lookup-results'});
  const feeds = h('section', {'aria-labelledby': 'intel-feeds-h'}, h('h2', {id: 'intel-feeds-h'}, 'Feeds'), loading('the feeds'));
  fill(view, h('h1', {}, 'Intelligence'), form, results, feeds);
  if (value) lookUp(results, value, Number(days)); else input.focus();
  listing('/intel/feeds').then(r => fill(feeds, h('h2', {id: 'intel-feeds-h'}, 'Feeds'),
    (r.items || []).length === 0 ? empty('No feeds serve this tenant.') : table('Feeds', FEED_COLUMNS, r.items)))
    .catch(e => fill(feeds, h('h2', {id: 'intel-feeds-h'}, 'Feeds'), errorBox(e, 'the feeds')));
}

async function lookUp(results, value, days) {
  fill(results, loading(`what holds ${value}`));
  const to = Date.now();
  try {
    const r = await get('/intel/lookup', {value, from: to - days * DAY, to, limit: 100});
    const events = r.events || [];
    fill(results,
        h('p', {class: 'meta', 'data-testid': 'lookup-summary'}, `${r.value} (${r.type}): ${number((r.indicators || []).length)} `
          + `indicator${(r.indicators || []).length === 1 ? '' : 's'}, ${number(events.length)}${r.more_events ? '+' : ''} `
          + `event${events.length === 1 ? '' : 's'} in the ${days === 1 ? 'last 24 hours' : `last ${days} days`}.`),
        h('section', {'aria-labelledby': 'lookup-indicators-h'}, h('h2', {id: 'lookup-indicators-h'}, 'Indicators'),
          (r.indicators || []).length === 0 ? empty('No indicator of this tenant\'s feeds matches it.')
            : table('Indicators matching the value', INDICATOR_COLUMNS, r.indicators)),
        h('section', {'aria-labelledby': 'lookup-events-h'}, h('h2', {id: 'lookup-events-h'}, 'Events'),
          events.length === 0 ? empty('No event of this tenant holds it in the range.')
            : table('Events holding the value', EVENT_COLUMNS, events,
              {onOpen: e => showEvent(e.event), rowLabel: e => `event ${e.event_uid}`}),
          r.more_events ? h('p', {class: 'meta'}, 'More events may hold it: the newest are shown; choose a shorter range to see older ones.') : null));
  } catch (e) {
    fill(results, errorBox(e, 'the look-up'));
  }
}

/** A feed's state as the API gives it (tenant and admin views). */
export const FEED_COLUMNS = [
  {label: 'Feed', value: f => f.name},
  {label: 'Tenant', value: f => f.tenant || 'shared'},
  {label: 'Format', value: f => f.format},
  {label: 'Status', value: f => f.status},
  {label: 'Indicators', value: f => number(f.indicators)},
  {label: 'By type', value: f => Object.entries(f.indicators_by_type || {}).map(([t, n]) => `${t}: ${number(n)}`).join(', ') || '–'},
  {label: 'Refused', value: f => number(f.refused)},
  {label: 'Last poll (UTC)', value: f => utc(f.last_poll) || 'not yet'},
  {label: 'Last good read (UTC)', value: f => utc(f.last_success) || '–'},
  {label: 'Last error', class: 'summary', value: f => (f.last_error ? `${f.last_error}${f.failures > 1 ? ` (${f.failures} failures in a row)` : ''}` : '–')},
  {label: 'Next poll (UTC)', value: f => utc(f.next_poll)},
];
