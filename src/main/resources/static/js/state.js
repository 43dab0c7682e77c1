/* What several screens share: names of datasets (for tables that only have an id) and the lists. */
import { API, listAll } from './api.js';
import { isNum, num, pct } from './dom.js';

export const state = {
  datasetNames: new Map(), // id → name
  preferredDataset: null,  // set by upload and "Train on this dataset", read by the training form
};

export async function loadDatasets() {
  const datasets = await listAll(`${API}/datasets`);
  for (const d of datasets) state.datasetNames.set(d.id, d.name ?? d.id);
  return datasets;
}

export function datasetName(id) {
  return id ? state.datasetNames.get(id) ?? id : '—';
}

/** Every model version, newest first, as the API lists them (optionally filtered by tags on the server). */
export function loadModels(tags = []) {
  const query = tags.map((t) => `tag=${encodeURIComponent(t)}`).join('&');
  return listAll(`${API}/models${query ? '?' + query : ''}`);
}

/** A regression model answers {value}; its metrics are loss, rmse, mae and r2. */
export function isRegression(m) {
  if (m.config && m.config.task) return m.config.task === 'regression';
  const figures = mainSplit(m).figures;
  return 'rmse' in figures || (Array.isArray(m.classNames) && m.classNames.length === 0);
}

/** The split whose metrics describe the model: test when rows were held out, else training. */
export function mainSplit(m) {
  const metrics = m.metrics || {};
  return metrics.test ? { name: 'test', figures: metrics.test } : metrics.train ? { name: 'training', figures: metrics.train } : { name: '', figures: {} };
}

/** The metrics a list can show, filter and sort by; `better` says which way is good. */
export const METRICS = [
  { key: 'accuracy', label: 'Test accuracy', format: (v) => pct(v), better: 'higher', task: 'classification' },
  { key: 'loss', label: 'Test loss', format: num, better: 'lower' },
  { key: 'r2', label: 'Test R²', format: num, better: 'higher', task: 'regression' },
  { key: 'rmse', label: 'Test RMSE', format: num, better: 'lower', task: 'regression' },
  { key: 'mae', label: 'Test MAE', format: num, better: 'lower', task: 'regression' },
];

export function metricValue(m, key) {
  const v = mainSplit(m).figures[key];
  return isNum(v) ? v : null;
}

export function bestEpochMarker(model) {
  const prov = model.provenance || {};
  if (!isNum(prov.bestEpoch)) return null;
  const es = model.config && model.config.earlyStopping;
  return { x: prov.bestEpoch, label: es && es.restoreBest ? `best epoch ${prov.bestEpoch} (restored)` : `best epoch ${prov.bestEpoch}` };
}

