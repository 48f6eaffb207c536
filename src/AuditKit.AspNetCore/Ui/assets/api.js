// The audit JSON API, relative to the page (the prefix given to MapAuditKit).

/** An API error with its problem details. */
export class ApiError extends Error {
  constructor(status, problem) {
    const fields = problem?.errors ? Object.entries(problem.errors).map(([k, v]) => `${k}: ${[].concat(v).join(' ')}`) : [];
    super([problem?.title || `HTTP ${status}`, problem?.detail, ...fields].filter(Boolean).join(' — '));
    this.status = status;
    this.problem = problem;
  }
}

/** "?a=1&a=2&b=x" from an object (arrays repeat the parameter; empty values are left out). */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    for (const v of [].concat(value)) {
      if (v !== null && v !== undefined && v !== '') search.append(key, String(v));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function send(path, init) {
  const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json', ...(init?.headers ?? {}) }, ...init });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  return response.status === 204 ? null : response.json();
}

/** GET path?params as JSON. */
export const get = (path, params) => send(path + query(params));

/** GET path?params as a file (reports, exports): its name from the Content-Disposition header and its content. */
export async function file(path, params) {
  const response = await fetch(path + query(params), { credentials: 'same-origin' });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] ?? match[2]) : 'download';
  return { name, blob: await response.blob() };
}

/** PUT a JSON body. */
export const put = (path, body) => send(path, { method: 'PUT', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

/** POST a JSON body. */
export const post = (path, body) => send(path, { method: 'POST', body: JSON.stringify(body ?? {}), headers: { 'Content-Type': 'application/json' } });

// Optional features ('alerts', 'retention', 'reports') whose screens are written; add each as its screen lands.
const optionalScreens = new Set(['alerts', 'retention', 'reports']);

let features = null;
/** Whether an optional feature can be shown: its screen is written and this server maps its endpoints (GET ui/features, no 404 probing). */
export function available(feature) {
  if (!optionalScreens.has(feature)) return Promise.resolve(false);
  features ??= get('ui/features').catch(() => ({}));
  return features.then((f) => Boolean(f[feature]));
}

/** DELETE path (with its query). */
export const del = (path, params) => send(path + query(params), { method: 'DELETE' });
