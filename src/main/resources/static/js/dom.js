/*
 * DOM and formatting helpers. Every value that comes from the API or from a CSV (dataset, feature,
 * class, tag and model names) reaches the page through textContent or setAttribute here, never
 * through innerHTML. Styles go through the CSSOM (node.style.x = …): the page's
 * Content-Security-Policy (style-src 'self') refuses style attributes.
 */

export const $ = (id) => document.getElementById(id);

/** el('td', {class: 'num', text: '3'}, child…): attributes, on* listeners and children in one call. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'style') setStyles(node, value); // an object of CSSOM properties
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setStyles(node, styles) {
  for (const [name, value] of Object.entries(styles)) {
    if (name.startsWith('--')) node.style.setProperty(name, value); else node.style[name] = value;
  }
}

export const isNum = (x) => typeof x === 'number' && Number.isFinite(x);

/** Four significant digits, no trailing zeros; '—' for missing values. */
export function num(x) {
  if (!isNum(x)) return '—';
  if (x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e9)) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

export function pct(x, digits = 1) {
  return isNum(x) ? (x * 100).toFixed(digits) + '%' : '—';
}

/** An integer as the API sent it (seeds, counts): every digit, never rounded or grouped. */
export function exact(x) {
  return x === undefined || x === null ? '—' : String(x);
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

export function seconds(ms) {
  if (!isNum(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 10000 ? `${(ms / 1000).toFixed(1)} s` : ms < 120000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60000).toFixed(1)} min`;
}

export function shortId(id) {
  const s = String(id ?? '');
  return s.length > 10 ? s.slice(0, 8) + '…' : s;
}

/** "learningRate" → "Learning rate", "l2" → "L2", "earlyStopping.minDelta" → "Min delta". */
export function humanName(name) {
  const last = String(name).split('.').pop();
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A table body from rows of cells. Each cell is {text | node, class, …attrs}; header labels are
 * copied onto the cells as data-label, which the phone layout (app.css) shows in front of each
 * value when a row is stacked into a card, so no column is ever cut off.
 */
export function fillTable(tbody, headers, rows, emptyText) {
  if (rows.length === 0) {
    tbody.replaceChildren(el('tr', { class: 'empty-row' }, el('td', { colspan: headers.length, class: 'muted', text: emptyText })));
    return;
  }
  tbody.replaceChildren(...rows.map((row) => row instanceof Node ? row : tableRow(headers, row)));
}

export function tableRow(headers, cells, attrs = {}) {
  return el('tr', attrs, ...cells.map((cell, i) => cellNode(cell, headers[i])));
}

/** A cell from a value (shown as text, '—' when missing) or from {text | node, header, …attributes}. */
function cellNode(cell, label) {
  const spec = cell !== null && typeof cell === 'object' && !(cell instanceof Node) ? cell : { text: cell };
  const { node, header, text, ...attrs } = spec;
  return el(header ? 'th' : 'td', { ...attrs, 'data-label': label || null, text: node === undefined ? (text ?? '—') : undefined }, node);
}

/** Header labels of a table, read from its <thead>, for fillTable. */
export function headersOf(table) {
  return [...table.querySelectorAll('thead th')].map((th) => th.dataset.label ?? th.textContent.trim());
}

/**
 * A button that asks before it acts: the first press turns it into "Really …?" with a Cancel
 * next to it (no window.confirm, so keyboard and screen readers keep their place).
 */
export function confirmButton({ label, confirm, testid, onConfirm }) {
  const wrap = el('span', { class: 'confirm' });
  const start = el('button', { type: 'button', class: 'danger', 'data-testid': testid, text: label });
  const yes = el('button', { type: 'button', class: 'danger solid', 'data-testid': `${testid}-confirm`, text: confirm });
  const no = el('button', { type: 'button', class: 'secondary', text: 'Keep' });
  const reset = () => { wrap.replaceChildren(start); start.focus(); };
  start.addEventListener('click', () => { wrap.replaceChildren(yes, no); yes.focus(); });
  no.addEventListener('click', reset);
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    no.disabled = true;
    const done = await onConfirm();
    if (done === false && wrap.isConnected) { yes.disabled = false; no.disabled = false; reset(); }
  });
  wrap.append(start);
  return wrap;
}

/** Saves text as a file through a link's object URL (revoked when the next file replaces it). */
export function downloadLink(link, text, filename, type) {
  if (link.href && link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = filename;
  link.hidden = false;
}
