// Incidents: the queue, most severe first then most recently active, filtered by status, minimum severity and
// assignee; an incident's detections on a timeline with the events behind each, its entities, status, priority
// and assignee changes (PATCH with If-Match: its version; a 412 reloads it and says why) and notes.
import {h, fill, field, select, table, loading, empty, errorBox, utc, number} from '../dom.js';
import {listing, call} from '../api.js';
import {jsonTree} from '../jsontree.js';
import {lineChart} from '../chart.js';
import {INCIDENT_STATUSES, PRIORITIES, SEVERITIES, severity} from '../ocsf.js';
import {showDetection} from './detections.js';
import {showEvent} from './events.js';

/** Incidents a page of the queue shows; the service orders and pages them (sort=severity). */
const QUEUE_PAGE = 200;
const STATUSES = Object.entries(INCIDENT_STATUSES).filter(([k]) => k !== '99');
/** The workflow's legal moves (docs/incidents.md): status id → the ids it may change to. */
const NEXT = {1: [2, 3, 4, 5], 2: [3, 4, 5], 3: [2, 4, 5], 4: [2, 5], 5: []};

export const title = (i) => i.desc || ((i.finding_info_list || [])[0] || {}).title || i.uid;
/** The assignee as the API renders it (OCSF user: {"name"}) or a plain name. */
export const assignee = (i) => (i.assignee && typeof i.assignee === 'object' ? i.assignee.name || i.assignee.uid : i.assignee) || '';
const status = (i) => i.status || INCIDENT_STATUSES[i.status_id] || '';

const COLUMNS = [
  {label: 'Severity', value: i => severity(i.severity_id)},
  {label: 'Status', value: status},
  {label: 'Title', class: 'summary', value: title},
  {label: 'Detections', value: i => number(i.detection_count)},
  {label: 'Priority', value: i => i.priority || PRIORITIES[i.priority_id] || ''},
  {label: 'Assignee', value: assignee},
  {label: 'Last active (UTC)', value: i => utc(i.end_time || i.start_time)},
];

export function render(view, params, {navigate, notify}) {
  const chosen = params.get('status') || 'open';
  const statusSel = select('incidents-status', [['open', 'Open (New, In Progress, On Hold)'], ['any', 'Any status'], ...STATUSES], chosen);
  const sev = select('incidents-severity', [['', 'Any severity'], ...Object.entries(SEVERITIES).filter(([k]) => k > 0 && k < 7)
      .map(([k, v]) => [k, `${v} or higher`])], params.get('severity_id_min') || '');
  const who = h('input', {id: 'incidents-assignee', type: 'text', maxlength: 128, value: params.get('assignee') || ''});
  const form = h('form', {class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    navigate({status: statusSel.value, severity_id_min: sev.value, assignee: who.value.trim()});
  }}, field('Status', statusSel), field('Severity', sev), field('Assignee', who), h('button', {type: 'submit'}, 'Filter'));
  const results = h('div', {}, loading('incidents'));
  fill(view, h('h1', {}, 'Incidents'), form, results);
  const q = {status: chosen === 'any' ? null : chosen, severity_id_min: params.get('severity_id_min'), assignee: params.get('assignee')};
  // the queue is read again after each change made here, so it never shows an incident as it was
  const ctx = {notify, refresh: () => loadQueue(results, q, ctx)};
  const open = (uid) => {
    // the address names the open incident (a link to it can be shared); replaceState fires no hashchange
    const hash = new URLSearchParams(location.hash.split('?')[1] || '');
    hash.set('uid', uid);
    history.replaceState(null, '', `#/incidents?${hash}`);
    showIncident(uid, ctx);
  };
  ctx.open = open;
  loadQueue(results, q, ctx).then(() => {
    if (params.get('uid')) showIncident(params.get('uid'), ctx);
  });
}

/** The queue as the service orders it (most severe first, then most recently active), a page at a time. */
function loadQueue(results, q, ctx) {
  const items = [];
  const more = (cursor) => listing('/incidents', {params: {...q, sort: 'severity', limit: QUEUE_PAGE, cursor}}).then(page => {
    items.push(...page.items);
    const next = page.next_cursor;
    fill(results, h('p', {class: 'meta', 'data-testid': 'incident-count'},
        next ? `The ${number(items.length)} most severe incidents that match, then the most recently active: more follow.`
          : `${number(items.length)} incidents match, most severe first, then most recently active.`),
    items.length === 0 ? empty('No incidents match.')
      : table('Incident queue', COLUMNS, items, {onOpen: (i) => ctx.open(i.uid), rowLabel: i => `incident ${title(i)}`}),
    next ? h('button', {type: 'button', 'data-testid': 'incident-more', onclick: (e) => {
      e.target.disabled = true;
      more(next).catch(err => fill(results, errorBox(err, 'Incidents')));
    }}, `Show ${QUEUE_PAGE} more`) : null);
  });
  return more(null).catch(e => fill(results, errorBox(e, 'Incidents')));
}

/** An incident's detail below the queue; `said` is a message to show once it is (re)loaded. */
async function showIncident(uid, ctx, said = '') {
  const {notify} = ctx;
  const main = document.getElementById('main');
  const view = h('section', {class: 'panel wide incident', 'aria-labelledby': 'incident-h', 'data-uid': uid}, loading('the incident'));
  const existing = main.querySelector('.incident');
  if (existing) existing.replaceWith(view); else main.querySelector('.view').append(view);
  let incident;
  try {
    incident = await call(`/incidents/${encodeURIComponent(uid)}`);
  } catch (e) {
    fill(view, errorBox(e, 'the incident'));
    return;
  }
  const reload = (message, changed = true) => {
    if (changed) ctx.refresh();
    return showIncident(uid, ctx, message);
  };
  // the detections with their events: the 200 most recent of the incident, in one request
  const infos = incident.finding_info_list || [];
  const listed = await listing('/detections', {params: {incident: uid, limit: 200}}).then(page => page.items).catch(() => null);
  const detections = (listed || (incident.detection_uids || []).slice(0, 200).map(d => fromInfo(infos.find(f => f.uid === d), d)))
      .sort((a, b) => (a.time || 0) - (b.time || 0));
  const message = h('p', {role: 'status', class: 'message', 'data-testid': 'incident-message'}, said);
  fill(view, h('h2', {id: 'incident-h', tabindex: -1}, title(incident)),
      h('dl', {class: 'facts'},
          h('dt', {}, 'Severity'), h('dd', {}, severity(incident.severity_id)),
          h('dt', {}, 'Status'), h('dd', {'data-testid': 'incident-status'}, status(incident)),
          h('dt', {}, 'Priority'), h('dd', {}, incident.priority || PRIORITIES[incident.priority_id] || ''),
          h('dt', {}, 'Assignee'), h('dd', {}, assignee(incident) || 'nobody'),
          h('dt', {}, 'Active (UTC)'), h('dd', {}, `${utc(incident.start_time)} – ${utc(incident.end_time)}`),
          h('dt', {}, 'Detections'), h('dd', {}, number(incident.detection_count)),
          h('dt', {}, 'ATT&CK'), h('dd', {}, (incident.attacks || []).join(', ') || '–'),
          h('dt', {}, 'Version'), h('dd', {'data-testid': 'incident-version'}, String(incident.version ?? '')),
          incident.merged_into ? [h('dt', {}, 'Merged into'), h('dd', {}, h('a', {href: `#/incidents?uid=${encodeURIComponent(incident.merged_into)}`}, incident.merged_into))] : null),
      message,
      incident.merged_into ? null : changeForm(incident, reload, message, notify),
      h('h3', {}, 'Entities'), entityList(incident.entities || []),
      h('h3', {}, 'Detections'),
      detections.length ? lineChart({title: 'Detections of the incident over time, by severity', height: 180,
        times: detections.map(d => d.time / 1000),
        series: [{label: 'Severity', values: detections.map(d => d.severity_id), points: true, color: '#b91c1c'}]}) : null,
      detections.length ? table('Detections of the incident', [
        {label: 'Time (UTC)', value: d => utc(d.time)},
        {label: 'Severity', value: d => severity(d.severity_id)},
        {label: 'Rule', class: 'summary', value: d => (d.rule && (d.rule.title || d.rule.uid)) || ''},
        {label: 'Events', value: d => eventButtons(d)}], detections, {onOpen: showDetection, rowLabel: d => `detection ${d.uid}`})
        : empty('No detections found.'),
      (incident.detection_uids || []).length > 200 ? h('p', {class: 'meta'}, `The first 200 of ${number(incident.detection_uids.length)} detections.`) : null,
      h('h3', {}, 'Notes'), notesList(incident.notes || []), noteForm(uid, reload, message, notify),
      h('details', {}, h('summary', {}, 'History'), historyList(incident.history || [])),
      h('details', {}, h('summary', {}, 'The incident as stored'), jsonTree(incident, {open: 1})));
  view.querySelector('#incident-h').focus();
}

const fromInfo = (f, uid) => ({uid, time: f ? f.first_seen_time : null, severity_id: f ? f.severity_id : null,
  rule: f ? {uid: f.analytic && f.analytic.uid, title: f.title} : null, event_uids: []});

function eventButtons(d) {
  const uids = d.event_uids || [];
  if (uids.length === 0) return '–';
  return h('span', {class: 'events'}, uids.slice(0, 3).map(e => h('button', {type: 'button', class: 'link',
    'aria-label': `Open event ${e}`, onclick: () => showEvent({_lake: {event_uid: e}})}, e)),
  uids.length > 3 ? ` and ${number(uids.length - 3)} more (open the detection)` : null);
}

function entityList(entities) {
  if (entities.length === 0) return empty('No entities.');
  return h('ul', {class: 'entities'}, entities.map(x => h('li', {}, h('span', {class: 'meta'}, `${x.type}: `), x.value)));
}

function notesList(notes) {
  if (notes.length === 0) return empty('No notes yet.');
  return h('ul', {class: 'notes', 'data-testid': 'incident-notes'}, notes.map(n => h('li', {},
      h('span', {class: 'meta'}, `${utc(n.time)} ${n.author || ''}`), h('p', {}, n.text))));
}

function historyList(history) {
  if (history.length === 0) return empty('No changes recorded.');
  return h('ol', {class: 'history'}, history.map(c => h('li', {},
      `${utc(c.time)} v${c.version} ${c.actor || ''}: ${c.field}${c.from != null ? ` ${c.from} →` : ''}${c.to != null ? ` ${c.to}` : ''}`)));
}

/** Status, priority and assignee: only what changed is sent, with If-Match: the version shown. */
function changeForm(incident, reload, message, notify) {
  const legal = [incident.status_id, ...(NEXT[incident.status_id] || [])];
  const statusSel = select('incident-status', STATUSES.filter(([k]) => legal.includes(Number(k))), incident.status_id);
  const prioSel = select('incident-priority', Object.entries(PRIORITIES), incident.priority_id ?? 0);
  const who = h('input', {id: 'incident-assignee', type: 'text', maxlength: 128, value: assignee(incident)});
  const save = h('button', {type: 'submit'}, 'Save');
  return h('form', {class: 'filters', 'aria-label': 'Change the incident', onsubmit: async (e) => {
    e.preventDefault();
    const change = {};
    if (Number(statusSel.value) !== incident.status_id) change.status_id = Number(statusSel.value);
    if (Number(prioSel.value) !== (incident.priority_id ?? 0)) change.priority_id = Number(prioSel.value);
    if (who.value.trim() !== assignee(incident)) change.assignee = who.value.trim() || null;
    if (Object.keys(change).length === 0) {
      message.textContent = 'Nothing changed.';
      return;
    }
    save.disabled = true;
    try {
      await call(`/incidents/${encodeURIComponent(incident.uid)}`, {method: 'PATCH',
        headers: {'If-Match': String(incident.version)}, body: change});
      notify('Incident updated.');
      reload('Saved.');
    } catch (err) {
      save.disabled = false;
      if (err.status === 412) reload('Someone changed this incident meanwhile: it is reloaded as it is now; apply your change again if it still holds.');
      else message.textContent = `Not saved: ${err.detail || err.message}`;
    }
  }}, field('Status', statusSel), field('Priority', prioSel), field('Assignee', who), save);
}

function noteForm(uid, reload, message, notify) {
  const note = h('textarea', {id: 'incident-note', rows: 3, maxlength: 10000});
  return h('form', {'aria-label': 'Add a note', onsubmit: async (e) => {
    e.preventDefault();
    if (!note.value.trim()) {
      message.textContent = 'Write the note first.';
      return;
    }
    try {
      await call(`/incidents/${encodeURIComponent(uid)}/notes`, {method: 'POST', body: {text: note.value}});
      notify('Note added.');
      reload('Note added.');
    } catch (err) {
      message.textContent = `Note not added: ${err.detail || err.message}`;
    }
  }}, field('Note', note), h('button', {type: 'submit'}, 'Add note'));
}
