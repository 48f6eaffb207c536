// Log Dashboard: recent activity, storage, activity by type, events per day and hour, recent high-priority events.
import { h, add, section, facts, number, bytes, categoryName, eventLink, riskBadge, timeZone } from '../dom.js';
import { get, available } from '../api.js';
import { chart, fillDays, fillHours } from '../charts.js';

function change(period, what) {
  if (period.changePercent === null || period.changePercent === undefined) return '';
  const p = period.changePercent;
  return ` (${p >= 0 ? '↑' : '↓'} ${Math.abs(p).toFixed(0)}% from ${what})`;
}

export default async function dashboard(main, ctx) {
  const now = new Date();
  const dayFrom = new Date(now);
  dayFrom.setDate(dayFrom.getDate() - 29);
  dayFrom.setHours(0, 0, 0, 0);
  const hourFrom = new Date(now.getTime() - 47 * 3600_000);
  hourFrom.setMinutes(0, 0, 0);
  const to = new Date(now.getTime() + 1000).toISOString();
  const [d, perDay, perHour, alerts] = await Promise.all([
    get('dashboard', { timeZone, recent: 8 }),
    get('activity', { by: 'Day', from: dayFrom.toISOString(), to, timeZone }),
    get('activity', { by: 'Hour', from: hourFrom.toISOString(), to, timeZone }),
    available('alerts'),
  ]);
  if (!ctx.isCurrent()) return;

  const storage = d.storageCapacityBytes
    ? `${bytes(d.storageUsedBytes)} of ${bytes(d.storageCapacityBytes)} (${d.storageUsedPercent.toFixed(1)}%)`
    : bytes(d.storageUsedBytes);
  const categories = d.activityByCategory;
  const days = fillDays(perDay.items, perDay.from, perDay.to);
  const hours = fillHours(perHour.items, perHour.from, perHour.to);

  add(main, 
    h('h1', null, 'Audit Logs Dashboard'),
    h('div', { class: 'grid' },
      section('Recent Activity', facts([
        ['Today', `${number(d.today.count)} events${change(d.today, 'yesterday')}`],
        ['This Week', `${number(d.thisWeek.count)} events${change(d.thisWeek, 'last week')}`],
        ['This Month', `${number(d.thisMonth.count)} events${change(d.thisMonth, 'last month')}`],
        ['Storage Used', storage],
      ])),
      section('Activity by Type',
        categories.length === 0 ? h('p', { class: 'muted' }, 'No events this month.') : [
          chart(ctx, 'Activity by type this month', 'doughnut', categories.map((c) => categoryName(c.category)), [{ label: 'Events', data: categories.map((c) => c.count) }]),
          h('ul', { class: 'plain' }, categories.map((c) => h('li', null, `${categoryName(c.category)}: ${c.percent.toFixed(0)}% (${number(c.count)})`))),
        ])),
    h('div', { class: 'grid' },
      section('Events per Day (last 30 days)', chart(ctx, 'Events per day', 'bar', days.labels, [{ label: 'Events', data: days.data }])),
      section('Events per Hour (last 48 hours)', chart(ctx, 'Events per hour', 'line', hours.labels, [{ label: 'Events', data: hours.data }]))),
    section('Recent High-Priority Events',
      d.recentHighPriority.length === 0 ? h('p', { class: 'muted' }, 'No high-priority events.') :
        h('ul', { class: 'plain priority' }, d.recentHighPriority.map((p) => h('li', null,
          riskBadge(p.event.risk), ' ', eventLink(p.event, p.summary), h('span', { class: 'muted' }, ` - ${p.when}`))))),
    h('p', { class: 'actions' },
      h('a', { class: 'button', href: '#/logs' }, 'View All Logs'),
      alerts ? h('a', { class: 'button', href: '#/alerts' }, 'Configure Alerts') : null,
      h('a', { class: 'button', href: '#/logs' }, 'Export')),
  );
}
