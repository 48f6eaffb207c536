// System Event Log: recent system events with component and status, system health and component health.
import { h, add, section, facts, table, number, shortTime, headline, eventLink, statusBadge, fullTime } from '../dom.js';
import { get } from '../api.js';

function ms(text) {
  if (!text) return '—';
  const [hh, mm, ss] = text.split(':');
  const seconds = Number(hh) * 3600 + Number(mm) * 60 + Number(ss);
  return `${Math.round(seconds * 1000)} ms`;
}

export default async function system(main, ctx) {
  const from = new Date(Date.now() - 30 * 86400_000).toISOString();
  const s = await get('system', { from, recent: 20 });
  if (!ctx.isCurrent()) return;
  add(main, 
    h('h1', null, 'System Event Log'),
    section('System Activity', table('Recent system events', ['Timestamp', 'Event', 'Component', 'Status'],
      s.recent.map((r) => [h('time', { datetime: r.event.timestamp }, shortTime(r.event.timestamp)), eventLink(r.event, headline(r.event)),
        r.event.target?.component ?? r.event.target?.module ?? '', statusBadge(r.status)]), 'No system events in the last 30 days.')),
    h('div', { class: 'grid' },
      section('System Health (last 30 days)', facts([
        ['Uptime', s.uptimePercent === null ? 'no heartbeats' : `${s.uptimePercent.toFixed(2)}%`],
        ['Failed Jobs', `${number(s.jobs.failed)}${s.jobs.failedPercent === null ? '' : ` (${s.jobs.failedPercent.toFixed(2)}%)`} of ${number(s.jobs.total)}`],
        ['Job Warnings', number(s.jobs.warnings)],
        ['Average Response', ms(s.averageResponse)],
      ])),
      section('Recent Errors', s.recentErrors.length
        ? h('ul', { class: 'plain' }, s.recentErrors.map((e) => h('li', null, eventLink(e, headline(e)), ` - ${shortTime(e.timestamp)}`)))
        : h('p', { class: 'muted' }, 'No errors.'))),
    section('Component Health', table('Components that sent heartbeats', ['Component', 'Status', 'Uptime', 'Heartbeats', 'Last heartbeat'],
      s.components.map((c) => [c.component, c.isUp ? statusBadge('Success', '✓ Up') : statusBadge('Blocked', '✖ Down'), `${c.uptimePercent.toFixed(2)}%`, number(c.heartbeats), fullTime(c.lastHeartbeat)]),
      'No component sent a heartbeat.')),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: '#/logs?category=System' }, 'All System Events')),
  );
}
