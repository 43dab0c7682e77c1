/*
 * Backprop Service dashboard — plain JavaScript on the public HTTP API (DESIGN.md §3), nothing else.
 *
 * Charts: drawn by the ~80-line lineChart() below as SVG instead of a vendored chart library.
 * The page needs two-series line charts only (train vs validation loss/accuracy); a library
 * such as Chart.js would be ~200 kB of code to review, license and keep patched for that, and
 * SVG keeps the points in the DOM where the browser test can count them (data-points).
 *
 * Safety: every value that comes from the API or from a CSV (dataset, feature and class names)
 * is put into the page with textContent / attributes through el(), never through innerHTML.
 */
'use strict';

const API = 'api/v1'; // relative, so the page also works behind a path prefix
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const $ = (id) => document.getElementById(id);

// ───────────────────────────── DOM and formatting helpers ─────────────────────────────

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    // through the CSSOM: the Content-Security-Policy (style-src 'self') refuses style attributes
    else if (key === 'style') node.style.cssText = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
/** Four significant digits, no trailing zeros; '—' for missing values. */
function num(x) {
  if (!isNum(x)) return '—';
  if (x !== 0 && Math.abs(x) < 1e-4) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}
function pct(x, digits = 1) {
  return isNum(x) ? (x * 100).toFixed(digits) + '%' : '—';
}
function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}
function shortId(id) {
  const s = String(id ?? '');
  return s.length > 10 ? s.slice(0, 8) + '…' : s;
}

// ───────────────────────────── API access and errors ─────────────────────────────

/** An API failure in words a person can act on: title (what) and detail (why / what to fix). */
class ApiError extends Error {
  constructor(title, detail, status) {
    super(detail ? `${title}: ${detail}` : title);
    this.title = title;
    this.detail = detail;
    this.status = status;
  }
}

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
};

function apiKey() {
  try { return sessionStorage.getItem('backprop.apiKey') || ''; } catch { return ''; }
}

function problemToError(response, body) {
  const status = response.status;
  const problem = body && typeof body === 'object' ? body : {};
  let title = problem.title || PLAIN_STATUS[status] || `The server answered ${status}`;
  let detail = problem.detail || '';
  if (status === 401) {
    detail = (detail ? detail + ' ' : '') + 'Enter the key under "API key" at the top right.';
  }
  const retry = response.headers.get('Retry-After');
  if ((status === 429 || status === 503) && retry) {
    detail = (detail ? detail + ' ' : '') + `Try again in ${retry} seconds.`;
  }
  if (!detail && status >= 500) detail = 'Something went wrong on the server; try again, and check its log if it keeps happening.';
  return new ApiError(title, detail, status);
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  let payload;
  if (body instanceof FormData) {
    payload = body; // the browser sets multipart/form-data with its boundary
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
    throw new ApiError('Could not reach the server', 'Check that the service is running, then try again.', 0);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) throw problemToError(response, data);
  return data;
}

function showError(box, error) {
  if (!error) { box.hidden = true; box.replaceChildren(); return; }
  const title = error instanceof ApiError ? error.title : 'Something went wrong';
  const detail = error instanceof ApiError ? error.detail : error.message;
  box.replaceChildren(el('strong', { text: title }), detail ? el('span', { text: detail }) : null);
  box.hidden = false;
}

/** Runs an async action, showing its failure (if any) in the given box. */
async function guarded(box, action) {
  showError(box, null);
  try {
    return await action();
  } catch (e) {
    showError(box, e);
    if (!(e instanceof ApiError)) console.error(e);
    return undefined;
  }
}

// ───────────────────────────── charts (hand-written SVG) ─────────────────────────────

const SVG_NS = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Draws line series into an <svg>. series: [{name, points: [[x, y], ...]}]; the first series is
 * solid, the second dashed. opts: yMin / yMax (fixed axis ends), yFormat (tick labels).
 * Sets data-points on the <svg> to the number of points drawn, for tests and for people.
 */
function lineChart(target, series, opts = {}) {
  target._chart = [series, opts]; // redrawn at the new size when the window is resized
  // the viewBox matches the drawn size (when known), so text stays 11px on wide and narrow screens
  const W = Math.max(260, Math.round(target.clientWidth || 480));
  const H = Math.round(Math.min(260, Math.max(170, W * 0.45)));
  const m = { l: 48, r: 12, t: 24, b: 28 };
  const plotW = W - m.l - m.r, plotH = H - m.t - m.b;
  const clean = series.map((s) => ({ ...s, points: (s.points || []).filter(([x, y]) => isNum(x) && isNum(y)) }));
  const all = clean.flatMap((s) => s.points);
  target.setAttribute('viewBox', `0 0 ${W} ${H}`);
  target.setAttribute('role', 'img');
  target.replaceChildren();
  target.dataset.points = String(all.length);
  if (all.length === 0) {
    target.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'empty' }, 'No points yet'));
    return;
  }
  let xMin = Math.min(...all.map((p) => p[0])), xMax = Math.max(...all.map((p) => p[0]));
  if (xMax === xMin) { xMin -= 1; xMax += 1; }
  let yMin = opts.yMin ?? Math.min(0, ...all.map((p) => p[1]));
  let yMax = opts.yMax ?? niceCeil(Math.max(...all.map((p) => p[1])));
  if (yMax === yMin) yMax = yMin + 1;
  const sx = (x) => m.l + ((x - xMin) / (xMax - xMin)) * plotW;
  const sy = (y) => m.t + (1 - (y - yMin) / (yMax - yMin)) * plotH;
  const yFormat = opts.yFormat || num;

  for (let i = 0; i <= 4; i++) { // horizontal grid and y ticks
    const v = yMin + ((yMax - yMin) * i) / 4;
    target.append(svg('line', { x1: m.l, x2: W - m.r, y1: sy(v), y2: sy(v), class: 'grid-line' }));
    target.append(svg('text', { x: m.l - 6, y: sy(v) + 4, 'text-anchor': 'end' }, yFormat(v)));
  }
  const xTicks = [...new Set([0, 1, 2, 3, 4].map((i) => Math.round(xMin + ((xMax - xMin) * i) / 4)))]
    .filter((v) => v >= xMin && v <= xMax);
  for (const v of xTicks) { // x ticks (epochs), whole and distinct
    const anchor = v === xMin ? 'start' : v === xMax ? 'end' : 'middle';
    target.append(svg('text', { x: sx(v), y: H - 8, 'text-anchor': anchor }, String(v)));
  }
  target.append(svg('line', { x1: m.l, x2: m.l, y1: m.t, y2: H - m.b, class: 'axis' }));
  target.append(svg('line', { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b, class: 'axis' }));

  let legendX = m.l;
  clean.forEach((s, i) => {
    if (s.points.length === 0) return;
    const stride = Math.max(1, Math.ceil(s.points.length / 1000)); // at most ~1000 vertices
    const pts = s.points.filter((_, k) => k % stride === 0 || k === s.points.length - 1);
    target.append(svg('polyline', {
      class: `series series-${i}`, 'data-series': s.name, 'data-points': s.points.length,
      points: pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' '),
    }));
    const [lastX, lastY] = s.points[s.points.length - 1]; // a dot on the newest point (visible even when alone)
    target.append(svg('circle', { cx: sx(lastX).toFixed(1), cy: sy(lastY).toFixed(1), r: 3, class: `legend-${i}` }));
    target.append(svg('rect', { x: legendX, y: 7, width: 12, height: 4, class: `legend-${i}` }));
    target.append(svg('text', { x: legendX + 16, y: 13 }, s.name));
    legendX += 24 + s.name.length * 6.5;
  });
}

/** The smallest of 1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10 × 10^k at or above x: an axis end whose quarters are round. */
function niceCeil(x) {
  if (!(x > 0)) return x;
  const p = 10 ** Math.floor(Math.log10(x));
  const f = [1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10].find((c) => c * p >= x * (1 - 1e-9));
  return Number((f * p).toPrecision(6));
}

function redrawCharts() {
  for (const chart of document.querySelectorAll('svg.chart')) {
    if (chart._chart && chart.clientWidth) lineChart(chart, ...chart._chart);
  }
}

/** Loss and accuracy charts from parallel arrays (model history or collected live points). */
function drawHistory(lossSvg, accSvg, h) {
  const xs = h.epochs && h.epochs.length ? h.epochs : (h.loss || []).map((_, i) => i + 1);
  const zip = (ys) => (ys || []).map((y, i) => [xs[i], y]);
  lineChart(lossSvg, [
    { name: 'train', points: zip(h.loss) },
    { name: 'validation', points: zip(h.validationLoss) },
  ]);
  lineChart(accSvg, [
    { name: 'train', points: zip(h.accuracy) },
    { name: 'validation', points: zip(h.validationAccuracy) },
  ], { yMin: 0, yMax: 1, yFormat: (v) => pct(v, 0) });
}

/** Horizontal bars: rows [{name, value, text}], value in [0, 1]. */
function bars(container, rows, testid, highlightTop = false) {
  const top = Math.max(...rows.map((r) => r.value));
  container.replaceChildren(...rows.map((r) => el('div',
    { class: 'bar-row' + (highlightTop && r.value === top ? ' top' : ''), 'data-testid': testid, 'data-name': r.name },
    el('span', { class: 'bar-name', title: r.name, text: r.name }),
    el('span', { class: 'bar-track' }, el('span', { class: 'bar-fill', style: `display:block;width:${(Math.max(0, Math.min(1, r.value)) * 100).toFixed(1)}%` })),
    el('span', { class: 'bar-value', text: r.text }))));
}

// ───────────────────────────── routing (#section/id) ─────────────────────────────

const state = {
  datasetNames: new Map(), // id → name, for tables that only have the id
  preferredDataset: null, // set by upload and "Train on this dataset"
  job: null,              // the job being watched: {id, source, timer, finished, points}
  predictModel: null,     // the model the predict form was built for
};

function route() {
  const match = /^#?([a-z]+)(?:\/(.+))?$/.exec(location.hash || '');
  const section = match && ['datasets', 'training', 'models', 'predict'].includes(match[1]) ? match[1] : 'datasets';
  const id = match && match[2] ? decodeURIComponent(match[2]) : null;
  for (const s of document.querySelectorAll('.section')) s.hidden = s.dataset.section !== section;
  for (const t of document.querySelectorAll('.tab')) {
    const active = t.dataset.tab === section;
    t.classList.toggle('active', active);
    if (active) t.setAttribute('aria-current', 'page'); else t.removeAttribute('aria-current');
  }
  redrawCharts(); // charts drawn while their section was hidden had no width to measure
  if (section === 'datasets') enterDatasets(id);
  else if (section === 'training') enterTraining(id);
  else if (section === 'models') enterModels(id);
  else enterPredict(id);
}

// ───────────────────────────── datasets ─────────────────────────────

let selectedFile = null;

/** Every item of a paginated list (pages of at most 500). */
async function listAll(path) {
  const items = [];
  for (let page = 0; ; page++) {
    const answer = await api('GET', `${path}${path.includes('?') ? '&' : '?'}page=${page}&size=500`);
    const batch = answer && Array.isArray(answer.items) ? answer.items : [];
    items.push(...batch);
    if (batch.length < 500 || items.length >= answer.total) return items;
  }
}

async function loadDatasets() {
  const datasets = await listAll(`${API}/datasets`);
  for (const d of datasets) state.datasetNames.set(d.id, d.name ?? d.id);
  return datasets;
}

async function enterDatasets(id) {
  const list = await guarded($('datasets-error'), loadDatasets);
  const body = $('datasets-body');
  body.dataset.state = list ? 'loaded' : 'failed';
  if (list) renderDatasetList(list, id);
  else body.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'muted', text: 'The list could not be loaded.' })));
  if (id) showDataset(id);
}

function renderDatasetList(list, selectedId) {
  const body = $('datasets-body');
  if (list.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'muted', text: 'No datasets yet — upload a CSV.' })));
    return;
  }
  body.replaceChildren(...list.map((d) => el('tr', {
    class: 'clickable' + (d.id === selectedId ? ' selected' : ''), tabindex: 0,
    'data-testid': 'dataset-row', 'data-id': d.id,
    onclick: () => { location.hash = `#datasets/${encodeURIComponent(d.id)}`; },
    onkeydown: (e) => { if (e.key === 'Enter') location.hash = `#datasets/${encodeURIComponent(d.id)}`; },
  },
  el('td', { text: d.name ?? d.id }),
  el('td', { class: 'num', text: d.rows ?? '—' }),
  el('td', { class: 'num', text: Array.isArray(d.features) ? d.features.length : '—' }),
  el('td', { class: 'num', text: Array.isArray(d.classes) ? d.classes.length : '—' }),
  el('td', { text: d.labelColumn ?? '—' }))));
}

async function showDataset(id) {
  const d = await guarded($('datasets-error'), () => api('GET', `${API}/datasets/${encodeURIComponent(id)}`));
  const panel = $('dataset-detail');
  if (!d) { panel.hidden = true; return; }
  panel.dataset.datasetId = d.id;
  $('dataset-title').textContent = d.name ?? d.id;
  $('dataset-meta').textContent = [
    `id ${d.id}`, `${d.rows ?? '?'} rows`, `label column "${d.labelColumn ?? '?'}"`,
    d.createdAt ? `uploaded ${when(d.createdAt)}` : null, d.sha256 ? `SHA-256 ${String(d.sha256).slice(0, 12)}…` : null,
  ].filter(Boolean).join(' · ');
  $('dataset-features').replaceChildren(...(d.features || []).map((f) => el('tr', { 'data-testid': 'feature-row' },
    el('td', { text: f.name }), el('td', { class: 'num', text: num(f.min) }), el('td', { class: 'num', text: num(f.max) }),
    el('td', { class: 'num', text: num(f.mean) }), el('td', { class: 'num', text: num(f.std) }))));
  const classes = d.classes || [];
  const total = classes.reduce((a, c) => a + (c.count || 0), 0) || 1;
  bars($('dataset-classes'), classes.map((c) => ({ name: c.name, value: (c.count || 0) / total, text: String(c.count ?? '—') })), 'class-bar');
  panel.hidden = false;
}

function chooseFile(file) {
  selectedFile = file || null;
  $('upload-file-name').textContent = file ? `${file.name} (${file.size < 1024 ? file.size + ' bytes' : Math.round(file.size / 1024) + ' kB'}) — press Upload` : 'No file chosen';
}

async function upload(event) {
  event.preventDefault();
  const errorBox = $('upload-error');
  if (!selectedFile) { showError(errorBox, new ApiError('No file chosen', 'Pick a CSV file or drop one on the dashed area.')); return; }
  const form = new FormData();
  form.append('file', selectedFile, selectedFile.name);
  const name = $('upload-name').value.trim();
  const label = $('upload-label').value.trim();
  if (name) form.append('name', name);
  if (label) form.append('labelColumn', label);
  $('upload-submit').disabled = true;
  $('upload-status').textContent = 'Uploading…';
  const d = await guarded(errorBox, () => api('POST', `${API}/datasets`, form));
  $('upload-submit').disabled = false;
  $('upload-status').textContent = d ? `Uploaded "${d.name ?? d.id}": ${d.rows} rows.` : '';
  if (!d) return;
  state.preferredDataset = d.id;
  chooseFile(null);
  $('upload-file').value = '';
  const target = `#datasets/${encodeURIComponent(d.id)}`;
  if (location.hash === target) route(); else location.hash = target;
}

function wireUpload() {
  $('upload-form').addEventListener('submit', upload);
  $('upload-file').addEventListener('change', (e) => chooseFile(e.target.files[0]));
  const zone = $('drop-zone');
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (e) => { e.preventDefault(); zone.classList.add('dragover'); });
  }
  for (const type of ['dragleave', 'drop']) {
    zone.addEventListener(type, () => zone.classList.remove('dragover'));
  }
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file) chooseFile(file);
  });
  // a file dropped next to the zone must not make the browser navigate away from the page
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  $('dataset-train').addEventListener('click', () => {
    state.preferredDataset = $('dataset-detail').dataset.datasetId;
    location.hash = '#training';
  });
}

// ───────────────────────────── training ─────────────────────────────

async function enterTraining(jobId) {
  const list = await guarded($('train-error'), loadDatasets);
  if (list) fillDatasetSelect(list);
  loadJobs();
  if (jobId && (!state.job || state.job.id !== jobId)) watchJob(jobId);
}

function fillDatasetSelect(list) {
  const select = $('train-dataset');
  const keep = state.preferredDataset || select.value;
  select.replaceChildren(...list.map((d) => el('option', { value: d.id, text: `${d.name ?? d.id} (${d.rows ?? '?'} rows)` })));
  if (keep && list.some((d) => d.id === keep)) select.value = keep;
  state.preferredDataset = null;
}

/** Reads an optional number field; undefined when empty, an error naming the field when not a number. */
function numberField(id, label, integer) {
  const input = $(id);
  if (input.validity.badInput) throw new ApiError(`${label} is not a number`, `Correct the "${label}" field or leave it empty.`);
  const raw = input.value.trim();
  if (raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new ApiError(`${label} is not ${integer ? 'a whole number' : 'a number'}`, `"${raw}" was entered.`);
  }
  return value;
}

function trainingConfig() {
  const config = { datasetId: $('train-dataset').value };
  if (!config.datasetId) throw new ApiError('No dataset', 'Upload a dataset first, or choose one.');
  const modelName = $('train-model-name').value.trim();
  if (modelName) config.modelName = modelName;
  if ($('train-preset').checked) {
    config.preset = 'seed-case-study'; // the preset fixes everything else
    return config;
  }
  const hidden = $('train-hidden').value.trim();
  if (hidden) {
    const sizes = hidden.split(/[\s,;]+/).filter(Boolean).map(Number);
    if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
      throw new ApiError('Hidden layers', `Write layer sizes as whole numbers separated by commas, e.g. 8,8 (was "${hidden}").`);
    }
    config.hiddenLayers = sizes;
  }
  for (const [id, key] of [['train-activation', 'activation'], ['train-optimizer', 'optimizer'], ['train-normalization', 'normalization']]) {
    if ($(id).value) config[key] = $(id).value;
  }
  const numbers = [
    ['train-lr', 'learningRate', 'Learning rate', false],
    ['train-epochs', 'epochs', 'Epochs', true],
    ['train-batch', 'batchSize', 'Batch size', true],
    ['train-test-fraction', 'testFraction', 'Test fraction', false],
    ['train-seed', 'seed', 'Seed', true],
  ];
  for (const [id, key, label, integer] of numbers) {
    const value = numberField(id, label, integer);
    if (value !== undefined) config[key] = value;
  }
  return config;
}

async function startTraining(event) {
  event.preventDefault();
  const button = $('train-submit');
  button.disabled = true;
  const job = await guarded($('train-error'), () => api('POST', `${API}/training-jobs`, trainingConfig()));
  button.disabled = false;
  if (!job) return;
  watchJob(job);
  history.replaceState(null, '', `#training/${encodeURIComponent(job.id)}`);
  loadJobs();
}

function stopWatching() {
  const w = state.job;
  if (!w) return;
  if (w.source) w.source.close();
  if (w.timer) clearInterval(w.timer);
  w.source = null;
  w.timer = null;
}

/** Follows a job (object or id): Server-Sent Events first, polling GET as a fallback. */
async function watchJob(jobOrId) {
  stopWatching();
  const id = typeof jobOrId === 'object' ? jobOrId.id : jobOrId;
  const w = { id, source: null, timer: null, finished: false, errors: 0,
    points: { loss: [], accuracy: [], validationLoss: [], validationAccuracy: [], epochs: [] } };
  state.job = w;
  $('job-empty').hidden = true;
  $('job-live').hidden = false;
  $('job-id').textContent = shortId(id);
  $('job-id').title = id;
  showError($('job-error'), null);
  $('job-result').hidden = true;
  $('job-cancel').disabled = false;
  $('job-cancel').textContent = 'Cancel';
  drawHistory($('chart-live-loss'), $('chart-live-accuracy'), w.points);

  let job = typeof jobOrId === 'object' ? jobOrId : null;
  if (!job) {
    job = await guarded($('job-error'), () => api('GET', `${API}/training-jobs/${encodeURIComponent(id)}`));
    if (!job || state.job !== w) return;
  }
  onJobUpdate(w, job);
  if (TERMINAL.has(job.status)) return;

  const source = new EventSource(`${API}/training-jobs/${encodeURIComponent(id)}/events`);
  w.source = source;
  const onProgress = (e) => { w.errors = 0; onJobUpdate(w, JSON.parse(e.data)); };
  source.addEventListener('progress', onProgress);
  source.onmessage = onProgress; // unnamed events, should a server send them, mean the same
  source.addEventListener('done', (e) => {
    source.close(); // the server closes the stream after 'done'; don't let EventSource reconnect
    onJobUpdate(w, JSON.parse(e.data));
  });
  source.onerror = () => {
    // EventSource retries by itself after a dropped connection; when it gives up (CLOSED, e.g. the
    // server answered an error status) or keeps failing, fall back to polling the job.
    w.errors += 1;
    if (w.finished || state.job !== w) { source.close(); return; }
    if (source.readyState === EventSource.CLOSED || w.errors >= 3) {
      source.close();
      w.source = null;
      pollJob(w);
    }
  };
}

function pollJob(w) {
  if (w.timer) return;
  w.timer = setInterval(async () => {
    if (state.job !== w || w.finished) { clearInterval(w.timer); return; }
    try {
      onJobUpdate(w, await api('GET', `${API}/training-jobs/${encodeURIComponent(w.id)}`));
    } catch (e) {
      showError($('job-error'), e);
    }
  }, 1000);
}

function onJobUpdate(w, job) {
  if (state.job !== w || w.finished || !job) return;
  renderJob(job);
  const p = job.progress;
  if (p && isNum(p.epoch) && isNum(p.loss)) {
    const pts = w.points;
    const last = pts.epochs.length - 1;
    const i = last >= 0 && pts.epochs[last] === p.epoch ? last : pts.epochs.length;
    pts.epochs[i] = p.epoch;
    pts.loss[i] = p.loss;
    pts.accuracy[i] = p.accuracy;
    pts.validationLoss[i] = p.validationLoss;
    pts.validationAccuracy[i] = p.validationAccuracy;
    drawHistory($('chart-live-loss'), $('chart-live-accuracy'), pts);
  }
  if (TERMINAL.has(job.status)) {
    w.finished = true;
    stopWatching();
    finishJob(w, job);
  }
}

function renderJob(job) {
  const status = job.status || 'UNKNOWN';
  const badge = $('job-status');
  badge.textContent = status;
  badge.dataset.status = status;
  const p = job.progress || {};
  let fraction = isNum(p.fraction) ? p.fraction : (isNum(p.epoch) && isNum(p.epochs) && p.epochs > 0 ? p.epoch / p.epochs : 0);
  if (status === 'SUCCEEDED') fraction = 1;
  const bar = $('job-progress');
  bar.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  bar.dataset.fraction = String(fraction);
  $('job-progress-fill').style.width = `${(Math.max(0, Math.min(1, fraction)) * 100).toFixed(1)}%`;
  $('job-epoch').textContent = isNum(p.epoch) ? `epoch ${p.epoch}${isNum(p.epochs) ? ' / ' + p.epochs : ''}` : status === 'QUEUED' ? 'waiting for a free worker…' : '';
  $('job-numbers').textContent = [
    isNum(p.loss) ? `loss ${num(p.loss)}` : null,
    isNum(p.accuracy) ? `accuracy ${pct(p.accuracy)}` : null,
    isNum(p.validationLoss) ? `validation loss ${num(p.validationLoss)}` : null,
    isNum(p.validationAccuracy) ? `validation accuracy ${pct(p.validationAccuracy)}` : null,
    isNum(job.durationMillis) ? `${(job.durationMillis / 1000).toFixed(1)} s` : null,
  ].filter(Boolean).join(' · ');
  $('job-cancel').hidden = TERMINAL.has(status);
  if (job.config) $('job-config').textContent = JSON.stringify(job.config, null, 2);
}

function jobErrorText(error) {
  if (!error) return 'No reason was given.';
  if (typeof error === 'string') return error;
  return error.detail || error.message || error.title || JSON.stringify(error);
}

async function finishJob(w, job) {
  $('job-cancel').hidden = true;
  if (job.status === 'FAILED') {
    showError($('job-error'), new ApiError('Training failed', jobErrorText(job.error)));
  } else if (job.status === 'CANCELLED') {
    const result = $('job-result');
    result.replaceChildren('The job was cancelled; no model was stored.');
    result.hidden = false;
  } else if (job.status === 'SUCCEEDED' && job.modelId) {
    const model = await guarded($('job-error'), () => api('GET', `${API}/models/${encodeURIComponent(job.modelId)}`));
    if (state.job !== w) return;
    const result = $('job-result');
    result.replaceChildren('Model ready: ',
      el('a', { href: `#models/${encodeURIComponent(job.modelId)}`, id: 'job-model-link', 'data-testid': 'job-model-link',
        text: model ? `${model.name} v${model.version}` : job.modelId }),
      model && model.metrics && model.metrics.test ? ` — test accuracy ${pct(model.metrics.test.accuracy)}` : '');
    result.hidden = false;
    // the stored history covers every epoch (down-sampled), the live chart only the sampled ones
    const h = model && model.history;
    if (h && Array.isArray(h.loss) && h.loss.length >= w.points.loss.length) {
      drawHistory($('chart-live-loss'), $('chart-live-accuracy'), h);
    }
  }
  loadJobs();
}

async function cancelJob() {
  const w = state.job;
  if (!w) return;
  const button = $('job-cancel');
  button.disabled = true;
  button.textContent = 'Cancelling…';
  const job = await guarded($('job-error'), () => api('DELETE', `${API}/training-jobs/${encodeURIComponent(w.id)}`));
  if (job === undefined) { button.disabled = false; button.textContent = 'Cancel'; return; }
  if (job && job.status) onJobUpdate(w, job); // otherwise the 'done' event reports the outcome
  else if (!w.source) pollJob(w);
}

function datasetName(id) {
  return id ? state.datasetNames.get(id) ?? id : '—';
}

async function loadJobs() {
  const page = await guarded($('jobs-error'), () => api('GET', `${API}/training-jobs?size=20`));
  const list = page && Array.isArray(page.items) ? page.items : null;
  if (!list) return;
  const jobs = [...list].sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? ''))).slice(0, 20);
  const body = $('jobs-body');
  if (jobs.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'muted', text: 'No jobs yet.' })));
    return;
  }
  body.replaceChildren(...jobs.map((j) => el('tr', {
    class: 'clickable', 'data-testid': 'job-row', 'data-id': j.id, tabindex: 0,
    onclick: () => { watchJob(j.id); history.replaceState(null, '', `#training/${encodeURIComponent(j.id)}`); },
  },
  el('td', { class: 'mono', title: j.id, text: shortId(j.id) }),
  el('td', { text: datasetName(j.datasetId ?? (j.config && j.config.datasetId)) }),
  el('td', {}, el('span', { class: 'badge', 'data-status': j.status, text: j.status })),
  el('td', { class: 'num', text: j.progress && isNum(j.progress.fraction) ? pct(j.progress.fraction, 0) : '—' }),
  el('td', { text: when(j.createdAt) }),
  el('td', {}, j.modelId ? el('a', { href: `#models/${encodeURIComponent(j.modelId)}`, onclick: (e) => e.stopPropagation(), text: 'open' }) : '—'))));
}

// ───────────────────────────── models ─────────────────────────────

async function loadModels() {
  const list = await listAll(`${API}/models`);
  return list.sort((a, b) =>
    String(a.name).localeCompare(String(b.name)) || (b.version ?? 0) - (a.version ?? 0));
}

const testAccuracy = (m) => (m.metrics && m.metrics.test && m.metrics.test.accuracy);

async function enterModels(id) {
  $('models-list').hidden = Boolean(id);
  $('model-detail').hidden = true;
  if (id) { showModel(id); return; }
  const [list] = await Promise.all([guarded($('models-error'), loadModels), loadDatasets().catch(() => null)]);
  if (!list) return;
  const body = $('models-body');
  if (list.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'muted', text: 'No models yet — train one.' })));
    return;
  }
  body.replaceChildren(...list.map((m) => el('tr', {
    class: 'clickable', tabindex: 0, 'data-testid': 'model-row', 'data-id': m.id,
    onclick: () => { location.hash = `#models/${encodeURIComponent(m.id)}`; },
    onkeydown: (e) => { if (e.key === 'Enter') location.hash = `#models/${encodeURIComponent(m.id)}`; },
  },
  el('td', { text: m.name ?? m.id }),
  el('td', { class: 'num', text: m.version ?? '—' }),
  el('td', { class: 'num', text: pct(testAccuracy(m)) }),
  el('td', { text: datasetName(m.datasetId) }),
  el('td', { text: when(m.createdAt) }))));
}

async function showModel(id) {
  let m;
  try {
    m = await api('GET', `${API}/models/${encodeURIComponent(id)}`);
  } catch (e) { // back to the list, with the reason
    await enterModels(null);
    showError($('models-error'), e);
    return;
  }
  const detail = $('model-detail');
  detail.dataset.modelId = m.id;
  $('model-title').replaceChildren(el('a', { href: '#models', class: 'small', text: '← all models' }), el('br'),
    `${m.name ?? m.id} `, el('span', { class: 'muted', text: `v${m.version ?? '?'}` }));
  $('model-meta').textContent = [
    `id ${m.id}`, m.datasetId ? `dataset ${datasetName(m.datasetId)}` : null,
    Array.isArray(m.layers) ? `layers ${m.layers.join('-')}` : null,
    Array.isArray(m.classNames) ? `classes ${m.classNames.join(', ')}` : null,
    m.createdAt ? `trained ${when(m.createdAt)}` : null,
  ].filter(Boolean).join(' · ');
  $('model-export').href = `${API}/models/${encodeURIComponent(m.id)}/export`;
  $('model-export').setAttribute('download', `${m.name ?? 'model'}-v${m.version ?? ''}.json`);
  $('model-predict').href = `#predict/${encodeURIComponent(m.id)}`;

  const metrics = m.metrics || {};
  $('model-metrics').replaceChildren(...[['Training set', metrics.train], ['Test set', metrics.test]]
    .filter(([, s]) => s)
    .map(([label, s]) => el('tr', { 'data-testid': 'metrics-row' },
      el('th', { text: label }), el('td', { class: 'num', text: pct(s.accuracy) }), el('td', { class: 'num', text: num(s.loss) }),
      el('td', { class: 'num', text: num(s.meanAbsoluteError) }),
      el('td', { class: 'num', text: isNum(s.meanAbsoluteError) ? ((1 - s.meanAbsoluteError) * 100).toFixed(2) : '—' }))));

  const split = metrics.test ? metrics.test : metrics.train;
  const splitName = metrics.test ? '(test set)' : metrics.train ? '(training set — no test set was held out)' : '';
  $('perclass-split').textContent = splitName;
  $('confusion-split').textContent = splitName;
  $('model-perclass').replaceChildren(...((split && split.perClass) || []).map((c) => el('tr', { 'data-testid': 'perclass-row' },
    el('td', { text: c.className }), el('td', { class: 'num', text: num(c.precision) }), el('td', { class: 'num', text: num(c.recall) }),
    el('td', { class: 'num', text: num(c.f1) }), el('td', { class: 'num', text: c.support ?? '—' }))));
  renderConfusion($('model-confusion'), m.classNames || [], split && split.confusionMatrix);

  $('model-config').textContent = JSON.stringify(m.config ?? {}, null, 2);
  detail.hidden = false; // first, so that the charts can measure their width
  drawHistory($('chart-history-loss'), $('chart-history-accuracy'), m.history || {});
}

/** Confusion matrix as a heat map; each cell shaded by its share of the actual class (the row). */
function renderConfusion(container, classes, matrix) {
  if (!Array.isArray(matrix) || matrix.length === 0) {
    container.replaceChildren(el('p', { class: 'muted', text: 'No confusion matrix.' }));
    return;
  }
  const name = (i) => classes[i] ?? `#${i}`;
  const head = el('tr', {}, el('th', { class: 'corner', text: 'actual ↓ / predicted →' }), ...matrix[0].map((_, j) => el('th', { text: name(j) })));
  const rows = matrix.map((row, i) => {
    const total = row.reduce((a, v) => a + (v || 0), 0);
    return el('tr', {}, el('th', { text: name(i) }), ...row.map((v, j) => {
      const share = total > 0 ? (v || 0) / total : 0;
      const alpha = v > 0 ? 0.08 + 0.84 * share : 0;
      const tone = i === j ? '21,128,61' : '185,28,28'; // green on the diagonal, red off it
      return el('td', {
        class: share > 0.55 ? 'dark' : '', 'data-testid': 'confusion-cell', 'data-row': i, 'data-col': j,
        title: `actual ${name(i)}, predicted ${name(j)}: ${v} (${pct(share)} of ${name(i)})`,
        style: `background: rgba(${tone},${alpha.toFixed(3)})`, text: v,
      });
    }));
  });
  container.replaceChildren(el('table', { class: 'heatmap' }, el('thead', {}, head), el('tbody', {}, rows)));
}

// ───────────────────────────── predict ─────────────────────────────

async function enterPredict(id) {
  const list = await guarded($('predict-error'), loadModels);
  if (!list) return;
  const select = $('predict-model');
  const keep = id || select.value;
  select.replaceChildren(...list.map((m) => el('option', { value: m.id, text: `${m.name ?? m.id} v${m.version ?? '?'}` })));
  if (list.length === 0) {
    select.append(el('option', { value: '', text: 'no models yet' }));
    $('predict-inputs').replaceChildren();
    return;
  }
  if (keep && list.some((m) => m.id === keep)) select.value = keep;
  if (!state.predictModel || state.predictModel.id !== select.value) buildPredictForm(select.value);
}

async function buildPredictForm(modelId) {
  $('predict-result').hidden = true;
  const fieldset = $('predict-inputs');
  fieldset.replaceChildren();
  fieldset.dataset.modelId = '';
  if (!modelId) return;
  const m = await guarded($('predict-error'), () => api('GET', `${API}/models/${encodeURIComponent(modelId)}`));
  if (!m || $('predict-model').value !== modelId) return;
  state.predictModel = m;
  const inputs = (m.featureNames || []).map((f, i) => el('input', {
    id: `predict-input-${i}`, 'data-testid': `predict-input-${i}`, 'data-feature': f, type: 'number', step: 'any', required: true,
  }));
  let means = new Map(); // pre-fill with the training data's means, when the dataset is still stored
  if (m.datasetId) {
    try {
      const d = await api('GET', `${API}/datasets/${encodeURIComponent(m.datasetId)}`);
      means = new Map((d.features || []).map((f) => [f.name, f.mean]));
    } catch { /* dataset deleted: the inputs stay empty */ }
  }
  if ($('predict-model').value !== modelId) return; // another model was chosen meanwhile
  inputs.forEach((input) => {
    const mean = means.get(input.dataset.feature);
    if (isNum(mean)) input.value = String(Number(mean.toPrecision(4)));
  });
  fieldset.replaceChildren(...(m.featureNames || []).map((f, i) => el('label', {}, f, inputs[i])));
  fieldset.dataset.modelId = m.id; // set last: the form is complete
}

async function predict(event) {
  event.preventDefault();
  const m = state.predictModel;
  const errorBox = $('predict-error');
  if (!m) { showError(errorBox, new ApiError('No model', 'Train a model first, or choose one.')); return; }
  const result = await guarded(errorBox, () => {
    const instance = {};
    for (const input of $('predict-inputs').querySelectorAll('input')) {
      const feature = input.dataset.feature;
      if (input.validity.badInput) throw new ApiError(`"${feature}" is not a number`, 'Correct it and try again.');
      if (input.value.trim() === '') continue; // the server names the missing feature
      instance[feature] = Number(input.value);
    }
    return api('POST', `${API}/models/${encodeURIComponent(m.id)}/predictions`, { instances: [instance] });
  });
  if (!result) { $('predict-result').hidden = true; return; }
  const prediction = (result.predictions || [])[0] || {};
  $('predict-label').textContent = prediction.label ?? '—';
  const by = result.model;
  $('predict-by').textContent = by ? `by ${by.name} v${by.version}` : '';
  const probabilities = Object.entries(prediction.probabilities || {}).sort((a, b) => b[1] - a[1]);
  bars($('predict-probabilities'), probabilities.map(([name, p]) => ({ name, value: p, text: pct(p) })), 'probability-bar', true);
  const warnings = prediction.warnings || [];
  const list = $('predict-warnings');
  list.replaceChildren(...warnings.map((w) => el('li', { 'data-testid': 'predict-warning',
    text: typeof w === 'string' ? w : (w.message || w.detail || JSON.stringify(w)) })));
  list.hidden = warnings.length === 0;
  $('predict-result').hidden = false;
}

// ───────────────────────────── start ─────────────────────────────

function init() {
  wireUpload();
  $('train-form').addEventListener('submit', startTraining);
  $('train-preset').addEventListener('change', (e) => { $('train-params').disabled = e.target.checked; });
  $('job-cancel').addEventListener('click', cancelJob);
  $('jobs-refresh').addEventListener('click', loadJobs);
  $('predict-form').addEventListener('submit', predict);
  $('predict-model').addEventListener('change', (e) => {
    history.replaceState(null, '', `#predict/${encodeURIComponent(e.target.value)}`);
    buildPredictForm(e.target.value);
  });
  const key = $('api-key');
  key.value = apiKey();
  key.addEventListener('input', () => {
    try { sessionStorage.setItem('backprop.apiKey', key.value.trim()); } catch { /* private mode */ }
  });
  window.addEventListener('hashchange', route);
  let resizeTimer = null;
  window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(redrawCharts, 150); });
  route();
}

init();
