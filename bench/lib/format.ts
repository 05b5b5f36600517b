/**
 * Number formatting and plain-text tables shared by the benchmarks' console output and latest.md.
 */

/** 1.23M, 45.6k, 789. */
export function compact(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  return a >= 1e6 ? (n / 1e6).toFixed(2) + 'M' : a >= 1e3 ? (n / 1e3).toFixed(1) + 'k' : n.toFixed(0);
}

/** 1,234,567 */
export function grouped(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function seconds(ms: number, digits = 2): string {
  return (ms / 1000).toFixed(digits);
}

/** A ratio in [0, 1] as a percentage with two decimals, without the sign. */
export function percent(x: number): string {
  return (100 * x).toFixed(2);
}

export function ratio(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) + 'x' : '-';
}

/** Pads by code points, so a column of Chinese text lines up as well as a terminal allows. */
export function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - [...s].length));
}

/** A console table: columns as wide as their widest cell, numbers and text left-aligned alike. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max([...h].length, ...rows.map((r) => [...(r[c] ?? '')].length)));
  const line = (cells: readonly string[]): string => '  ' + cells.map((x, c) => pad(x, widths[c]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A GitHub-flavoured Markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
