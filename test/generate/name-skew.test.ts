import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus, MAX_SKEW, SKEW_LEVELS } from '../../src/generate/index.js';
import { chainSizeRange, zipfTable } from '../../src/generate/name-skew.js';
import { GENERIC_NAMES } from '../../src/generate/place-names.js';
import { Prng } from '../../src/generate/prng.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';

const N = 6_000;
const SEED = 77;
let dir: string;

/** Names without their bracketed branch or licence tag: what a shop is called. */
function shopNames(ndjson: string): string[] {
  return ndjson.split('\n').filter((l) => l.length > 0).map((l) => (JSON.parse(l) as MerchantRecord).name.replace(/[（(].*?[)）]/g, ''));
}

interface NameStats { distinctShare: number; topTenShare: number; genericShare: number }

function nameStats(names: string[]): NameStats {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  const top = [...counts.values()].sort((a, b) => b - a).slice(0, 10).reduce((s, v) => s + v, 0);
  const generic = new Set(GENERIC_NAMES.map(([n]) => n));
  return {
    distinctShare: counts.size / names.length,
    topTenShare: top / names.length,
    genericShare: names.filter((n) => generic.has(n)).length / names.length,
  };
}

const stats = new Map<string, NameStats>();
const bytes = new Map<string, string>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'name-skew-'));
  for (const [level, skew] of Object.entries(SKEW_LEVELS)) {
    const s = await generateCorpus({ n: N, seed: SEED, outDir: join(dir, level), skew });
    const ndjson = await readFile(s.files.ndjson, 'utf8');
    bytes.set(level, ndjson);
    stats.set(level, nameStats(shopNames(ndjson)));
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('name skew', () => {
  it('is deterministic per seed at every level', async () => {
    for (const [level, skew] of Object.entries(SKEW_LEVELS)) {
      const again = await generateCorpus({ n: N, seed: SEED, outDir: join(dir, level + '-again'), skew });
      expect(await readFile(again.files.ndjson, 'utf8')).toBe(bytes.get(level));
    }
  });

  it('defaults to the default level, and each level gives a different corpus', async () => {
    const d = await generateCorpus({ n: N, seed: SEED, outDir: join(dir, 'unset') });
    expect(await readFile(d.files.ndjson, 'utf8')).toBe(bytes.get('default'));
    expect(bytes.get('low')).not.toBe(bytes.get('default'));
    expect(bytes.get('high')).not.toBe(bytes.get('default'));
  });

  it('repeats names more as the skew grows', () => {
    const low = stats.get('low')!;
    const def = stats.get('default')!;
    const high = stats.get('high')!;
    expect(def.distinctShare).toBeLessThan(low.distinctShare);
    expect(high.distinctShare).toBeLessThan(def.distinctShare);
    expect(def.topTenShare).toBeGreaterThan(low.topTenShare);
    expect(high.topTenShare).toBeGreaterThan(def.topTenShare);
    // Generic names (沙县小吃) beyond the planted generic hard negatives come with the skew.
    expect(def.genericShare).toBeGreaterThan(low.genericShare + 0.02);
    expect(high.genericShare).toBeGreaterThan(def.genericShare + 0.02);
  });

  it('grows chains with the skew and keeps the unskewed range at 0', () => {
    expect(chainSizeRange(0)).toEqual([3, 40]);
    expect(chainSizeRange(SKEW_LEVELS.default)[1]).toBe(200);
    expect(chainSizeRange(SKEW_LEVELS.high)[1]).toBe(400);
  });

  it('draws Zipf frequencies: rank 1 about 2^s times rank 2', () => {
    const prng = new Prng(5);
    const table = zipfTable(['a', 'b', 'c', 'd'], 2);
    const counts = new Map<string, number>();
    for (let i = 0; i < 40_000; i++) {
      const x = table.pick(prng);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    const ratio = counts.get('a')! / counts.get('b')!;
    expect(ratio).toBeGreaterThan(3.6);
    expect(ratio).toBeLessThan(4.4);
  });

  it.each([[-0.5], [MAX_SKEW + 1], [Number.NaN]])('rejects skew %s', async (skew) => {
    await expect(generateCorpus({ n: 10, seed: 1, outDir: join(dir, 'never'), skew })).rejects.toMatchObject({
      code: 'E_BAD_ARGS',
      message: `options.skew must be a number between 0 and ${MAX_SKEW}, got ${String(skew)}`,
    });
  });
});
