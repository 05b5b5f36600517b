import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/generate/index.js';
import { scanCorpus, type ScanResult } from '../../src/scan/scan-corpus.js';

let input: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keep-keys-'));
  await generateCorpus({ n: 3000, seed: 9, outDir: dir, ringShare: 0.05 });
  input = join(dir, 'merchants.ndjson');
});

const scan = (keepKeys: boolean): Promise<ScanResult> =>
  scanCorpus({ kind: 'file', path: input, format: 'ndjson' }, { threads: 2, shardBytes: 64 * 1024, keepKeys, keepKeyCounts: keepKeys });

describe('blocking keys and their counts after the scan', () => {
  it('are dropped by default and kept with keepKeys and keepKeyCounts, with the same pairs, scores, clusters and risk alerts either way', async () => {
    const [dropped, kept] = [await scan(false), await scan(true)];
    expect(dropped.keys).toEqual([]);
    expect(dropped.keyCounts.every((c) => c.length === 0)).toBe(true);
    const counted = kept.keyCounts.reduce((n, c) => n + c.length, 0);
    expect(counted).toBeGreaterThan(0);
    expect(counted % 4).toBe(0);
    expect(Array.from(dropped.pairs.score)).toEqual(Array.from(kept.pairs.score));
    expect(kept.keys.length).toBeGreaterThan(0);
    // Every accepted record has keys, with global record indices.
    const seen = new Uint8Array(kept.store.count);
    for (const partition of kept.keys) for (const { entries, base } of partition) for (let i = 2; i < entries.length; i += 3) seen[entries[i]! + base] = 1;
    expect(seen.every((x) => x === 1)).toBe(true);
    expect(Array.from(dropped.pairs.a)).toEqual(Array.from(kept.pairs.a));
    expect(Array.from(dropped.pairs.b)).toEqual(Array.from(kept.pairs.b));
    expect(dropped.clusterIds).toEqual(kept.clusterIds);
    expect(dropped.risk.summary.alerts).toBeGreaterThan(0);
    expect(dropped.risk.summary).toEqual(kept.risk.summary);
  });
});
