/**
 * bench/results/latest.md and latest.svg from one scan-benchmark record: the tables a reader compares
 * across commits, and the two charts (time against records per thread count; F1 against time per system).
 */
import { grouped, markdownTable, percent, ratio, seconds } from '../lib/format.js';
import type { Prf } from '../lib/quality.js';
import { panel, panelHeight, PANEL_WIDTH, svgDocument, type PanelOptions, type Series } from '../lib/svg-chart.js';
import type { ScanBenchRecord, ScanRunFigures } from './scan-record.js';
import { skewOf, skewTargetRows } from './skew-targets.js';

/** The targets of issue 3, "Speed and memory targets". */
export const TARGETS = {
  records: 1_000_000,
  threads: 2,
  wallMs: 15_000,
  floorRatio: 5,
  peakRssMb: 3 * 1024,
  sketchSpeedup: 1.6,
} as const;
/**
 * Growth counts as linear while the marginal memory per record at the largest sizes stays within this
 * factor of the one at the smallest (a fixed start-up cost makes small corpora look cheaper per record, not
 * dearer, so only growing margins count against it).
 */
const LINEAR_TOLERANCE = 1.5;
const PHASES = ['ingest', 'merge', 'duplicate_ids', 'block', 'verify', 'cluster', 'write'] as const;

const prfCells = (m: Prf | null | undefined): string => (m ? `${percent(m.precision)} / ${percent(m.recall)} / ${percent(m.f1)}` : '-');
const verdict = (ok: boolean | null): string => (ok === null ? 'not measured' : ok ? 'met' : 'MISSED');

export function scanAt(r: ScanBenchRecord, n: number, threads: number): ScanRunFigures | undefined {
  return r.scans.find((s) => s.n === n && s.threads === threads);
}

/** Our fastest run at n (the most threads), the figure peers and the floor are compared with. */
export function bestScanAt(r: ScanBenchRecord, n: number): ScanRunFigures | undefined {
  return r.scans.filter((s) => s.n === n).sort((a, b) => b.threads - a.threads)[0];
}

export interface TargetRow {
  target: string;
  measured: string;
  ok: boolean | null;
}

export function targetRows(r: ScanBenchRecord): TargetRow[] {
  const big = scanAt(r, TARGETS.records, TARGETS.threads);
  const one = scanAt(r, TARGETS.records, 1);
  const floor = r.floors.find((f) => f.n === TARGETS.records);
  const rows: TargetRow[] = [];
  rows.push({
    target: `1M records, ${TARGETS.threads} threads, read to files written <= ${seconds(TARGETS.wallMs, 0)} s`,
    measured: big ? `${seconds(big.wall_ms)} s (${ratio(big.wall_ms / TARGETS.wallMs)} the budget)` : '-',
    ok: big ? big.wall_ms <= TARGETS.wallMs : null,
  });
  rows.push({
    target: `<= ${TARGETS.floorRatio}x the read + JSON.parse floor (1 thread)`,
    measured: big && floor ? `${seconds(big.wall_ms)} s / ${seconds(floor.read_parse_ms)} s = ${ratio(big.wall_ms / floor.read_parse_ms)}` : '-',
    ok: big && floor ? big.wall_ms / floor.read_parse_ms <= TARGETS.floorRatio : null,
  });
  rows.push({
    target: `peak RSS <= ${TARGETS.peakRssMb / 1024} GB at 1M`,
    measured: big ? `${grouped(big.peak_rss_mb)} MB` : '-',
    ok: big ? big.peak_rss_mb <= TARGETS.peakRssMb : null,
  });
  const lin = linearity(r);
  rows.push({ target: 'peak RSS grows linearly with records', measured: lin.text, ok: lin.ok });
  rows.push({
    target: `2 threads >= ${TARGETS.sketchSpeedup}x faster than 1 on the sketch (ingest) phase, 1M`,
    measured: big && one ? `${seconds(one.phases_ms.ingest ?? NaN)} s / ${seconds(big.phases_ms.ingest ?? NaN)} s = ${ratio((one.phases_ms.ingest ?? NaN) / (big.phases_ms.ingest ?? NaN))}` : '-',
    ok: big && one ? (one.phases_ms.ingest ?? 0) / (big.phases_ms.ingest ?? 1) >= TARGETS.sketchSpeedup : null,
  });
  return rows;
}

/** Marginal MB per 100k records between consecutive corpus sizes, at the most threads. */
function linearity(r: ScanBenchRecord): { text: string; ok: boolean | null } {
  const ns = [...new Set(r.scans.map((s) => s.n))].sort((a, b) => a - b);
  const runs = ns.map((n) => bestScanAt(r, n)!).filter(Boolean);
  if (runs.length < 3) return { text: 'needs three corpus sizes', ok: null };
  const slopes: number[] = [];
  for (let i = 1; i < runs.length; i++) slopes.push(((runs[i]!.peak_rss_mb - runs[i - 1]!.peak_rss_mb) / (runs[i]!.n - runs[i - 1]!.n)) * 1e5);
  const first = slopes[0]!;
  const last = slopes[slopes.length - 1]!;
  const text = `${runs.map((x) => `${grouped(x.peak_rss_mb)} MB at ${grouped(x.n)}`).join(', ')}; marginal ${slopes.map((s) => s.toFixed(0)).join(' → ')} MB per 100k ` +
    `(${ratio(last / first)}; linear while <= ${ratio(LINEAR_TOLERANCE, 1)})`;
  return { text, ok: first > 0 && last <= first * LINEAR_TOLERANCE };
}

/**
 * `others`: the latest earlier record of each other skew setting, whose issue-11 targets are shown beside
 * this run's.
 */
export function markdownReport(r: ScanBenchRecord, others: readonly ScanBenchRecord[] = []): string {
  const command = r.command;
  const out: string[] = [];
  const m = r.machine;
  out.push('# Scan benchmark: latest run', '');
  out.push(`Commit \`${r.commit.slice(0, 12)}\`${r.dirty ? ' (with uncommitted changes)' : ''}, ${r.date}. ` +
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, Node ${m.node}, ${m.os}.`, '');
  out.push(`Command: \`${command}\`. Generator seed ${r.options.seed}, NDJSON input, default scan options. ` +
    'Every scan runs in a child process of its own, once (no repetitions): compare runs of one machine, and rerun both sides when a difference is small.', '');
  if (r.failures.length) out.push('Failures: ' + r.failures.join('; '), '');

  out.push(`Generator name skew: \`${skewOf(r)}\` (\`generate --skew\`).`, '');
  for (const x of [r, ...others]) {
    out.push(`## Targets (issue 11), skew \`${skewOf(x)}\`${x === r ? '' : ` (from the run of ${x.date}, commit \`${x.commit.slice(0, 12)}\`: \`${x.command}\`)`}`, '');
    out.push(markdownTable(['target', 'measured', 'verdict'], skewTargetRows(x).map((t) => [t.target, t.measured, verdict(t.ok)])), '');
  }

  out.push('## Targets (issue 3)', '');
  out.push(markdownTable(['target', 'measured', 'verdict'], targetRows(r).map((t) => [t.target, t.measured, verdict(t.ok)])), '');

  out.push('## Scan: time, memory, phases', '');
  out.push('Wall = runScan from reading the input to the output files renamed into place; process = child spawn to exit; CPU = user + system time of the whole process (every thread) over the wall span, and cores busy = CPU / wall. Phases in seconds. Load before = the 1-minute load average as the run started (above the core count, other work shared the cores).', '');
  out.push(markdownTable(
    ['records', 'threads', 'wall s', 'process s', 'CPU s', 'cores busy', 'records/s', 'peak RSS MB', ...PHASES, 'candidate pairs', 'verified pairs', 'load before'],
    r.scans.map((s) => [grouped(s.n), String(s.threads), seconds(s.wall_ms), seconds(s.process_ms),
      s.cpu_ms === undefined ? '-' : seconds(s.cpu_ms), s.cpu_ms === undefined ? '-' : (s.cpu_ms / s.wall_ms).toFixed(2), grouped(s.n / (s.wall_ms / 1000)), grouped(s.peak_rss_mb),
      ...PHASES.map((p) => (s.phases_ms[p] === undefined ? '-' : seconds(s.phases_ms[p]!))), grouped(s.counts.candidate_pairs), grouped(s.counts.verified_pairs),
      s.load_before === undefined ? '-' : s.load_before.toFixed(1)]),
  ), '');

  out.push('## Floor: reading and JSON.parse alone, one thread', '');
  out.push(markdownTable(
    ['records', 'NDJSON MB', 'read s', 'read + JSON.parse s', 'scan s (threads)', 'scan / floor'],
    r.floors.map((f) => {
      const s = bestScanAt(r, f.n);
      return [grouped(f.n), (f.bytes / 2 ** 20).toFixed(0), seconds(f.read_ms), seconds(f.read_parse_ms),
        s ? `${seconds(s.wall_ms)} (${s.threads})` : '-', s ? ratio(s.wall_ms / f.read_parse_ms) : '-'];
    }),
  ), '');

  const threads = [...new Set(r.scans.map((s) => s.threads))].sort((a, b) => a - b);
  if (threads.length > 1) {
    const lo = threads[0]!;
    const hi = threads[threads.length - 1]!;
    out.push(`## Thread scaling: ${lo} → ${hi} threads (speed-up = time at ${lo} / time at ${hi})`, '');
    const ns = [...new Set(r.scans.map((s) => s.n))].sort((a, b) => a - b);
    out.push(markdownTable(
      ['records', 'wall', ...PHASES.filter((p) => p !== 'write')],
      ns.flatMap((n) => {
        const a = scanAt(r, n, lo);
        const b = scanAt(r, n, hi);
        if (!a || !b) return [];
        return [[grouped(n), ratio(a.wall_ms / b.wall_ms), ...PHASES.filter((p) => p !== 'write').map((p) => ratio((a.phases_ms[p] ?? NaN) / (b.phases_ms[p] ?? NaN)))]];
      }),
    ), '');
  }

  out.push('## Quality against the generator truth (pairs.csv)', '');
  out.push('Precision / recall / F1 in %, from `merchant-dedup eval`.', '');
  out.push(markdownTable(
    ['records', 'predicted pairs', 'true pairs', 'pairs P / R / F1', 'closure P / R / F1', 'B-cubed P / R / F1', 'pairs.csv identical across threads'],
    r.quality.map((q) => [grouped(q.n), grouped(q.quality.predicted_pairs), grouped(q.quality.true_pairs), prfCells(q.quality.pairs), prfCells(q.quality.closure), prfCells(q.quality.bcubed), q.identical_across_threads ? 'yes' : 'NO']),
  ), '');

  const largest = [...r.scans].sort((a, b) => b.n - a.n || b.threads - a.threads)[0];
  if (largest) {
    out.push(`## Buckets per key kind (${grouped(largest.n)} records)`, '');
    out.push(markdownTable(
      ['key kind', 'buckets', 'capped', 'largest', 'pairs emitted', 'pairs avoided by the cap'],
      Object.entries(largest.capped).map(([k, c]) => [k, grouped(c.buckets), grouped(c.capped), grouped(c.largest), grouped(c.pairs_emitted), grouped(c.pairs_avoided)]),
    ), '');
  }

  out.push('## Real data: hangzhou-poi (cross-source linkage)', '');
  if (r.real.skipped) out.push(`Skipped: ${r.real.skipped}.`, '');
  else if (r.real.quality) {
    out.push(markdownTable(
      ['records', 'wall s', 'labelled matches', 'predicted cross pairs', 'pairs P / R / F1', 'closure P / R / F1'],
      [[grouped(r.real.records ?? 0), seconds(r.real.wall_ms ?? 0), grouped(r.real.quality.true_pairs), grouped(r.real.quality.predicted_pairs), prfCells(r.real.quality.pairs), prfCells(r.real.quality.closure)]],
    ), '');
  }

  out.push('## Peers on the same corpus and truth', '');
  out.push(`PostgreSQL: ${r.postgres.server ?? 'not available'}${r.postgres.pg_trgm ? `; ${r.postgres.pg_trgm}` : ''}.`, '');
  out.push('Ratio = peer time / our time (how many times longer the peer takes); ΔF1 = our pair F1 − the peer\'s, in points.', '');
  out.push(markdownTable(
    ['records', 'system', 'decides pairs by', 'time s', 'candidates', 'pairs P / R / F1', 'closure F1', 'ratio', 'ΔF1'],
    r.peers.map((p) => {
      const ours = r.peers.find((q) => q.n === p.n && q.system.startsWith('merchant-dedup'));
      const speed = p.time_ms !== null && ours?.time_ms ? ratio(p.time_ms / ours.time_ms, 1) : '-';
      const df1 = p.quality && ours?.quality ? (100 * (ours.quality.pairs.f1 - p.quality.pairs.f1)).toFixed(2) : '-';
      return [grouped(p.n), p.system, p.error ? `${p.notes} — ${p.error}` : p.notes, p.time_ms === null ? '-' : seconds(p.time_ms), p.candidate_pairs === null ? '-' : grouped(p.candidate_pairs),
        prfCells(p.quality?.pairs), p.quality ? percent(p.quality.closure.f1) : '-', p === ours ? '1.0x' : speed, p === ours ? '-' : df1];
    }),
  ), '');
  const breakdowns = r.peers.filter((p) => Object.keys(p.breakdown_ms).length > 0);
  if (breakdowns.length) {
    out.push('Where the peers\' time goes (s):', '');
    for (const p of breakdowns) out.push(`- ${grouped(p.n)}, ${p.system}: ${Object.entries(p.breakdown_ms).map(([k, v]) => `${k} ${seconds(v)}`).join(', ')}`);
    out.push('');
  }
  out.push('![time against records; F1 against time](latest.svg)', '');
  return out.join('\n');
}

/**
 * One colour per meaning across all panels: merchant-dedup is blue (1 thread light, 2 threads dark, the
 * real-data point a dark diamond), the read + parse floor grey, every target red and dashed or a cross,
 * and each peer system its own colour, used nowhere else.
 */
const CHART_COLORS = {
  ours: ['#6baed6', '#08519c', '#08306b'],
  floor: '#7f7f7f',
  target: '#d62728',
  peers: ['#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#bcbd22', '#17becf', '#2ca02c'],
} as const;

function ourColor(threads: number): string {
  return CHART_COLORS.ours[Math.min(threads, CHART_COLORS.ours.length) - 1]!;
}

export function svgReport(r: ScanBenchRecord): string {
  const threads = [...new Set(r.scans.map((s) => s.threads))].sort((a, b) => a - b);
  const panels: string[] = [];
  let height = 0;
  const add = (series: Series[], o: PanelOptions): void => {
    panels.push(panel(series, o, PANEL_WIDTH * panels.length, 0));
    height = Math.max(height, panelHeight(series, o));
  };

  // Time: our runs by thread count, the floor, and the targets (1M records in 15 s; 5x the floor).
  const timeSeries: Series[] = threads.map((t) => ({
    name: `merchant-dedup, ${t} thread${t > 1 ? 's' : ''}`,
    color: ourColor(t),
    points: r.scans.filter((s) => s.threads === t).sort((a, b) => a.n - b.n).map((s) => ({ x: s.n, y: s.wall_ms / 1000, label: `${seconds(s.wall_ms, 1)} s` })),
  }));
  const floors = [...r.floors].sort((a, b) => a.n - b.n);
  if (floors.length) {
    timeSeries.push({ name: 'floor: read + JSON.parse (1 thread)', color: CHART_COLORS.floor, points: floors.map((f) => ({ x: f.n, y: f.read_parse_ms / 1000 })) });
    timeSeries.push({
      name: `target: <= ${TARGETS.floorRatio}x the floor`,
      color: CHART_COLORS.target,
      dashed: true,
      marker: 'none',
      points: floors.map((f) => ({ x: f.n, y: (TARGETS.floorRatio * f.read_parse_ms) / 1000 })),
    });
  }
  timeSeries.push({
    name: `target: ${grouped(TARGETS.records)} records, ${TARGETS.threads} threads, <= ${seconds(TARGETS.wallMs, 0)} s`,
    color: CHART_COLORS.target,
    marker: 'cross',
    line: false,
    points: [{ x: TARGETS.records, y: TARGETS.wallMs / 1000 }],
  });
  add(timeSeries, { title: 'Scan wall time by corpus size', xLabel: 'records', yLabel: 'seconds', legend: 'below' });

  // Memory: peak RSS by corpus size against its target.
  const rssSeries: Series[] = threads.map((t) => ({
    name: `merchant-dedup, ${t} thread${t > 1 ? 's' : ''}`,
    color: ourColor(t),
    points: r.scans.filter((s) => s.threads === t).sort((a, b) => a.n - b.n).map((s) => ({ x: s.n, y: s.peak_rss_mb / 1024 })),
  }));
  const ns = r.scans.map((s) => s.n);
  if (ns.length) {
    rssSeries.push({
      name: `target: peak RSS <= ${TARGETS.peakRssMb / 1024} GB at ${grouped(TARGETS.records)}`,
      color: CHART_COLORS.target,
      dashed: true,
      marker: 'none',
      points: [{ x: Math.min(...ns), y: TARGETS.peakRssMb / 1024 }, { x: Math.max(...ns, TARGETS.records), y: TARGETS.peakRssMb / 1024 }],
    });
    add(rssSeries, { title: 'Peak memory by corpus size', xLabel: 'records', yLabel: 'peak RSS (GB)', yMax: (TARGETS.peakRssMb / 1024) * 1.2, legend: 'below' });
  }

  // Quality: pair F1 against time for every system on the generated corpus, and ours on real data.
  const n = Math.min(...r.peers.map((p) => p.n));
  const peers = r.peers.filter((p) => p.n === n && p.time_ms !== null && p.quality);
  const qualitySeries: Series[] = [];
  let peerColor = 0;
  for (const p of peers) {
    const ours = p.system.startsWith('merchant-dedup');
    const color = ours ? ourColor(TARGETS.threads) : CHART_COLORS.peers[peerColor++ % CHART_COLORS.peers.length]!;
    qualitySeries.push({ name: `${p.system}, generated`, color, line: false, points: [{ x: p.time_ms! / 1000, y: p.quality!.pairs.f1 }] });
  }
  if (r.real.quality && r.real.wall_ms !== undefined) {
    qualitySeries.push({
      name: `merchant-dedup on real data (${grouped(r.real.records ?? 0)} labelled records, ${r.real.quality.mode})`,
      color: CHART_COLORS.ours[2],
      marker: 'diamond',
      line: false,
      points: [{ x: r.real.wall_ms / 1000, y: r.real.quality.pairs.f1, label: `F1 ${percent(r.real.quality.pairs.f1)}` }],
    });
  }
  if (qualitySeries.length) {
    add(qualitySeries, {
      title: `Pair F1 against time (generated: ${grouped(n)} records)`,
      xLabel: 'seconds (log scale)',
      yLabel: 'pair F1',
      xLog: true,
      yMin: 0,
      yMax: 1,
      legend: 'below',
    });
  }
  return svgDocument(panels, `merchant-dedup bench:scan, commit ${r.commit.slice(0, 12)}, ${r.date.slice(0, 10)}, ${r.machine.cpu}, ${r.machine.cores} cores`, height);
}
