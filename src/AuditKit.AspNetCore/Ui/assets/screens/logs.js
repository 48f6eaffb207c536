// Log Viewer: filter bar, results count, table with keyset "more" paging, live mode (server-sent events), export.
import { h, add, field, table, number, shortTime, actorName, recordText, eventLink, isoDay, dayStart, download, announce, riskBadge } from '../dom.js';
import { get, query, available, file } from '../api.js';

const actionChoices = [
  ['', 'All Actions'], ['Create', 'Create'], ['Update', 'Update'], ['Delete', 'Delete'], ['View', 'View'],
  ['Login,Logout', 'Login/Logout'], ['Export', 'Export'], ['SettingsChanged', 'Settings Change'],
];

/** The API filters of the viewer's hash parameters. */
export function filtersOf(params) {
  const from = params.get('from');
  const to = params.get('to');
  return {
    from: from ? dayStart(from) : null,
    to: to ? dayStart(to, 1) : null,
    user: params.get('user') || null,
    action: (params.get('action') || '').split(',').filter(Boolean),
    entity: params.get('entity') || null,
    q: params.get('q') || null,
    category: params.get('category') || null,
    minRisk: params.get('minRisk') || null,
  };
}

// Spreadsheets run cells starting with = + - @ (and tab/CR) as formulas: such cells get a leading apostrophe.
function csvCell(value) {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// "Credit Limit: $5,000.00 → $6,234.56; Status: Active (no change)": the changes as the detail shows them, one cell.
function changesText(changes) {
  return (changes ?? []).map((c) => {
    const before = c.oldDisplay ?? c.oldValue;
    const after = c.newDisplay ?? c.newValue;
    return c.kind === 'Unchanged'
      ? `${c.displayName || c.field}: ${after ?? before ?? ''} (no change)`
      : `${c.displayName || c.field}: ${before ?? '—'} → ${after ?? '—'}`;
  }).join('; ');
}

function select(name, choices, value) {
  const control = h('select', { name });
  for (const [v, label] of choices) control.append(h('option', { value: v, selected: v === value }, label));
  if (value && !choices.some(([v]) => v === value)) control.append(h('option', { value, selected: true }, value));
  return control;
}

export default async function logs(main, ctx) {
  const params = ctx.params;
  const filters = filtersOf(params);
  // The User and Entity lists offer the 200 most active of the last 90 days (aggregates, not the log); a value from a
  // link that is not among them is added to its list.
  const since = new Date(Date.now() - 90 * 86400_000).toISOString();
  const top = (items) => items.filter((i) => i.key).slice(0, 200).map((i) => [i.key, i.key]);
  const [users, entities, page, alerts, reports] = await Promise.all([
    get('activity', { by: 'Actor', from: since }),
    get('activity', { by: 'EntityType', from: since }),
    get('events', { ...filters, pageSize: 50 }),
    available('alerts'),
    available('reports'),
  ]);
  // Counted after the page is read: the count includes at least the events shown.
  const count = await get('events/count', filters);
  if (!ctx.isCurrent()) return;

  const today = isoDay(new Date());
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the log' },
    field('From', h('input', { type: 'date', name: 'from', value: params.get('from') ?? '', max: today })),
    field('To', h('input', { type: 'date', name: 'to', value: params.get('to') ?? '', max: today })),
    field('User', select('user', [['', 'All Users'], ...top(users.items)], params.get('user') ?? '')),
    field('Action Type', select('action', actionChoices, params.get('action') ?? '')),
    field('Entity', select('entity', [['', 'All Entities'], ...top(entities.items)], params.get('entity') ?? '')),
    field('Search', h('input', { type: 'search', name: 'q', value: params.get('q') ?? '', maxlength: 500, placeholder: 'words, wareh* for prefixes' })),
    h('div', { class: 'field buttons' },
      h('button', { type: 'submit' }, 'Search'),
      h('button', { type: 'button', class: 'secondary', onclick: () => ctx.go('#/logs') }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = {};
    for (const key of ['from', 'to', 'user', 'action', 'entity', 'q']) next[key] = data.get(key);
    for (const key of ['category', 'minRisk']) next[key] = params.get(key);
    const hash = `#/logs${query(next)}`;
    if (location.hash === hash) ctx.go(`${hash}&`); else ctx.go(hash);
  });

  let total = count.count;
  const loaded = [...page.items];
  let cursor = page.nextCursor;
  const results = h('p', { class: 'results', id: 'results-count', 'aria-live': 'polite' });
  const showCount = () => { results.textContent = `Results: ${number(total)} events (${number(loaded.length)} shown)`; };
  showCount();

  const row = (e) => h('tr', { 'data-id': e.id },
    h('td', null, h('time', { datetime: e.timestamp }, shortTime(e.timestamp))),
    h('td', null, actorName(e)),
    h('td', null, e.action),
    h('td', null, e.target?.entityType ?? ''),
    h('td', null, recordText(e)),
    h('td', null, riskBadge(e.risk)),
    h('td', null, eventLink(e, 'View')));
  const body = h('tbody', null, loaded.map(row));
  const grid = h('table', { class: 'log' },
    h('caption', { class: 'visually-hidden' }, 'Audit events, newest first'),
    h('thead', null, h('tr', null, ['Timestamp', 'User', 'Action', 'Entity', 'Record', 'Risk', 'Details'].map((x) => h('th', { scope: 'col' }, x)))),
    body);

  const more = h('button', { type: 'button', class: 'secondary', hidden: !cursor }, 'Load more');
  more.addEventListener('click', async () => {
    more.disabled = true;
    const next = await get('events', { ...filters, pageSize: 50, cursor });
    next.items.forEach((e) => { loaded.push(e); body.append(row(e)); });
    cursor = next.nextCursor;
    more.hidden = !cursor;
    more.disabled = false;
    showCount();
    announce(`${next.items.length} more events loaded`);
  });

  // With reports on the server (audit.AddReports()), Export Results writes every matching event there (events/export,
  // with the evidence section); without, the rows loaded here are saved as CSV in the browser.
  const exportFormat = reports ? h('select', { id: 'export-format', 'aria-label': 'Export format' },
    h('option', { value: 'csv' }, 'CSV'), h('option', { value: 'jsonl' }, 'JSON Lines'), h('option', { value: 'pdf' }, 'PDF')) : null;
  const exportMessage = h('span', { id: 'export-message', class: 'muted', 'aria-live': 'polite' });
  const exportResults = h('button', { type: 'button' }, 'Export Results');
  exportResults.addEventListener('click', async () => {
    if (reports) {
      exportResults.disabled = true;
      exportMessage.textContent = 'Exporting…';
      try {
        const { name, blob } = await file('events/export', { ...filters, format: exportFormat.value });
        download(name, blob.type, blob);
        exportMessage.textContent = `Exported ${name}.`;
        announce(`Exported ${name}`);
      } catch (error) {
        exportMessage.textContent = error.message;
      } finally {
        exportResults.disabled = false;
      }
      return;
    }
    const header = ['Event ID', 'Timestamp (UTC)', 'User ID', 'User', 'Category', 'Action', 'Outcome', 'Risk', 'Entity', 'Record ID', 'Record Name', 'Message', 'Changes'];
    const lines = [header, ...loaded.map((e) => [e.displayId, e.timestamp, e.actor?.id, e.actor?.name, e.category, e.action, e.outcome, e.risk,
      e.target?.entityType, e.target?.recordId, e.target?.recordName, e.message, changesText(e.changes)])];
    download(`audit-log-${isoDay(new Date())}.csv`, 'text/csv', `${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`);
    announce(`Exported ${loaded.length} events`);
  });

  const alertLink = alerts
    ? h('a', { class: 'button secondary', href: `#/alerts/new${query(Object.fromEntries(params))}` }, 'Create Alert')
    : h('button', { type: 'button', class: 'secondary', disabled: true, title: 'Alert rules are not available on this server' }, 'Create Alert');

  // Live mode: new events matching the filters arrive over server-sent events and go on top.
  const live = h('input', { type: 'checkbox', id: 'live-mode' });
  const liveState = h('span', { class: 'muted', id: 'live-state', 'aria-live': 'polite' });
  let source = null;
  const stop = () => { if (source) { source.close(); source = null; } liveState.textContent = ''; };
  live.addEventListener('change', () => {
    if (!live.checked) { stop(); return; }
    source = new EventSource(`events/live${query({ ...filters, to: null })}`);
    liveState.textContent = 'Connecting…';
    source.addEventListener('open', () => { liveState.textContent = 'Live: new events appear on top.'; });
    source.addEventListener('audit', (message) => {
      const e = JSON.parse(message.data);
      if (body.querySelector(`tr[data-id="${CSS.escape(e.id)}"]`)) return;
      loaded.unshift(e);
      total += 1;
      const tr = row(e);
      tr.classList.add('fresh');
      body.prepend(tr);
      showCount();
    });
    source.addEventListener('overflow', () => { liveState.textContent = 'More events arrived than live mode shows: search again for all of them.'; });
    source.addEventListener('error', () => { liveState.textContent = 'Live mode disconnected; retrying…'; });
  });
  ctx.onCleanup(stop);

  add(main, 
    h('h1', null, 'Audit Log Search'),
    form,
    filters.category || filters.minRisk ? h('p', { class: 'muted' },
      [filters.category ? `Category: ${filters.category}` : null, filters.minRisk ? `Risk: ${filters.minRisk} or higher` : null].filter(Boolean).join(' · '), ' (',
      h('a', { href: `#/logs${query({ ...Object.fromEntries(params), category: null, minRisk: null })}` }, 'remove'), ')') : null,
    h('div', { class: 'toolbar' }, results, h('label', { class: 'live', for: 'live-mode' }, live, ' Live'), liveState),
    grid,
    h('p', { class: 'actions' }, more, exportFormat, exportResults, alertLink, exportMessage),
    h('p', { class: 'muted small' }, reports
      ? 'Export Results writes every event matching the filters on the server, in the chosen format, with an evidence section.'
      : 'Export Results saves the rows loaded on this page as CSV, with their field changes (load more rows first to include them).',
      alerts ? '' : ' Alert rules are not available on this server yet.'),
  );
}
