// Audit Compliance Reports: the six reports, their parameters (date range, users, include successful / failed,
// format) and a download generated on the server (GET reports/{kind}), then the scheduled reports and the Schedule Report
// form (schedules.js); shown when the host calls audit.AddReports().
import { h, add, section, field, isoDay, dayStart, bytes, announce, download } from '../dom.js';
import { get, file, available } from '../api.js';
import { scheduleSections } from './schedules.js';

const formats = [['pdf', 'PDF'], ['csv', 'CSV'], ['jsonl', 'JSON Lines']];

export default async function reports(main, ctx) {
  // ui/features says whether the host registered the reports (no 404 probing, which the browser logs as an error).
  if (!(await available('reports'))) {
    if (!ctx.isCurrent()) return;
    add(main, h('h1', null, 'Audit Compliance Reports'),
      h('p', { class: 'panel', id: 'reports-disabled', role: 'status' }, 'Reports are not enabled on this server: the host application calls audit.AddReports() (package AuditKit.Reports) to offer them.'));
    return;
  }
  const catalog = await get('reports');
  const schedules = await scheduleSections(catalog.reports);
  if (!ctx.isCurrent()) return;

  const today = new Date();
  const kind = h('select', { name: 'kind', id: 'report-kind' }, catalog.reports.map((r) => h('option', { value: r.kind }, r.title)));
  const from = h('input', { type: 'date', name: 'from', id: 'report-from', required: true, value: isoDay(new Date(today.getFullYear(), today.getMonth(), 1)), max: isoDay(today) });
  const to = h('input', { type: 'date', name: 'to', id: 'report-to', required: true, value: isoDay(today), max: isoDay(today) });
  const who = h('select', { name: 'users', id: 'report-users' }, h('option', { value: 'all' }, 'All Users'), h('option', { value: 'list' }, 'Selected users'));
  const ids = h('input', { type: 'text', name: 'user', id: 'report-user-ids', disabled: true, placeholder: 'user ids, comma-separated', maxlength: 4000 });
  who.addEventListener('change', () => { ids.disabled = who.value !== 'list'; if (!ids.disabled) ids.focus(); });
  const successful = h('input', { type: 'checkbox', id: 'report-successful', checked: true });
  const failed = h('input', { type: 'checkbox', id: 'report-failed', checked: true });
  const format = h('select', { name: 'format', id: 'report-format' }, formats.map(([v, label]) => h('option', { value: v }, label)));
  const message = h('div', { id: 'report-message', role: 'status', 'aria-live': 'polite' });
  const say = (ok, text) => { message.className = ok ? 'ok' : 'error'; message.textContent = text; announce(text); };
  const generate = h('button', { type: 'submit' }, 'Generate Report');

  const form = h('form', { class: 'settings', id: 'report-form', 'aria-label': 'Generate Report' },
    h('div', { class: 'filters' },
      field('Report Type', kind),
      field('From', from),
      field('To', to),
      field('Users', who),
      field('User IDs', ids),
      field('Format', format)),
    h('fieldset', null, h('legend', null, 'Include'),
      h('div', { class: 'check' }, successful, h('label', { for: 'report-successful' }, 'Successful actions')),
      h('div', { class: 'check' }, failed, h('label', { for: 'report-failed' }, 'Failed attempts'))),
    h('p', { class: 'actions' }, generate),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!from.value || !to.value) { say(false, 'Choose the date range.'); return; }
    if (from.value > to.value) { say(false, 'The range starts after it ends.'); return; }
    if (!successful.checked && !failed.checked) { say(false, 'Include successful actions, failed attempts or both.'); return; }
    const users = who.value === 'list' ? ids.value.split(',').map((u) => u.trim()).filter(Boolean) : [];
    if (who.value === 'list' && users.length === 0) { say(false, 'Enter at least one user id, or choose All Users.'); return; }
    generate.disabled = true;
    say(true, 'Generating…');
    try {
      // The range covers whole days in the viewer's zone: to is the start of the day after the last one.
      const { name, blob } = await file(`reports/${encodeURIComponent(kind.value)}`, {
        from: dayStart(from.value), to: dayStart(to.value, 1), user: users,
        includeSuccessful: successful.checked, includeFailed: failed.checked, format: format.value,
      });
      download(name, blob.type, blob);
      say(true, `Downloaded ${name} (${bytes(blob.size)}).`);
    } catch (error) {
      say(false, error.message);
    } finally {
      generate.disabled = false;
    }
  });

  add(main,
    h('h1', null, 'Audit Compliance Reports'),
    h('div', { class: 'grid wide-left' },
      section('Generate Report', form),
      section('Available Reports', h('ul', { class: 'plain', id: 'report-list' },
        catalog.reports.map((r) => h('li', { 'data-kind': r.kind }, h('strong', null, r.title), ` — ${r.description}`))))),
    ...schedules,
    h('p', { class: 'muted small' }, 'Every report ends with an evidence section tying its rows to the hash chain, and generating one is itself recorded in the audit log (Report Generated).'),
  );
}
