import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/generate/index.js';
import { scanCorpus, type ScanResult } from '../../src/scan/scan-corpus.js';
import { dot } from '../../src/train/fit-logistic.js';
import { featuresOf, layoutOf, vectorOf, weightsOf } from '../../src/train/weight-vector.js';
import { DEFAULT_WEIGHTS, type MatchWeights } from '../../src/verify/match-weights.js';
import { emptyEvidence, TERM_COUNT, verifyPair } from '../../src/verify/verify-pair.js';

/** A table unlike the defaults in every weight, so that a feature paired with the wrong weight shows. */
function scrambled(): MatchWeights {
  const v = vectorOf(DEFAULT_WEIGHTS);
  for (let j = 0; j < v.length; j++) v[j] = v[j]! * 0.7 + ((j * 37) % 11) / 10 - 0.5;
  return weightsOf(v, DEFAULT_WEIGHTS);
}

let scan: ScanResult;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'weight-vector-'));
  await generateCorpus({ n: 2000, seed: 9, outDir: dir });
  // Threshold 0: every candidate pair is verified in full and kept, as training reads them.
  scan = await scanCorpus({ kind: 'file', path: join(dir, 'merchants.ndjson'), format: 'ndjson' }, { threads: 2, threshold: 0 });
});

describe('the weights table as a vector', () => {
  it('round-trips: the vector of a table rebuilds the table', () => {
    const w = scrambled();
    expect(weightsOf(vectorOf(w), DEFAULT_WEIGHTS)).toEqual(w);
    expect(weightsOf(vectorOf(DEFAULT_WEIGHTS), DEFAULT_WEIGHTS)).toEqual(DEFAULT_WEIGHTS);
    expect(layoutOf(DEFAULT_WEIGHTS).size).toBe(vectorOf(DEFAULT_WEIGHTS).length);
    expect(new Set(layoutOf(DEFAULT_WEIGHTS).names).size).toBe(layoutOf(DEFAULT_WEIGHTS).size);
  });

  it('gives every candidate pair a feature vector whose product with the table is the log-odds verification sums', () => {
    expect(scan.pairs.count).toBeGreaterThan(1000);
    for (const weights of [DEFAULT_WEIGHTS, scrambled()]) {
      const ctx = { ...scan.context, weights };
      const theta = vectorOf(weights);
      const x = new Float64Array(theta.length);
      const ev = emptyEvidence();
      let worst = 0;
      for (let i = 0; i < scan.pairs.count; i++) {
        const a = scan.pairs.a[i]!;
        const b = scan.pairs.b[i]!;
        verifyPair(scan.store, ctx, a, b, ev, 0);
        let sum = 0;
        for (let k = 0; k < TERM_COUNT; k++) sum += ev.weights[k]!;
        worst = Math.max(worst, Math.abs(dot(featuresOf(scan.store, ctx, a, b, ev, x), 0, theta) - sum));
      }
      expect(worst).toBeLessThan(1e-9);
    }
  });
});
