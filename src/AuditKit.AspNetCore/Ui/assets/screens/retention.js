// Audit Log Retention: storage figures (active, archived, capacity, usage), the per-category policies (saved by
// administrators over the version read), legal holds (placed and lifted by administrators) and the archives' manifests.
import { h, add, section, table, fullTime, day, dayStart, number, bytes, categoryName, announce, field } from '../dom.js';
import { get, put, post, del } from '../api.js';

// 403 with a detail is the store's refusal (policies are global: not saved inside a tenant's scope); without, the policy's.
const refused = (error, what) => (error.status === 403 ? error.problem?.detail || `You can read the retention settings; ${what} needs the administrator policy.`
  : error.status === 409 ? 'Somebody changed the policies meanwhile: reload the page to see their changes.' : error.message);

export default async function retention(main, ctx) {
  const [storage, policies, holds, archives] = await Promise.all([
    get('retention/storage'), get('retention/policies'), get('retention/holds'), get('retention/archives')]);
  if (!ctx.isCurrent()) return;

  const message = h('div', { id: 'retention-message', role: 'status', 'aria-live': 'polite' });
  const say = (ok, text) => { message.className = ok ? 'ok' : 'error'; message.textContent = text; announce(text); };

  // Storage: active size, archived size, capacity, usage with a bar (inside a tenant's scope the store's size and usage are
  // not measured: the file holds every tenant; the counts and the tenant's archives are).
  const usage = storage.usagePercent;
  const storageFacts = h('dl', { class: 'facts', id: 'retention-storage' },
    h('dt', null, 'Active Logs Size'), h('dd', null, storage.activeBytes === null || storage.activeBytes === undefined ? 'Not measured per tenant' : bytes(storage.activeBytes), ` (${number(storage.activeEvents)} events)`),
    h('dt', null, 'Archived Logs Size'), h('dd', null, bytes(storage.archivedBytes), ` (${number(storage.archivedEvents)} events in ${number(storage.archiveCount)} archives)`),
    h('dt', null, 'Total Capacity'), h('dd', null, storage.capacityBytes ? bytes(storage.capacityBytes) : 'Not set'),
    h('dt', null, 'Storage Usage'), h('dd', null,
      usage === null || usage === undefined ? (storage.capacityBytes ? 'Not measured per tenant (the store\'s file holds every tenant)' : 'No capacity set') : [
        h('progress', { id: 'retention-usage', max: 100, value: Math.min(100, usage), 'aria-label': 'Storage usage' }),
        ` ${usage.toFixed(1)}%`]));

  // Policies: one row per category; administrators save them over the version read.
  let version = policies.version;
  const rows = policies.policies.policies.map((p) => {
    const active = h('input', { type: 'number', min: 1, step: 1, value: p.activeDays, class: 'days' });
    active.setAttribute('aria-label', `${categoryName(p.category)} active retention (days)`);
    const archive = h('input', { type: 'number', min: 1, step: 1, value: p.archiveDays ?? '', placeholder: 'None', class: 'days' });
    archive.setAttribute('aria-label', `${categoryName(p.category)} archive retention (days, empty: none)`);
    const enabled = h('input', { type: 'checkbox', checked: p.enabled });
    enabled.setAttribute('aria-label', `${categoryName(p.category)} retention enabled`);
    const tr = h('tr', { 'data-category': p.category },
      h('th', { scope: 'row' }, categoryName(p.category)), h('td', null, active), h('td', null, archive), h('td', null, enabled));
    return { tr, read: () => ({ category: p.category, activeDays: Number(active.value), archiveDays: archive.value === '' ? null : Number(archive.value), enabled: enabled.checked }) };
  });
  const autoDelete = h('input', { type: 'checkbox', id: 'retention-auto-delete', checked: policies.policies.autoDeleteAfterArchive });
  const saved = h('p', { class: 'muted small', id: 'retention-version' });
  const showVersion = (p) => { saved.textContent = p.updatedAt ? `Version ${p.version}, saved ${fullTime(p.updatedAt)}${p.updatedBy ? ` by ${p.updatedBy}` : ''}.` : 'The defaults apply (never saved).'; };
  showVersion(policies);
  const policyForm = h('form', { class: 'settings', id: 'retention-policies' },
    h('table', null,
      h('caption', null, 'Retention policies'),
      h('thead', null, h('tr', null, ['Category', 'Active retention (days)', 'Archive retention (days)', 'Enabled'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', null, rows.map((r) => r.tr))),
    h('div', { class: 'field' }, h('label', { for: 'retention-auto-delete' }, autoDelete, ' Auto-delete after archive period')),
    saved,
    h('p', { class: 'actions' }, h('button', { type: 'submit' }, 'Save Retention Policies')));
  policyForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const result = await put('retention/policies', { version, policies: { policies: rows.map((r) => r.read()), autoDeleteAfterArchive: autoDelete.checked } });
      version = result.version;
      showVersion(result);
      say(true, `Saved the retention policies (version ${result.version}).`);
    } catch (error) {
      say(false, refused(error, 'saving the policies'));
    }
  });

  // Legal holds: listed; administrators place and lift them.
  const scope = (hold) => [
    hold.tenantId ? `tenant ${hold.tenantId}` : null, hold.actorId ? `actor ${hold.actorId}` : null,
    hold.entityType ? `${hold.entityType}${hold.recordId ? ` ${hold.recordId}` : ''}` : null,
    hold.from || hold.to ? `${hold.from ? day(hold.from) : '…'} – ${hold.to ? day(hold.to) : '…'}` : null].filter(Boolean).join(', ');
  const holdRow = (entry) => {
    const lift = h('button', { type: 'button', class: 'secondary' }, 'Lift');
    lift.setAttribute('aria-label', `Lift hold ${entry.reason}`);
    const tr = h('tr', { 'data-hold': entry.id },
      h('td', { class: 'hold-scope' }, scope(entry.hold)),
      h('td', { class: 'hold-reason' }, entry.reason),
      h('td', null, fullTime(entry.placedAt)),
      h('td', null, entry.placedBy ?? ''),
      h('td', null, lift));
    lift.addEventListener('click', async () => {
      try {
        await del(`retention/holds/${encodeURIComponent(entry.id)}`);
        tr.remove();
        say(true, `Lifted the hold “${entry.reason}”.`);
      } catch (error) {
        say(false, refused(error, 'lifting a hold'));
      }
    });
    return tr;
  };
  const holdBody = h('tbody', null, holds.map(holdRow));
  const holdsTable = h('table', { id: 'retention-holds' },
    h('caption', null, 'Legal holds in force'),
    h('thead', null, h('tr', null, ['Covers', 'Reason', 'Placed', 'By', 'Change'].map((x) => h('th', { scope: 'col' }, x)))),
    holdBody);
  const text = (id) => h('input', { type: 'text', id, maxlength: 200 });
  const inputs = { tenantId: text('hold-tenant'), actorId: text('hold-actor'), entityType: text('hold-entity'), recordId: text('hold-record') };
  const from = h('input', { type: 'date', id: 'hold-from' });
  const to = h('input', { type: 'date', id: 'hold-to' });
  const reason = h('input', { type: 'text', id: 'hold-reason', maxlength: 1000, required: true });
  const holdForm = h('form', { class: 'settings', id: 'new-hold' },
    field('Tenant', inputs.tenantId), field('Actor (user id)', inputs.actorId), field('Entity type', inputs.entityType),
    field('Record id', inputs.recordId), field('From (day)', from), field('To (day, inclusive)', to), field('Reason', reason),
    h('p', { class: 'actions' }, h('button', { type: 'submit' }, 'Place Legal Hold')));
  holdForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const hold = {};
    for (const [key, input] of Object.entries(inputs)) if (input.value.trim()) hold[key] = input.value.trim();
    if (from.value) hold.from = dayStart(from.value);
    if (to.value) hold.to = dayStart(to.value, 1);
    if (!reason.value.trim()) { say(false, 'Reason: say why the events are held.'); return; }
    try {
      const entry = await post('retention/holds', { hold, reason: reason.value.trim() });
      holdBody.append(holdRow(entry));
      holdForm.reset();
      say(true, `Placed the hold “${entry.reason}”.`);
    } catch (error) {
      say(false, refused(error, 'placing a hold'));
    }
  });

  // Archives: the manifests, newest first.
  const archiveRows = [...archives].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt))).map((m) => [
    `${day(m.from)} – ${day(m.to)}`,
    (m.categories ?? []).map((c) => `${categoryName(c.category)} (${number(c.count)})`).join(', '),
    number(m.eventCount), bytes(m.sizeBytes), m.tenantId ?? '', fullTime(m.createdAt), h('code', null, m.name)]);

  add(main,
    h('h1', null, 'Audit Log Retention'),
    message,
    section('Storage', storageFacts),
    section('Retention Policies', policyForm),
    section('Legal Holds', holdsTable, holdForm),
    section('Archives', table('Archives', ['Range', 'Categories', 'Events', 'Size', 'Tenant', 'Created', 'Name'], archiveRows, 'No archives yet.')),
  );
}
