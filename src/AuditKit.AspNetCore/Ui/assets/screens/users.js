// User Activity: who did the most in the last 30 days; each opens that user's activity log.
import { h, add, table, number } from '../dom.js';
import { get } from '../api.js';

export default async function users(main, ctx) {
  const from = new Date(Date.now() - 30 * 86400_000).toISOString();
  const actors = await get('activity', { by: 'Actor', from });
  if (!ctx.isCurrent()) return;
  add(main, 
    h('h1', null, 'User Activity'),
    h('p', null, 'Users by number of events in the last 30 days. Choose one for their activity log.'),
    table('Users by activity (the 100 most active)', ['User', 'Events'], actors.items.filter((a) => a.key).slice(0, 100).map((a) =>
      [h('a', { href: `#/users/${encodeURIComponent(a.key)}` }, a.key), number(a.count)]), 'No user activity in the last 30 days.'));
}
