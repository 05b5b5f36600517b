/**
 * The targets of issue 11 ("speed and memory on realistic name skew"), computed from bench:scan records:
 * one table per skew setting, from the latest recorded run at that setting (`npm run bench:scan -- --skew
 * default` and `--skew high` are separate runs, each over the corpus sizes it was given).
 */
import { grouped, ratio, seconds } from '../lib/format.js';
import type { ScanBenchRecord, ScanRunFigures } from './scan-record.js';
import type { TargetRow } from './scan-report.js';

export const SKEW_TARGETS = {
  records: 1_000_000,
  threads: 2,
  /** Wall time at 1M on 2 threads, as a multiple of the one-thread read + JSON.parse floor. */
  floorRatio: 3,
  /** 1 → 2 threads at 1M. */
  speedup: 1.8,
  /** Candidate pairs per record may differ by this share between the smallest and the largest corpus. */
  candidatesDrift: 0.2,
  /** The largest corpus's wall time over the 1M one's, per unit of size ratio (4M ≤ 4.4× 1M). */
  sizeSlack: 1.1,
  peakRssMb: 1.2 * 1024,
  /** Marginal peak RSS per record above the runtime's base. */
  bytesPerRecord: 1024,
  f1: 0.99,
} as const;

/** The record's skew label; runs from before the option used the generator's default of their day. */
export function skewOf(r: ScanBenchRecord): string {
  return r.options.skew ?? 'not recorded (the generator default of the day)';
}

const at = (r: ScanBenchRecord, n: number, threads: number): ScanRunFigures | undefined => r.scans.find((s) => s.n === n && s.threads === threads);

export function skewTargetRows(r: ScanBenchRecord): TargetRow[] {
  const T = SKEW_TARGETS;
  const rows: TargetRow[] = [];
  const two = at(r, T.records, T.threads);
  const one = at(r, T.records, 1);
  const floor = r.floors.find((f) => f.n === T.records);
  rows.push({
    target: `1M records, ${T.threads} threads: wall <= ${T.floorRatio}x the one-thread read + JSON.parse floor`,
    measured: two && floor ? `${seconds(two.wall_ms)} s / ${seconds(floor.read_parse_ms)} s = ${ratio(two.wall_ms / floor.read_parse_ms)}` : '-',
    ok: two && floor ? two.wall_ms / floor.read_parse_ms <= T.floorRatio : null,
  });
  rows.push({
    target: `1 → 2 threads >= ${T.speedup}x at 1M`,
    measured: one && two ? `${seconds(one.wall_ms)} s / ${seconds(two.wall_ms)} s = ${ratio(one.wall_ms / two.wall_ms)}${cpuCeiling(one, two, r.machine?.cores)}` : '-',
    ok: one && two ? one.wall_ms / two.wall_ms >= T.speedup : null,
  });
  // Size figures at the most threads of the run.
  const threads = Math.max(...r.scans.map((s) => s.threads));
  const bySize = r.scans.filter((s) => s.threads === threads).sort((a, b) => a.n - b.n);
  const small = bySize[0];
  const large = bySize[bySize.length - 1];
  const perRecord = (s: ScanRunFigures): number => s.counts.candidate_pairs / s.n;
  rows.push({
    target: `candidate pairs per record within ±${T.candidatesDrift * 100}% from the smallest to the largest corpus`,
    measured: bySize.length > 1 ? bySize.map((s) => `${perRecord(s).toFixed(2)} at ${grouped(s.n)}`).join(', ') + ` (${signedPercent(perRecord(large!) / perRecord(small!) - 1)})` : '-',
    ok: bySize.length > 1 ? Math.abs(perRecord(large!) / perRecord(small!) - 1) <= T.candidatesDrift : null,
  });
  const mid = bySize.find((s) => s.n === T.records);
  rows.push({
    target: `the largest corpus <= ${T.sizeSlack}x its size ratio times the 1M wall (4M <= 4.4x)`,
    measured: mid && large && large.n > mid.n ? `${grouped(large.n)}: ${seconds(large.wall_ms)} s / ${seconds(mid.wall_ms)} s = ${ratio(large.wall_ms / mid.wall_ms)} (limit ${ratio((large.n / mid.n) * T.sizeSlack)})` : '-',
    ok: mid && large && large.n > mid.n ? large.wall_ms / mid.wall_ms <= (large.n / mid.n) * T.sizeSlack : null,
  });
  rows.push({
    target: `peak RSS <= ${(T.peakRssMb / 1024).toFixed(1)} GB at 1M (${T.threads} threads)`,
    measured: two ? `${grouped(two.peak_rss_mb)} MB` : '-',
    ok: two ? two.peak_rss_mb <= T.peakRssMb : null,
  });
  rows.push({
    target: `peak RSS linear, <= ${T.bytesPerRecord} B a record above the runtime's base`,
    measured: bySize.length > 1 ? `${bySize.map((s) => `${grouped(s.peak_rss_mb)} MB at ${grouped(s.n)}`).join(', ')}; ${marginalBytes(small!, large!).toFixed(0)} B a record` : '-',
    ok: bySize.length > 1 ? marginalBytes(small!, large!) <= T.bytesPerRecord : null,
  });
  const f1s = r.quality.map((q) => q.quality.pairs.f1);
  rows.push({
    target: `generator pairs F1 >= ${T.f1}`,
    measured: f1s.length ? r.quality.map((q) => `${(100 * q.quality.pairs.f1).toFixed(2)} at ${grouped(q.n)}`).join(', ') : '-',
    ok: f1s.length ? Math.min(...f1s) >= T.f1 : null,
  });
  return rows;
}

/**
 * What the two-thread run's CPU time allows: spread perfectly over the machine's cores it could take no less
 * than cpu / cores, so the speed-up over the one-thread run is at most one.wall / (cpu / cores). Empty when
 * the record has no CPU time (runs before it was measured).
 */
export function cpuCeiling(one: ScanRunFigures, two: ScanRunFigures, cores: number | undefined): string {
  if (two.cpu_ms === undefined || !cores) return '';
  const floorMs = two.cpu_ms / cores;
  const cpuOne = one.cpu_ms === undefined ? '' : `, against ${seconds(one.cpu_ms)} s at 1 thread`;
  return ` (the ${two.threads}-thread run used ${seconds(two.cpu_ms)} s of CPU${cpuOne}: on ${cores} cores no less than ` +
    `${seconds(floorMs)} s, so at most ${ratio(one.wall_ms / floorMs)})`;
}

/** Peak RSS per record between two corpus sizes (MiB figures): the slope, free of the fixed base. */
function marginalBytes(a: ScanRunFigures, b: ScanRunFigures): number {
  return ((b.peak_rss_mb - a.peak_rss_mb) * 2 ** 20) / (b.n - a.n);
}

function signedPercent(x: number): string {
  return `${x >= 0 ? '+' : ''}${(100 * x).toFixed(0)}%`;
}
