/**
 * `merchant-dedup db status` for people: the current generation and the latest runs as a short report.
 * `--json` prints the same rows as one JSON object instead, for scripts.
 */
import { RESULT_SETS } from '../db/generation-tables.js';

export interface GenerationRow {
  generation: number;
  run_id: string | number;
  created_at: string;
  has_keys: boolean;
  row_counts: Record<string, number>;
}

export interface RunRow {
  run_id: string | number;
  generation: number | null;
  status: string;
  started_at: string;
  finished_at: string | null;
  source: string;
  clusters_created: number | null;
  clusters_merged: number | null;
  clusters_split: number | null;
  clusters_unchanged: number | null;
  error: string | null;
}

/** Longest error shown in the runs table; the JSON has it whole. */
const MAX_ERROR = 100;

export function formatDbStatus(schema: string, current: GenerationRow | null, runs: readonly RunRow[]): string {
  const lines: string[] = [];
  if (current === null) {
    lines.push(`schema ${schema}: no generation published yet (run \`merchant-dedup scan --table …\` or \`rebuild\`)`);
  } else {
    lines.push(`schema ${schema}: current generation ${current.generation}, from run ${current.run_id}, published ${time(current.created_at)}`);
    // jsonb keeps keys in its own order: show them in the order of the result sets.
    const order = (set: string): number => (RESULT_SETS.indexOf(set as never) + RESULT_SETS.length + 1) % (RESULT_SETS.length + 1);
    const sets = Object.keys(current.row_counts).sort((a, b) => order(a) - order(b));
    const counts = sets.map((set) => `${set} ${current.row_counts[set]!.toLocaleString('en-US')}`);
    lines.push(`  rows: ${counts.join(', ')}${current.has_keys ? '' : ' (no dedup index: written with --no-keys)'}`);
  }
  if (runs.length === 0) return lines.join('\n') + '\n';
  lines.push('', 'latest runs:');
  const table = [['run', 'gen', 'status', 'started', 'took', 'source', 'clusters (new/merged/split/same)']];
  for (const r of runs) {
    const clusters = r.clusters_created === null ? '' : [r.clusters_created, r.clusters_merged, r.clusters_split, r.clusters_unchanged].map((n) => n ?? 0).join('/');
    table.push([String(r.run_id), r.generation === null ? '-' : String(r.generation), r.status, time(r.started_at), took(r.started_at, r.finished_at), r.source, clusters]);
  }
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) lines.push('  ' + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  for (const r of runs) {
    if (r.error) lines.push(`  run ${r.run_id} failed: ${r.error.length > MAX_ERROR ? r.error.slice(0, MAX_ERROR) + '…' : r.error}`);
  }
  return lines.join('\n') + '\n';
}

/** `2026-12-01 08:12:03` from PostgreSQL's `2026-12-01 08:12:03.123456+08`: to the second, zone kept. */
function time(pgText: string): string {
  const m = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\.\d+)?([+-]\d{2}(?::?\d{2})?)?$/.exec(pgText);
  return m === null ? pgText : `${m[1]}${m[2] ?? ''}`;
}

function took(started: string, finished: string | null): string {
  if (finished === null) return 'running';
  const ms = Date.parse(iso(finished)) - Date.parse(iso(started));
  if (!Number.isFinite(ms)) return '';
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')} s`;
}

/** PostgreSQL's `2026-12-01 08:12:03.12+08` as Date.parse reads it: `2026-12-01T08:12:03.12+08:00`. */
function iso(pgText: string): string {
  return pgText.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
}
