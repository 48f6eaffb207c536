// The reports screen's "Scheduled Reports" (name, report, cadence in words, next run in the viewer's zone, last run) and
// "Schedule Report" (report, cadence, time, zone, format, channels), saved with PUT reports/schedules over the version
// read. Administrators only (the server says so in canEdit and refuses others with 403); every value is text.
import { h, section, fullTime, number, announce, field, timeZone, statusBadge } from '../dom.js';
import { get, put } from '../api.js';

const formats = [['Pdf', 'PDF'], ['Csv', 'CSV'], ['JsonLines', 'JSON Lines']];
const days = [['MON', 'Monday'], ['TUE', 'Tuesday'], ['WED', 'Wednesday'], ['THU', 'Thursday'], ['FRI', 'Friday'], ['SAT', 'Saturday'], ['SUN', 'Sunday']];
const dayNames = { 0: 'Sunday', 1: 'Monday', 2: 'Tuesday', 3: 'Wednesday', 4: 'Thursday', 5: 'Friday', 6: 'Saturday', 7: 'Sunday', ...Object.fromEntries(days) };

const ordinal = (n) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${suffix}`;
};

/** "6 AM", "6:30 PM", "12 AM" from 24-hour values. */
const clock = (hour, minute) => `${hour % 12 === 0 ? 12 : hour % 12}${minute ? `:${String(minute).padStart(2, '0')}` : ''} ${hour < 12 ? 'AM' : 'PM'}`;

/** The cadence of a cron expression in words ("1st of month", "Every Monday", "Daily at 6 AM"), else the expression. */
export function cadence(cron) {
  const parts = String(cron ?? '').trim().split(/\s+/);
  const whole = (v) => /^\d+$/.test(v);
  if (parts.length !== 5 || !whole(parts[0]) || !whole(parts[1])) return `Cron: ${cron}`;
  const [minute, hour, dom, month, dow] = [Number(parts[0]), Number(parts[1]), parts[2], parts[3], parts[4].toUpperCase()];
  const at = hour === 0 && minute === 0 ? '' : ` at ${clock(hour, minute)}`;
  if (month !== '*') return `Cron: ${cron}`;
  if (dom === '*' && dow === '*') return `Daily at ${clock(hour, minute)}`;
  if (dom === '*' && dayNames[dow]) return `Every ${dayNames[dow]}${at}`;
  if (whole(dom) && dow === '*') return `${ordinal(Number(dom))} of month${at}`;
  return `Cron: ${cron}`;
}

/** "monthly-user-access" → "Monthly User Access". */
const title = (name) => String(name).split(/[-_]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');

const lastRunText = (run) => {
  if (!run) return 'Not run yet';
  const parts = [fullTime(run.occurrence)];
  if (run.fileName) parts.push(`${run.fileName} (${number(run.rows)} rows)`);
  if (run.error) parts.push(run.error);
  for (const d of run.deliveries ?? []) parts.push(d.delivered ? `sent to ${d.channel}` : `not sent to ${d.channel}: ${d.error ?? ''}`);
  return parts.join(' — ');
};

/** The two sections, loaded from GET reports/schedules; `kinds` is the catalog's reports. */
export async function scheduleSections(kinds) {
  let state = await get('reports/schedules');
  const kindTitle = Object.fromEntries(kinds.map((k) => [k.kind, k.title]));
  const message = h('div', { id: 'schedule-message', role: 'status', 'aria-live': 'polite' });
  const say = (ok, text) => { message.className = ok ? 'ok' : 'error'; message.textContent = text; announce(text); };
  const refused = (error) => (error.status === 403 ? 'Scheduling reports needs the administrator policy.'
    : error.status === 409 ? 'Somebody changed the schedules meanwhile: reload the page to see their changes.' : error.message);

  const save = async (schedules, done) => {
    try {
      state = await put('reports/schedules', { version: state.version, schedules });
      render();
      say(true, done);
      return true;
    } catch (error) {
      say(false, refused(error));
      return false;
    }
  };

  const body = h('tbody');
  const render = () => {
    body.replaceChildren();
    for (const entry of state.schedules) {
      const s = entry.schedule;
      const run = entry.lastRun;
      const remove = h('button', { type: 'button', class: 'secondary', disabled: !state.canEdit }, 'Remove');
      remove.setAttribute('aria-label', `Remove schedule ${s.name}`);
      remove.addEventListener('click', () => save(state.schedules.map((x) => x.schedule).filter((x) => x.name !== s.name), `Removed the schedule ${s.name}.`));
      body.append(h('tr', { 'data-schedule': s.name },
        h('th', { scope: 'row' }, title(s.name), h('div', { class: 'muted small' }, s.name)),
        h('td', null, kindTitle[s.report] ?? s.report),
        h('td', { class: 'schedule-cadence' }, cadence(s.cron), s.timeZone && s.timeZone !== 'UTC' ? h('div', { class: 'muted small' }, s.timeZone) : null),
        h('td', null, formats.find(([v]) => v === s.format)?.[1] ?? s.format),
        h('td', null, (s.channels ?? []).join(', ') || 'Folder only'),
        h('td', { class: 'schedule-next' }, s.enabled === false ? 'Disabled' : (entry.nextRun ? fullTime(entry.nextRun) : '—')),
        h('td', { class: 'schedule-last' }, run ? statusBadge(run.outcome) : null, ' ', lastRunText(run)),
        h('td', null, remove)));
    }
    if (state.schedules.length === 0) body.append(h('tr', null, h('td', { colspan: 8, class: 'muted' }, 'No reports are scheduled.')));
  };
  render();
  const list = h('table', { id: 'schedule-list' },
    h('caption', null, 'Scheduled reports'),
    h('thead', null, h('tr', null, ['Name', 'Report', 'Cadence', 'Format', 'Channels', 'Next run (your time)', 'Last run', 'Change'].map((x) => h('th', { scope: 'col' }, x)))),
    body);

  // Schedule Report: the cadence and time build a five-field cron expression; "Custom" takes one as it is.
  const kind = h('select', { id: 'schedule-kind' }, kinds.map((k) => h('option', { value: k.kind }, k.title)));
  const every = h('select', { id: 'schedule-cadence' },
    h('option', { value: 'daily' }, 'Daily'), h('option', { value: 'weekly' }, 'Weekly'), h('option', { value: 'monthly' }, 'Monthly'), h('option', { value: 'custom' }, 'Custom (cron)'));
  const weekday = h('select', { id: 'schedule-weekday' }, days.map(([v, label]) => h('option', { value: v }, label)));
  const monthDay = h('input', { type: 'number', id: 'schedule-monthday', min: 1, max: 28, step: 1, value: 1 });
  const time = h('input', { type: 'time', id: 'schedule-time', value: '06:00', required: true });
  const cron = h('input', { type: 'text', id: 'schedule-cron', maxlength: 100, placeholder: 'minute hour day month weekday' });
  const zone = h('input', { type: 'text', id: 'schedule-zone', maxlength: 100, value: timeZone, required: true });
  const format = h('select', { id: 'schedule-format' }, formats.map(([v, label]) => h('option', { value: v }, label)));
  const name = h('input', { type: 'text', id: 'schedule-name', maxlength: 64, required: true, pattern: '[a-z0-9_\\-]+' });
  const channels = state.channels.map((c, i) => {
    const box = h('input', { type: 'checkbox', id: `schedule-channel-${i}`, value: c });
    return { box, row: h('div', { class: 'check' }, box, h('label', { for: `schedule-channel-${i}` }, c)) };
  });
  const show = () => {
    weekday.disabled = every.value !== 'weekly';
    monthDay.disabled = every.value !== 'monthly';
    cron.disabled = every.value !== 'custom';
    time.disabled = every.value === 'custom';
  };
  every.addEventListener('change', show);
  show();
  // A suggested name ("daily-admin-activity") until the administrator types one.
  let named = false;
  name.addEventListener('input', () => { named = true; });
  const suggest = () => {
    if (named) return;
    const report = (kindTitle[kind.value] ?? kind.value).replace(/ Report$/, '');
    name.value = `${every.value === 'custom' ? 'scheduled' : every.value}-${report}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 64);
  };
  kind.addEventListener('change', suggest);
  every.addEventListener('change', suggest);
  suggest();

  const submit = h('button', { type: 'submit' }, 'Schedule Report');
  const controls = h('fieldset', { id: 'schedule-controls', disabled: !state.canEdit },
    h('legend', null, 'New schedule'),
    h('div', { class: 'filters' },
      field('Schedule name', name), field('Scheduled report', kind), field('Cadence', every), field('Weekday', weekday),
      field('Day of month', monthDay), field('Time', time), field('Cron expression', cron), field('Time zone', zone), field('Output', format)),
    channels.length ? h('fieldset', null, h('legend', null, 'Send through'), channels.map((c) => c.row))
      : h('p', { class: 'muted small' }, 'No notification channels are registered: the file is written to the server\'s schedule folder.'),
    h('p', { class: 'actions' }, submit));
  const form = h('form', { class: 'settings', id: 'schedule-form', 'aria-label': 'Schedule Report' },
    state.canEdit ? null : h('p', { class: 'muted', id: 'schedule-readonly' }, 'You can see the schedules; scheduling reports needs the administrator policy.'),
    controls, message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let expression;
    if (every.value === 'custom') {
      expression = cron.value.trim();
    } else {
      const [hh, mm] = (time.value || '00:00').split(':').map(Number);
      expression = every.value === 'daily' ? `${mm} ${hh} * * *`
        : every.value === 'weekly' ? `${mm} ${hh} * * ${weekday.value}` : `${mm} ${hh} ${Number(monthDay.value) || 1} * *`;
    }
    const schedule = {
      name: name.value.trim(), cron: expression, timeZone: zone.value.trim(), report: kind.value, format: format.value,
      channels: channels.filter((c) => c.box.checked).map((c) => c.box.value),
    };
    submit.disabled = true;
    try {
      if (await save([...state.schedules.map((x) => x.schedule), schedule], `Scheduled ${schedule.name}: ${cadence(expression)}.`)) {
        named = false;
        suggest();
      }
    } finally {
      submit.disabled = false;
    }
  });

  return [section('Scheduled Reports', list), section('Schedule Report', form)];
}
