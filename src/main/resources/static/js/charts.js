/*
 * Line charts by uPlot (MIT licence, © Leon Sorokin), served by the service itself from its WebJar
 * (org.webjars.npm:uplot, /webjars/uplot/…): no CDN. uPlot draws on a canvas and positions its own
 * elements through the CSSOM, which the page's Content-Security-Policy allows.
 *
 * lineChart(container, spec) draws or updates one chart:
 *   spec = { xLabel, yLabel, series: [{label, xs, ys, dash}], log, percent, markers: [{x, label, series}] }
 * (a marker is drawn in its series' colour when it names one, else in the "ok" green)
 * Series may have different x values (model comparisons); they are aligned on the union of xs.
 * The container gets data-points (x values with a point drawn) and data-markers (marker x values), for
 * people reading the DOM and for the browser test. Drag across a chart to zoom, double-click to
 * zoom out; hovering shows every series' value at that x.
 */
import uPlot from '../webjars/uplot/dist/uPlot.esm.js';
import { el, isNum, num, pct } from './dom.js';

const charts = new Set(); // containers with a chart (or one waiting for a width)

const resizes = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const container = entry.target;
    const width = Math.floor(container.clientWidth);
    if (!width) continue;
    if (container._plot) {
      if (Math.abs(container._plot.width - width) > 1) container._plot.setSize(size(width));
    } else if (container._spec) {
      draw(container);
    }
  }
});

// a change between light and dark redraws every chart in the new colours
window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  for (const c of charts) {
    if (!c.isConnected) { charts.delete(c); continue; }
    rebuild(c);
  }
});

function size(width) {
  return { width, height: Math.round(Math.min(250, Math.max(180, width * 0.5))) };
}

function theme() {
  const css = getComputedStyle(document.documentElement);
  const v = (name) => css.getPropertyValue(name).trim();
  return {
    ink: v('--muted'), grid: v('--grid'), marker: v('--ok'), font: getComputedStyle(document.body).fontFamily,
    series: [0, 1, 2, 3, 4, 5].map((i) => v(`--series-${i}`)),
  };
}

export function lineChart(container, spec) {
  container._spec = spec;
  charts.add(container);
  resizes.observe(container);
  const data = align(spec.series, spec.log);
  // x positions (epochs) with at least one value: what "points on the chart" means to a reader
  const points = data[0].filter((_, i) => data.slice(1).some((ys) => ys[i] !== null)).length;
  container.dataset.points = String(points);
  container.dataset.markers = (spec.markers || []).map((m) => m.x).join(',');
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', describe(spec));
  const plot = container._plot;
  if (plot && plot._shape === shape(spec) && points > 0) {
    plot.setData(data);
    return;
  }
  rebuild(container);
}

function rebuild(container) {
  if (container._plot) { container._plot.destroy(); container._plot = null; }
  draw(container);
}

function draw(container) {
  const spec = container._spec;
  const width = Math.floor(container.clientWidth);
  container.replaceChildren();
  if (!spec) return;
  if (Number(container.dataset.points) === 0) {
    container.append(el('p', { class: 'chart-empty', text: spec.emptyText || 'No points yet' }));
    return;
  }
  if (!width) return; // hidden: the ResizeObserver draws it once it has a width
  const plot = new uPlot(options(spec, size(width), container), align(spec.series, spec.log), container);
  plot._shape = shape(spec);
  container._plot = plot;
}

/** What decides the chart's build (a change needs a new chart, anything else is new data). */
function shape(spec) {
  return JSON.stringify([spec.series.map((s) => [s.label, s.dash || 0]), Boolean(spec.log), Boolean(spec.percent), spec.xLabel, spec.yLabel]);
}

/** uPlot's columnar data: [xs, ys of series 0, ys of series 1, …] on the union of every series' xs. */
function align(series, log) {
  const keep = (y) => isNum(y) && (!log || y > 0) ? y : null; // a log axis has no place for 0 or less
  if (series.length === 1 || series.every((s) => s.xs === series[0].xs)) {
    const xs = series[0] ? series[0].xs : [];
    return [xs.slice(), ...series.map((s) => xs.map((_, i) => keep(s.ys[i])))];
  }
  const all = [...new Set(series.flatMap((s) => s.xs.filter(isNum)))].sort((a, b) => a - b);
  const index = new Map(all.map((x, i) => [x, i]));
  return [all, ...series.map((s) => {
    const ys = new Array(all.length).fill(null);
    s.xs.forEach((x, i) => { if (index.has(x)) ys[index.get(x)] = keep(s.ys[i]); });
    return ys;
  })];
}

function describe(spec) {
  const parts = spec.series.filter((s) => s.ys.some(isNum)).map((s) => {
    const last = [...s.ys].reverse().find(isNum);
    return `${s.label}: ${s.ys.filter(isNum).length} points, last ${format(spec)(last)}`;
  });
  const marks = (spec.markers || []).map((m) => m.label);
  return `${spec.yLabel} by ${spec.xLabel}${spec.log ? ' (log scale)' : ''}. ${parts.join('; ') || 'No points yet'}.${marks.length ? ' ' + marks.join('; ') + '.' : ''}`;
}

const WHOLE_STEPS = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6].map((p) => m * p)).sort((a, b) => a - b);

const format = (spec) => (spec.percent ? (v) => pct(v, 1) : num);

function options(spec, { width, height }, container) {
  const t = theme();
  const fmt = format(spec);
  const axis = (label, extra) => ({
    label, stroke: t.ink, font: `11px ${t.font}`, labelFont: `600 12px ${t.font}`,
    grid: { stroke: t.grid, width: 1 }, ticks: { stroke: t.grid, width: 1 }, ...extra,
  });
  return {
    width, height,
    scales: {
      x: { time: false },
      y: spec.log ? { distr: 3 } : spec.percent ? { range: [0, 1] } : {},
    },
    axes: [
      axis(spec.xLabel, { labelSize: 24, space: 36, incrs: WHOLE_STEPS }), // epochs: whole numbers only
      axis(spec.yLabel, { size: 56, labelSize: 24, values: (u, ticks) => ticks.map((v) => fmt(v)) }),
    ],
    series: [
      { label: spec.xLabel, value: (u, v) => (v === null || v === undefined ? '—' : String(v)) },
      ...spec.series.map((s, i) => ({
        label: s.label, stroke: t.series[i % t.series.length], width: 2, spanGaps: true,
        dash: s.dash ? [6, 4] : undefined, value: (u, v) => fmt(v),
      })),
    ],
    legend: { live: false },
    cursor: { drag: { x: true, y: false }, points: { size: 7 } },
    plugins: [tooltipPlugin(spec, fmt, t), markerPlugin(container, t)],
  };
}

/** A box next to the cursor with the x value and every series' value there. */
function tooltipPlugin(spec, fmt, t) {
  let tip = null;
  return {
    hooks: {
      init: (u) => {
        tip = el('div', { class: 'chart-tip', 'aria-hidden': 'true' });
        tip.hidden = true;
        u.over.append(tip);
      },
      setCursor: (u) => {
        const i = u.cursor.idx;
        if (i === null || i === undefined || u.cursor.left < 0) { tip.hidden = true; return; }
        const rows = u.series.slice(1).map((s, k) => [s, u.data[k + 1][i], k]).filter(([s, v]) => s.show && v !== null && v !== undefined);
        if (rows.length === 0) { tip.hidden = true; return; }
        tip.replaceChildren(el('strong', { text: `${spec.xLabel} ${u.data[0][i]}` }),
          ...rows.map(([s, v, k]) => el('span', { class: 'chart-tip-row' },
            el('span', { class: 'swatch', style: { background: t.series[k % t.series.length] } }), `${s.label}: ${fmt(v)}`)));
        tip.hidden = false;
        const left = u.cursor.left + 12;
        const flip = left + tip.offsetWidth > u.over.clientWidth;
        tip.style.left = `${flip ? u.cursor.left - tip.offsetWidth - 12 : left}px`;
        tip.style.top = `${Math.max(0, Math.min(u.cursor.top - 10, u.over.clientHeight - tip.offsetHeight))}px`;
      },
    },
  };
}

/** Vertical dashed lines with a label, e.g. at the epoch whose weights early stopping restored. */
function markerPlugin(container, t) {
  return {
    hooks: {
      draw: (u) => {
        const markers = (container._spec && container._spec.markers) || [];
        const ctx = u.ctx;
        const r = uPlot.pxRatio;
        for (const m of markers) {
          const x = Math.round(u.valToPos(m.x, 'x', true));
          if (!(x >= u.bbox.left && x <= u.bbox.left + u.bbox.width)) continue;
          ctx.save();
          const colour = Number.isInteger(m.series) ? t.series[m.series % t.series.length] : t.marker;
          ctx.strokeStyle = colour;
          ctx.fillStyle = colour;
          ctx.lineWidth = 1.5 * r;
          ctx.setLineDash([4 * r, 3 * r]);
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.font = `600 ${11 * r}px ${t.font}`;
          const w = ctx.measureText(m.label).width;
          const right = x + 4 * r + w <= u.bbox.left + u.bbox.width;
          ctx.textAlign = right ? 'left' : 'right';
          ctx.fillText(m.label, right ? x + 4 * r : x - 4 * r, u.bbox.top + 12 * r);
          ctx.restore();
        }
      },
    },
  };
}

/** History arrays of a model or of a job's live points → the loss and accuracy chart specs. */
export function historySeries(h, which) {
  const xs = Array.isArray(h.epochs) && h.epochs.length ? h.epochs : (h.loss || []).map((_, i) => i + 1);
  const train = which === 'loss' ? h.loss : h.accuracy;
  const validation = which === 'loss' ? h.validationLoss : h.validationAccuracy;
  const series = [{ label: 'training', xs, ys: train || [] }];
  if ((validation || []).some(isNum)) series.push({ label: 'validation', xs, ys: validation, dash: true });
  return series;
}
