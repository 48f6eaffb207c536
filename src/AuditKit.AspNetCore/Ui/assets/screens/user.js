// User Activity Log: summary, activity by module, sessions and recent activity of one user.
import { h, add, section, facts, table, number, shortTime, recordText, headline, eventLink, isoDay, dayStart, field } from '../dom.js';
import { get } from '../api.js';
import { chart } from '../charts.js';

function duration(text) {
  if (!text) return '—';
  const [d, rest] = text.includes('.') && text.indexOf('.') < text.indexOf(':') ? text.split('.') : ['0', text];
  const [hh, mm] = rest.split(':').map(Number);
  const hours = Number(d) * 24 + hh + mm / 60;
  return hours >= 1 ? `${hours.toFixed(1)} hours` : `${mm} min`;
}

export default async function user(main, ctx) {
  const [actorId] = ctx.match;
  const fromDay = ctx.params.get('from') || isoDay(new Date(Date.now() - 29 * 86400_000));
  const toDay = ctx.params.get('to') || isoDay(new Date());
  const a = await get(`users/${encodeURIComponent(actorId)}/activity`, { from: dayStart(fromDay), to: dayStart(toDay, 1), recent: 20 });
  if (!ctx.isCurrent()) return;

  const period = h('form', { class: 'filters' },
    field('From', h('input', { type: 'date', name: 'from', value: fromDay })),
    field('To', h('input', { type: 'date', name: 'to', value: toDay })),
    h('div', { class: 'field buttons' }, h('button', { type: 'submit' }, 'Show')));
  period.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(period);
    ctx.go(`#/users/${encodeURIComponent(actorId)}?from=${data.get('from')}&to=${data.get('to')}`);
  });

  add(main, 
    h('h1', null, 'User Activity Log'),
    facts([['User', a.name ? `${a.name} (${a.actorId})` : a.actorId], ['Role', a.role], ['Period', `${fromDay} to ${toDay}`]]),
    period,
    h('div', { class: 'grid' },
      section('Activity Summary', facts([
        ['Total Actions', number(a.totalActions)], ['Records Modified', number(a.recordsModified)], ['Records Created', number(a.recordsCreated)],
        ['Records Deleted', number(a.recordsDeleted)], ['Records Viewed', number(a.recordsViewed)], ['Reports Generated', number(a.reportsGenerated)],
        ['Exports', number(a.exports)],
      ])),
      section('Sessions', facts([
        ['Total Logins', number(a.sessions.logins)], ['Average Session', duration(a.sessions.averageLength)],
        ['Not logged out', number(a.sessions.notLoggedOut)], ['Failed Logins', number(a.failedLogins)], ['Password Changes', number(a.passwordChanges)],
      ]))),
    section('Activity by Module', a.byModule.length
      ? [chart(ctx, 'Activity by module', 'bar', a.byModule.map((m) => m.module), [{ label: 'Actions', data: a.byModule.map((m) => m.count) }]),
        h('ul', { class: 'plain' }, a.byModule.map((m) => h('li', null, `${m.module}: ${number(m.count)} actions`)))]
      : h('p', { class: 'muted' }, 'No activity in this period.')),
    section('Recent Activity', table('Recent activity of this user', ['Time', 'Action', 'Entity', 'Details'],
      a.recent.map((e) => [h('time', { datetime: e.timestamp }, shortTime(e.timestamp)), e.action, e.target?.entityType ?? '', eventLink(e, recordText(e) || headline(e))]))),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: `#/logs?user=${encodeURIComponent(actorId)}` }, 'All events of this user')),
  );
}
