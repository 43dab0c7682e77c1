/*
 * The training form, built from GET /api/v1/training-config: one control per field the API lists
 * (a select of its allowed values, yes/no for booleans, text for numbers and layer lists) and a
 * group for each object field (earlyStopping), whose members come from the defaults. No option
 * list lives in this file. An empty control sends nothing, so the server's default (or the
 * chosen preset's value) applies; the grey text shows that value.
 */
import { $, el, humanName } from './dom.js';
import { fieldError } from './api.js';

const TWO_POW_53 = 2n ** 53n;

/** Builds the controls; answers nothing. spec = {fields, defaults, presets}. */
export function buildConfigForm(spec) {
  const preset = $('train-preset');
  preset.replaceChildren(el('option', { value: '', text: 'none — the service defaults' }),
    ...Object.keys(spec.presets || {}).map((name) => el('option', { value: name, text: name })));
  $('train-fields').replaceChildren(...spec.fields.map((f) => control(f, spec.defaults ? spec.defaults[f.name] : undefined, '')));
  showDefaults(spec, '', null);
}

function control(field, defaultValue, prefix) {
  const path = prefix ? `${prefix}.${field.name}` : field.name;
  if (field.type === 'object') return group(field, defaultValue, path);
  const id = `train-${path.replace(/\./g, '-')}`;
  const hintId = `${id}-hint`;
  const attrs = { id, 'data-testid': `train-${path}`, 'data-field': path, 'data-type': field.type, 'aria-describedby': field.description ? hintId : null };
  let input;
  if (Array.isArray(field.allowed) && field.allowed.length > 0) {
    input = el('select', attrs, el('option', { value: '' }), field.allowed.map((v) => el('option', { value: v, text: v })));
  } else if (field.type === 'boolean') {
    input = el('select', attrs, el('option', { value: '' }), el('option', { value: 'true', text: 'yes' }), el('option', { value: 'false', text: 'no' }));
  } else {
    const numeric = field.type === 'integer' || field.type === 'number';
    input = el('input', { ...attrs, type: 'text', autocomplete: 'off', spellcheck: 'false',
      inputmode: field.type === 'integer' ? 'numeric' : numeric ? 'decimal' : null });
  }
  return el('label', { class: 'config-field', title: field.description || null },
    humanName(field.name), input,
    field.description ? el('span', { class: 'field-hint', id: hintId, text: field.description }) : null);
}

/** An object field (earlyStopping): a fieldset whose members are the keys of its default value. */
function group(field, defaultValue, path) {
  const members = defaultValue && typeof defaultValue === 'object' ? Object.entries(defaultValue) : [];
  return el('fieldset', { class: 'config-group wide', 'data-group': path, 'data-testid': `train-${path}` },
    el('legend', { text: humanName(field.name) }),
    field.description ? el('p', { class: 'hint', text: field.description }) : null,
    el('div', { class: 'fields' }, members.map(([name, value]) => control({ name, type: typeOfValue(value), allowed: [] }, value, path))));
}

function typeOfValue(value) {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number'; // the server checks whole numbers (patience) itself
  if (Array.isArray(value)) return 'array';
  return 'string';
}

/**
 * Writes into each control the value an empty field stands for: the chosen preset's, else the
 * service's defaults; the task follows the dataset's label unless a preset fixes it.
 */
export function showDefaults(spec, presetName, datasetTask) {
  const base = presetName && spec.presets ? spec.presets[presetName] : spec.defaults;
  showTaskNote(base, presetName ? base.task : datasetTask);
  for (const node of $('train-fields').querySelectorAll('[data-field]')) {
    const path = node.dataset.field;
    let value = path.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), base);
    if (path === 'task' && !presetName && datasetTask) value = datasetTask;
    const text = describeDefault(path, value);
    if (node.tagName === 'SELECT') node.options[0].textContent = `${text} (default)`;
    else node.placeholder = text;
  }
}

/**
 * The API gives one set of defaults, for one task; when the dataset (or the task field) asks for
 * another, the values shown for task-dependent fields may not be the ones the server will use.
 */
function showTaskNote(base, defaultTask) {
  const chosen = $('train-fields').querySelector('[data-field="task"]');
  const task = (chosen && chosen.value) || defaultTask;
  const note = $('train-task-note');
  note.hidden = !task || !base || !base.task || task === base.task;
  note.textContent = note.hidden ? '' : `The defaults shown are the service's for ${base.task}. For ${task} the server chooses `
    + 'what fits that task (each field\'s description says where that differs, e.g. the output activation and loss); '
    + 'the job shows what it used.';
}

function describeDefault(path, value) {
  if (path === 'seed') return 'random (shown on the job)';
  if (path === 'task') return `${value ?? 'from the label'}`;
  if (value === undefined || value === null) return 'default';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length ? value.join(',') : 'none';
  return String(value);
}

/** The settings the user gave (only those), checked enough that nothing is sent other than typed. */
export function readConfigForm() {
  const config = {};
  for (const node of $('train-fields').querySelectorAll('[data-field]')) {
    const value = readControl(node);
    if (value === undefined) continue;
    const keys = node.dataset.field.split('.');
    let target = config;
    for (const k of keys.slice(0, -1)) target = target[k] = target[k] || {};
    target[keys[keys.length - 1]] = value;
  }
  return config;
}

function readControl(node) {
  const raw = node.value.trim();
  if (raw === '') return undefined;
  const path = node.dataset.field;
  const label = humanName(path);
  switch (node.dataset.type) {
    case 'boolean': return raw === 'true';
    case 'array': return layerSizes(path, label, raw);
    case 'integer': return wholeNumber(path, label, raw);
    case 'number': {
      const value = Number(raw);
      if (!Number.isFinite(value)) throw fieldError(path, `${label} is not a number`, `"${raw}" was entered; write a number such as 0.01, or leave it empty.`);
      return value;
    }
    default: return raw;
  }
}

function layerSizes(path, label, raw) {
  if (/^(none|-|\[\s*\])$/i.test(raw)) return [];
  const sizes = raw.replace(/^\[|\]$/g, '').split(/[\s,;]+/).filter(Boolean).map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw fieldError(path, `${label}: not a list of sizes`, `Write layer sizes as whole numbers separated by commas, e.g. 64,32, or "none" (was "${raw}").`);
  }
  return sizes;
}

/**
 * A whole number, exactly as typed: a JavaScript number holds every integer below 2^53 exactly,
 * so one at or above it is refused here instead of being rounded on the way (seeds!).
 */
function wholeNumber(path, label, raw) {
  if (!/^-?\d+$/.test(raw)) throw fieldError(path, `${label} is not a whole number`, `"${raw}" was entered.`);
  const big = BigInt(raw);
  if (big >= TWO_POW_53 || big <= -TWO_POW_53) {
    throw fieldError(path, `${label} is too large`, `${raw} is not below 2^53 (9007199254740992), the largest a JSON client keeps exactly.`);
  }
  return Number(big);
}
