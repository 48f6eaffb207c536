// The audit screens: a hash router over screen modules. Every screen reads the JSON API next to this page.
import { h, announce } from './dom.js';
import { available } from './api.js';
import dashboard from './screens/dashboard.js';
import logs from './screens/logs.js';
import detail from './screens/detail.js';
import record from './screens/record.js';
import users from './screens/users.js';
import user from './screens/user.js';
import security from './screens/security.js';
import system from './screens/system.js';
import settings from './screens/settings.js';
import alerts from './screens/alerts.js';
import retention from './screens/retention.js';
import reports from './screens/reports.js';

const routes = [
  [/^\/?$/, 'dashboard', dashboard],
  [/^\/dashboard$/, 'dashboard', dashboard],
  [/^\/logs$/, 'logs', logs],
  [/^\/events\/([^/]+)$/, 'logs', detail],
  [/^\/records\/([^/]+)\/([^/]+)$/, 'logs', record],
  [/^\/users$/, 'users', users],
  [/^\/users\/([^/]+)$/, 'users', user],
  [/^\/security$/, 'security', security],
  [/^\/system$/, 'system', system],
  [/^\/settings$/, 'settings', settings],
  [/^\/alerts(?:\/(new))?$/, 'alerts', alerts],
  [/^\/retention$/, 'retention', retention],
  [/^\/reports$/, 'reports', reports],
];


const main = document.getElementById('main');
let cleanups = [];
let generation = 0;

function parse() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const [path, search = ''] = hash.split('?');
  return { path, params: new URLSearchParams(search) };
}

async function render() {
  if (location.hash && !location.hash.startsWith('#/')) return; // in-page anchors (skip link)
  for (const cleanup of cleanups.splice(0)) {
    try { cleanup(); } catch { /* already gone */ }
  }
  const run = ++generation;
  const { path, params } = parse();
  const found = routes.map(([pattern, nav, screen]) => [path.match(pattern), nav, screen]).find(([m]) => m);
  for (const link of document.querySelectorAll('#nav a')) {
    if (found && link.dataset.screen === found[1]) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.replaceChildren();
  if (!found) {
    main.append(h('h1', { tabindex: '-1' }, 'Not found'), h('p', null, 'There is no audit screen at this address.'));
    return;
  }
  const [match, , screen] = found;
  const ctx = {
    params,
    match: match.slice(1).map(decodeURIComponent),
    onCleanup: (fn) => cleanups.push(fn),
    isCurrent: () => run === generation,
    go: (hash) => { location.hash = hash; },
  };
  try {
    await screen(main, ctx);
  } catch (error) {
    if (run !== generation) return;
    main.append(h('div', { class: 'error', role: 'alert' }, h('strong', null, 'Could not load this screen. '), String(error.message ?? error)));
  }
  if (run !== generation) return;
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    document.title = `${heading.textContent} · Audit Logs`;
    if (document.activeElement === document.body || document.activeElement === main || !main.contains(document.activeElement)) heading.focus({ preventScroll: true });
    announce(`${heading.textContent} loaded`);
  }
  main.dataset.ready = String(run);
}

// Screens of optional features (alerts, retention, reports): their navigation entries stay hidden until both the screen
// and the server's endpoints exist.
for (const item of document.querySelectorAll('[data-feature]')) {
  available(item.dataset.feature).then((yes) => { item.hidden = !yes; });
}

window.addEventListener('hashchange', render);
render();
