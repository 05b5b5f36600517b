import { describe, expect, it } from 'vitest';
import { emitBucketPairs, emptyBucketStats, NearRule, pairPartition, distinctRecordsOf, type BucketFacts, type KeyEntries } from '../../src/candidates/bucket-pairs.js';
import { KeyKind, withKind } from '../../src/candidates/key-kinds.js';
import { sortEntries } from '../../src/candidates/bucket-members.js';
import { NUM_COLUMNS, NumColumn } from '../../src/store/feature-columns.js';
import { GrowableU32 } from '../../src/store/growable-array.js';
import { identifierMask } from '../../src/verify/match-context.js';

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
    emitBucketPairs(sortEntries(e), skip, { orders: [], sameNameCity: null }, { cap: 10, window: 2 }, out, stats);
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
    emitBucketPairs(sortEntries(e), new Uint8Array(m), { orders: [{ primary: order, secondary: null }], sameNameCity: null }, { cap: 10, window: 3 }, out, stats);
    const pairs = collect(out);
    expect(pairs.length).toBe(3 * m - 6); // each of m members pairs with up to 3 following ones
    expect(stats.capped[KeyKind.Phone]).toBe(1);
    expect(stats.avoided[KeyKind.Phone]).toBe((m * (m - 1)) / 2 - pairs.length);
    for (const [a, b] of pairs) expect(a).toBeLessThan(b);
  });

  it('leaves pairs of one name in one city out of NameBand buckets, and out of no other kind', () => {
    const band = withKind(KeyKind.NameBand, 3);
    const e = entries([[band, 1, 0], [band, 1, 1], [band, 1, 2], [phone, 1, 0], [phone, 1, 1]]);
    // Records 0 and 1 carry the same name in the same city: their NameCity key finds them.
    const sameNameCity = (a: number, b: number): boolean => a + b === 1;
    const out = [new GrowableU32()];
    const stats = emptyBucketStats();
    // Three members are over the NameBand cap (bucket-policy.ts): two orders of window 1 meet every pair.
    const orders = [{ primary: Float64Array.from([0, 1, 2]), secondary: null }, { primary: Float64Array.from([0, 2, 1]), secondary: null }];
    emitBucketPairs(sortEntries(e), new Uint8Array(3), { orders, sameNameCity }, { cap: 10, window: 2 }, out, stats);
    expect(collect(out)).toEqual([[0, 1], [0, 2], [1, 2]]); // [0, 1] once, from the phone bucket
    expect(stats.emitted[KeyKind.NameBand]).toBe(2);
    expect(stats.emitted[KeyKind.Phone]).toBe(1);
  });

  it('walks no capped NameBand bucket whose members all share one NameCity key, and counts its pairs avoided', () => {
    const band = withKind(KeyKind.NameBand, 3);
    const chain = [0, 1, 2, 3];
    const e = entries([...chain.map((r): [number, number, number] => [band, 1, r]), [band, 2, 0], [band, 2, 4], [band, 2, 5]]);
    // Records 0-3 are one chain in one city; 4 and 5 are other shops.
    const sameNameCity = (a: number, b: number): boolean => a < 4 && b < 4;
    const orders = [{ primary: Float64Array.from([0, 1, 2, 3, 4, 5]), secondary: null }];
    const out = [new GrowableU32()];
    const stats = emptyBucketStats();
    emitBucketPairs(sortEntries(e), new Uint8Array(6), { orders, sameNameCity }, { cap: 10, window: 1 }, out, stats);
    // The chain's bucket emits nothing; the mixed bucket walks its order: 0-4 and 4-5.
    expect(collect(out)).toEqual([[0, 4], [4, 5]]);
    expect(stats.capped[KeyKind.NameBand]).toBe(2);
    expect(stats.avoided[KeyKind.NameBand]).toBe(6 + 1);
  });

  it('emits a pair found by two neighbourhood passes once, and breaks ties by the secondary order', () => {
    const m = 30;
    const list: [number, number, number][] = [];
    for (let g = 0; g < m; g++) list.push([phone, 5, g]);
    const e = entries(list);
    // One primary value for all: only the secondary decides who is next to whom.
    const flat = new Float64Array(m);
    const secondary = new Float64Array(m);
    for (let g = 0; g < m; g++) secondary[g] = (g * 11) % m;
    const out = [new GrowableU32()];
    const stats = emptyBucketStats();
    const orders = [{ primary: flat, secondary }, { primary: secondary, secondary: null }];
    emitBucketPairs(sortEntries(e), new Uint8Array(m), { orders, sameNameCity: null }, { cap: 10, window: 1 }, out, stats);
    const pairs = collect(out);
    // Both passes sort by `secondary`: the second finds nothing new.
    expect(pairs.length).toBe(m - 1);
    expect(stats.emitted[KeyKind.Phone]).toBe(m - 1);
    const rank = new Map(Array.from(secondary, (v, g) => [g, v] as const));
    for (const [a, b] of pairs) expect(Math.abs(rank.get(a)! - rank.get(b)!)).toBe(1);
  });
  it('pairs records of a dense key only when not far apart, and leaves identifier keys alone', () => {
    const city = withKind(KeyKind.NameCity, 4);
    // Records 0-2 in one small NameCity bucket, 0 and 2 also share a phone; record 2 stands 5 km off.
    const e = entries([[city, 1, 0], [city, 1, 1], [city, 1, 2], [phone, 1, 0], [phone, 1, 2]]);
    const latLng = Float64Array.from([30.274, 120.155, 30.275, 120.156, 30.319, 120.155]);
    const place = { latLng, apartDegrees: 0.01, neighbourDegrees: 0.003 };
    const out = [new GrowableU32()];
    const stats = emptyBucketStats();
    emitBucketPairs(sortEntries(e), new Uint8Array(3), { orders: [], sameNameCity: null, place }, { cap: 10, window: 2 }, out, stats);
    expect(collect(out)).toEqual([[0, 1], [0, 2]]); // [0, 2] from the phone, which knows no distance
    expect(stats.emitted[KeyKind.NameCity]).toBe(1);
    expect(stats.emitted[KeyKind.Phone]).toBe(1);
  });

  it('pairs the neighbours of a capped dense bucket only where the order walked calls them near', () => {
    const m = 20;
    const address = withKind(KeyKind.AddressCity, 8);
    const list: [number, number, number][] = [];
    for (let g = 0; g < m; g++) list.push([address, 2, g], [phone, 2, g]);
    const e = entries(list);
    // Groups of four records 0.001° apart within, a degree apart between groups.
    const latLng = new Float64Array(2 * m);
    for (let g = 0; g < m; g++) {
      latLng[2 * g] = 30 + (g >> 2) + 0.001 * (g & 3);
      latLng[2 * g + 1] = 120;
    }
    const byIndex = Float64Array.from({ length: m }, (_, g) => g);
    const reversed = Float64Array.from({ length: m }, (_, g) => m - g);
    const orders = [
      { primary: byIndex, secondary: null, near: NearRule.Position },
      // All values distinct: no neighbour is near in the second order.
      { primary: reversed, secondary: null, near: NearRule.Equal },
    ];
    const place = { latLng, apartDegrees: 0.01, neighbourDegrees: 0.003 };
    const out = [new GrowableU32()];
    const stats = emptyBucketStats();
    emitBucketPairs(sortEntries(e), new Uint8Array(m), { orders, sameNameCity: null, place }, { cap: 10, window: 1 }, out, stats);
    // The phone bucket (not dense) pairs every neighbour of the first order: m - 1, the second adds none.
    expect(stats.emitted[KeyKind.Phone]).toBe(m - 1);
    // The address bucket: neighbours within a group only, and only those at most 0.003° apart.
    expect(stats.emitted[KeyKind.AddressCity]).toBe((m / 4) * 3);
    for (const [a, b] of collect(out)) expect(b - a).toBe(1);
  });
});

describe('the corpus facts of a bucket', () => {
  /** Records 0..n-1 whose content values are `values[r]` (the rest of their number columns empty). */
  function numsOf(values: number[]): Float64Array {
    const nums = new Float64Array(values.length * NUM_COLUMNS).fill(NaN);
    values.forEach((v, r) => (nums[r * NUM_COLUMNS + NumColumn.Content] = v));
    return nums;
  }

  function factsOf(recordNums: Float64Array | null, n: number, genericMin: number): BucketFacts {
    return {
      nameFrequency: new Uint32Array(n).fill(1),
      recordNums,
      generic: new Uint8Array(n),
      identifierMask: identifierMask(),
      genericMin,
      counts: new GrowableU32(),
      genericBuckets: new GrowableU32(),
    };
  }

  function walk(list: [number, number, number][], facts: BucketFacts, n: number): void {
    const out = [new GrowableU32()];
    emitBucketPairs(sortEntries(entries(list)), new Uint8Array(n), { orders: [], sameNameCity: null }, { cap: 100, window: 2 }, out, emptyBucketStats(), facts);
  }

  it('counts a name in a city in distinct records: records of equal content count once', () => {
    const name = withKind(KeyKind.NameCity, 7);
    // Records 0-2 one content repeated, 3 another, 4 with no content value (it counts on its own).
    const facts = factsOf(numsOf([11, 11, 11, 12, NaN]), 5, 20);
    walk([0, 1, 2, 3, 4].map((r) => [name, 5, r]), facts, 5);
    expect(Array.from(facts.nameFrequency)).toEqual([3, 3, 3, 3, 3]);
    expect(Array.from(facts.counts!.data.subarray(0, facts.counts!.length))).toEqual([name, 5, 5, 3]);
    // Without the content values every record counts.
    const plain = factsOf(null, 5, 20);
    walk([0, 1, 2, 3, 4].map((r) => [name, 5, r]), plain, 5);
    expect(Array.from(plain.nameFrequency)).toEqual([5, 5, 5, 5, 5]);
  });

  it('makes an identifier generic when more distinct records than the limit carry it, not more copies of one', () => {
    const uscc = withKind(KeyKind.Uscc, 3);
    const n = 8;
    const all = Array.from({ length: n }, (_, r) => r);
    // Eight copies of one shop under one licence: one distinct record, no placeholder.
    const copies = factsOf(numsOf(all.map(() => 42)), n, 5);
    walk(all.map((r) => [uscc, 1, r]), copies, n);
    expect(Array.from(copies.generic)).toEqual(all.map(() => 0));
    expect(copies.genericBuckets.length).toBe(0);
    expect(Array.from(copies.counts!.data.subarray(0, copies.counts!.length))).toEqual([uscc, 1, n, 1]);
    // Eight shops on one licence: a placeholder, generic for each of them.
    const shops = factsOf(numsOf(all.map((r) => 100 + r)), n, 5);
    walk(all.map((r) => [uscc, 1, r]), shops, n);
    expect(Array.from(shops.generic)).toEqual(all.map(() => 1 << KeyKind.Uscc));
    expect(Array.from(shops.genericBuckets.data.subarray(0, 4))).toEqual([uscc, 1, n, 0]);
  });

  it('counts distinct records the same way however a bucket is ordered and whatever its size', () => {
    for (const m of [2, 3, 16, 17, 300]) {
      // Every fifth record without a content value: each of those counts on its own.
      const values = Array.from({ length: m }, (_, r) => (r % 5 === 4 ? NaN : (r * 7919) % Math.ceil(m / 3)));
      const distinct = new Set(values.filter((v) => v === v)).size + values.filter((v) => v !== v).length;
      const members = Int32Array.from({ length: m }, (_, r) => m - 1 - r);
      expect(distinctRecordsOf(numsOf(values), members, m)).toBe(distinct);
    }
  });
});
