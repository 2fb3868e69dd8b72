// Detections: a paged table of the tenant's detections (filters: range, rule, minimum severity) and the rules in
// force with their hit counts, each with a switch and a level picker for the tenant; a detection opens in a drawer
// with its events.
import {h, fill, field, select, table, loading, empty, errorBox, utc, number} from '../dom.js';
import {get, call} from '../api.js';
import {jsonTree} from '../jsontree.js';
import {openDrawer} from '../drawer.js';
import {SEVERITIES, severity} from '../ocsf.js';
import {rangeControls, resolve} from '../range.js';
import {showEvent} from './events.js';

export const entitiesText = (d) => (d.entities || []).map(x => `${x.type}: ${x.value}`).join(', ');

const COLUMNS = [
  {label: 'Time (UTC)', value: d => utc(d.time)},
  {label: 'Severity', value: d => severity(d.severity_id)},
  {label: 'Rule', value: d => (d.rule && (d.rule.title || d.rule.uid)) || ''},
  {label: 'Entities', class: 'summary', value: entitiesText},
  {label: 'Incident', value: d => (d.incident_uid ? h('a', {href: `#/incidents?uid=${encodeURIComponent(d.incident_uid)}`}, d.incident_uid) : '')},
];

export function render(view, params, {navigate}) {
  const state = {range: params.get('range') || '7d', from: params.get('from') || '', to: params.get('to') || ''};
  const range = resolve(state.range, state.from, state.to);
  const q = range ? {from: range.from, to: range.to} : {};
  if (params.get('rule')) q.rule = params.get('rule');
  if (params.get('severity_id_min')) q.severity_id_min = params.get('severity_id_min');
  const controls = rangeControls('detections', state);
  const rule = h('input', {id: 'detections-rule', type: 'text', value: q.rule || '', placeholder: 'rule uid or lake-finding'});
  const sev = select('detections-severity', [['', 'Any severity'], ...Object.entries(SEVERITIES).filter(([k]) => k > 0 && k < 7)
      .map(([k, v]) => [k, `${v} or higher`])], q.severity_id_min || '');
  const form = h('form', {class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    navigate({...controls.read(), rule: rule.value.trim(), severity_id_min: sev.value});
  }}, controls.elements, field('Rule', rule), field('Minimum severity', sev), h('button', {type: 'submit'}, 'Filter'));
  const results = h('div', {}, loading('detections'));
  const pager = h('div', {class: 'pager'});
  const rules = h('section', {'aria-labelledby': 'rules-h'}, h('h2', {id: 'rules-h'}, 'Rules in force'), loading('rules'));
  fill(view, h('h1', {}, 'Detections'), form, results, pager, rules);

  const cursors = [null];
  const load = async (index) => {
    fill(results, loading('detections'));
    fill(pager);
    try {
      const page = await get('/detections', {...q, limit: 50, cursor: cursors[index]});
      cursors[index + 1] = page.next_cursor;
      fill(results, page.items.length === 0 ? empty('No detections match these filters.')
        : table('Detections', COLUMNS, page.items, {onOpen: showDetection, rowLabel: d => `detection ${d.uid}`}));
      fill(pager, h('button', {type: 'button', class: 'secondary', disabled: index === 0, onclick: () => load(index - 1)}, 'Previous page'),
          h('span', {class: 'meta'}, `Page ${index + 1}`),
          h('button', {type: 'button', class: 'secondary', disabled: !page.next_cursor, onclick: () => load(index + 1)}, 'Next page'));
    } catch (e) {
      fill(results, errorBox(e, 'detections'));
    }
  };
  if (range) load(0); else fill(results, h('p', {class: 'error', role: 'alert'}, 'Choose a custom range: a start before its end.'));

  const ruleMessage = h('p', {role: 'status', class: 'message', 'data-testid': 'rule-message'});
  get('/rules').then(r => {
    const items = [...(r.items || [])].sort((a, b) => (b.hits || 0) - (a.hits || 0));
    fill(rules, h('h2', {id: 'rules-h'}, 'Rules in force'), ruleMessage, items.length === 0 ? empty('No rules are loaded.')
      : table('Rules', [
        {label: 'Rule', value: x => (x.own ? `${x.title || x.uid} (own)` : x.title || x.uid)},
        {label: 'On', value: x => ruleSwitch(x, ruleMessage)},
        {label: 'Level', value: x => levelPicker(x, ruleMessage)},
        {label: 'Hits', value: x => number(x.hits)},
        {label: 'Last hit (UTC)', value: x => utc(x.last_hit_time)},
        {label: 'Excepted (30 d)', value: x => number(x.excepted)},
        {label: 'Suppressed (30 d)', value: x => number(x.suppressed)},
        {label: 'False positives (30 d)', value: falsePositives},
        {label: 'Fields in your data (7 d)', value: fieldsSeen},
        {label: 'Blind spots', value: blindSpots},
        {label: 'Detections', value: x => h('a', {href: `#/detections?rule=${encodeURIComponent(x.uid)}`}, 'Show')},
      ], items),
    (r.refused || []).length ? h('div', {}, h('h3', {}, 'Refused rule files'), h('ul', {}, r.refused.map(x =>
      h('li', {}, `${x.file}${x.line ? `:${x.line}` : ''}${x.field ? ` (${x.field})` : ''}: ${x.reason}`)))) : null);
  }).catch(e => fill(rules, h('h2', {id: 'rules-h'}, 'Rules in force'), errorBox(e, 'the rules')));
}

/**
 * What keeps a rule from firing on this tenant: its fields no event of its classes can carry (silent by construction),
 * its fields none of the tenant's events of the last 7 days carried, and its placeholders the tenant has no values
 * for; a dash when none.
 */
const blindSpots = (x) => {
  const parts = [];
  if ((x.silent || []).length) parts.push(`silent: ${x.silent.join(', ')}`);
  const unseen = (x.fields || []).filter(f => !f.last_seen).map(f => f.field);
  if (unseen.length) parts.push(`not in your data: ${unseen.join(', ')}`);
  if ((x.placeholders_missing || []).length) parts.push(`no values: ${x.placeholders_missing.map(p => `%${p}%`).join(', ')}`);
  return parts.length ? parts.join('; ') : '–';
};

/**
 * How many of the fields a rule reads the tenant's events of the last 7 days carried, opening to each field with the
 * last day it was seen; empty for a rule that reads no field (lake-finding, a correlation).
 */
const fieldsSeen = (x) => {
  const fields = x.fields || [];
  if (!fields.length) return '';
  const seen = fields.filter(f => f.last_seen).length;
  return h('details', {'data-testid': `fields-seen-${x.uid}`},
    h('summary', {}, `${seen} of ${fields.length}`),
    h('ul', {}, fields.map(f => h('li', {}, `${f.field}: ${f.last_seen ? `last seen ${f.last_seen}` : 'not seen'}`))));
};

const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];

/**
 * Changes a rule's setting for the tenant at the version the page read (PATCH /rules/{uid}); the page keeps the new
 * version, and a refusal (a change made meanwhile: 412) is said and the control put back.
 */
async function changeRule(rule, body, message, undo) {
  try {
    const after = await call(`/rules/${encodeURIComponent(rule.uid)}`, {method: 'PATCH', body,
      headers: {'If-Match': `"${rule.version}"`}});
    Object.assign(rule, after);
    message.textContent = `${rule.title || rule.uid}: ${after.enabled ? 'on' : 'off'}, level ${after.level}, for this tenant.`;
  } catch (err) {
    undo();
    message.textContent = `${rule.title || rule.uid} not changed: ${err.detail || err.message}`;
  }
}

/** The switch of a rule for the tenant (not for lake-finding, the lake's own findings). */
function ruleSwitch(rule, message) {
  if (rule.uid === 'lake-finding') return '';
  const box = h('input', {type: 'checkbox', role: 'switch', checked: rule.enabled !== false,
    'aria-label': `${rule.title || rule.uid} on for this tenant`});
  box.addEventListener('change', () => changeRule(rule, {enabled: box.checked}, message, () => { box.checked = !box.checked; }));
  return box;
}

/** The level of a rule for the tenant; "as written" goes back to the rule's own. */
function levelPicker(rule, message) {
  if (rule.uid === 'lake-finding') return rule.level || severity(rule.severity_id);
  const picker = h('select', {'aria-label': `Level of ${rule.title || rule.uid} for this tenant`},
    ...LEVELS.map(l => h('option', {value: l, selected: l === rule.level}, l + (l === rule.rule_level ? ' (as written)' : ''))));
  picker.value = rule.level;
  picker.addEventListener('change', () => {
    const before = rule.level;
    changeRule(rule, {level: picker.value === rule.rule_level ? null : picker.value}, message, () => { picker.value = before; });
  });
  return picker;
}

/** A rule's false-positive rate and the verdicts behind it, or a dash without any verdict. */
const falsePositives = (x) => (x.false_positive_rate === null || x.false_positive_rate === undefined ? '–'
  : `${Math.round(x.false_positive_rate * 100)}% of ${number(Object.entries(x.incidents_by_verdict || {})
      .filter(([k]) => k !== 'Unknown').reduce((n, [, v]) => n + v, 0))}`);

/** The field an exception's selection names for an entity of a detection (editable before it is saved). */
const ENTITY_FIELDS = {user: 'actor.user.name', ip: 'src_endpoint.ip', host: 'device.hostname', account: 'cloud.account.uid'};

/**
 * "Except this rule for these values": a Sigma selection prefilled from the detection's entities, a reason and an
 * optional expiry, sent as a new exception (POST /exceptions); the answer or the refusal is said below the form.
 */
function exceptionForm(detection) {
  const ruleUid = detection.rule && detection.rule.uid;
  const selection = {};
  for (const e of detection.entities || []) {
    const f = ENTITY_FIELDS[e.type];
    if (f && !(f in selection)) selection[f] = e.value;
  }
  const text = h('textarea', {id: 'exception-selection', rows: 4, spellcheck: 'false', value: JSON.stringify(selection, null, 2)});
  const reason = h('input', {id: 'exception-reason', type: 'text', maxlength: 1000, placeholder: 'why these events are not worth a detection'});
  const expires = h('input', {id: 'exception-expires', type: 'text', placeholder: '2027-01-31T00:00:00Z (optional)'});
  const message = h('p', {role: 'status', class: 'message', 'data-testid': 'exception-message'});
  return h('form', {'aria-label': 'Except this rule', onsubmit: async (e) => {
    e.preventDefault();
    let parsed;
    try {
      parsed = JSON.parse(text.value);
    } catch (err) {
      message.textContent = 'The selection is not JSON: an object of field conditions, {"field": "value"}.';
      return;
    }
    const body = {rules: [ruleUid], selection: parsed, reason: reason.value};
    if (expires.value.trim()) body.expires = expires.value.trim();
    try {
      const made = await call('/exceptions', {method: 'POST', body});
      message.textContent = `Exception ${made.uid} saved: later matches of ${ruleUid} with these values are not raised.`;
    } catch (err) {
      message.textContent = `Exception not saved: ${err.detail || err.message}`;
    }
  }}, h('h3', {}, 'Except this rule'), field('Selection (Sigma, JSON)', text), field('Reason', reason),
  field('Expires (UTC)', expires), h('button', {type: 'submit'}, 'Save exception'), message);
}

/** A detection's detail: rule, entities, its events (each opens), the whole detection as a tree. */
export async function showDetection(d) {
  const body = h('div', {}, loading('the detection'));
  openDrawer(`Detection ${(d.rule && d.rule.title) || d.uid}`, body);
  let detection = d;
  try {
    detection = await call(`/detections/${encodeURIComponent(d.uid)}`);
  } catch (e) {
    fill(body, errorBox(e, 'the detection'));
    return;
  }
  fill(body, h('dl', {class: 'facts'},
      h('dt', {}, 'Time'), h('dd', {}, utc(detection.time)),
      h('dt', {}, 'Severity'), h('dd', {}, severity(detection.severity_id)),
      h('dt', {}, 'Rule'), h('dd', {}, (detection.rule && `${detection.rule.title || ''} (${detection.rule.uid})`) || ''),
      h('dt', {}, 'Entities'), h('dd', {}, entitiesText(detection)),
      ...(detection.count > 1 ? [h('dt', {}, 'Suppressed'), h('dd', {'data-testid': 'detection-suppressed'},
          `${number(detection.count - 1)} times (${number(detection.count)} matches)`)] : [])),
  detection.indicator ? indicatorPanel(detection.indicator) : null,
  h('h3', {}, 'Events'), h('ul', {}, (detection.event_uids || []).map(uid => h('li', {},
      h('button', {type: 'button', class: 'link', onclick: () => showEvent({_lake: {event_uid: uid}})}, uid)))),
  h('h3', {}, 'Detection'), jsonTree(detection, {open: 1}),
  detection.rule && detection.rule.uid ? exceptionForm(detection) : null);
}

/**
 * The indicator a threat-intelligence detection matched: value and type, feed, confidence, labels, valid until,
 * where in the event and as observed; a link looks the value up across the tenant's indicators and events.
 */
export function indicatorPanel(ind) {
  const list = (xs) => ((xs || []).length ? xs.join(', ') : '–');
  return h('section', {class: 'indicator', 'aria-labelledby': 'indicator-h', 'data-testid': 'indicator'},
      h('h3', {id: 'indicator-h'}, 'Indicator'),
      h('dl', {class: 'facts'},
          h('dt', {}, 'Value'), h('dd', {'data-testid': 'indicator-value'}, `${ind.value ?? ''} (${ind.type ?? ''})`),
          h('dt', {}, 'Feed'), h('dd', {'data-testid': 'indicator-feed'}, ind.feed ?? ''),
          h('dt', {}, 'Confidence'), h('dd', {'data-testid': 'indicator-confidence'}, ind.confidence ?? '–'),
          h('dt', {}, 'Labels'), h('dd', {'data-testid': 'indicator-labels'}, list(ind.labels)),
          h('dt', {}, 'Valid until (UTC)'), h('dd', {'data-testid': 'indicator-valid-until'},
              ind.valid_until ? utc(ind.valid_until) : 'no end'),
          ind.name ? [h('dt', {}, 'Name'), h('dd', {}, ind.name)] : null,
          ind.stix_id ? [h('dt', {}, 'STIX id'), h('dd', {}, ind.stix_id)] : null,
          (ind.kill_chain_phases || []).length ? [h('dt', {}, 'Kill chain'), h('dd', {}, list(ind.kill_chain_phases))] : null,
          h('dt', {}, 'Matched'), h('dd', {}, `${ind.field ?? ''}: ${ind.observed ?? ''}`)),
      ind.value ? h('p', {}, h('a', {href: `#/intel?value=${encodeURIComponent(ind.observed || ind.value)}`},
          'Look this value up across indicators and events')) : null);
}
