/*
 * Compare models (as MLflow's "compare runs"): two or more versions side by side — model facts,
 * every config field, metrics (the best value of each row marked) and provenance — with the rows
 * that differ highlighted, and their loss curves overlaid in one chart.
 */
import { $, el, isNum, num, pct, when, seconds, exact } from './dom.js';
import { API, api, enc, guarded, showError, ApiError } from './api.js';
import { datasetName, loadDatasets, isRegression, mainSplit, METRICS, bestEpochMarker } from './state.js';
import { lineChart } from './charts.js';

let compared = []; // the models on the page

export async function enterCompare(ids) {
  const box = $('compare-error');
  $('compare-body').replaceChildren();
  $('compare-head').replaceChildren();
  const models = await guarded(box, async () => {
    if (ids.length < 2) throw new ApiError('Pick at least two models', 'Tick two or more rows in the model list, then press "Compare selected".');
    await loadDatasets().catch((e) => showError($('compare-error'), e)); // names for the dataset row; ids do without
    return Promise.all(ids.map((id) => api('GET', `${API}/models/${enc(id)}`)));
  });
  if (!models) return;
  compared = models;
  $('compare-title').textContent = `Compare ${models.length} models`;
  renderTable(models);
  drawCurves();
}

const SKIP_CONFIG = new Set(['datasetId', 'modelName']);

function flatten(object, prefix = '', out = new Map()) {
  for (const [k, v] of Object.entries(object || {})) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out.set(key, v);
  }
  return out;
}

function show(value) {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  return String(value); // numbers as sent: seeds and rates keep every digit
}

/** Rows: [section, label, values (shown), raw (compared / ranked), better]. */
function rowsFor(models) {
  const rows = [];
  const add = (section, label, values, raw = values, better = null) => rows.push({ section, label, values, raw, better });
  add('Model', 'Dataset', models.map((m) => datasetName(m.datasetId)), models.map((m) => m.datasetId));
  add('Model', 'Task', models.map((m) => (isRegression(m) ? 'regression' : 'classification')));
  add('Model', 'Layers', models.map((m) => (m.layers || []).join('-')));
  add('Model', 'Parameters', models.map((m) => exact(m.parameters)));
  add('Model', 'Created', models.map((m) => when(m.createdAt)), models.map((m) => m.createdAt));
  add('Model', 'Aliases', models.map((m) => (m.aliases || []).map((a) => '@' + a).join(' ') || '—'));
  add('Model', 'Tags', models.map((m) => Object.entries(m.tags || {}).map(([k, v]) => `${k}:${v}`).join(' ') || '—'));

  const configs = models.map((m) => flatten(m.config));
  const keys = [...new Set(configs.flatMap((c) => [...c.keys()]))].filter((k) => !SKIP_CONFIG.has(k));
  for (const key of keys) add('Configuration', key, configs.map((c) => show(c.get(key))));

  for (const metric of METRICS) {
    const values = models.map((m) => mainSplit(m).figures[metric.key]);
    if (values.some(isNum)) add('Metrics (test set)', metric.label.replace(/^Test /, ''), values.map((v) => (isNum(v) ? metric.format(v) : '—')), values, metric.better);
  }
  const trainAccuracy = models.map((m) => m.metrics && m.metrics.train && m.metrics.train.accuracy);
  if (trainAccuracy.some(isNum)) add('Metrics (training set)', 'Accuracy', trainAccuracy.map((v) => pct(v)), trainAccuracy, 'higher');
  const trainLoss = models.map((m) => m.metrics && m.metrics.train && m.metrics.train.loss);
  add('Metrics (training set)', 'Loss', trainLoss.map(num), trainLoss, 'lower');

  const prov = models.map((m) => m.provenance || {});
  add('Provenance', 'Seed', models.map((m) => exact(m.seed ?? (m.config && m.config.seed))));
  add('Provenance', 'Best epoch', prov.map((p) => exact(p.bestEpoch)));
  add('Provenance', 'Epochs run', prov.map((p) => `${exact(p.epochsRun)}${p.stoppedEarly ? ' (stopped early)' : ''}`));
  add('Provenance', 'Dataset SHA-256', prov.map((p) => p.datasetSha256 ?? '—'));
  add('Provenance', 'Training time', prov.map((p) => seconds(p.trainingMillis)), prov.map((p) => p.trainingMillis));
  return rows;
}

function renderTable(models) {
  const names = models.map((m) => `${m.name} v${m.version}`);
  $('compare-head').replaceChildren(el('tr', {}, el('th', { scope: 'col', text: '' }),
    models.map((m, i) => el('th', { scope: 'col', 'data-testid': 'compare-model' }, el('a', { href: `#models/${enc(m.id)}`, text: names[i] })))));
  let section = null;
  const body = [];
  for (const row of rowsFor(models)) {
    if (row.section !== section) {
      section = row.section;
      body.push(el('tr', { class: 'section-row' }, el('th', { colspan: models.length + 1, scope: 'colgroup', text: section })));
    }
    body.push(compareRow(row, names));
  }
  $('compare-body').replaceChildren(...body);
  applyDiffFilter();
}

function compareRow(row, names) {
  const differs = new Set(row.raw.map((v) => JSON.stringify(v ?? null))).size > 1;
  const best = differs && row.better ? bestIndex(row.raw, row.better) : -1;
  return el('tr', { class: differs ? 'differs' : 'same', 'data-testid': 'compare-row', 'data-row': row.label, 'data-differs': String(differs) },
    el('th', { scope: 'row', text: row.label }),
    row.values.map((v, i) => el('td', { class: i === best ? 'best' : null, 'data-label': names[i], title: i === best ? 'best of these' : null,
      'data-testid': 'compare-cell', text: v })));
}

function bestIndex(values, better) {
  let best = -1;
  values.forEach((v, i) => {
    if (!isNum(v)) return;
    if (best < 0 || (better === 'higher' ? v > values[best] : v < values[best])) best = i;
  });
  return best;
}

function applyDiffFilter() {
  const only = $('compare-diff').checked;
  for (const tr of $('compare-body').querySelectorAll('tr.same')) tr.hidden = only;
}

function drawCurves() {
  const validation = $('compare-validation').checked;
  $('compare-chart-caption').textContent = `${validation ? 'Validation' : 'Training'} loss by epoch, one line per model`;
  const series = compared.map((m) => {
    const h = m.history || {};
    const ys = (validation ? h.validationLoss : h.loss) || [];
    const xs = Array.isArray(h.epochs) && h.epochs.length ? h.epochs : ys.map((_, i) => i + 1);
    return { label: `${m.name} v${m.version}`, xs, ys };
  });
  const markers = compared.length <= 3 ? compared.map((m, i) => {
    const b = bestEpochMarker(m);
    return b && { x: b.x, label: `best ${m.name} v${m.version}`, series: i };
  }).filter(Boolean) : [];
  lineChart($('chart-compare-loss'), { xLabel: 'epoch', yLabel: validation ? 'validation loss' : 'training loss', series, log: $('compare-log').checked, markers,
    emptyText: validation ? 'These models kept no validation loss.' : 'No history.' });
}

export function wireCompare() {
  $('compare-diff').addEventListener('change', applyDiffFilter);
  $('compare-log').addEventListener('change', drawCurves);
  $('compare-validation').addEventListener('change', drawCurves);
}

