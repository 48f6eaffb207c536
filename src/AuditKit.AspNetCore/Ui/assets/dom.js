// Building elements without HTML strings: every value becomes text (textContent / text nodes), never markup.

/** Creates an element; props: attributes, `class`, `text`, and `on<event>` listeners. Inline styles are refused (CSP). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'style') throw new Error('Inline styles are not allowed by the Content-Security-Policy.');
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  add(el, children);
  return el;
}

/** Appends children (nodes, or values as text nodes). */
export function add(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** The viewer's IANA time zone. */
export const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'long' });
const short = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const numbers = new Intl.NumberFormat();

/** "January 22, 2026 at 10:45:32 AM EST" in the viewer's zone. */
export const fullTime = (iso) => (iso ? full.format(new Date(iso)) : '');
/** "Jan 22, 10:45 AM" in the viewer's zone. */
export const shortTime = (iso) => (iso ? short.format(new Date(iso)) : '');
/** "Jan 22, 2026". */
export const day = (iso) => (iso ? dateOnly.format(new Date(iso)) : '');
/** "15,678". */
export const number = (n) => numbers.format(n ?? 0);

/** "2.3 GB". */
export function bytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** yyyy-mm-dd of a Date in the viewer's zone (for date inputs). */
export function isoDay(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The instant of local midnight of a yyyy-mm-dd day (plus `addDays`), as ISO 8601 UTC. */
export function dayStart(value, addDays = 0) {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d + addDays).toISOString();
}

const categoryNames = {
  RecordChange: 'Record Changes', UserAction: 'User Actions', Security: 'Security Events',
  System: 'System Events', ApiRequest: 'API Requests', DataAccess: 'View/Read Actions',
};
/** "Record Changes" for RecordChange. */
export const categoryName = (c) => categoryNames[c] ?? c;

/** The actor as shown in tables: name, else id, else "System". */
export const actorName = (e) => e.actor?.name || e.actor?.id || 'System';

/** "Customer" / "Acme Corporation" style target text. */
export const recordText = (e) => e.target?.recordName || e.target?.recordId || '';

/** The event's headline: its message, else its action. */
export const headline = (e) => e.message || e.action;

/** A link to an event's detail. */
export const eventLink = (e, text) => h('a', { href: `#/events/${encodeURIComponent(e.id)}` }, text ?? 'View');

/** A risk badge (None…Critical). */
export const riskBadge = (risk) => h('span', { class: `badge risk-${String(risk).toLowerCase()}` }, risk);

const statusText = { Success: '✓ Success', Warning: '⚠ Warning', Blocked: '✖ Blocked', Failure: '✖ Failure', Denied: '✖ Denied' };
/** A status badge (✓ ⚠ ✖); `text` replaces the status's own words. */
export const statusBadge = (status, text) => h('span', { class: `badge status-${String(status).toLowerCase()}` }, text ?? statusText[status] ?? status);

/** A table with a caption, column headers and rows of cells (nodes or text). */
export function table(caption, headers, rows, empty = 'Nothing to show.') {
  const body = h('tbody');
  for (const row of rows) body.append(h('tr', null, row.map((cell) => h('td', null, cell))));
  if (rows.length === 0) body.append(h('tr', null, h('td', { colspan: headers.length, class: 'muted' }, empty)));
  return h('table', null,
    h('caption', null, caption),
    h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col' }, x)))),
    body);
}

/** A definition list of [term, value] pairs ("Event Information"). */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter((p) => p[1] !== null && p[1] !== undefined && p[1] !== '')
    .map(([term, value]) => [h('dt', null, term), h('dd', null, value)]));
}

/** A titled section. */
export const section = (title, ...children) => h('section', { class: 'panel', 'aria-label': title }, h('h3', null, title), ...children);

/** A labelled form control. */
export function field(label, control) {
  const id = control.id || `f-${Math.random().toString(36).slice(2)}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

/** Offers a text or a Blob as a file download (Blob URL: no data leaves the browser). */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Announces a message to screen readers. */
export function announce(text) {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}
