/*
 * Backprop Service dashboard — plain JavaScript modules on the public HTTP API,
 * no build step. This file routes between the four screens (#datasets/{id}, #training/{jobId},
 * #models/{ref}, #models/compare/{id},{id}…, #predict/{ref}) and wires them up; each screen
 * lives in js/. Charts: uPlot from the service's own WebJar (js/charts.js).
 */
import { $, el } from './js/dom.js';
import { apiKey, setApiKey, ApiError, showError } from './js/api.js';
import { enterDatasets, wireDatasets } from './js/datasets.js';
import { enterTraining, leaveTraining, wireTraining } from './js/training.js';
import { enterModels, wireModels } from './js/models.js';
import { wireCompare } from './js/compare.js';
import { enterPredict, wirePredict } from './js/predict.js';

const SECTIONS = { datasets: enterDatasets, training: enterTraining, models: enterModels, predict: enterPredict };
let shown = null; // the section on screen

function route() {
  const match = /^#?([a-z]+)(?:\/(.+))?$/.exec(location.hash || '');
  const section = match && match[1] in SECTIONS ? match[1] : 'datasets';
  const id = match && match[2] ? decodeURIComponent(match[2]) : null;
  for (const s of document.querySelectorAll('.section')) s.hidden = s.dataset.section !== section;
  for (const t of document.querySelectorAll('.tab')) {
    const active = t.dataset.tab === section;
    t.classList.toggle('active', active);
    if (active) t.setAttribute('aria-current', 'page'); else t.removeAttribute('aria-current');
  }
  if (section !== 'training') leaveTraining();
  if (shown !== null && shown !== section) window.scrollTo(0, 0); // another screen starts at its top
  shown = section;
  SECTIONS[section](id);
}

/** The charting library's licence, read from the WebJar the service serves it from. */
async function showLicense() {
  const box = $('about-license');
  if (box.dataset.loaded) return;
  try {
    const response = await fetch('webjars/uplot/LICENSE');
    if (!response.ok) throw new ApiError('The licence could not be loaded', `The server answered ${response.status}.`, response.status);
    box.textContent = await response.text();
    box.dataset.loaded = 'true';
  } catch (e) {
    box.replaceChildren();
    const error = el('div', { class: 'error', role: 'alert' });
    box.after(error);
    showError(error, e instanceof ApiError ? e : new ApiError('The licence could not be loaded', e.message));
  }
}

function wireApiKey() {
  const key = $('api-key');
  key.value = apiKey();
  key.addEventListener('input', () => setApiKey(key.value.trim()));
  $('api-key-form').addEventListener('submit', (e) => e.preventDefault()); // Enter keeps the key, nothing to send
}

function init() {
  wireApiKey();
  wireDatasets();
  wireTraining();
  wireModels();
  wireCompare();
  wirePredict();
  $('about').addEventListener('toggle', () => { if ($('about').open) showLicense(); });
  window.addEventListener('hashchange', route);
  route();
}

init();
