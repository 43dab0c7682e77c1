/*
 * The Predict screen: pick a model (a version, or name@alias as /predict and other services
 * address it), predict one row from a form, or every row of a CSV file (shown as a table and
 * downloadable). Classifiers answer a label with probabilities, regression models a value.
 * A refused request shows the server's problem in words and marks the field (or CSV cell) it names.
 */
import { $, el, isNum, num, pct, fillTable, tableRow, downloadLink } from './dom.js';
import { API, api, enc, guarded, showError, fieldError } from './api.js';
import { loadModels, isRegression } from './state.js';
import { bars } from './datasets.js';
import { parseCsv, writeCsv } from './csv.js';

const SHOWN_ROWS = 1000;
let model = null;   // the model the forms were built for
let building = null; // the ref being built, so a late answer for another one is dropped

export async function enterPredict(ref) {
  if (ref && !sameRef(ref)) $('predict-inputs').dataset.modelId = ''; // the form is for another model until rebuilt
  const models = await guarded($('predict-error'), () => loadModels());
  if (!models) return;
  const select = $('predict-model');
  const keep = ref || select.value;
  fillModelSelect(select, models);
  if (models.length === 0) {
    $('predict-inputs').replaceChildren(el('p', { class: 'muted', text: 'No models yet — train one first.' }));
    return;
  }
  if (keep && [...select.options].some((o) => o.value === keep)) select.value = keep;
  if (!model || !sameRef(select.value)) buildForms(select.value);
}

function sameRef(ref) {
  return model && (model.ref === ref);
}

function fillModelSelect(select, models) {
  const aliases = models.flatMap((m) => (m.aliases || []).map((a) => ({ value: `${m.name}@${a}`, text: `${m.name}@${a} → v${m.version}` })));
  const versions = models.map((m) => ({ value: m.id, text: `${m.name} v${m.version}${isRegression(m) ? ' (regression)' : ''}` }));
  select.replaceChildren(...[
    aliases.length ? el('optgroup', { label: 'By alias' }, aliases.map((o) => el('option', o))) : null,
    el('optgroup', { label: 'By version' }, versions.map((o) => el('option', o))),
  ].filter(Boolean));
}

async function buildForms(ref) {
  building = ref;
  $('predict-result').hidden = true;
  resetBatch();
  const fieldset = $('predict-inputs');
  fieldset.dataset.modelId = '';
  const m = await guarded($('predict-error'), () => api('GET', `${API}/models/${enc(ref)}`));
  if (!m || building !== ref) return;
  const summary = await datasetSummary(m);
  if (building !== ref) return;
  model = { ...m, ref, columns: columnsOf(m, summary) };
  $('predict-model-note').textContent = ref.includes('@')
    ? `${ref} points at ${m.name} v${m.version} now; moving the alias changes what this address predicts with.`
    : `${m.name} v${m.version}: ${isRegression(m) ? `predicts the value of "${m.labelColumn ?? 'the label'}"` : `one of ${(m.classNames || []).join(', ')}`}.`;
  fieldset.replaceChildren(...model.columns.map((c, i) => inputFor(c, i)));
  fieldset.dataset.modelId = m.id; // set last: the form is complete
}

/** The training dataset's summary, for column types and pre-filled values; null once it is deleted. */
async function datasetSummary(m) {
  if (!m.datasetId) return null;
  try {
    return await api('GET', `${API}/datasets/${enc(m.datasetId)}`);
  } catch (e) {
    if (e.status !== 404) showError($('predict-error'), e);
    return null;
  }
}

function columnsOf(m, summary) {
  const byName = new Map(((summary && summary.features) || []).map((f) => [f.name, f]));
  return (m.featureNames || []).map((name) => {
    const f = byName.get(name) || {};
    const levels = (f.levels || []).map((l) => l.name);
    return { name, type: f.type || null, levels, initial: f.type === 'categorical' ? levels[0] : isNum(f.mean) ? String(Number(f.mean.toPrecision(4))) : '' };
  });
}

function inputFor(column, i) {
  const listId = column.levels.length ? `predict-levels-${i}` : null;
  const input = el('input', {
    id: `predict-input-${i}`, 'data-testid': `predict-input-${i}`, 'data-feature': column.name, 'data-field': column.name,
    'data-type': column.type || '', type: 'text', autocomplete: 'off', list: listId,
    inputmode: column.type === 'categorical' ? null : 'decimal', value: column.initial,
  });
  return el('label', {}, el('span', {}, column.name, column.type ? el('span', { class: 'type-note', text: ` ${column.type}` }) : null), input,
    listId ? el('datalist', { id: listId }, column.levels.map((l) => el('option', { value: l }))) : null);
}

/** One instance object: empty → null (missing), categorical → text, otherwise a number when it reads as one. */
function readInstance() {
  const instance = {};
  for (const input of $('predict-inputs').querySelectorAll('input')) {
    const raw = input.value.trim();
    const number = Number(raw);
    instance[input.dataset.feature] = raw === '' ? null
      : input.dataset.type === 'categorical' || !Number.isFinite(number) ? raw : number;
  }
  return instance;
}

async function predictOne(event) {
  event.preventDefault();
  const form = $('predict-form');
  if (!model) { showError($('predict-error'), fieldError('model', 'No model', 'Train a model first, or choose one.')); return; }
  const result = await guarded($('predict-error'), () => api('POST', `${API}/models/${enc(model.ref)}/predictions`, { instances: [readInstance()] }),
    form, (field) => [...form.querySelectorAll('input[data-feature]')].find((i) => i.dataset.feature === field));
  if (!result) { $('predict-result').hidden = true; return; }
  showPrediction((result.predictions || [])[0] || {}, result.model);
}

function showPrediction(p, by) {
  const regression = 'value' in p && !('label' in p);
  $('predict-kind').textContent = regression ? 'Value' : 'Label';
  $('predict-label').textContent = regression ? num(p.value) : p.label ?? '—';
  $('predict-label').title = regression && isNum(p.value) ? String(p.value) : '';
  $('predict-by').textContent = by ? `by ${by.name} v${by.version}` : '';
  const probabilities = Object.entries(p.probabilities || {}).sort((a, b) => b[1] - a[1]);
  bars($('predict-probabilities'), probabilities.map(([name, v]) => ({ name, value: v, text: pct(v) })), 'probability-bar', true);
  $('predict-probabilities').hidden = regression;
  const scores = Object.entries(p.scores || {});
  $('predict-scores').textContent = scores.length ? `Raw sigmoid outputs (scores, not summing to 1): ${scores.map(([k, v]) => `${k} ${num(v)}`).join(', ')}. The probabilities above are these, normalised.` : '';
  $('predict-scores').hidden = scores.length === 0;
  showWarnings($('predict-warnings'), p.warnings);
  $('predict-result').hidden = false;
}

function warningText(w) {
  return typeof w === 'string' ? w : (w && (w.message || w.detail)) || JSON.stringify(w);
}

function showWarnings(list, warnings) {
  const items = Array.isArray(warnings) ? warnings : [];
  list.replaceChildren(...items.map((w) => el('li', { 'data-testid': 'predict-warning', text: warningText(w) })));
  list.hidden = items.length === 0;
}

// ───────────────────────────── many rows from a CSV file ─────────────────────────────

function resetBatch() {
  $('batch-wrap').hidden = true;
  $('batch-download').hidden = true;
  $('batch-status').textContent = '';
  showError($('batch-error'), null, $('batch-form'));
}

async function predictFile(event) {
  event.preventDefault();
  resetBatch();
  const file = $('batch-file').files[0];
  let rows = null;
  try {
    if (!model) throw fieldError('file', 'No model', 'Choose a model first.');
    if (!file) throw fieldError('file', 'No file chosen', 'Choose a CSV file with a header row.');
    const text = await file.text();
    rows = parseCsv(text);
    if (rows.length < 2) throw fieldError('file', 'Nothing to predict', `${file.name} has no row below its header.`);
    $('batch-status').textContent = `Predicting ${rows.length - 1} rows…`;
    const result = await api('POST', `${API}/models/${enc(model.ref)}/predictions`, { text, type: 'text/csv' });
    showBatch(rows, result, file.name);
  } catch (e) {
    $('batch-status').textContent = '';
    showError($('batch-error'), e, $('batch-form'), (field) => (field === 'file' ? $('batch-file') : null));
    if (rows && rows.length > 1 && e.problems) showInputRows(rows, e.problems);
    ($('batch-wrap').hidden ? $('batch-error') : $('batch-wrap')).scrollIntoView({ block: 'nearest' });
  }
}

function outputColumns(predictions) {
  const regression = predictions.some((p) => 'value' in p);
  const classes = [...new Set(predictions.flatMap((p) => Object.keys(p.probabilities || {})))];
  return { regression, classes };
}

function showBatch(rows, result, fileName) {
  const [header, ...data] = rows;
  const predictions = result.predictions || [];
  const { regression, classes } = outputColumns(predictions);
  const outHeaders = regression ? ['predicted value'] : ['predicted label', 'probability'];
  const headers = [...header, ...outHeaders, 'warnings'];
  $('batch-head').replaceChildren(el('tr', {}, headers.map((h, i) => el('th', { class: i >= header.length ? 'out' : null, text: h }))));
  const shown = predictions.slice(0, SHOWN_ROWS).map((p, r) => tableRow(headers, [
    ...header.map((_, c) => (data[r] ? data[r][c] ?? '' : '')),
    ...(regression ? [{ class: 'num out', text: num(p.value) }]
      : [{ class: 'out', 'data-testid': 'batch-label', text: p.label ?? '—' }, { class: 'num out', text: pct((p.probabilities || {})[p.label]) }]),
    (p.warnings || []).map(warningText).join('; ') || '',
  ], { 'data-testid': 'batch-row' }));
  fillTable($('batch-body'), headers, shown, 'No predictions.');
  $('batch-wrap').hidden = false;
  const by = result.model ? ` by ${result.model.name} v${result.model.version}` : '';
  $('batch-status').textContent = `${predictions.length} predictions${by}${predictions.length > SHOWN_ROWS ? ` (the first ${SHOWN_ROWS} shown; the download has all)` : ''}.`;
  const out = [[...header, ...(regression ? ['value'] : ['label', ...classes.map((c) => `p(${c})`)]), 'warnings'],
    ...predictions.map((p, r) => [...header.map((_, c) => (data[r] ? data[r][c] ?? '' : '')),
      ...(regression ? [p.value] : [p.label, ...classes.map((c) => (p.probabilities || {})[c])]),
      (p.warnings || []).map(warningText).join('; ')])];
  downloadLink($('batch-download'), writeCsv(out), fileName.replace(/\.csv$/i, '') + '-predictions.csv', 'text/csv');
}

/** The file's rows with the ones the problem names marked, so the offending cell can be found. */
function showInputRows(rows, places) {
  const [header, ...data] = rows;
  const marked = places.filter((p) => Number.isInteger(p.instance) || p.field !== undefined);
  if (marked.length === 0) return;
  const instances = new Set(marked.map((p) => p.instance).filter(Number.isInteger));
  const around = instances.size ? [...instances].flatMap((i) => [i - 1, i, i + 1]) : [0, 1, 2];
  const indexes = [...new Set(around)].filter((i) => i >= 0 && i < data.length).sort((a, b) => a - b).slice(0, 20);
  $('batch-head').replaceChildren(el('tr', {}, el('th', { text: 'row' }), header.map((h) => el('th', {
    class: marked.some((p) => p.field === h) ? 'invalid' : null, text: h }))));
  fillTable($('batch-body'), ['row', ...header], indexes.map((i) => {
    const rowBad = instances.has(i);
    return tableRow(['row', ...header], [{ class: 'num', text: i + 1 }, ...header.map((h, c) => {
      const bad = marked.some((p) => (p.instance === i || !Number.isInteger(p.instance)) && p.field === h) || (rowBad && marked.every((p) => p.field === undefined));
      return { class: bad ? 'invalid' : null, 'aria-invalid': bad ? 'true' : null, 'data-testid': bad ? 'batch-invalid-cell' : null, text: data[i][c] ?? '' };
    })], { class: rowBad ? 'invalid-row' : null });
  }), '');
  $('batch-wrap').hidden = false;
}

export function wirePredict() {
  $('predict-form').addEventListener('submit', predictOne);
  $('batch-form').addEventListener('submit', predictFile);
  $('predict-model').addEventListener('change', (e) => {
    history.replaceState(null, '', `#predict/${enc(e.target.value)}`);
    buildForms(e.target.value);
  });
}
