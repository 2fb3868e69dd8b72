// Admin (the admin key): tenants with their configured and claimed accounts; claim an account for a tenant;
// replay an account's unassigned objects (the answer says how many were queued).
import {h, fill, field, select, table, loading, empty, errorBox, number} from '../dom.js';
import {get, call} from '../api.js';

export function render(view) {
  const tenants = h('section', {'aria-labelledby': 'tenants-h'}, h('h2', {id: 'tenants-h'}, 'Tenants and accounts'), loading('tenants'));
  const actions = h('div', {class: 'grid'});
  fill(view, h('h1', {}, 'Admin'), tenants, actions);
  const reload = () => get('/admin/tenants').then(r => {
    const list = r.tenants || [];
    fill(tenants, h('h2', {id: 'tenants-h'}, 'Tenants and accounts'), list.length === 0 ? empty('No tenants are configured.')
      : table('Tenants', [
        {label: 'Tenant', value: t => t.id},
        {label: 'Storage', value: t => t.storage},
        {label: 'Configured accounts', value: t => (t.accounts || []).join(', ')},
        {label: 'Claimed accounts', value: t => (t.claimed || []).join(', ')},
      ], list));
    if (!actions.hasChildNodes()) fill(actions, claimForm(list, reload), replayForm());
  }).catch(e => fill(tenants, h('h2', {id: 'tenants-h'}, 'Tenants and accounts'), errorBox(e, 'the tenants')));
  reload();
}

function claimForm(list, reload) {
  const tenant = select('claim-tenant', list.map(t => [t.id, t.id]));
  const account = h('input', {id: 'claim-account', type: 'text', inputmode: 'numeric', pattern: '\\d{12}', required: true, placeholder: '12 digits'});
  const result = h('p', {role: 'status'});
  return h('section', {class: 'panel', 'aria-labelledby': 'claim-h'}, h('h2', {id: 'claim-h'}, 'Claim an account'),
      h('p', {}, 'Objects of the account go to the tenant from the next one on; replay its unassigned objects after.'),
      h('form', {onsubmit: async (e) => {
        e.preventDefault();
        try {
          const r = await call(`/admin/tenants/${encodeURIComponent(tenant.value)}/accounts/${encodeURIComponent(account.value.trim())}`, {method: 'PUT'});
          result.textContent = r.created ? `Account ${r.account} is now claimed by ${r.tenant}.` : `Account ${r.account} already belongs to ${r.tenant}.`;
          reload();
        } catch (err) {
          result.textContent = `Not claimed: ${err.detail || err.message}`;
        }
      }}, field('Tenant', tenant), field('Account', account), h('button', {type: 'submit'}, 'Claim')), result);
}

function replayForm() {
  const account = h('input', {id: 'replay-account', type: 'text', inputmode: 'numeric', pattern: '\\d{12}', required: true, placeholder: '12 digits'});
  const result = h('p', {role: 'status'});
  return h('section', {class: 'panel', 'aria-labelledby': 'replay-h'}, h('h2', {id: 'replay-h'}, 'Replay unassigned objects'),
      h('p', {}, 'Sends the account\'s unassigned objects through ingestion again, to the tenant that claims it now.'),
      h('form', {onsubmit: async (e) => {
        e.preventDefault();
        try {
          const r = await call('/admin/replay', {method: 'POST', params: {account: account.value.trim()}});
          result.textContent = `${number(r.queued)} unassigned objects of ${r.account} queued for ${r.tenant}.`;
        } catch (err) {
          result.textContent = `Not replayed: ${err.detail || err.message}`;
        }
      }}, field('Account', account), h('button', {type: 'submit'}, 'Replay')), result);
}
