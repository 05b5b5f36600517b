import { describe, expect, it } from 'vitest';
import type { ScanBenchRecord, ScanRunFigures } from '../../bench/scan/scan-record.js';
import { cpuCeiling, skewTargetRows } from '../../bench/scan/skew-targets.js';

function scan(n: number, threads: number, wallMs: number, candidates: number, rssMb: number): ScanRunFigures {
  return {
    n, threads, wall_ms: wallMs, process_ms: wallMs, phases_ms: {}, records_per_second: 0, peak_rss_mb: rssMb,
    counts: { candidate_pairs: candidates } as ScanRunFigures['counts'], capped: {} as ScanRunFigures['capped'], pairs_sha1: '', load_before: 0,
  };
}

function record(scans: ScanRunFigures[], f1: number): ScanBenchRecord {
  return {
    options: { n: [], threads: [], seed: 1, peers: [], skew: 'high' },
    floors: [{ n: 1_000_000, bytes: 1, read_ms: 1, read_parse_ms: 8_000 }],
    scans,
    quality: [{ n: 1_000_000, quality: { pairs: { precision: 1, recall: 1, f1 } } as never, identical_across_threads: true }],
  } as unknown as ScanBenchRecord;
}

const verdicts = (r: ScanBenchRecord): (boolean | null)[] => skewTargetRows(r).map((t) => t.ok);

describe('skewTargetRows (issue 11 targets from a bench:scan record)', () => {
  it('meets every target on figures inside them', () => {
    const r = record([
      scan(250_000, 2, 6_000, 1_000_000, 500),
      scan(1_000_000, 1, 43_000, 4_200_000, 1_000),
      scan(1_000_000, 2, 23_000, 4_200_000, 1_100),
      scan(4_000_000, 2, 100_000, 17_000_000, 4_000),
    ], 0.995);
    expect(verdicts(r)).toEqual([true, true, true, true, true, true, true]);
  });

  it('misses each target on figures outside it, and says so when a figure is absent', () => {
    const r = record([
      scan(250_000, 2, 6_000, 1_000_000, 500),
      scan(1_000_000, 1, 40_000, 8_000_000, 1_300),
      scan(1_000_000, 2, 25_000, 8_000_000, 1_300),
      scan(4_000_000, 2, 120_000, 40_000_000, 5_000),
    ], 0.98);
    expect(verdicts(r)).toEqual([false, false, false, false, false, false, false]);
    expect(verdicts(record([scan(1_000_000, 2, 20_000, 1, 1)], 1))).toEqual([true, null, null, null, true, null, true]);
  });

  it('bounds the 1 → 2 threads speed-up by the two-thread run\'s CPU time over the cores', () => {
    const one = { ...scan(1_000_000, 1, 21_500, 1, 1), cpu_ms: 24_100 };
    const two = { ...scan(1_000_000, 2, 14_000, 1, 1), cpu_ms: 26_400 };
    // 26.4 s of CPU on 2 cores takes at least 13.2 s: 21.5 / 13.2 = 1.63x at most.
    expect(cpuCeiling(one, two, 2)).toBe(' (the 2-thread run used 26.40 s of CPU, against 24.10 s at 1 thread: on 2 cores no less than 13.20 s, so at most 1.63x)');
    // More cores lift the ceiling; records without CPU time, or without a core count, say nothing.
    expect(cpuCeiling(one, two, 4)).toContain('no less than 6.60 s, so at most 3.26x');
    expect(cpuCeiling(scan(1_000_000, 1, 21_500, 1, 1), two, 2)).toContain('used 26.40 s of CPU: on 2 cores');
    expect(cpuCeiling(one, scan(1_000_000, 2, 14_000, 1, 1), 2)).toBe('');
    expect(cpuCeiling(one, two, undefined)).toBe('');
    const r = { ...record([one, two], 1), machine: { cores: 2 } } as unknown as ScanBenchRecord;
    expect(skewTargetRows(r)[1]!.measured).toBe('21.50 s / 14.00 s = 1.54x (the 2-thread run used 26.40 s of CPU, against 24.10 s at 1 thread: on 2 cores no less than 13.20 s, so at most 1.63x)');
  });
});
