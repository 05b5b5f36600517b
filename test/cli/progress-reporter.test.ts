import { describe, expect, it } from 'vitest';
import { ProgressReporter } from '../../src/cli/progress-reporter.js';

/** A reporter writing into a string, on a clock the test moves. */
function reporter(tty: boolean): { r: ProgressReporter; out: () => string; at: (ms: number) => void } {
  let text = '';
  let now = 0;
  const r = new ProgressReporter((t) => (text += t), { tty, heartbeatSeconds: 3600 }, () => now);
  return { r, out: () => text, at: (ms) => (now = ms) };
}

describe('ProgressReporter without a terminal', () => {
  it('prints one line per phase when it ends, with its count, unit, time and rate', () => {
    const { r, out, at } = reporter(false);
    r.listener({ phase: 'ingest', kind: 'start', fraction: 0, count: 0, unit: 'records' });
    at(1000);
    r.listener({ phase: 'ingest', kind: 'update', fraction: 0.5, count: 50_000, unit: 'records' });
    expect(out()).toBe('');
    at(2000);
    r.listener({ phase: 'ingest', kind: 'end', fraction: 1, count: 100_000, unit: 'records' });
    r.listener({ phase: 'verify', kind: 'start', fraction: 0, count: 0, unit: 'pairs' });
    at(6000);
    r.listener({ phase: 'verify', kind: 'end', fraction: 1, count: 2_000_000, unit: 'pairs' });
    r.finish();
    expect(out()).toBe('ingest done: 100,000 records in 2.0 s (50,000 records/s)\nverify done: 2,000,000 pairs in 4.0 s (500,000 pairs/s)\n');
  });

  it('a heartbeat says where the running phase is: share, count, rate, elapsed, time left', () => {
    const { r, out, at } = reporter(false);
    r.listener({ phase: 'ingest', kind: 'start', fraction: 0, count: 0, unit: 'records' });
    at(10_000);
    r.listener({ phase: 'ingest', kind: 'update', fraction: 0.25, count: 250_000, unit: 'records' });
    r.heartbeat();
    expect(out()).toBe('ingest 25%, 250,000 records, 25,000 records/s, 10.0 s elapsed, about 30.0 s left\n');
    r.finish();
  });

  it('a stream of unknown size shows count, rate and elapsed time, and no share or time left', () => {
    const { r, out, at } = reporter(false);
    r.listener({ phase: 'load', kind: 'start', fraction: null, count: 0, unit: 'records' });
    at(90_000);
    r.listener({ phase: 'load', kind: 'update', fraction: null, count: 900_000, unit: 'records' });
    r.heartbeat();
    expect(out()).toBe('load, 900,000 records, 10,000 records/s, 1 min 30 s elapsed\n');
    r.finish();
    expect(out()).toMatch(/\nload done: 900,000 records in 1 min 30 s \(10,000 records\/s\)\n$/);
  });

  it('ends a phase left open when the next starts or the command finishes', () => {
    const { r, out } = reporter(false);
    r.listener({ phase: 'merge', kind: 'start', fraction: 0, count: 0, unit: 'records' });
    r.listener({ phase: 'block', kind: 'start', fraction: 0, count: 0, unit: 'partitions' });
    r.finish();
    expect(out()).toBe('merge done: 0 records in 0.0 s\nblock done: 0 partitions in 0.0 s\n');
  });
});

describe('ProgressReporter on a terminal', () => {
  it('redraws one line in place with a bar, and leaves the totals when the phase ends', () => {
    const { r, out, at } = reporter(true);
    r.listener({ phase: 'verify', kind: 'start', fraction: 0, count: 0, unit: 'pairs' });
    at(2000);
    r.listener({ phase: 'verify', kind: 'update', fraction: 0.5, count: 1_000_000, unit: 'pairs' });
    at(4000);
    r.listener({ phase: 'verify', kind: 'end', fraction: 1, count: 2_000_000, unit: 'pairs' });
    const frames = out().split('\r\x1b[K').filter((f) => f !== '');
    expect(frames[1]).toBe('verify [############............] 50%, 1,000,000 pairs, 500,000 pairs/s, 2.0 s elapsed, about 2.0 s left');
    expect(frames[frames.length - 1]).toBe('verify done: 2,000,000 pairs in 4.0 s (500,000 pairs/s)\n');
  });
});
