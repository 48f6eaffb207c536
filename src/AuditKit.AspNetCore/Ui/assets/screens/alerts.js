// Audit Alert Rules: the rules (activate/pause by administrators), the templates, a new rule from the log viewer's
// filters (#/alerts/new?category=&action=&entity=&user=), and the inbox (Active → Acknowledged → Resolved).
import { h, add, section, table, fullTime, announce, riskBadge } from '../dom.js';
import { get, put, post } from '../api.js';

const priorities = ['Low', 'Medium', 'High', 'Critical'];

/** The rule's condition of the log viewer's filters (category, action, entity, user). */
export function conditionOf(params) {
  const parts = [];
  const category = params.get('category');
  const actions = (params.get('action') || '').split(',').filter(Boolean);
  const entity = params.get('entity');
  const user = params.get('user');
  if (category) parts.push({ field: 'category', operator: 'Equal', value: category });
  if (actions.length === 1) parts.push({ field: 'action', operator: 'Equal', value: actions[0] });
  if (actions.length > 1) parts.push({ field: 'action', operator: 'In', values: actions });
  if (entity) parts.push({ field: 'entityType', operator: 'Equal', value: entity });
  if (user) parts.push({ field: 'actor.id', operator: 'Equal', value: user });
  return parts.length === 0 ? null : parts.length === 1 ? parts[0] : { all: parts };
}

/** "action = Export and entityType = Invoice" of a condition tree (text only). */
function conditionText(c) {
  if (!c) return 'every event';
  if (c.all) return c.all.map(conditionText).join(' and ');
  if (c.any) return `(${c.any.map(conditionText).join(' or ')})`;
  if (c.not) return `not (${conditionText(c.not)})`;
  if (c.timeOfDay) return `time ${c.timeOfDay.from}–${c.timeOfDay.to}`;
  const value = c.values ? `[${c.values.join(', ')}]` : c.value ?? '';
  return `${c.field} ${c.operator} ${value}`.trim();
}

const refused = (error, what) => (error.status === 403 ? `You can read the alert rules; ${what} needs the administrator policy.`
  : error.status === 409 ? 'Somebody changed it meanwhile: reload the page to see their changes.' : error.message);

export default async function alerts(main, ctx) {
  const creating = ctx.match[0] === 'new';
  const [rules, templates, inbox] = await Promise.all([get('alerts/rules'), get('alerts/templates'), get('alerts', { pageSize: 50 })]);
  if (!ctx.isCurrent()) return;

  const message = h('div', { id: 'alerts-message', role: 'status', 'aria-live': 'polite' });
  const say = (ok, text) => { message.className = ok ? 'ok' : 'error'; message.textContent = text; announce(text); };

  // Rules: name, description, status, priority, channels; Activate/Pause saves the rule over the revision read.
  const ruleRow = (entry) => {
    const rule = entry.rule;
    const toggle = h('button', { type: 'button', class: 'secondary' }, rule.active ? 'Pause' : 'Activate');
    toggle.setAttribute('aria-label', `${rule.active ? 'Pause' : 'Activate'} ${rule.name}`);
    const tr = h('tr', { 'data-rule': entry.id },
      h('th', { scope: 'row' }, rule.name),
      h('td', null, rule.description ?? ''),
      h('td', { class: 'rule-status' }, rule.active ? 'Active' : 'Paused'),
      h('td', null, riskBadge(rule.priority)),
      h('td', null, (rule.channels ?? []).join(', ') || 'Inbox only'),
      h('td', { class: 'muted small' }, conditionText(rule.when)),
      h('td', null, toggle));
    toggle.addEventListener('click', async () => {
      try {
        const saved = await put(`alerts/rules/${encodeURIComponent(entry.id)}`, { revision: entry.revision, rule: { ...rule, active: !rule.active } });
        tr.replaceWith(ruleRow(saved));
        say(true, `${saved.rule.name} is ${saved.rule.active ? 'active' : 'paused'} (revision ${saved.revision}).`);
      } catch (error) {
        say(false, refused(error, 'activating or pausing a rule'));
      }
    });
    return tr;
  };
  const ruleBody = h('tbody');
  for (const entry of rules) ruleBody.append(ruleRow(entry));
  const emptyRules = h('tr', null, h('td', { colspan: 7, class: 'muted' }, 'No alert rules yet: save a template or create one from the log viewer.'));
  if (rules.length === 0) ruleBody.append(emptyRules);
  const rulesTable = h('table', { id: 'alert-rules' },
    h('caption', null, 'Alert rules'),
    h('thead', null, h('tr', null, ['Rule', 'Description', 'Status', 'Priority', 'Channels', 'Condition', 'Change'].map((x) => h('th', { scope: 'col' }, x)))),
    ruleBody);
  const added = (saved) => { emptyRules.remove(); ruleBody.append(ruleRow(saved)); };

  // Templates: the six rules of the page, saved as new rules (revision 0).
  const existing = new Set(rules.map((r) => r.id));
  const templateRows = templates.map((t) => {
    const save = h('button', { type: 'button', class: 'secondary', disabled: existing.has(t.id) }, existing.has(t.id) ? 'Saved' : 'Use template');
    save.setAttribute('aria-label', `Use template ${t.rule.name}`);
    save.addEventListener('click', async () => {
      try {
        const saved = await put(`alerts/rules/${encodeURIComponent(t.id)}`, { revision: 0, rule: t.rule });
        added(saved);
        save.disabled = true;
        save.textContent = 'Saved';
        say(true, `Saved ${saved.rule.name}.`);
      } catch (error) {
        say(false, refused(error, 'saving a rule'));
      }
    });
    return [t.rule.name, t.rule.description ?? '', riskBadge(t.rule.priority), save];
  });

  // A new rule from the log viewer's filters.
  let form = null;
  if (creating) {
    const when = conditionOf(ctx.params);
    const name = h('input', { type: 'text', id: 'rule-name', required: true, maxlength: 200 });
    const description = h('input', { type: 'text', id: 'rule-description', maxlength: 1000, value: `Events where ${conditionText(when)}` });
    const priority = h('select', { id: 'rule-priority' }, priorities.map((p) => h('option', { value: p, selected: p === 'Medium' }, p)));
    const channels = h('input', { type: 'text', id: 'rule-channels', placeholder: 'email:security, slack' });
    form = h('form', { class: 'settings', id: 'new-rule' },
      h('p', null, 'Condition (from the log viewer\'s filters): ', h('code', { id: 'rule-condition' }, conditionText(when))),
      h('div', { class: 'field' }, h('label', { for: 'rule-name' }, 'Rule name'), name),
      h('div', { class: 'field' }, h('label', { for: 'rule-description' }, 'Description'), description),
      h('div', { class: 'field' }, h('label', { for: 'rule-priority' }, 'Priority'), priority),
      h('div', { class: 'field' }, h('label', { for: 'rule-channels' }, 'Channels (comma-separated; the inbox always gets the alert)'), channels),
      h('p', { class: 'actions' }, h('button', { type: 'submit' }, 'Save Alert Rule')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const title = name.value.trim();
      if (!title) { say(false, 'Rule name: give the rule a name.'); return; }
      const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'rule';
      const id = `${slug}-${Math.random().toString(36).slice(2, 8)}`;
      const rule = {
        name: title, description: description.value.trim() || null, active: true, priority: priority.value, when,
        channels: channels.value.split(',').map((c) => c.trim()).filter(Boolean),
      };
      try {
        const saved = await put(`alerts/rules/${encodeURIComponent(id)}`, { revision: 0, rule });
        added(saved);
        form.remove();
        say(true, `Saved ${saved.rule.name}.`);
      } catch (error) {
        say(false, refused(error, 'saving a rule'));
      }
    });
  }

  // The inbox: newest first; administrators acknowledge and resolve.
  const who = (by, at) => (by ? `${by}, ${fullTime(at)}` : '');
  const alertRow = (a) => {
    const buttons = [];
    const change = (verb, label) => {
      const button = h('button', { type: 'button', class: 'secondary' }, label);
      button.setAttribute('aria-label', `${label} ${a.alertDisplayId}`);
      button.addEventListener('click', async () => {
        try {
          const changed = await post(`alerts/${encodeURIComponent(a.id)}/${verb}`);
          tr.replaceWith(alertRow(changed));
          say(true, `${changed.alertDisplayId} is ${changed.status}.`);
        } catch (error) {
          say(false, refused(error, `${label.toLowerCase()} an alert`));
        }
      });
      buttons.push(button);
    };
    if (a.status === 'Active') change('acknowledge', 'Acknowledge');
    if (a.status !== 'Resolved') change('resolve', 'Resolve');
    const tr = h('tr', { 'data-alert': a.id },
      h('td', null, fullTime(a.triggeredAt)),
      h('td', null, a.ruleName),
      h('td', null, riskBadge(a.priority)),
      h('td', null, a.message),
      h('td', { class: 'alert-status' }, a.status),
      h('td', { class: 'alert-acknowledged' }, who(a.acknowledgedBy, a.acknowledgedAt)),
      h('td', { class: 'alert-resolved' }, who(a.resolvedBy, a.resolvedAt)),
      h('td', null, a.triggerEventId ? h('a', { href: `#/events/${encodeURIComponent(a.triggerEventId)}` }, a.triggerDisplayId ?? 'Event') : ''),
      h('td', null, buttons));
    return tr;
  };
  const inboxBody = h('tbody');
  for (const a of inbox.items) inboxBody.append(alertRow(a));
  if (inbox.items.length === 0) inboxBody.append(h('tr', null, h('td', { colspan: 9, class: 'muted' }, 'No alerts.')));
  const inboxTable = h('table', { id: 'alert-inbox' },
    h('caption', null, 'Alert inbox'),
    h('thead', null, h('tr', null, ['Triggered', 'Rule', 'Priority', 'Message', 'Status', 'Acknowledged', 'Resolved', 'Event', 'Change'].map((x) => h('th', { scope: 'col' }, x)))),
    inboxBody);

  add(main,
    h('h1', null, 'Audit Alert Rules'),
    message,
    form ? section('New Alert Rule', form) : null,
    section('Alert Rules', rulesTable),
    section('Alert Inbox', inboxTable, inbox.nextCursor ? h('p', { class: 'muted small' }, 'Showing the newest 50 alerts.') : null),
    section('Templates', table('Alert rule templates', ['Template', 'Description', 'Priority', 'Use'], templateRows)),
  );
}
