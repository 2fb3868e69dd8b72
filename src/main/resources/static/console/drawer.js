// A side panel (modal dialog) for one item's details: focus moves in, Escape or Close returns it where it was.
import {h, fill} from './dom.js';

export function openDrawer(title, ...content) {
  const root = document.getElementById('drawer-root');
  const back = document.activeElement;
  const close = () => {
    fill(root);
    document.removeEventListener('keydown', onKey);
    if (back && back.isConnected) back.focus();
  };
  const onKey = (e) => { if (e.key === 'Escape') close(); };
  const heading = h('h2', {id: 'drawer-title', tabindex: -1}, title);
  const panel = h('div', {class: 'drawer', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'drawer-title'},
      h('div', {class: 'drawer-head'}, heading, h('button', {type: 'button', class: 'close', onclick: close}, 'Close')),
      h('div', {class: 'drawer-body'}, content));
  fill(root, h('div', {class: 'backdrop', onclick: close}), panel);
  document.addEventListener('keydown', onKey);
  heading.focus();
  return {close, panel};
}

export function closeDrawer() {
  fill(document.getElementById('drawer-root'));
}
