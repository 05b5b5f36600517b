import { describe, expect, it } from 'vitest';
import { emitBucketPairs, emptyBucketStats, pairPartition, type KeyEntries } from '../../src/candidates/bucket-pairs.js';
import { KeyKind, withKind } from '../../src/candidates/key-kinds.js';
import { sortKeyOrder } from '../../src/candidates/sort-keys.js';
import { GrowableU32 } from '../../src/store/growable-array.js';

function entries(list: [number, number, number][]): KeyEntries {
  return {
    hi: Uint32Array.from(list.map((e) => e[0])),
    lo: Uint32Array.from(list.map((e) => e[1])),
    rec: Uint32Array.from(list.map((e) => e[2])),
    n: list.length,
  };
}

function collect(out: GrowableU32[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (const g of out) for (let i = 0; i < g.length; i += 2) pairs.push([g.data[i]!, g.data[i + 1]!]);
  return pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

describe('emitBucketPairs', () => {
  const phone = withKind(KeyKind.Phone, 1);
  const uscc = withKind(KeyKind.Uscc, 1);

  it('emits every pair of a small bucket once, a < b, and skips rejected records', () => {
    const e = entries([
      [phone, 9, 4],
      [uscc, 9, 0],
      [phone, 9, 1],
      [phone, 9, 2],
      [uscc, 9, 3],
      [phone, 9, 7],
    ]);
    const skip = new Uint8Array(8);
    skip[7] = 1;
    const out = [new GrowableU32(), new GrowableU32(), new GrowableU32()];
    const stats = emptyBucketStats();
    emitBucketPairs(e, sortKeyOrder(e.hi, e.lo, e.n), skip, [], { cap: 10, window: 2 }, out, stats);
    expect(collect(out)).toEqual([
      [0, 3],
      [1, 2],
      [1, 4],
      [2, 4],
    ]);
    expect(stats.buckets[KeyKind.Phone]).toBe(1);
    expect(stats.largest[KeyKind.Phone]).toBe(3);
    // Routed by pair hash: each pair sits in the partition its hash names.
    out.forEach((g, q) => {
      for (let i = 0; i < g.length; i += 2) expect(pairPartition(g.data[i]!, g.data[i + 1]!, 3)).toBe(q);
    });
  });

  it('caps a giant bucket with a sorted neighbourhood and counts the avoided pairs', () => {
    const m = 50;
    const list: [number, number, number][] = [];
    for (let g = 0; g < m; g++) list.push([phone, 5, g]);
    const e = entries(list);
    // Neighbourhood order: records interleaved, so neighbours in the order are not neighbours by index.
    const order = new Float64Array(m);
    for (let g = 0; g < m; g++) order[g] = (g * 7) % m;
    const out = [new GrowableU32()];
    const stats = emptyBucketStats();
    emitBucketPairs(e, sortKeyOrder(e.hi, e.lo, e.n), new Uint8Array(m), [order], { cap: 10, window: 3 }, out, stats);
    const pairs = collect(out);
    expect(pairs.length).toBe(3 * m - 6); // each of m members pairs with up to 3 following ones
    expect(stats.capped[KeyKind.Phone]).toBe(1);
    expect(stats.avoided[KeyKind.Phone]).toBe((m * (m - 1)) / 2 - pairs.length);
    for (const [a, b] of pairs) expect(a).toBeLessThan(b);
  });
});
