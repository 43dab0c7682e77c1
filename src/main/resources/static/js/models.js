/*
 * The Models screen: the list (filter by name, tags and a metric; sort by any column; pick rows to
 * compare), import, and one model's page: metrics for its task, provenance, aliases (set, move,
 * remove), description and tags, delete, JSON and ONNX export, per-class figures and history.
 */
import { $, el, isNum, num, pct, when, seconds, exact, fillTable, headersOf, tableRow, confirmButton } from './dom.js';
import { API, api, enc, guarded, showError, fieldError } from './api.js';
import { loadModels, loadDatasets, datasetName, isRegression, mainSplit, METRICS, metricValue, bestEpochMarker } from './state.js';
import { lineChart, historySeries } from './charts.js';
import { enterCompare } from './compare.js';

const list = { models: [], selected: new Set(), sort: { key: 'created', dir: 'descending' } };
let current = null; // the model on the detail page

export async function enterModels(ref) {
  const compare = ref && ref.startsWith('compare/');
  $('models-list').hidden = Boolean(ref);
  $('model-detail').hidden = true;
  $('compare').hidden = !compare;
  if (compare) { enterCompare(ref.slice('compare/'.length).split(',').filter(Boolean)); return; }
  if (ref) { showModel(ref); return; }
  await refreshList();
}

async function refreshList() {
  const tags = tagFilter();
  const [models] = await Promise.all([
    guarded($('models-error'), () => { if (tags instanceof Error) throw tags; return loadModels(tags); }, $('models-filter')),
    loadDatasets().catch((e) => showError($('models-error'), e)),
  ]);
  if (!models) return;
  list.models = models;
  for (const id of [...list.selected]) if (!models.some((m) => m.id === id)) list.selected.delete(id);
  renderList();
}

/** "team:geo, stage:prod" → ['team:geo', 'stage:prod'], or an error naming the tag field. */
function tagFilter() {
  const raw = $('models-tag').value.trim();
  if (!raw) return [];
  const tags = raw.split(/\s*,\s*/).filter(Boolean);
  const bad = tags.find((t) => t.indexOf(':') <= 0);
  return bad ? fieldError('tag', 'A tag filter is key:value', `"${bad}" has no key before a colon.`) : tags;
}

function chosenMetric() {
  return METRICS.find((m) => m.key === $('models-metric').value) || METRICS[0];
}

function fillMetricSelect() {
  const select = $('models-metric');
  if (select.options.length) return;
  select.replaceChildren(...METRICS.map((m) => el('option', { value: m.key, text: m.label })));
}

function visibleModels() {
  const metric = chosenMetric();
  const name = $('models-name').value.trim().toLowerCase();
  const raw = $('models-min').value.trim();
  const bound = raw === '' ? null : Number(raw.replace(/%$/, '')) / (raw.endsWith('%') ? 100 : 1);
  return list.models.filter((m) => {
    if (name && !String(m.name).toLowerCase().includes(name)) return false;
    if (bound === null || !Number.isFinite(bound)) return true;
    const v = metricValue(m, metric.key);
    return v !== null && (metric.better === 'higher' ? v >= bound : v <= bound);
  });
}

function sortModels(models) {
  const { key, dir } = list.sort;
  const metric = chosenMetric();
  const value = {
    name: (m) => String(m.name ?? ''),
    version: (m) => m.version ?? 0,
    created: (m) => String(m.createdAt ?? ''),
    metric: (m) => metricValue(m, metric.key),
  }[key];
  const sign = dir === 'ascending' ? 1 : -1;
  return [...models].sort((a, b) => {
    const x = value(a), y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // models without the metric last
    const c = typeof x === 'string' ? x.localeCompare(y) : x - y;
    return c * sign || (b.version ?? 0) - (a.version ?? 0);
  });
}

function renderList() {
  fillMetricSelect();
  const metric = chosenMetric();
  $('models-metric-head').textContent = metric.label;
  $('models-min').closest('label').firstChild.textContent = metric.better === 'higher' ? 'At least ' : 'At most ';
  for (const th of $('models-table').querySelectorAll('th[data-sort]')) {
    th.setAttribute('aria-sort', th.dataset.sort === list.sort.key ? list.sort.dir : 'none');
  }
  const headers = headersOf($('models-table'));
  headers[4] = metric.label;
  const rows = sortModels(visibleModels());
  fillTable($('models-body'), headers, rows.map((m) => modelRow(m, headers, metric)),
    list.models.length ? 'No model matches the filters.' : 'No models yet — train one.');
  updateCompareButton();
}

function modelRow(m, headers, metric) {
  const open = () => { location.hash = `#models/${enc(m.id)}`; };
  const box = el('input', { type: 'checkbox', 'data-testid': 'compare-check', 'aria-label': `Compare ${m.name} v${m.version}`,
    onclick: (e) => e.stopPropagation(), onchange: (e) => { if (e.target.checked) list.selected.add(m.id); else list.selected.delete(m.id); updateCompareButton(); } });
  box.checked = list.selected.has(m.id);
  const value = metricValue(m, metric.key);
  return tableRow(headers, [
    { node: box },
    { node: el('a', { href: `#models/${enc(m.id)}`, text: m.name ?? m.id, onclick: (e) => e.stopPropagation() }) },
    { class: 'num', text: m.version ?? '—' },
    { node: labels(m) },
    { class: 'num', 'data-testid': 'model-metric', text: value === null ? '—' : metric.format(value) },
    datasetName(m.datasetId),
    when(m.createdAt),
  ], { class: 'clickable', 'data-testid': 'model-row', 'data-id': m.id, 'data-name': m.name, 'data-version': m.version, onclick: open });
}

function labels(m) {
  const aliases = (m.aliases || []).map((a) => el('span', { class: 'chip alias', 'data-testid': 'model-alias', text: `@${a}` }));
  const tags = Object.entries(m.tags || {}).map(([k, v]) => el('span', { class: 'chip', 'data-testid': 'model-tag', text: `${k}:${v}` }));
  return el('span', { class: 'chips-inline' }, aliases, tags, aliases.length + tags.length ? null : '—');
}

function updateCompareButton() {
  const n = list.selected.size;
  const button = $('models-compare');
  button.disabled = n < 2;
  button.textContent = n ? `Compare selected (${n})` : 'Compare selected';
}

function sortBy(key) {
  const same = list.sort.key === key;
  list.sort = { key, dir: same && list.sort.dir === 'ascending' ? 'descending' : same ? 'ascending' : key === 'name' ? 'ascending' : 'descending' };
  renderList();
}

// ───────────────────────────── import ─────────────────────────────

async function importModel(event) {
  event.preventDefault();
  const form = $('import-form');
  const model = await guarded($('import-error'), async () => {
    const file = $('import-file').files[0];
    if (!file) throw fieldError('file', 'No file chosen', 'Choose a JSON file written by "Export JSON".');
    let document;
    try { document = JSON.parse(await file.text()); } catch {
      throw fieldError('file', 'Not a JSON file', `${file.name} could not be read as JSON; an exported model is one JSON document.`);
    }
    const name = $('import-name').value.trim();
    return api('POST', `${API}/models/import${name ? '?name=' + enc(name) : ''}`, document);
  }, form);
  if (!model) return;
  $('import-status').textContent = `Imported ${model.name} v${model.version}.`;
  form.reset();
  location.hash = `#models/${enc(model.id)}`;
}

// ───────────────────────────── one model ─────────────────────────────

async function showModel(ref) {
  let m;
  try {
    m = await api('GET', `${API}/models/${enc(ref)}`);
  } catch (e) { // back to the list, with the reason
    location.hash = '#models';
    setTimeout(() => showError($('models-error'), e), 0);
    return;
  }
  current = m;
  const detail = $('model-detail');
  detail.dataset.modelId = m.id;
  detail.dataset.task = isRegression(m) ? 'regression' : 'classification';
  renderHeader(m);
  renderMetrics(m);
  renderProvenance(m);
  renderAliases(m);
  renderMetadata(m);
  renderClassCards(m);
  showError($('model-error'), null);
  $('model-config').textContent = JSON.stringify(m.config ?? {}, null, 2);
  detail.hidden = false; // before the charts, so that they can measure their width
  drawHistory(m);
  loadVersions(m);
}

function renderHeader(m) {
  $('model-title').replaceChildren(`${m.name ?? m.id} `, el('span', { class: 'muted', text: `v${m.version ?? '?'}` }),
    ...(m.aliases || []).map((a) => el('span', { class: 'chip alias', text: `@${a}` })));
  $('model-meta').textContent = [
    `id ${m.id}`, m.datasetId ? `dataset ${datasetName(m.datasetId)}` : null,
    Array.isArray(m.layers) ? `layers ${m.layers.join('-')}` : null,
    isNum(m.parameters) ? `${m.parameters} parameters` : null,
    isRegression(m) ? `predicts the value of "${m.labelColumn ?? 'the label'}" (regression)` : Array.isArray(m.classNames) ? `classes ${m.classNames.join(', ')}` : null,
    m.createdAt ? `created ${when(m.createdAt)}` : null,
  ].filter(Boolean).join(' · ');
  const base = `${API}/models/${enc(m.id)}/export`;
  $('model-export').href = base;
  $('model-export').setAttribute('download', `${m.name ?? 'model'}-v${m.version ?? ''}.json`);
  $('model-onnx').href = `${base}?format=onnx`;
  $('model-onnx').setAttribute('download', `${m.name ?? 'model'}-v${m.version ?? ''}.onnx`);
  $('model-predict').href = `#predict/${enc(m.id)}`;
  $('model-delete').replaceChildren(confirmButton({
    label: 'Delete', confirm: `Delete ${m.name} v${m.version}`, testid: 'model-delete', onConfirm: () => deleteModel(m),
  }));
}

const CLASSIFIER_COLUMNS = [['Accuracy', (s) => pct(s.accuracy)], ['Loss', (s) => num(s.loss)], ['Mean |y − a|', (s) => num(s.meanAbsoluteError)],
  ['Case-study score', (s) => (isNum(s.meanAbsoluteError) ? ((1 - s.meanAbsoluteError) * 100).toFixed(2) : '—')], ['Rows', (s) => exact(s.rows)]];
const REGRESSION_COLUMNS = [['RMSE', (s) => num(s.rmse)], ['MAE', (s) => num(s.mae)], ['R²', (s) => num(s.r2)], ['Loss (MSE, standardised)', (s) => num(s.loss)], ['Rows', (s) => exact(s.rows)]];

function renderMetrics(m) {
  const columns = isRegression(m) ? REGRESSION_COLUMNS : CLASSIFIER_COLUMNS;
  const headers = ['Split', ...columns.map(([name]) => name)];
  $('model-metrics-head').replaceChildren(el('tr', {}, headers.map((h, i) => el('th', { class: i ? 'num' : null, text: i ? h : '' }))));
  const metrics = m.metrics || {};
  const rows = [['Training set', metrics.train], ['Test set', metrics.test]].filter(([, s]) => s).map(([label, s]) =>
    tableRow(headers, [{ header: true, text: label }, ...columns.map(([, f]) => ({ class: 'num', text: f(s) }))], { 'data-testid': 'metrics-row' }));
  fillTable($('model-metrics'), headers, rows, 'No metrics.');
  $('model-metrics-hint').textContent = isRegression(m)
    ? 'RMSE and MAE are in the label\'s units; R² is 1 for a perfect fit. The loss is the mean squared error on the standardised label.'
    : 'The case-study score is (1 − mean |y − a|)·100, the figure the original Iris case study calls accuracy.';
}

function renderProvenance(m) {
  const p = m.provenance || {};
  const es = m.config && m.config.earlyStopping;
  const planned = m.config && m.config.epochs;
  const items = [
    ['Seed', exact(m.seed ?? (m.config && m.config.seed)), 'provenance-seed'],
    ['Best epoch', isNum(p.bestEpoch) ? `${p.bestEpoch}${es && es.restoreBest ? ' (its weights were restored)' : ''}` : '—', 'provenance-best-epoch'],
    ['Epochs run', isNum(p.epochsRun) ? `${p.epochsRun}${isNum(planned) ? ` of ${planned}` : ''}${p.stoppedEarly ? ' — stopped early' : ''}` : '—', 'provenance-epochs'],
    ['Dataset SHA-256', p.datasetSha256 ?? '—', 'provenance-sha'],
    ['Source', sourceText(p), 'provenance-source'],
    ['Training job', p.jobId ? el('a', { href: `#training/${enc(p.jobId)}`, class: 'mono', text: p.jobId }) : '—'],
    ['Training time', seconds(p.trainingMillis)],
    ['Service version', p.serviceVersion ?? '—'],
    ['Platform', [p.javaVersion ? `Java ${p.javaVersion}` : null, p.osArch, isNum(p.threads) ? `${p.threads} threads` : null].filter(Boolean).join(', ') || '—'],
  ];
  $('model-provenance').replaceChildren(...items.flatMap(([name, value, testid]) =>
    [el('dt', { text: name }), el('dd', { 'data-testid': testid || null, class: name.includes('SHA') ? 'mono wrap' : null }, value)]));
}

function sourceText(p) {
  if (p.source === 'import') return `imported${p.importedFrom ? ` (exported from model ${p.importedFrom})` : ''}`;
  if (p.source === 'training') return 'trained here';
  return p.source ?? '—';
}

function renderClassCards(m) {
  const regression = isRegression(m);
  $('model-class-cards').hidden = regression;
  if (regression) return;
  const split = mainSplit(m);
  const note = split.name === 'test' ? '(test set)' : split.name ? '(training set — no test set was held out)' : '';
  $('perclass-split').textContent = note;
  $('confusion-split').textContent = note;
  const headers = headersOf($('model-perclass-table'));
  fillTable($('model-perclass'), headers, (split.figures.perClass || []).map((c) => tableRow(headers, [
    c.className, { class: 'num', text: num(c.precision) }, { class: 'num', text: num(c.recall) },
    { class: 'num', text: num(c.f1) }, { class: 'num', text: exact(c.support) },
  ], { 'data-testid': 'perclass-row' })), 'No per-class figures.');
  renderConfusion($('model-confusion'), m.classNames || [], split.figures.confusionMatrix);
}

/** Confusion matrix as a heat map; each cell shaded by its share of the actual class (the row). */
function renderConfusion(container, classes, matrix) {
  if (!Array.isArray(matrix) || matrix.length === 0) {
    container.replaceChildren(el('p', { class: 'muted', text: 'No confusion matrix.' }));
    return;
  }
  const name = (i) => classes[i] ?? `#${i}`;
  const head = el('tr', {}, el('th', { class: 'corner', text: 'actual ↓ / predicted →' }), ...matrix[0].map((_, j) => el('th', { scope: 'col', text: name(j) })));
  const rows = matrix.map((row, i) => {
    const total = row.reduce((a, v) => a + (v || 0), 0);
    return el('tr', {}, el('th', { scope: 'row', text: name(i) }), ...row.map((v, j) => {
      const share = total > 0 ? (v || 0) / total : 0;
      const alpha = v > 0 ? 0.1 + 0.8 * share : 0;
      return el('td', {
        class: `${i === j ? 'hit' : 'miss'}${share > 0.55 ? ' dark' : ''}`, 'data-testid': 'confusion-cell', 'data-row': i, 'data-col': j,
        title: `actual ${name(i)}, predicted ${name(j)}: ${v} (${pct(share)} of ${name(i)})`,
        style: { '--share': alpha.toFixed(3) }, text: v,
      });
    }));
  });
  container.replaceChildren(el('table', { class: 'heatmap' }, el('thead', {}, head), el('tbody', {}, rows)));
}

function drawHistory(m) {
  const h = m.history || {};
  const marker = bestEpochMarker(m);
  const markers = marker ? [marker] : [];
  const p = m.provenance || {};
  $('history-note').textContent = marker
    ? `Dashed green line: ${marker.label}${isNum(p.epochsRun) ? `, of ${p.epochsRun} epochs run` : ''}. The model's metrics above come from ${m.config && m.config.earlyStopping && m.config.earlyStopping.restoreBest ? 'that epoch\'s weights' : 'the last epoch\'s weights'}.`
    : 'Training stopped after the planned epochs; the metrics come from the last epoch\'s weights.';
  lineChart($('chart-history-loss'), { xLabel: 'epoch', yLabel: 'loss', series: historySeries(h, 'loss'), log: $('history-log').checked, markers });
  const regression = isRegression(m);
  $('history-accuracy-figure').hidden = regression;
  $('history-accuracy-figure').parentElement.classList.toggle('single', regression);
  if (!regression) lineChart($('chart-history-accuracy'), { xLabel: 'epoch', yLabel: 'accuracy', series: historySeries(h, 'accuracy'), percent: true, markers });
}

// ───────────────────────────── aliases, description, tags, delete ─────────────────────────────

function renderAliases(m) {
  const aliases = m.aliases || [];
  $('model-aliases').replaceChildren(...(aliases.length ? aliases.map((a) => el('li', { class: 'chip alias', 'data-testid': 'alias-chip', 'data-alias': a },
    `@${a}`, el('button', { type: 'button', class: 'chip-remove', 'aria-label': `Remove alias ${a}`, title: `Remove alias ${a}`,
      'data-testid': 'alias-remove', text: '×', onclick: () => removeAlias(m, a) })))
    : [el('li', { class: 'muted', text: 'No alias points at this version.' })]));
}

async function loadVersions(m) {
  const versions = await guarded($('alias-error'), () => api('GET', `${API}/models/${enc(m.name)}/versions`));
  if (!versions || current !== m) return;
  $('alias-version').replaceChildren(...versions.map((v) => el('option', { value: v.version,
    text: `v${v.version}${v.id === m.id ? ' (this one)' : ''}${(v.aliases || []).length ? ' — @' + v.aliases.join(', @') : ''}` })));
  $('alias-version').value = String(m.version);
}

async function setAlias(event) {
  event.preventDefault();
  const m = current;
  const form = $('alias-form');
  const answer = await guarded($('alias-error'), () => {
    const alias = $('alias-name').value.trim();
    if (!alias) throw fieldError('alias', 'Name the alias', 'e.g. production or champion.');
    return api('PUT', `${API}/models/${enc(m.name)}/aliases/${enc(alias)}`, { version: Number($('alias-version').value) });
  }, form);
  if (!answer) return;
  $('alias-name').value = '';
  showModel(m.id);
}

async function removeAlias(m, alias) {
  const done = await guarded($('alias-error'), () => api('DELETE', `${API}/models/${enc(m.name)}/aliases/${enc(alias)}`));
  if (done !== undefined) showModel(m.id);
}

function renderMetadata(m) {
  $('meta-description').value = m.description ?? '';
  $('meta-tags').replaceChildren(...Object.entries(m.tags || {}).map(([k, v]) => tagRow(k, v)));
  $('meta-status').textContent = '';
  showError($('meta-error'), null, $('meta-form'));
}

let tagRows = 0;
function tagRow(key = '', value = '') {
  const n = ++tagRows;
  const row = el('div', { class: 'tag-row', 'data-testid': 'tag-row' },
    el('label', {}, 'Key', el('input', { 'data-testid': 'tag-key', 'data-field': `tag-key-${n}`, value: key })),
    el('label', {}, 'Value', el('input', { 'data-testid': 'tag-value', 'data-field': `tag-value-${n}`, value })),
    el('button', { type: 'button', class: 'secondary', 'aria-label': `Remove tag ${key || n}`, text: 'Remove', onclick: () => row.remove() }));
  return row;
}

async function saveMetadata(event) {
  event.preventDefault();
  const m = current;
  const form = $('meta-form');
  const saved = await guarded($('meta-error'), () => api('PATCH', `${API}/models/${enc(m.id)}`, metadataPatch(m, form)), form,
    (field) => form.querySelector(field.startsWith('tags.') ? `[data-testid=tag-key][value="${CSS.escape(field.slice(5))}"]` : `[data-field="${field}"]`));
  if (!saved) return;
  current = saved;
  renderMetadata(saved);
  $('meta-status').textContent = 'Saved.';
}

/** A JSON merge patch: the description (null clears it), every tag shown, null for each removed. */
function metadataPatch(m, form) {
  const tags = {};
  for (const row of form.querySelectorAll('.tag-row')) {
    const key = row.querySelector('[data-testid=tag-key]');
    const value = row.querySelector('[data-testid=tag-value]');
    if (!key.value.trim() && !value.value.trim()) continue;
    if (!key.value.trim()) throw fieldError(key.dataset.field, 'A tag needs a key', `The value "${value.value}" has no key.`);
    if (key.value.trim() in tags) throw fieldError(key.dataset.field, 'Two tags with one key', `"${key.value.trim()}" is given twice.`);
    tags[key.value.trim()] = value.value;
  }
  for (const old of Object.keys(m.tags || {})) if (!(old in tags)) tags[old] = null;
  const description = $('meta-description').value.trim();
  return { description: description || null, tags };
}

async function deleteModel(m) {
  const done = await guarded($('model-error'), () => api('DELETE', `${API}/models/${enc(m.id)}`));
  if (done === undefined) return false;
  list.selected.delete(m.id);
  location.hash = '#models';
  return true;
}

export function wireModels() {
  $('models-filter').addEventListener('submit', (e) => { e.preventDefault(); refreshList(); });
  $('models-tag').addEventListener('change', refreshList);
  for (const id of ['models-name', 'models-min']) $(id).addEventListener('input', renderList);
  $('models-metric').addEventListener('change', () => { if (list.sort.key !== 'metric') list.sort = { key: 'metric', dir: chosenMetric().better === 'higher' ? 'descending' : 'ascending' }; renderList(); });
  for (const th of $('models-table').querySelectorAll('th[data-sort]')) th.querySelector('button').addEventListener('click', () => sortBy(th.dataset.sort));
  $('models-compare').addEventListener('click', () => { location.hash = `#models/compare/${[...list.selected].map(enc).join(',')}`; });
  $('import-form').addEventListener('submit', importModel);
  $('alias-form').addEventListener('submit', setAlias);
  $('meta-form').addEventListener('submit', saveMetadata);
  $('meta-add-tag').addEventListener('click', () => { const row = tagRow(); $('meta-tags').append(row); row.querySelector('input').focus(); });
  $('history-log').addEventListener('change', () => { if (current) drawHistory(current); });
}
