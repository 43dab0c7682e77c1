/*
 * The Training screen: the form (trainform.js), the job being watched (Server-Sent Events, with
 * polling as a fallback) with its live figures and charts, and the job table, which refreshes
 * itself while any job is queued or running.
 */
import { $, el, isNum, num, pct, when, seconds, shortId, fillTable, headersOf, tableRow } from './dom.js';
import { API, api, enc, guarded, showError, ApiError } from './api.js';
import { state, loadDatasets, datasetName, isRegression, bestEpochMarker } from './state.js';
import { lineChart, historySeries } from './charts.js';
import { buildConfigForm, readConfigForm, showDefaults } from './trainform.js';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const JOBS_REFRESH_MS = 1500;

let configSpec = null;   // GET /training-config, once per page
let datasets = [];       // for the task default of the chosen dataset
let watched = null;      // {id, source, timer, finished, points, model}
let jobsTimer = null;

export async function enterTraining(jobId) {
  const [list] = await Promise.all([guarded($('train-error'), loadDatasets), ensureConfigForm()]);
  if (list) fillDatasetSelect(list);
  loadJobs();
  if (jobId && (!watched || watched.id !== jobId)) watchJob(jobId);
}

export function leaveTraining() {
  clearTimeout(jobsTimer);
  jobsTimer = null;
}

async function ensureConfigForm() {
  if (configSpec) return;
  const spec = await guarded($('train-error'), () => api('GET', `${API}/training-config`));
  if (!spec || !Array.isArray(spec.fields)) {
    $('train-fields').replaceChildren(el('p', { class: 'muted', text: 'The configuration fields could not be loaded; see the message below.' }));
    return;
  }
  configSpec = spec;
  buildConfigForm(spec);
  $('train-form').dataset.ready = 'true';
}

function fillDatasetSelect(list) {
  datasets = list;
  const select = $('train-dataset');
  const keep = state.preferredDataset || select.value;
  select.replaceChildren(...list.map((d) => el('option', { value: d.id, text: `${d.name ?? d.id} (${d.rows ?? '?'} rows)` })));
  if (keep && list.some((d) => d.id === keep)) select.value = keep;
  state.preferredDataset = null;
  refreshDefaults();
}

const datasetDefaults = new Map();   // "datasetId|task" → the promise of GET /training-config for it

/**
 * Shows, in each empty field, what the server will use: the defaults a job on the chosen dataset
 * (and task) gets — a regression's output and loss, a large dataset's learning rate — from
 * GET /training-config?datasetId=…; the general defaults (with the task note) if that fails.
 */
async function refreshDefaults() {
  if (!configSpec) return;
  const datasetId = $('train-dataset').value;
  const taskField = $('train-fields').querySelector('[data-field="task"]');
  const task = taskField ? taskField.value : '';
  let spec = configSpec;
  if (datasetId) {
    const key = `${datasetId}|${task}`;
    if (!datasetDefaults.has(key)) {
      const query = `datasetId=${enc(datasetId)}${task ? `&task=${enc(task)}` : ''}`;
      // a failure here leaves the general defaults shown, which the task note qualifies
      datasetDefaults.set(key, api('GET', `${API}/training-config?${query}`).catch(() => null));
    }
    spec = (await datasetDefaults.get(key)) || configSpec;
    if ($('train-dataset').value !== datasetId) return;   // another dataset was chosen meanwhile
  }
  const d = datasets.find((x) => x.id === datasetId);
  showDefaults(spec, $('train-preset').value, d && d.label ? d.label.task : null);
}

function trainingRequest() {
  const request = { datasetId: $('train-dataset').value };
  if (!request.datasetId) throw new ApiError('No dataset', 'Upload a dataset first, or choose one.', 0, { errors: [{ field: 'datasetId', detail: 'Choose a dataset.' }] });
  const modelName = $('train-model-name').value.trim();
  if (modelName) request.modelName = modelName;
  if ($('train-preset').value) request.preset = $('train-preset').value;
  return { ...request, ...readConfigForm() };
}

async function startTraining(event) {
  event.preventDefault();
  const button = $('train-submit');
  button.disabled = true;
  const job = await guarded($('train-error'), () => api('POST', `${API}/training-jobs`, trainingRequest()), $('train-form'));
  button.disabled = false;
  if (!job) return;
  watchJob(job);
  history.replaceState(null, '', `#training/${enc(job.id)}`);
  showJobPanel();
  loadJobs();
}

/** On a phone the job panel sits below the form: bring it into view, and the focus to its heading. */
function showJobPanel() {
  const panel = $('job-panel');
  const top = panel.getBoundingClientRect().top;
  if (top < 0 || top > window.innerHeight * 0.6) panel.scrollIntoView({ block: 'start' });
  $('job-heading').focus({ preventScroll: true });
}

function clearForm() {
  for (const node of $('train-fields').querySelectorAll('[data-field]')) node.value = '';
  $('train-model-name').value = '';
  $('train-preset').value = '';
  showError($('train-error'), null, $('train-form'));
  refreshDefaults();
}

// ───────────────────────────── the watched job ─────────────────────────────

function stopWatching() {
  if (!watched) return;
  if (watched.source) watched.source.close();
  if (watched.timer) clearInterval(watched.timer);
  watched.source = null;
  watched.timer = null;
}

/** Follows a job (object or id): Server-Sent Events first, polling GET as a fallback. */
async function watchJob(jobOrId) {
  stopWatching();
  const id = typeof jobOrId === 'object' ? jobOrId.id : jobOrId;
  const w = { id, source: null, timer: null, finished: false, errors: 0, model: null, job: null,
    points: { epochs: [], loss: [], accuracy: [], validationLoss: [], validationAccuracy: [] } };
  watched = w;
  resetPanel(id);
  drawLive(w.points, []);

  let job = typeof jobOrId === 'object' ? jobOrId : null;
  if (!job) {
    job = await guarded($('job-error'), () => api('GET', `${API}/training-jobs/${enc(id)}`));
    if (!job || watched !== w) return;
  }
  onJobUpdate(w, job);
  if (!TERMINAL.has(job.status)) listen(w);
}

function resetPanel(id) {
  $('job-empty').hidden = true;
  $('job-live').hidden = false;
  $('job-id').textContent = shortId(id);
  $('job-id').title = id;
  showError($('job-error'), null);
  $('job-result').hidden = true;
  $('job-model-figures').dataset.state = 'waiting';
  $('job-model-title').textContent = 'Stored model';
  $('job-model-hint').textContent = 'Shown when the job has finished: the figures of the weights the model keeps. With early stopping '
    + 'those are the best epoch\'s (lowest validation loss), not the last one\'s.';
  $('job-model-numbers').replaceChildren();
  $('job-cancel').disabled = false;
  $('job-cancel').textContent = 'Cancel';
}

function listen(w) {
  const source = new EventSource(`${API}/training-jobs/${enc(w.id)}/events`);
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
    // server answered an error status) or keeps failing, poll the job instead.
    w.errors += 1;
    if (w.finished || watched !== w) { source.close(); return; }
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
    if (watched !== w || w.finished) { clearInterval(w.timer); return; }
    try {
      onJobUpdate(w, await api('GET', `${API}/training-jobs/${enc(w.id)}`));
    } catch (e) {
      showError($('job-error'), e);
    }
  }, 1000);
}

function onJobUpdate(w, job) {
  if (watched !== w || w.finished || !job) return;
  const statusChanged = !w.job || w.job.status !== job.status;
  w.job = job;
  renderJob(job);
  addPoint(w.points, job.progress);
  drawLive(w.points, []);
  if (statusChanged) loadJobs();
  if (TERMINAL.has(job.status)) {
    w.finished = true;
    stopWatching();
    finishJob(w, job);
  }
}

/** One point per finished epoch; inside a long epoch the same epoch's figures are replaced. */
function addPoint(pts, p) {
  if (!p || !isNum(p.epoch) || !isNum(p.loss) || p.epoch < 1) return;
  const last = pts.epochs.length - 1;
  const i = last >= 0 && pts.epochs[last] === p.epoch ? last : pts.epochs.length;
  pts.epochs[i] = p.epoch;
  pts.loss[i] = p.loss;
  pts.accuracy[i] = p.accuracy;
  pts.validationLoss[i] = p.validationLoss;
  pts.validationAccuracy[i] = p.validationAccuracy;
}

function drawLive(history, markers) {
  const log = $('live-log').checked;
  lineChart($('chart-live-loss'), { xLabel: 'epoch', yLabel: 'loss', series: historySeries(history, 'loss'), log, markers });
  const regression = watched && watched.job && watched.job.config && watched.job.config.task === 'regression';
  $('chart-live-accuracy').closest('figure').hidden = Boolean(regression);
  $('chart-live-accuracy').closest('.charts').classList.toggle('single', Boolean(regression));
  lineChart($('chart-live-accuracy'), { xLabel: 'epoch', yLabel: 'accuracy', series: historySeries(history, 'accuracy'), percent: true, markers,
    emptyText: 'No points yet' });
}

function redrawLive() {
  if (!watched) return;
  if (watched.model) drawModelHistory(watched.model);
  else drawLive(watched.points, []);
}

function renderJob(job) {
  const status = job.status || 'UNKNOWN';
  const badge = $('job-status');
  badge.textContent = status;
  badge.dataset.status = status;
  const p = job.progress || {};
  let fraction = isNum(p.fraction) ? p.fraction : 0;
  if (status === 'SUCCEEDED') fraction = 1; // early stopping finished the job, not 43 % of it
  const bar = $('job-progress');
  bar.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  bar.dataset.fraction = String(fraction);
  $('job-progress-fill').style.width = `${(Math.max(0, Math.min(1, fraction)) * 100).toFixed(1)}%`;
  $('job-epoch').textContent = status === 'QUEUED' ? 'waiting for a free worker…' : epochsText(job);
  renderLiveNumbers(job);
  $('job-cancel').hidden = TERMINAL.has(status);
  if (job.config) $('job-config').textContent = JSON.stringify(job.config, null, 2);
}

function renderLiveNumbers(job) {
  const p = job.progress || {};
  const figures = [
    ['Epoch', isNum(p.epoch) && p.epoch > 0 ? `${p.epoch} (last finished)` : '—'],
    ['Training loss', num(p.loss)],
    ['Training accuracy', pct(p.accuracy)],
    ['Validation loss', num(p.validationLoss)],
    ['Validation accuracy', pct(p.validationAccuracy)],
    ['Time', seconds(elapsed(job))],
    ['Seed', job.config && job.config.seed !== undefined ? String(job.config.seed) : '—'],
  ].filter(([name, value]) => value !== '—' || name === 'Epoch');
  $('job-numbers').replaceChildren(...figures.flatMap(([name, value]) =>
    [el('dt', { text: name }), el('dd', { 'data-testid': `live-${name.toLowerCase().replace(/ /g, '-')}`, text: value })]));
}

function elapsed(job) {
  if (isNum(job.durationMillis)) return job.durationMillis;
  if (job.startedAt && !TERMINAL.has(job.status)) return Date.now() - new Date(job.startedAt).getTime();
  return undefined;
}

/** "213 of at most 500 epochs — stopped early", never a bare percentage of the planned epochs. */
export function epochsText(job) {
  const p = job.progress || {};
  if (!isNum(p.epoch) || !isNum(p.epochs)) return '—';
  const es = job.config && job.config.earlyStopping;
  const planned = es && es.enabled ? `at most ${p.epochs}` : `${p.epochs}`; // early stopping may end it sooner
  switch (job.status) {
    case 'QUEUED': return `0 of ${planned}`;
    case 'RUNNING': return `epoch ${p.epoch} of ${planned}${isNum(p.fraction) ? ` (${pct(p.fraction, 0)})` : ''}`;
    case 'SUCCEEDED': return p.epoch < p.epochs ? `${p.epoch} of ${p.epochs} — stopped early` : `${p.epoch} of ${p.epochs}`;
    default: return `${p.epoch} of ${p.epochs} — ${String(job.status).toLowerCase()}`;
  }
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
    showResult(['The job was cancelled; no model was stored.']);
  } else if (job.status === 'SUCCEEDED' && job.modelId) {
    const model = await guarded($('job-error'), () => api('GET', `${API}/models/${enc(job.modelId)}`));
    if (watched !== w || !model) return;
    w.model = model;
    showResult(['Model ready: ', el('a', { href: `#models/${enc(model.id)}`, id: 'job-model-link', 'data-testid': 'job-model-link',
      text: `${model.name} v${model.version}` })]);
    renderModelFigures(model);
    drawModelHistory(model);
  }
  loadJobs();
}

function showResult(children) {
  const result = $('job-result');
  result.replaceChildren(...children);
  result.hidden = false;
}

/** The stored model's figures: evaluated with the weights it keeps (the restored best epoch, maybe). */
function renderModelFigures(model) {
  const prov = model.provenance || {};
  const es = model.config && model.config.earlyStopping;
  const restored = es && es.restoreBest && isNum(prov.bestEpoch) && prov.bestEpoch !== prov.epochsRun;
  $('job-model-title').textContent = restored ? `Stored model: weights of epoch ${prov.bestEpoch} (restored best)` : `Stored model: weights of the last epoch${isNum(prov.epochsRun) ? ' (' + prov.epochsRun + ')' : ''}`;
  $('job-model-hint').textContent = restored
    ? `Early stopping kept the epoch with the lowest validation loss, ${prov.bestEpoch}, not the last one, ${prov.epochsRun}: these figures are that model's, so they differ from the live ones. Test = rows held out from training.`
    : 'The live figures and these come from the same weights; test = rows held out from training.';
  const m = model.metrics || {};
  const rows = isRegression(model)
    ? [['Test RMSE', num(m.test && m.test.rmse)], ['Test R²', num(m.test && m.test.r2)], ['Test loss', num(m.test && m.test.loss)], ['Training loss', num(m.train && m.train.loss)]]
    : [['Test accuracy', pct(m.test && m.test.accuracy)], ['Test loss', num(m.test && m.test.loss)],
      ['Training accuracy', pct(m.train && m.train.accuracy)], ['Training loss', num(m.train && m.train.loss)]];
  $('job-model-numbers').replaceChildren(...rows.flatMap(([name, value]) =>
    [el('dt', { text: name }), el('dd', { 'data-testid': `model-${name.toLowerCase().replace(/[^a-z]+/g, '-')}`, text: value })]));
  $('job-model-figures').dataset.state = 'shown';
}

/** The charts from the model's own history (every epoch, down-sampled), with the restored best epoch marked. */
function drawModelHistory(model) {
  const h = model.history || {};
  const best = bestEpochMarker(model);
  drawLive(Array.isArray(h.loss) && h.loss.length ? h : watched.points, best ? [best] : []);
}

async function cancelJob() {
  const w = watched;
  if (!w) return;
  const button = $('job-cancel');
  button.disabled = true;
  button.textContent = 'Cancelling…';
  const job = await guarded($('job-error'), () => api('DELETE', `${API}/training-jobs/${enc(w.id)}`));
  if (job === undefined) { button.disabled = false; button.textContent = 'Cancel'; return; }
  if (job && job.status) onJobUpdate(w, job); // otherwise the 'done' event reports the outcome
  else if (!w.source) pollJob(w);
}

// ───────────────────────────── the job table ─────────────────────────────

async function loadJobs() {
  clearTimeout(jobsTimer);
  const page = await guarded($('jobs-error'), () => api('GET', `${API}/training-jobs?size=20`));
  const jobs = page && Array.isArray(page.items) ? page.items : null;
  if (jobs) renderJobs(jobs);
  const active = jobs ? jobs.filter((j) => !TERMINAL.has(j.status)).length : 0;
  $('jobs-note').textContent = active ? `${active} active — refreshing every ${JOBS_REFRESH_MS / 1000} s` : '';
  if (active && !$('section-training').hidden) jobsTimer = setTimeout(loadJobs, JOBS_REFRESH_MS);
}

function renderJobs(jobs) {
  const headers = headersOf($('jobs-table'));
  fillTable($('jobs-body'), headers, jobs.map((j) => tableRow(headers, [
    { class: 'mono', node: el('a', { href: `#training/${enc(j.id)}`, title: j.id, text: shortId(j.id), onclick: (e) => e.stopPropagation() }) },
    j.modelName ?? (j.config && j.config.modelName) ?? '—',
    datasetName(j.datasetId ?? (j.config && j.config.datasetId)),
    { node: el('span', { class: 'badge', 'data-status': j.status, text: j.status }) },
    { class: 'num', 'data-testid': 'job-epochs', text: epochsText(j) },
    { class: 'num', text: seconds(elapsed(j)) },
    when(j.createdAt),
    j.modelId ? { node: el('a', { href: `#models/${enc(j.modelId)}`, onclick: (e) => e.stopPropagation(), text: 'open' }) } : '—',
  ], {
    class: 'clickable' + (watched && watched.id === j.id ? ' selected' : ''), 'data-testid': 'job-row', 'data-id': j.id, 'data-status': j.status,
    onclick: () => { location.hash = `#training/${enc(j.id)}`; },
  })), 'No jobs yet.');
}

export function wireTraining() {
  $('train-form').addEventListener('submit', startTraining);
  $('train-reset').addEventListener('click', clearForm);
  $('train-preset').addEventListener('change', refreshDefaults);
  $('train-dataset').addEventListener('change', refreshDefaults);
  $('train-fields').addEventListener('change', (e) => { if (e.target.dataset.field === 'task') refreshDefaults(); });
  $('job-cancel').addEventListener('click', cancelJob);
  $('jobs-refresh').addEventListener('click', loadJobs);
  $('live-log').addEventListener('change', redrawLive);
}
