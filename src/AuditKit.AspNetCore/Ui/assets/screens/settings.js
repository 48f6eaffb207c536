// Audit Event Configuration: which events are logged (read by readers, saved by administrators).
import { h, add, section, fullTime, announce } from '../dom.js';
import { get, put } from '../api.js';

const groups = [
  ['User Actions', [['loginLogout', 'Login/Logout'], ['passwordChanges', 'Password changes'], ['profileUpdates', 'Profile updates'],
    ['permissionRequests', 'Permission requests'], ['twoFactorEnrollment', '2FA enrollment']]],
  ['Record Operations', [['create', 'Create'], ['update', 'Update'], ['fieldLevelTracking', 'with field-level tracking'], ['delete', 'Delete'],
    ['view', 'View (configurable by entity)'], ['export', 'Export'], ['import', 'Import']]],
  ['System Operations', [['configurationChanges', 'Configuration changes'], ['integrationEvents', 'Integration events'],
    ['scheduledJobs', 'Scheduled job execution'], ['errorEvents', 'Error events'], ['performanceAlerts', 'Performance alerts']]],
];

export default async function settings(main, ctx) {
  const config = await get('settings/events');
  if (!ctx.isCurrent()) return;
  let version = config.version;
  const policy = config.policy;
  const message = h('div', { id: 'settings-message', role: 'status', 'aria-live': 'polite' });

  const form = h('form', { class: 'settings' });
  for (const [title, switches] of groups) {
    form.append(h('fieldset', null, h('legend', null, title), switches.map(([key, label]) =>
      h('div', { class: key === 'fieldLevelTracking' ? 'check indent' : 'check' },
        h('input', { type: 'checkbox', id: `s-${key}`, name: key, checked: policy[key] !== false }),
        h('label', { for: `s-${key}` }, label)))));
  }

  const views = h('tbody');
  const viewRow = (entity, on) => {
    const id = `v-${Math.random().toString(36).slice(2)}`;
    const tr = h('tr', { 'data-entity': entity },
      h('th', { scope: 'row' }, entity),
      h('td', null, h('input', { type: 'checkbox', id, checked: on }), ' ', h('label', { for: id }, on ? 'Log all views' : "Don't log views")),
      h('td', null, h('button', { type: 'button', class: 'link', onclick: () => tr.remove() }, `Remove ${entity}`)));
    tr.querySelector('input').addEventListener('change', (event) => {
      tr.querySelector('label').textContent = event.target.checked ? 'Log all views' : "Don't log views";
    });
    return tr;
  };
  for (const [entity, on] of Object.entries(policy.viewLogging ?? {})) views.append(viewRow(entity, on));
  const newEntity = h('input', { type: 'text', id: 'new-entity', maxlength: 256, placeholder: 'Customer' });
  const addEntity = h('button', { type: 'button', class: 'secondary' }, 'Add entity');
  addEntity.addEventListener('click', () => {
    const name = newEntity.value.trim();
    if (!name || [...views.rows].some((r) => r.dataset.entity.toLowerCase() === name.toLowerCase())) return;
    views.append(viewRow(name, true));
    newEntity.value = '';
  });
  form.append(h('fieldset', null, h('legend', null, 'View Logging (by Entity)'),
    h('table', null, h('caption', { class: 'visually-hidden' }, 'View logging by entity'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Entity'), h('th', { scope: 'col' }, 'Views'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')))),
      views),
    h('div', { class: 'field inline' }, h('label', { for: 'new-entity' }, 'Entity'), newEntity, addEntity)));
  form.append(h('p', { class: 'actions' }, h('button', { type: 'submit' }, 'Save Event Configuration')), message);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const next = {};
    for (const [, switches] of groups) for (const [key] of switches) next[key] = form.elements[key].checked;
    next.viewLogging = Object.fromEntries([...views.rows].map((r) => [r.dataset.entity, r.querySelector('input').checked]));
    try {
      const saved = await put('settings/events', { version, policy: next });
      version = saved.version;
      message.className = 'ok';
      message.textContent = `Saved (version ${saved.version}).`;
    } catch (error) {
      message.className = 'error';
      message.textContent = error.status === 403 ? 'You can read the event configuration; saving it needs the administrator policy.'
        : error.status === 409 ? 'Somebody saved the configuration meanwhile: reload the page to see their changes.'
          : error.message;
    }
    announce(message.textContent);
  });

  add(main, 
    h('h1', null, 'Audit Event Configuration'),
    h('p', { class: 'muted' }, config.updatedAt ? `Version ${config.version}, saved ${fullTime(config.updatedAt)} by ${config.updatedBy ?? 'unknown'}.` : 'Never saved: the defaults apply.'),
    section('Events to Log', form),
  );
}
