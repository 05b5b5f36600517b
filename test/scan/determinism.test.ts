import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEval } from '../../src/eval/run-eval.js';
import { generateCorpus } from '../../src/generate/index.js';
import { runScan } from '../../src/scan/run-scan.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'determinism-'));
  await generateCorpus({ n: 6000, seed: 11, outDir: join(dir, 'corpus') });
});

const read = (p: string): Promise<string> => readFile(p, 'utf8');

describe('scan determinism', () => {
  it('writes byte-identical pairs.csv, clusters.csv and risk files for 1, 2 and 4 threads and any shard size', async () => {
    const input = join(dir, 'corpus', 'merchants.ndjson');
    const runs = [
      { threads: 1 },
      { threads: 2 },
      { threads: 4, shardBytes: 64 * 1024 },
    ];
    const outputs: string[][] = [];
    for (const [i, r] of runs.entries()) {
      const out = join(dir, `out-${i}`);
      const s = await runScan({ input, outDir: out, ...r });
      expect(s.threads).toBe(r.threads);
      outputs.push(await Promise.all(['pairs.csv', 'clusters.csv', 'risk_alerts.csv', 'risk_members.csv'].map((f) => read(join(out, f)))));
    }
    expect(outputs[0]![0]!.split('\n').length).toBeGreaterThan(500);
    expect(outputs[0]![2]!.split('\n').length).toBeGreaterThan(10);
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });

  it('finds the same pairs from the CSV as from the NDJSON of one corpus', async () => {
    const csvOut = join(dir, 'csv-out');
    const s = await runScan({ input: join(dir, 'corpus', 'merchants.csv'), outDir: csvOut, threads: 2 });
    expect(s.counts).toMatchObject({ read: 6000, rejected: 0 });
    expect(await read(join(csvOut, 'pairs.csv'))).toBe(await read(join(dir, 'out-0', 'pairs.csv')));
  });

  it('meets the quality bar on its own generator (small corpus)', async () => {
    const r = await runEval({ truth: join(dir, 'corpus', 'truth.csv'), pairs: join(dir, 'out-0', 'pairs.csv') });
    if (r.mode !== 'entities') throw new Error('expected entity truth');
    expect(r.pairs.precision).toBeGreaterThanOrEqual(0.98);
    expect(r.pairs.recall).toBeGreaterThanOrEqual(0.95);
  });
});
