// A record's history as a timeline (keyset "more" paging) and its state at any moment.
import { h, add, section, table, fullTime, shortTime, actorName, eventLink, announce } from '../dom.js';
import { get } from '../api.js';

function localInput(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export default async function record(main, ctx) {
  const [entityType, recordId] = ctx.match;
  const base = `records/${encodeURIComponent(entityType)}/${encodeURIComponent(recordId)}`;
  const first = await get(`${base}/history`, { pageSize: 50 });
  if (!ctx.isCurrent()) return;
  const name = first.items.find((e) => e.target?.recordName)?.target.recordName;

  const stateBox = h('div', { id: 'record-state', 'aria-live': 'polite' });
  const at = h('input', { type: 'datetime-local', step: 1, id: 'state-at', value: localInput(new Date()) });
  // `at` is ISO 8601 text: an event's own timestamp keeps its microseconds (a Date would cut them to milliseconds).
  async function showState(at) {
    const s = await get(`${base}/state`, { at });
    const rows = Object.entries(s.fields).map(([k, v]) => [k, v ?? '']);
    stateBox.replaceChildren();
    add(stateBox,
      h('p', null, s.exists ? `The record as of ${fullTime(s.at)} (${s.changeCount} changes applied).` : `The record did not exist at ${fullTime(s.at)}.`),
      table(`Fields at ${fullTime(s.at)}`, ['Field', 'Value'], rows, 'No field values.'),
      s.unknownFields?.length ? h('p', { class: 'muted' }, `Unknown values (changed without recorded values): ${s.unknownFields.join(', ')}`) : null,
      s.lastChange ? h('p', null, 'Last change: ', eventLink(s.lastChange, fullTime(s.lastChange.timestamp))) : null);
    announce('State loaded');
  }
  const stateForm = h('form', { class: 'filters' },
    h('div', { class: 'field' }, h('label', { for: 'state-at' }, 'State at'), at),
    h('div', { class: 'field buttons' }, h('button', { type: 'submit' }, 'Show state')));
  stateForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (at.value) showState(new Date(at.value).toISOString());
  });

  const item = (e) => h('li', { class: 'moment' },
    h('div', { class: 'when' }, h('time', { datetime: e.timestamp }, shortTime(e.timestamp))),
    h('div', { class: 'what' },
      h('p', null, h('strong', null, e.action), ` by ${actorName(e)} `, eventLink(e, 'details')),
      e.changes?.length ? h('ul', { class: 'plain changes' }, e.changes.map((c) =>
        h('li', null, `${c.displayName || c.field}: ${c.oldDisplay ?? c.oldValue ?? '—'} → ${c.newDisplay ?? c.newValue ?? '—'}${c.kind === 'Unchanged' ? ' (no change)' : ''}`))) : null,
      h('button', {
        type: 'button', class: 'link',
        onclick: () => { at.value = localInput(new Date(e.timestamp)); showState(e.timestamp); },
      }, 'State after this change')));
  const timeline = h('ol', { class: 'timeline', 'aria-label': 'Changes, newest first' }, first.items.map(item));
  let cursor = first.nextCursor;
  const more = h('button', { type: 'button', class: 'secondary', hidden: !cursor }, 'Older events');
  more.addEventListener('click', async () => {
    const page = await get(`${base}/history`, { pageSize: 50, cursor });
    page.items.forEach((e) => timeline.append(item(e)));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  });

  add(main, 
    h('h1', null, `History of ${entityType} ${recordId}`),
    name ? h('p', { class: 'subtitle' }, name) : null,
    h('div', { class: 'grid wide-left' },
      section('Timeline', first.items.length ? timeline : h('p', { class: 'muted' }, 'No events on this record.'), more),
      section('State at a Moment', stateForm, stateBox)),
    h('p', { class: 'actions' }, h('a', { class: 'button secondary', href: `#/logs?entity=${encodeURIComponent(entityType)}` }, `All ${entityType} events`)),
  );
  await showState(new Date().toISOString());
}
