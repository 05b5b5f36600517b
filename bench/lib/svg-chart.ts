/**
 * Small hand-written SVG charts (no plotting dependency): line or scatter series on linear or log axes,
 * with ticks, a legend and point labels. Enough for a results page; not a plotting library.
 */

export interface Series {
  name: string;
  points: { x: number; y: number; label?: string }[];
  /** Join the points with a line. @default true */
  line?: boolean;
  /**
   * The series' colour. Give one whenever a document has several panels, so that a colour means the same
   * thing in all of them. @default the palette colour of the series' position in its panel
   */
  color?: string;
  /** Point marker; `none` draws the line only. @default 'circle' */
  marker?: 'circle' | 'diamond' | 'cross' | 'none';
  /** Dashed line: targets and other reference lines. @default false */
  dashed?: boolean;
}

export interface PanelOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** @default false */
  xLog?: boolean;
  /** Axis ranges; default: from the data, starting at 0 on linear axes. */
  yMin?: number;
  yMax?: number;
  /** Where the legend goes: inside the plot's top-left corner, or under the plot (the panel grows). @default 'top-left' */
  legend?: 'top-left' | 'below';
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const W = 520;
const H = 360;
const M = { left: 62, right: 16, top: 36, bottom: 48 };
const LEGEND_LINE = 15;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceTicks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function tickText(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${v / 1e6}M`;
  if (a >= 1e3) return `${v / 1e3}k`;
  return String(Number(v.toPrecision(3)));
}

/** Height a panel takes, its legend included. */
export function panelHeight(series: readonly Series[], o: PanelOptions): number {
  return o.legend === 'below' ? H + series.length * LEGEND_LINE + 4 : H;
}

/** One panel as an SVG <g>, placed at (ox, oy). */
export function panel(series: readonly Series[], o: PanelOptions, ox: number, oy: number): string {
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const xLog = o.xLog ?? false;
  let x0 = xLog ? Math.min(...xs) / 1.5 : 0;
  let x1 = Math.max(...xs) * (xLog ? 1.5 : 1.08);
  if (xLog) {
    x0 = 10 ** Math.floor(Math.log10(x0));
    x1 = 10 ** Math.ceil(Math.log10(x1));
  }
  const y0 = o.yMin ?? 0;
  const y1 = o.yMax ?? Math.max(...ys) * 1.1;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (x: number): number => M.left + (xLog ? (Math.log10(x) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0)) : (x - x0) / (x1 - x0)) * pw;
  const sy = (y: number): number => M.top + ph - ((y - y0) / (y1 - y0)) * ph;
  const parts: string[] = [`<g transform="translate(${ox},${oy})" font-family="sans-serif" font-size="11">`];
  parts.push(`<text x="${W / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${esc(o.title)}</text>`);
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  const xTicks = xLog ? Array.from({ length: Math.round(Math.log10(x1 / x0)) + 1 }, (_, i) => x0 * 10 ** i) : niceTicks(x0, x1, 6);
  for (const t of xTicks) {
    const x = sx(t).toFixed(1);
    parts.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${M.top + ph}" stroke="#eee"/>`);
    parts.push(`<text x="${x}" y="${M.top + ph + 16}" text-anchor="middle">${tickText(t)}</text>`);
  }
  for (const t of niceTicks(y0, y1, 6)) {
    const y = sy(t).toFixed(1);
    parts.push(`<line x1="${M.left}" y1="${y}" x2="${M.left + pw}" y2="${y}" stroke="#eee"/>`);
    parts.push(`<text x="${M.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${tickText(t)}</text>`);
  }
  parts.push(`<text x="${M.left + pw / 2}" y="${H - 10}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(14,${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  series.forEach((s, i) => {
    const color = s.color ?? COLORS[i % COLORS.length]!;
    const pts = s.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if ((s.line ?? true) && pts.length > 1) parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
    for (const p of s.points) {
      parts.push(marker(s.marker ?? 'circle', sx(p.x), sy(p.y), color));
      if (p.label) parts.push(`<text x="${(sx(p.x) + 6).toFixed(1)}" y="${(sy(p.y) - 6).toFixed(1)}" fill="${color}">${esc(p.label)}</text>`);
    }
    const below = o.legend === 'below';
    const ly = below ? H + 4 + i * LEGEND_LINE : M.top + 14 + i * LEGEND_LINE;
    const lx = M.left + 8;
    if (s.marker === 'none' || s.dashed) parts.push(`<line x1="${lx - 2}" y1="${ly - 3}" x2="${lx + 12}" y2="${ly - 3}" stroke="${color}" stroke-width="2"${dash}/>`);
    else parts.push(marker(s.marker ?? 'circle', lx + 5, ly - 3, color));
    parts.push(`<text x="${lx + 16}" y="${ly}">${esc(s.name)}</text>`);
  });
  parts.push('</g>');
  return parts.join('\n');
}

const MARKER_RADIUS = 4;

function marker(kind: NonNullable<Series['marker']>, x: number, y: number, color: string): string {
  const r = MARKER_RADIUS;
  const f = (v: number): string => v.toFixed(1);
  if (kind === 'none') return '';
  if (kind === 'diamond') return `<polygon points="${f(x)},${f(y - r - 1)} ${f(x + r + 1)},${f(y)} ${f(x)},${f(y + r + 1)} ${f(x - r - 1)},${f(y)}" fill="${color}"/>`;
  if (kind === 'cross') return `<path d="M${f(x - r)},${f(y - r)}L${f(x + r)},${f(y + r)}M${f(x - r)},${f(y + r)}L${f(x + r)},${f(y - r)}" stroke="${color}" stroke-width="2.5"/>`;
  return `<circle cx="${f(x)}" cy="${f(y)}" r="${r}" fill="${color}"/>`;
}

/** Panels side by side in one SVG document, `height` tall (the tallest panel's height). */
export function svgDocument(panels: readonly string[], caption: string, height = H): string {
  const width = W * Math.max(1, panels.length);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 24}" viewBox="0 0 ${width} ${height + 24}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...panels,
    `<text x="8" y="${height + 16}" font-family="sans-serif" font-size="10" fill="#666">${esc(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

export const PANEL_WIDTH = W;
