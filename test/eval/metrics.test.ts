import { describe, expect, it } from 'vitest';
import { uniquePairs } from '../../src/candidates/unique-pairs.js';
import { evaluateEntities, evaluateLinkage } from '../../src/eval/metrics.js';

// Six records: entities {0,1,2}, {3,4}, {5}. Figures below were computed by hand.
const entity = Int32Array.from([0, 0, 0, 1, 1, 2]);

describe('evaluateEntities', () => {
  it('scores pairs, closure and B-cubed as computed by hand', () => {
    // (1,0) repeats (0,1); (2,2) is a self-pair: both ignored.
    const pairs = Int32Array.from([0, 1, 1, 2, 2, 5, 3, 4, 1, 0, 2, 2]);
    const r = evaluateEntities(entity, 3, 6, pairs);
    expect(r.pairs).toMatchObject({ predicted: 4, truePositives: 3, actual: 4, precision: 0.75, recall: 0.75 });
    // Closure: clusters {0,1,2,5} (6 pairs, 3 true) and {3,4} (1 pair, true).
    expect(r.closure).toMatchObject({ predicted: 7, truePositives: 4, actual: 4, recall: 1 });
    expect(r.closure.precision).toBeCloseTo(4 / 7, 12);
    // B-cubed precision: (3/4 * 3 + 1/4 + 1 + 1) / 6 = 0.75; recall 1.
    expect(r.bcubed.precision).toBeCloseTo(0.75, 12);
    expect(r.bcubed.recall).toBe(1);
    expect(r.bcubed.f1).toBeCloseTo(6 / 7, 12);
  });

  it('counts pairs touching ids absent from the truth as false positives', () => {
    const withUnknown = Int32Array.from([0, 0, 0, 1, 1, 2, 3]); // index 6: unknown id, its own entity
    const r = evaluateEntities(withUnknown, 4, 6, Int32Array.from([0, 1, 0, 6]));
    expect(r.pairs).toMatchObject({ predicted: 2, truePositives: 1 });
  });

  it('treats an empty prediction as precise and recall-free', () => {
    const r = evaluateEntities(entity, 3, 6, new Int32Array(0));
    expect(r.pairs).toMatchObject({ predicted: 0, precision: 1, recall: 0, f1: 0 });
    expect(r.bcubed.precision).toBe(1);
    expect(r.bcubed.recall).toBeCloseTo((1 / 3) * 3 / 6 + (1 / 2) * 2 / 6 + 1 / 6, 12);
  });
});

describe('evaluateLinkage', () => {
  it('scores only cross-source pairs, raw and after closure', () => {
    const source = Int8Array.from([0, 0, 0, 1, 1, 1]);
    const positives = Int32Array.from([0, 3, 4, 1]);
    const pairs = Int32Array.from([0, 3, 1, 5, 0, 1, 2, 4]);
    const r = evaluateLinkage(source, positives, pairs);
    expect(r.positives).toBe(2);
    expect(r.pairs).toMatchObject({ predicted: 3, truePositives: 1, precision: 1 / 3, recall: 0.5 });
    // Closure: {0,1,3,5} gives 2x2 cross pairs, {2,4} one; only (0,3) is a labelled match inside one.
    expect(r.closure).toMatchObject({ predicted: 5, truePositives: 1, precision: 0.2, recall: 0.5 });
  });
});

describe('uniquePairs', () => {
  it('orders, de-duplicates and drops self-pairs', () => {
    expect([...uniquePairs(Int32Array.from([5, 2, 2, 5, 3, 3, 0, 9]))]).toEqual([0, 9, 2, 5]);
  });
});
