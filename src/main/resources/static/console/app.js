// The console's shell: sign-in, the page menu, the tenant on every page, hash routes (#/page?filters).
import {h, fill} from './dom.js';
import {call, ApiError} from './api.js';
import {session} from './session.js';
import {closeDrawer} from './drawer.js';
import * as overview from './pages/overview.js';
import * as events from './pages/events.js';
import * as detections from './pages/detections.js';
import * as incidents from './pages/incidents.js';
import * as predictions from './pages/predictions.js';
import * as admin from './pages/admin.js';
import * as intel from './pages/intel.js';
import * as feeds from './pages/feeds.js';

const TENANT_PAGES = [['overview', 'Overview', overview], ['events', 'Events', events],
  ['detections', 'Detections', detections], ['incidents', 'Incidents', incidents],
  ['predictions', 'Predictions', predictions], ['intel', 'Intelligence', intel]];
const ADMIN_PAGES = [['admin', 'Admin', admin], ['feeds', 'Intel feeds', feeds]];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');

export function notify(text, kind = 'info') {
  const status = document.getElementById('status');
  status.className = `status ${kind}`;
  status.textContent = text || '';
}

function pages() {
  const id = session.identity();
  return id && id.admin ? ADMIN_PAGES : TENANT_PAGES;
}

/** The route of the hash: page name and its parameters. */
function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [name, q] = hash.split('?');
  return {name: name || pages()[0][0], params: new URLSearchParams(q || '')};
}

/** Goes to a page with parameters (they land in the hash: filters only, never a credential). */
export function navigate(name, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
  }
  const hash = `#/${name}${q.toString() ? `?${q}` : ''}`;
  if (location.hash === hash) render(); else location.hash = hash;
}

function render() {
  closeDrawer();
  if (!session.signedIn()) {
    signIn();
    return;
  }
  const {name, params} = route();
  const page = pages().find(p => p[0] === name) || pages()[0];
  fill(nav, pages().map(([id, label]) => h('a', {href: `#/${id}`, 'aria-current': id === page[0] ? 'page' : null}, label)));
  const view = h('div', {class: 'view', 'data-page': page[0]});
  fill(main, view);
  document.title = `${page[1]} · ${tenantText()} · Security Lake console`;
  notify('');
  page[2].render(view, params, {navigate: (p) => navigate(page[0], p), notify, tenant: tenantText()});
}

function tenantText() {
  const id = session.identity();
  return id ? (id.admin ? 'admin' : id.tenant) : '';
}

function signIn(message) {
  nav.hidden = true;
  who.hidden = true;
  document.title = 'Sign in · Security Lake console';
  const key = h('input', {id: 'api-key', type: 'password', name: 'api-key', autocomplete: 'off', required: true,
    spellcheck: 'false'});
  const error = h('p', {class: 'error', role: 'alert', hidden: !message}, message || '');
  const start = async (k) => {
    error.hidden = true;
    try {
      const me = await call('/whoami', {key: k});
      session.start(k, me);
    } catch (e) {
      error.hidden = false;
      error.textContent = e instanceof ApiError && (e.status === 401 || e.status === 400)
        ? (k ? 'The service does not know this key.' : 'No client certificate was accepted.')
        : `Sign-in failed: ${e.message}`;
    }
  };
  const form = h('form', {class: 'signin', onsubmit: (e) => { e.preventDefault(); start(key.value.trim()); }},
      h('h1', {}, 'Sign in'),
      h('p', {}, 'Use your tenant\'s API key (or the admin key). It is kept for this tab only and sent with each call.'),
      h('div', {class: 'field'}, h('label', {for: 'api-key'}, 'API key'), key),
      h('div', {class: 'actions'},
          h('button', {type: 'submit', id: 'sign-in'}, 'Sign in'),
          h('button', {type: 'button', class: 'secondary', onclick: () => start(null)}, 'Use my client certificate')),
      error);
  fill(main, form);
  key.focus();
}

session.onChange((change, message) => {
  if (change === 'in') {
    nav.hidden = false;
    who.hidden = false;
    document.getElementById('tenant').textContent = tenantText();
    if (!pages().some(p => location.hash.startsWith(`#/${p[0]}`))) navigate(pages()[0][0]);
    else render();
  } else {
    closeDrawer();
    fill(nav);
    document.getElementById('tenant').textContent = '';
    notify('');
    history.replaceState(null, '', location.pathname);
    signIn(message);
  }
});

document.getElementById('sign-out').addEventListener('click', () => session.signOut());
window.addEventListener('hashchange', render);

// a reload of the tab keeps its sign-in: ask the service who the kept key names
(async () => {
  const kept = session.key();
  if (!kept) { signIn(); return; }
  try {
    session.start(kept, await call('/whoami', {key: kept}));
  } catch (e) {
    session.signOut(e.status === 401 ? 'The kept key was refused; sign in again.' : `Sign-in failed: ${e.message}`);
  }
})();
