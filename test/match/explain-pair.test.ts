import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/generate/index.js';
import { explainPair } from '../../src/match/explain-pair.js';
import { scanCorpus, type ScanResult } from '../../src/scan/scan-corpus.js';
import { runScan } from '../../src/scan/run-scan.js';
import { TextColumn } from '../../src/store/feature-columns.js';
import { textOf } from '../../src/store/feature-store.js';
import { runCli } from '../fixtures/run-cli.js';

let dir: string;
let input: string;
let out: string;
let scan: ScanResult;
/** pairs.csv rows as [a_id, b_id, score text]. */
let pairs: [string, string, string][];

const run = runCli;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'explain-'));
  await generateCorpus({ n: 2500, seed: 9, outDir: join(dir, 'corpus') });
  input = join(dir, 'corpus', 'merchants.ndjson');
  out = join(dir, 'out');
  await runScan({ input, outDir: out, threads: 2 });
  scan = await scanCorpus({ kind: 'file', path: input, format: 'ndjson' }, { threads: 1 });
  pairs = (await readFile(join(out, 'pairs.csv'), 'utf8'))
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').slice(0, 3) as [string, string, string]);
});

describe('explain', () => {
  it("scores every pair of a corpus exactly as pairs.csv has it, and its weights add up to the score", () => {
    const index = new Map<string, number>();
    for (let g = 0; g < scan.store.count; g++) index.set(textOf(scan.store, g, TextColumn.MerchantId), g);
    expect(pairs.length).toBeGreaterThan(100);
    for (const [a, b, score] of pairs) {
      const x = explainPair(scan.store, scan.context, index.get(a)!, index.get(b)!);
      expect(x.score.toFixed(4), `${a} ~ ${b}`).toBe(score);
      const sum = x.fields.reduce((s, f) => s + f.weight, 0);
      expect(Math.abs(sum - x.logOdds)).toBeLessThan(0.01);
      expect(1 / (1 + Math.exp(-x.logOdds))).toBeCloseTo(x.score, 3);
    }
  });

  it('prints the contract JSON on --json, with both records and a score equal to pairs.csv', async () => {
    const [a, b, score] = pairs[pairs.length >> 1]!;
    const r = await run(['explain', a, b, '--input', input, '--threads', '1', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { a: { merchant_id: string }; b: { merchant_id: string }; fields: Record<string, unknown>[]; score: number };
    expect(j.a.merchant_id).toBe(a);
    expect(j.b.merchant_id).toBe(b);
    expect(j.score.toFixed(4)).toBe(score);
    for (const f of j.fields) expect(Object.keys(f).sort()).toEqual(['a', 'b', 'comparison', 'field', 'weight']);
    expect(j.fields.map((f) => f.field)).toContain('name');
  });

  it('names an unknown merchant_id and exits 1', async () => {
    const r = await run(['explain', pairs[0]![0], 'NO-SUCH-ID', '--input', input, '--threads', '1']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/NO-SUCH-ID is not among the accepted records/);
  });
});

describe('show', () => {
  it("prints a merchant's cluster with names and its pairs", async () => {
    const [a, b] = pairs[0]!;
    const r = await run(['show', a, '--input', input, '--out', out, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { cluster_id: string; members: { merchant_id: string; name: string; is_canonical: boolean }[]; pairs: { a_id: string; b_id: string }[] };
    expect(j.cluster_id).toMatch(/^C[0-9a-f]{16}$/);
    expect(j.members.map((m) => m.merchant_id)).toEqual(expect.arrayContaining([a, b]));
    expect(j.members.filter((m) => m.is_canonical)).toHaveLength(1);
    for (const m of j.members) expect(m.name).toBeTruthy();
    expect(j.pairs).toContainEqual(expect.objectContaining({ a_id: a, b_id: b }));
  });
});
