/*
 * The service's HTTP API and its errors. Every failed request becomes an ApiError
 * carrying the ProblemDetail (RFC 9457) the server sent; showError() puts its title, detail and
 * each of its `errors` in front of the user and marks the fields they name.
 */
import { el } from './dom.js';

export const API = 'api/v1'; // relative, so the page also works behind a path prefix

const PLAIN_STATUS = {
  400: 'The request was not accepted',
  401: 'An API key is needed',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'The upload is too large',
  415: 'Unsupported file type',
  422: 'The data could not be used',
  429: 'The server is busy',
  500: 'The server failed',
  503: 'The service is not available right now',
  507: 'The server has no room left',
};

/** An API failure in words a person can act on: title (what), detail (why), problems (where). */
export class ApiError extends Error {
  constructor(title, detail, status = 0, problem = {}) {
    super(detail ? `${title}: ${detail}` : title);
    this.title = title;
    this.detail = detail;
    this.status = status;
    this.problem = problem;
    this.problems = fieldProblems(problem);
  }
}

/** A mistake found in the page before anything was sent, naming the field it is about. */
export function fieldError(field, title, detail) {
  return new ApiError(title, detail, 0, { errors: [{ field, detail: detail || title }] });
}

/**
 * The places a problem names, as [{field, instance, detail}]: its `errors` array (`field` or a
 * JSON `pointer` such as /earlyStopping/patience or /instances/3/age), and the single
 * `field` / `feature` / `instanceIndex` members a problem may carry instead.
 */
export function fieldProblems(problem) {
  const list = [];
  for (const e of Array.isArray(problem.errors) ? problem.errors : []) {
    if (!e || typeof e !== 'object') continue;
    const fromPointer = pointerPlace(e.pointer);
    list.push({
      field: e.field ?? e.feature ?? e.column ?? fromPointer.field,
      instance: firstInteger(e.instance, e.instanceIndex, e.index, fromPointer.instance),
      detail: e.detail || e.message || '',
    });
  }
  const field = problem.field ?? problem.feature ?? problem.column;
  const instance = firstInteger(problem.instanceIndex, problem.index);
  if (list.length === 0 && (field !== undefined || instance !== undefined)) {
    list.push({ field, instance, detail: problem.detail || '' });
  }
  return list;
}

function firstInteger(...values) {
  return values.find((v) => Number.isInteger(v));
}

/** "/instances/3/age" → {instance: 3, field: 'age'}; "/earlyStopping/patience" → {field: 'earlyStopping.patience'}. */
function pointerPlace(pointer) {
  if (typeof pointer !== 'string' || !pointer.startsWith('/')) return {};
  const parts = pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts[0] === 'instances' && /^\d+$/.test(parts[1] ?? '')) {
    return { instance: Number(parts[1]), field: parts.length > 2 ? parts.slice(2).join('.') : undefined };
  }
  if (/^\d+$/.test(parts[0])) return { instance: Number(parts[0]), field: parts[1] };
  return { field: parts.filter((p) => !/^\d+$/.test(p)).join('.') || undefined };
}

export function apiKey() {
  try { return sessionStorage.getItem('backprop.apiKey') || ''; } catch { return ''; }
}

export function setApiKey(value) {
  try { sessionStorage.setItem('backprop.apiKey', value); } catch { /* storage disabled: the key lasts for this page */ }
}

function problemToError(response, body) {
  const status = response.status;
  const problem = body && typeof body === 'object' ? body : {};
  const title = problem.title || PLAIN_STATUS[status] || `The server answered ${status}`;
  let detail = problem.detail || '';
  if (status === 401) detail = (detail ? detail + ' ' : '') + 'Enter the key under "API key" at the top right.';
  const retry = response.headers.get('Retry-After');
  if ((status === 429 || status === 503) && retry) detail = (detail ? detail + ' ' : '') + `Try again in ${retry} seconds.`;
  if (!detail && status >= 500) detail = 'Something went wrong on the server; try again, and check its log if it keeps happening.';
  return new ApiError(title, detail, status, problem);
}

/**
 * One request. body: a JS value (sent as JSON), FormData (multipart), or {text, type} (sent as
 * is, e.g. a CSV file). Answers the parsed JSON (null for an empty answer); throws ApiError.
 */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  let payload;
  if (body instanceof FormData) {
    payload = body; // the browser sets multipart/form-data with its boundary
  } else if (body && typeof body === 'object' && 'text' in body && 'type' in body) {
    headers['Content-Type'] = body.type;
    payload = body.text;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const key = apiKey();
  if (key) headers['X-API-Key'] = key;
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload });
  } catch {
    throw new ApiError('Could not reach the server', 'Check that the service is running, then try again.');
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) throw problemToError(response, data);
  if (text && data === null) throw new ApiError('The server sent something unexpected', `${method} ${path} did not answer JSON.`, response.status);
  return data;
}

/** Every item of a paginated list ({items, page, size, total}), in pages of 500. */
export async function listAll(path) {
  const items = [];
  for (let page = 0; ; page++) {
    const answer = await api('GET', `${path}${path.includes('?') ? '&' : '?'}page=${page}&size=500`);
    const batch = answer && Array.isArray(answer.items) ? answer.items : [];
    items.push(...batch);
    if (batch.length < 500 || items.length >= (answer.total ?? 0)) return items;
  }
}

export const enc = encodeURIComponent;

// ───────────────────────────── showing errors ─────────────────────────────

/**
 * Shows an error in its box: the title, the detail, and one line per field problem. When a
 * `scope` is given (a form), the fields the problem names are marked (aria-invalid, a message
 * under the field, linked by aria-describedby) and the first one gets the focus.
 * findField(name, problem) → element overrides how a field name maps to a control.
 */
export function showError(box, error, scope, findField) {
  if (scope) clearInvalid(scope);
  if (!error) { box.hidden = true; box.replaceChildren(); return; }
  const isApi = error instanceof ApiError;
  const title = isApi ? error.title : 'Something went wrong';
  const detail = isApi ? error.detail : error.message;
  const problems = isApi ? error.problems.filter((p) => p.detail && p.detail !== detail) : [];
  box.replaceChildren(...[
    el('strong', { text: title }),
    detail ? el('span', { class: 'detail', text: detail }) : null,
    problems.length > 0 ? el('ul', {}, problems.map((p) => el('li', { text: p.detail }))) : null,
  ].filter(Boolean));
  box.hidden = false;
  if (!isApi) console.error(error);
  if (scope && isApi) markFields(scope, error.problems, findField);
}

function markFields(scope, problems, findField) {
  const find = findField || ((name) => defaultField(scope, name));
  let first = null;
  for (const p of problems) {
    if (p.field === undefined) continue;
    const control = find(String(p.field), p);
    if (!control) continue;
    markInvalid(control, p.detail);
    first = first || control;
  }
  if (first) first.focus();
}

/** The control for a field name: data-field="earlyStopping.patience", also for "hiddenLayers[1]". */
function defaultField(scope, name) {
  const candidates = [name, name.replace(/\[\d+\]/g, ''), name.split(/[.[]/)[0]];
  for (const c of candidates) {
    const control = [...scope.querySelectorAll('[data-field]')].find((n) => n.dataset.field === c);
    if (control) return control;
  }
  return null;
}

let messageCount = 0;

export function markInvalid(control, message) {
  control.setAttribute('aria-invalid', 'true');
  control.classList.add('invalid');
  if (!message || control.tagName === 'TD' || control.tagName === 'TH') {
    if (message) control.title = message;
    return;
  }
  const id = `field-message-${++messageCount}`;
  const note = el('span', { class: 'field-message', id, 'data-testid': 'field-message', text: plainWords(message) });
  control.insertAdjacentElement('afterend', note);
  control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
}

export function clearInvalid(scope) {
  for (const n of scope.querySelectorAll('.field-message')) n.remove();
  for (const n of scope.querySelectorAll('[aria-invalid]')) {
    n.removeAttribute('aria-invalid');
    n.classList.remove('invalid');
    const rest = (n.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && !id.startsWith('field-message-'));
    if (rest.length) n.setAttribute('aria-describedby', rest.join(' ')); else n.removeAttribute('aria-describedby');
  }
}

/** The server's sentence without the position prefix the highlighted field already shows. */
export function plainWords(detail) {
  return String(detail).replace(/^instances\[\d+\],\s*/, '').replace(/^feature '([^']*)':\s*/, '$1: ');
}

/** Runs an async action, showing its failure (if any) in the box; answers undefined on failure. */
export async function guarded(box, action, scope, findField) {
  showError(box, null, scope);
  try {
    return await action();
  } catch (e) {
    showError(box, e, scope, findField);
    return undefined;
  }
}
