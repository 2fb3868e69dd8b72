// Calls to the service's REST API with the tab's credential; errors come back as ApiError (the problem body).
import {session} from './session.js';

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(`${status} ${title}${detail ? `: ${detail}` : ''}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

/** Query text of the params whose values are set; arrays repeat the name. */
export function query(params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) if (one !== '') q.append(k, one);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/**
 * One call: method, path (under /api/v1), params, JSON body, extra headers. The key goes in X-API-Key, never in
 * the URL; with a client certificate the browser presents it and no key is sent.
 */
export async function call(path, {method = 'GET', params, body, headers = {}, key = session.key()} = {}) {
  const h = {Accept: 'application/json, application/problem+json', ...headers};
  if (key) h['X-API-Key'] = key;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`/api/v1${path}${query(params)}`, {method, headers: h, cache: 'no-store',
      credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    throw new ApiError(0, 'Network error', 'the service did not answer');
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const error = new ApiError(response.status, (data && data.title) || response.statusText || 'Error',
        data && data.detail);
    if (response.status === 401 && session.signedIn()) session.expire('The service refused the credential; sign in again.');
    throw error;
  }
  return data;
}

export const get = (path, params) => call(path, {params});

/**
 * A listing another part of the service may not offer (yet): a 404 for a listing's path can only mean the
 * service has no such endpoint, and marks the error not available. Not for one item by uid (404: no such item).
 */
export async function listing(path, options) {
  try {
    return await call(path, options);
  } catch (e) {
    if (e.status === 404) e.notAvailable = true;
    throw e;
  }
}
