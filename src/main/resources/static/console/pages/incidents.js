// Incidents (to the analyst layer's contract): the queue by severity and recency; an incident's detections on
// a timeline, its entities, status/assignee/priority changes (If-Match: version) and notes. A service without
// the incidents API answers 404 for the listing: the page says it is not available.
import {h, fill, field, select, table, loading, empty, errorBox, utc, number} from '../dom.js';
import {listing, call} from '../api.js';
import {jsonTree} from '../jsontree.js';
import {lineChart} from '../chart.js';
import {INCIDENT_STATUSES, PRIORITIES, severity} from '../ocsf.js';
import {entitiesText, showDetection} from './detections.js';

const COLUMNS = [
  {label: 'Severity', value: i => severity(i.severity_id)},
  {label: 'Status', value: i => i.status || INCIDENT_STATUSES[i.status_id] || ''},
  {label: 'Title', class: 'summary', value: i => title(i)},
  {label: 'Detections', value: i => number(i.detection_count)},
  {label: 'Assignee', value: i => assignee(i)},
  {label: 'Last active (UTC)', value: i => utc(i.end_time || i.start_time)},
];

const title = (i) => ((i.finding_info_list || [])[0] || {}).title || i.title || i.uid;
const assignee = (i) => (i.assignee && typeof i.assignee === 'object' ? i.assignee.name || i.assignee.uid : i.assignee) || '';

/** The queue's order: most severe first, then most recently active. */
export const queueOrder = (a, b) => (b.severity_id || 0) - (a.severity_id || 0)
    || (b.end_time || b.start_time || 0) - (a.end_time || a.start_time || 0);

export function render(view, params, {navigate, notify}) {
  const status = select('incidents-status', [['', 'Any status'], ...Object.entries(INCIDENT_STATUSES)], params.get('status') || '');
  const who = h('input', {id: 'incidents-assignee', type: 'text', value: params.get('assignee') || ''});
  const form = h('form', {class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    navigate({status: status.value, assignee: who.value.trim()});
  }}, field('Status', status), field('Assignee', who), h('button', {type: 'submit'}, 'Filter'));
  const results = h('div', {}, loading('incidents'));
  fill(view, h('h1', {}, 'Incidents'), form, results);
  listing('/incidents', {params: {status: params.get('status'), assignee: params.get('assignee'), limit: 200}}).then(page => {
    const items = [...page.items].sort(queueOrder);
    fill(results, items.length === 0 ? empty('No incidents match.')
      : table('Incident queue', COLUMNS, items, {onOpen: (i) => showIncident(i.uid, notify), rowLabel: i => `incident ${title(i)}`}));
    if (params.get('uid')) showIncident(params.get('uid'), notify);
  }).catch(e => fill(results, errorBox(e, 'Incidents')));
}

async function showIncident(uid, notify) {
  const main = document.getElementById('main');
  const view = h('section', {class: 'panel wide incident', 'aria-labelledby': 'incident-h'}, loading('the incident'));
  const existing = main.querySelector('.incident');
  if (existing) existing.replaceWith(view); else main.querySelector('.view').append(view);
  let incident;
  try {
    incident = await call(`/incidents/${encodeURIComponent(uid)}`);
  } catch (e) {
    fill(view, errorBox(e, 'the incident'));
    return;
  }
  const detections = await Promise.all((incident.detection_uids || []).slice(0, 100)
      .map(d => call(`/detections/${encodeURIComponent(d)}`).catch(() => null)));
  const found = detections.filter(Boolean).sort((a, b) => a.time - b.time);
  const statusSel = select('incident-status', Object.entries(INCIDENT_STATUSES), incident.status_id);
  const prioSel = select('incident-priority', Object.entries(PRIORITIES), incident.priority_id ?? 0);
  const who = h('input', {id: 'incident-assignee', type: 'text', value: assignee(incident)});
  const message = h('p', {role: 'status'});
  const change = h('form', {class: 'filters', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await call(`/incidents/${encodeURIComponent(uid)}`, {method: 'PATCH', headers: {'If-Match': String(incident.version)},
        body: {status_id: Number(statusSel.value), priority_id: Number(prioSel.value), assignee: who.value.trim()}});
      notify('Incident updated.');
      showIncident(uid, notify);
    } catch (err) {
      message.textContent = err.status === 412 ? 'Someone changed this incident meanwhile: reloaded, apply your change again.'
        : `Not saved: ${err.message}`;
      if (err.status === 412) setTimeout(() => showIncident(uid, notify), 1500);
    }
  }}, field('Status', statusSel), field('Priority', prioSel), field('Assignee', who), h('button', {type: 'submit'}, 'Save'));
  const note = h('textarea', {id: 'incident-note', rows: 3});
  const notes = h('form', {onsubmit: async (e) => {
    e.preventDefault();
    if (!note.value.trim()) return;
    try {
      await call(`/incidents/${encodeURIComponent(uid)}/notes`, {method: 'POST', body: {text: note.value}});
      notify('Note added.');
      showIncident(uid, notify);
    } catch (err) {
      message.textContent = `Note not added: ${err.message}`;
    }
  }}, field('Note', note), h('button', {type: 'submit'}, 'Add note'));
  fill(view, h('h2', {id: 'incident-h', tabindex: -1}, title(incident)),
      h('dl', {class: 'facts'},
          h('dt', {}, 'Severity'), h('dd', {}, severity(incident.severity_id)),
          h('dt', {}, 'Status'), h('dd', {}, incident.status || INCIDENT_STATUSES[incident.status_id] || ''),
          h('dt', {}, 'Window (UTC)'), h('dd', {}, `${utc(incident.start_time)} – ${utc(incident.end_time)}`),
          h('dt', {}, 'Entities'), h('dd', {}, entitiesText(incident)),
          h('dt', {}, 'Version'), h('dd', {}, String(incident.version ?? ''))),
      found.length ? lineChart({title: 'Detections over time (severity)', height: 180,
        times: found.map(d => d.time / 1000), series: [{label: 'Severity', values: found.map(d => d.severity_id), points: true, color: '#b91c1c'}]}) : null,
      found.length ? table('Detections of the incident', [
        {label: 'Time (UTC)', value: d => utc(d.time)}, {label: 'Severity', value: d => severity(d.severity_id)},
        {label: 'Rule', value: d => (d.rule && d.rule.title) || ''}], found, {onOpen: showDetection, rowLabel: d => `detection ${d.uid}`}) : empty('No detections found.'),
      h('h3', {}, 'Change'), change, h('h3', {}, 'Notes'),
      (incident.notes || []).length ? h('ul', {}, incident.notes.map(n => h('li', {}, `${utc(n.time)} ${n.author || ''}: ${n.text}`))) : null,
      notes, message, h('details', {}, h('summary', {}, 'The incident as stored'), jsonTree(incident, {open: 1})));
  view.querySelector('#incident-h').focus();
}
