/*
 * Just enough CSV (RFC 4180) for the batch prediction page: reading the chosen file to show its
 * rows next to their predictions, and writing the results for download. The server parses the
 * file itself (with a real CSV library); this copy only lines its rows up with the answers.
 */

/** Rows of cells; quoted fields may hold commas, quotes ("") and line breaks. Blank lines are skipped. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not part of the header
  const endRow = () => {
    row.push(cell);
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
    cell = '';
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') endRow();
    else if (c === '\r') { if (text[i + 1] === '\n') i++; endRow(); } else cell += c;
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

function quote(value) {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeCsv(rows) {
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}
