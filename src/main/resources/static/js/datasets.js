/* The Datasets screen: the list, upload (file picker or drop), one dataset's column summary, delete. */
import { $, el, num, when, fillTable, headersOf, tableRow, confirmButton } from './dom.js';
import { API, api, enc, guarded, showError, fieldError } from './api.js';
import { state, loadDatasets } from './state.js';

let selectedFile = null;

export async function enterDatasets(id) {
  const list = await guarded($('datasets-error'), loadDatasets);
  const body = $('datasets-body');
  body.dataset.state = list ? 'loaded' : 'failed';
  if (list) renderList(list, id);
  else fillTable(body, headersOf($('datasets-table')), [], 'The list could not be loaded.');
  if (id) showDataset(id); else $('dataset-detail').hidden = true;
}

function renderList(list, selectedId) {
  const headers = headersOf($('datasets-table'));
  const open = (d) => { location.hash = `#datasets/${enc(d.id)}`; };
  fillTable($('datasets-body'), headers, list.map((d) => rowFor(d, headers, selectedId, open)), 'No datasets yet — upload a CSV.');
}

function rowFor(d, headers, selectedId, open) {
  const label = d.label || {};
  // the name is a real link, so keyboard users reach every dataset with Tab
  return tableRow(headers, [
    { node: el('a', { href: `#datasets/${enc(d.id)}`, text: d.name ?? d.id, onclick: (e) => e.stopPropagation() }) },
    { class: 'num', text: d.rows ?? '—' },
    { class: 'num', text: Array.isArray(d.features) ? d.features.length : '—' },
    d.labelColumn ?? '—',
    label.task ?? (Array.isArray(d.classes) ? `${d.classes.length} classes` : '—'),
  ], {
    class: 'clickable' + (d.id === selectedId ? ' selected' : ''), 'data-testid': 'dataset-row', 'data-id': d.id,
    onclick: () => open(d),
  });
}

async function showDataset(id) {
  const panel = $('dataset-detail');
  panel.dataset.state = 'loading';
  const d = await guarded($('datasets-error'), () => api('GET', `${API}/datasets/${enc(id)}`));
  if (!d) { panel.hidden = true; panel.dataset.state = 'failed'; return; }
  panel.dataset.datasetId = d.id;
  $('dataset-title').textContent = d.name ?? d.id;
  $('dataset-meta').textContent = [
    `id ${d.id}`, `${d.rows ?? '?'} rows`,
    d.skippedRows ? `${d.skippedRows} rows skipped (no label)` : null,
    d.createdAt ? `uploaded ${when(d.createdAt)}` : null,
    d.builtIn ? 'built in' : null,
    d.sha256 ? `SHA-256 ${d.sha256}` : null,
  ].filter(Boolean).join(' · ');
  showError($('dataset-error'), null);
  renderColumns(d.features || []);
  renderLabel(d);
  $('dataset-delete').replaceChildren(d.builtIn ? '' : confirmButton({
    label: 'Delete dataset', confirm: `Delete "${d.name ?? d.id}"`, testid: 'dataset-delete',
    onConfirm: () => deleteDataset(d),
  }));
  panel.hidden = false;
  panel.dataset.state = 'loaded';
}

function renderColumns(features) {
  const headers = headersOf($('dataset-features-table'));
  fillTable($('dataset-features'), headers, features.map((f) => {
    const numeric = f.type !== 'categorical';
    return tableRow(headers, [
      f.name, f.type ?? 'numeric', { class: 'num', text: f.missing ?? 0 },
      { class: 'num', text: numeric ? num(f.min) : '' }, { class: 'num', text: numeric ? num(f.max) : '' },
      { class: 'num', text: numeric ? num(f.mean) : '' }, { class: 'num', text: numeric ? num(f.std) : '' },
      numeric ? '' : { node: levelChips(f) },
    ], { 'data-testid': 'feature-row', 'data-type': f.type ?? '' });
  }), 'No feature columns.');
}

function levelChips(f) {
  const levels = Array.isArray(f.levels) ? f.levels : [];
  return el('span', { class: 'levels', 'data-testid': 'feature-levels' },
    levels.map((l) => el('span', { class: 'chip', text: `${l.name} (${l.count})` })),
    f.moreLevels ? el('span', { class: 'muted', text: ` and ${f.moreLevels} more` }) : null);
}

function renderLabel(d) {
  const label = d.label || {};
  $('dataset-label').textContent = [d.labelColumn ? `"${d.labelColumn}"` : null, label.type, label.task ? `default task ${label.task}` : null,
    label.distinctValues ? `${label.distinctValues > 1000 ? 'over 1000' : label.distinctValues} distinct values` : null].filter(Boolean).join(' · ');
  const classes = Array.isArray(d.classes) ? d.classes : [];
  const total = classes.reduce((a, c) => a + (c.count || 0), 0) || 1;
  if (classes.length === 0) {
    $('dataset-classes').replaceChildren(el('p', { class: 'muted', text: 'A numeric label: models trained on it predict a value (regression).' }));
    return;
  }
  bars($('dataset-classes'), classes.map((c) => ({ name: c.name, value: (c.count || 0) / total, text: String(c.count ?? '—') })), 'class-bar');
}

async function deleteDataset(d) {
  const done = await guarded($('dataset-error'), () => api('DELETE', `${API}/datasets/${enc(d.id)}`));
  if (done === undefined) return false;
  state.datasetNames.delete(d.id);
  $('upload-status').textContent = `Deleted "${d.name ?? d.id}".`;
  location.hash = '#datasets';
  return true;
}

/** Horizontal bars: rows [{name, value, text}], value in [0, 1]. */
export function bars(container, rows, testid, highlightTop = false) {
  const top = Math.max(...rows.map((r) => r.value));
  container.replaceChildren(...rows.map((r) => el('div',
    { class: 'bar-row' + (highlightTop && r.value === top ? ' top' : ''), 'data-testid': testid, 'data-name': r.name },
    el('span', { class: 'bar-name', title: r.name, text: r.name }),
    el('span', { class: 'bar-track', 'aria-hidden': 'true' },
      el('span', { class: 'bar-fill', style: { width: `${(Math.max(0, Math.min(1, r.value)) * 100).toFixed(1)}%` } })),
    el('span', { class: 'bar-value', text: r.text }))));
}

// ───────────────────────────── upload ─────────────────────────────

function chooseFile(file) {
  selectedFile = file || null;
  $('upload-file-name').textContent = file
    ? `${file.name} (${file.size < 1024 ? file.size + ' bytes' : Math.round(file.size / 1024) + ' kB'}) — press Upload`
    : 'No file chosen';
}

async function upload(event) {
  event.preventDefault();
  const form = $('upload-form');
  const d = await guarded($('upload-error'), () => {
    if (!selectedFile) throw fieldError('file', 'No file chosen', 'Pick a CSV file or drop one on the dashed area.');
    return send();
  }, form, (name) => (name === 'file' ? $('drop-zone') : form.querySelector(`[data-field="${name}"]`)));
  $('upload-submit').disabled = false;
  $('upload-status').textContent = d ? `Uploaded "${d.name ?? d.id}": ${d.rows} rows.` : '';
  if (!d) return;
  state.preferredDataset = d.id;
  chooseFile(null);
  $('upload-file').value = '';
  const target = `#datasets/${enc(d.id)}`;
  if (location.hash === target) enterDatasets(d.id); else location.hash = target;
}

function send() {
  const body = new FormData();
  body.append('file', selectedFile, selectedFile.name);
  for (const [id, key] of [['upload-name', 'name'], ['upload-label', 'labelColumn'], ['upload-types', 'columnTypes']]) {
    const value = $(id).value.trim();
    if (value) body.append(key, value);
  }
  $('upload-submit').disabled = true;
  $('upload-status').textContent = 'Uploading…';
  return api('POST', `${API}/datasets`, body);
}

export function wireDatasets() {
  $('upload-form').addEventListener('submit', upload);
  $('upload-file').addEventListener('change', (e) => chooseFile(e.target.files[0]));
  const zone = $('drop-zone');
  for (const type of ['dragenter', 'dragover']) zone.addEventListener(type, (e) => { e.preventDefault(); zone.classList.add('dragover'); });
  for (const type of ['dragleave', 'drop']) zone.addEventListener(type, () => zone.classList.remove('dragover'));
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
