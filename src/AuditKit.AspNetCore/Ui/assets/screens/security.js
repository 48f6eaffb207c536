// Security Event Log: recent security events with status and risk, active security alerts, risk by level and over time.
import { h, add, section, table, number, shortTime, actorName, headline, eventLink, riskBadge, statusBadge, fullTime, timeZone } from '../dom.js';
import { get, available } from '../api.js';
import { chart, fillDays } from '../charts.js';

export default async function security(main, ctx) {
  const from = new Date(Date.now() - 29 * 86400_000);
  from.setHours(0, 0, 0, 0);
  const to = new Date(Date.now() + 1000).toISOString();
  const [s, risky, alerts] = await Promise.all([
    get('security', { from: from.toISOString(), to, recent: 20 }),
    get('activity', { by: 'Day', from: from.toISOString(), to, timeZone, minRisk: 'Medium' }),
    available('alerts'),
  ]);
  if (!ctx.isCurrent()) return;
  const days = fillDays(risky.items, risky.from, risky.to);
  const activeAlerts = [
    ...s.lockedAccounts.map((l) => `Account locked: ${l.name || l.actorId} (${fullTime(l.lockedAt)})`),
    ...s.mostFailedLogins.filter((f) => f.count >= 3).map((f) => `Multiple failed logins: ${f.key || 'unknown account'} (${number(f.count)})`),
  ];

  add(main, 
    h('h1', null, 'Security Event Log'),
    section('Recent Security Events', table('Recent security events', ['Timestamp', 'Event', 'User', 'Status', 'Risk'],
      s.recent.map((r) => [h('time', { datetime: r.event.timestamp }, shortTime(r.event.timestamp)), eventLink(r.event, headline(r.event)),
        actorName(r.event), statusBadge(r.status), riskBadge(r.event.risk)]), 'No security events in the last 30 days.')),
    section(`Security Alerts Active: ${activeAlerts.length}`, activeAlerts.length
      ? h('ul', { class: 'plain' }, activeAlerts.map((x) => h('li', null, x)))
      : h('p', { class: 'muted' }, 'No locked accounts or repeated failed logins.')),
    h('div', { class: 'grid' },
      section('Security Events by Risk', chart(ctx, 'Security events by risk level', 'bar', s.byRisk.map((r) => r.risk), [{ label: 'Events', data: s.byRisk.map((r) => r.count) }])),
      section('Risk over Time (Medium and above, all categories)', chart(ctx, 'Events of medium risk or higher per day', 'line', days.labels, [{ label: 'Events', data: days.data }]))),
    section('By Kind', table('Security events by kind', ['Event', 'Count'], s.byAction.map((x) => [x.key, number(x.count)]))),
    h('p', { class: 'actions' },
      h('a', { class: 'button', href: '#/logs?category=Security' }, 'All Security Events'),
      alerts ? h('a', { class: 'button secondary', href: '#/alerts' }, 'Configure Alerts') : null),
  );
}
