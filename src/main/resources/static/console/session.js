// The tab's sign-in: the API key lives in sessionStorage (this tab only, gone when it closes), never in
// localStorage, a cookie or a URL. With a client certificate no key is kept at all.
const KEY = 'lake-console-key';
const listeners = new Set();
let identity = null;

export const session = {
  key: () => sessionStorage.getItem(KEY),
  identity: () => identity,
  signedIn: () => identity !== null,
  /** Records the caller the service named for this credential (null key: a client certificate). */
  start(key, who) {
    if (key) sessionStorage.setItem(KEY, key); else sessionStorage.removeItem(KEY);
    identity = who;
    listeners.forEach(l => l('in'));
  },
  signOut(message) {
    sessionStorage.removeItem(KEY);
    identity = null;
    listeners.forEach(l => l('out', message));
  },
  expire(message) {
    this.signOut(message);
  },
  onChange(listener) {
    listeners.add(listener);
  },
};
