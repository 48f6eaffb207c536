// Log Entry Detail: event and user information, the changes table, related events, previous change, history, export.
import { h, add, section, facts, table, fullTime, shortTime, actorName, headline, eventLink, riskBadge, download } from '../dom.js';
import { get } from '../api.js';

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
  const { event: e, previousChange, related } = await get(`events/${encodeURIComponent(id)}`);
  if (!ctx.isCurrent()) return;
  const t = e.target ?? {};
  const a = e.actor ?? {};
  const c = e.client ?? {};
  const history = t.entityType && t.recordId ? `#/records/${encodeURIComponent(t.entityType)}/${encodeURIComponent(t.recordId)}` : null;

  const exportEntry = h('button', { type: 'button' }, 'Export Entry');
  exportEntry.addEventListener('click', () => download(`${e.displayId || e.id}.json`, 'application/json', `${JSON.stringify(e, null, 2)}\n`));

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
      exportEntry,
      h('a', { class: 'button secondary', href: '#/logs' }, 'Back to the log')),
  );
}
