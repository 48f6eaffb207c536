// Log Entry Detail: event and user information, the changes table, related events, previous change, history, export.
import { h, add, section, facts, table, fullTime, shortTime, actorName, headline, eventLink, riskBadge, download } from '../dom.js';
import { get, file, available } from '../api.js';

function changeRows(changes) {
  return changes.map((c) => {
    const name = c.displayName || c.field;
    const before = c.oldDisplay ?? c.oldValue;
    const after = c.newDisplay ?? c.newValue;
    if (c.kind === 'Unchanged') return [name, before ?? after ?? '—', `${after ?? before ?? ''} (no change)`];
    return [name, before ?? '—', after ?? '—'];
  });
}

export default async function detail(main, ctx) {
  const [id] = ctx.match;
  const [{ event: e, previousChange, related }, reports] = await Promise.all([get(`events/${encodeURIComponent(id)}`), available('reports')]);
  if (!ctx.isCurrent()) return;
  const t = e.target ?? {};
  const a = e.actor ?? {};
  const c = e.client ?? {};
  const history = t.entityType && t.recordId ? `#/records/${encodeURIComponent(t.entityType)}/${encodeURIComponent(t.recordId)}` : null;

  // With reports on the server: the entry, its changes, related events and previous change in the chosen format
  // (events/{id}/export); without, the event's JSON as loaded.
  const exportFormat = reports ? h('select', { id: 'export-format', 'aria-label': 'Export format' },
    h('option', { value: 'pdf' }, 'PDF'), h('option', { value: 'csv' }, 'CSV'), h('option', { value: 'jsonl' }, 'JSON Lines')) : null;
  const exportMessage = h('span', { id: 'export-message', class: 'muted', 'aria-live': 'polite' });
  const exportEntry = h('button', { type: 'button' }, 'Export Entry');
  exportEntry.addEventListener('click', async () => {
    if (!reports) {
      download(`${e.displayId || e.id}.json`, 'application/json', `${JSON.stringify(e, null, 2)}\n`);
      return;
    }
    exportEntry.disabled = true;
    try {
      const { name, blob } = await file(`events/${encodeURIComponent(e.id)}/export`, { format: exportFormat.value });
      download(name, blob.type, blob);
      exportMessage.textContent = `Exported ${name}.`;
    } catch (error) {
      exportMessage.textContent = error.message;
    } finally {
      exportEntry.disabled = false;
    }
  });

  add(main, 
    h('h1', null, 'Audit Log Entry'),
    facts([['Event ID', e.displayId || e.id], ['Timestamp', h('time', { datetime: e.timestamp }, fullTime(e.timestamp))]]),
    h('div', { class: 'grid' },
      section('Event Information', facts([
        ['Action', e.action], ['Category', e.category], ['Entity', t.entityType], ['Record ID', t.recordId],
        ['Record Name', t.recordName], ['Module', t.module], ['Component', t.component],
        ['Result', e.outcome], ['Risk', riskBadge(e.risk)], ['Message', e.message], ['Correlation ID', e.correlationId],
      ])),
      section('User Information', facts([
        ['User', a.email ? `${actorName(e)} (${a.email})` : actorName(e)], ['User ID', a.id], ['Role', a.role],
        ['IP Address', c.ipAddress], ['Location', c.location], ['Device', c.device], ['Session ID', c.sessionId],
      ]))),
    section('Changes Made', table('Changes made by this event', ['Field', 'Previous Value', 'New Value'], changeRows(e.changes ?? []), 'No field changes recorded.')),
    section('Related Events', h('ul', { class: 'plain' },
      previousChange ? h('li', null, 'Previous change to this record: ', eventLink(previousChange, fullTime(previousChange.timestamp))) : h('li', { class: 'muted' }, 'No previous change to this record.'),
      related.map((r) => h('li', null, eventLink(r, headline(r)), `: ${shortTime(r.timestamp)}`)))),
    e.erasures?.length ? section('Erasures', h('ul', { class: 'plain' }, e.erasures.map((x) => h('li', null, `${fullTime(x.erasedAt)}: ${x.reason ?? 'erased'}`)))) : null,
    section('Integrity', facts([['Hash', h('code', null, e.hash ?? '')], ['Previous hash', h('code', null, e.previousHash ?? '')]])),
    h('p', { class: 'actions' },
      history ? h('a', { class: 'button', href: history }, 'View Full History') : null,
      exportFormat,
      exportEntry,
      h('a', { class: 'button secondary', href: '#/logs' }, 'Back to the log'),
      exportMessage),
  );
}
