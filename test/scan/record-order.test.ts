/**
 * Results do not depend on record order: the same records shuffled give the same pairs (with the same
 * scores and evidence) and the same clusters (members, canonical record, cluster id).
 */
import fc from 'fast-check';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/generate/index.js';
import { runScan } from '../../src/scan/run-scan.js';

let dir: string;
let lines: string[];
let baseline: { pairs: string[]; clusters: string[] };
let cappedBaseline: { pairs: string[]; clusters: string[] };
let run = 0;
/** Tiny caps, so that giant-bucket capping and its sorted neighbourhood are exercised on a small corpus. */
const CAPPED = { bucketCap: 5, window: 2 };

/** pairs.csv and clusters.csv rows as sets: their order follows the input's by design. */
async function scanLines(records: readonly string[], settings: { bucketCap?: number; window?: number } = {}): Promise<{ pairs: string[]; clusters: string[] }> {
  const n = ++run;
  const input = join(dir, `shuffled-${n}.ndjson`);
  await writeFile(input, records.join('\n') + '\n');
  const out = join(dir, `out-${n}`);
  await runScan({ input, outDir: out, threads: 2, ...settings });
  const rowsOf = async (f: string): Promise<string[]> => (await readFile(join(out, f), 'utf8')).trim().split('\n').slice(1).sort();
  return { pairs: await rowsOf('pairs.csv'), clusters: await rowsOf('clusters.csv') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'order-test-'));
  await generateCorpus({ n: 400, seed: 11, outDir: join(dir, 'corpus') });
  lines = (await readFile(join(dir, 'corpus', 'merchants.ndjson'), 'utf8')).trim().split('\n');
  baseline = await scanLines(lines);
  cappedBaseline = await scanLines(lines, CAPPED);
});

describe('record order', () => {
  it('shuffled input gives the same pairs and clusters (property)', async () => {
    expect(baseline.pairs.length).toBeGreaterThan(30);
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(lines.map((_, i) => i), { minLength: lines.length, maxLength: lines.length }), async (order) => {
        const shuffled = await scanLines(order.map((i) => lines[i]!));
        expect(shuffled.pairs).toEqual(baseline.pairs);
        expect(shuffled.clusters).toEqual(baseline.clusters);
      }),
      { numRuns: 3 },
    );
  });

  it('the same holds when giant buckets are capped (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(lines.map((_, i) => i), { minLength: lines.length, maxLength: lines.length }), async (order) => {
        const shuffled = await scanLines(order.map((i) => lines[i]!), CAPPED);
        expect(shuffled.pairs).toEqual(cappedBaseline.pairs);
        expect(shuffled.clusters).toEqual(cappedBaseline.clusters);
      }),
      { numRuns: 2 },
    );
  });
});
