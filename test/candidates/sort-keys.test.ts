import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeySortScratch, sortKeyOrder, sortKeys, sortKeyTriples } from '../../src/candidates/sort-keys.js';

describe('sortKeyOrder', () => {
  it('orders 64-bit (hi, lo) keys and is stable', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 0xffffffff })), { maxLength: 300 }), (keys) => {
        const hi = Uint32Array.from(keys.map((k) => k[0] * 0x10001));
        const lo = Uint32Array.from(keys.map((k) => k[1] % 7));
        const order = Array.from(sortKeyOrder(hi, lo, keys.length));
        const expected = keys
          .map((_, i) => i)
          .sort((x, y) => hi[x]! - hi[y]! || lo[x]! - lo[y]! || x - y);
        expect(order).toEqual(expected);
      }),
    );
  });

  it('orders full-range keys, keys equal in one word, and runs of one key', () => {
    const word = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 3 }).map((k) => k << 30));
    fc.assert(
      fc.property(fc.array(fc.tuple(word, word), { maxLength: 2000 }), fc.integer({ min: 1, max: 50 }), (pairs, repeat) => {
        // Repeat a few keys many times over, as the common name keys of a skewed corpus do.
        const keys = pairs.flatMap((k, i) => (i % 17 === 0 ? Array.from({ length: repeat }, () => k) : [k]));
        const hi = Uint32Array.from(keys.map((k) => k[0]));
        const lo = Uint32Array.from(keys.map((k) => k[1]));
        const order = Array.from(sortKeyOrder(hi, lo, keys.length));
        const expected = keys.map((_, i) => i).sort((x, y) => hi[x]! - hi[y]! || lo[x]! - lo[y]! || x - y);
        expect(order).toEqual(expected);
        const sorted = sortKeys(hi, lo, keys.length);
        expect(Array.from(sorted.hi)).toEqual(expected.map((i) => hi[i]));
        expect(Array.from(sorted.lo)).toEqual(expected.map((i) => lo[i]));
      }),
      { numRuns: 200 },
    );
  });

  it('sorts only the first n keys of longer arrays', () => {
    const hi = Uint32Array.from([9, 1, 5, 0, 0]);
    const lo = Uint32Array.from([0, 2, 1, 0, 0]);
    expect(Array.from(sortKeyOrder(hi, lo, 3))).toEqual([1, 2, 0]);
    expect(Array.from(sortKeyOrder(hi, lo, 1))).toEqual([0]);
  });

  it('sorts [hi, lo, value] triples of several parts as sortKeys sorts the gathered columns', () => {
    const word = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 0xffffffff }));
    const part = fc.record({ keys: fc.array(fc.tuple(word, word), { maxLength: 200 }), base: fc.integer({ min: 0, max: 1e6 }) });
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), (parts) => {
        const inputs = parts.map((p) => ({ entries: Uint32Array.from(p.keys.flatMap(([h, l], i) => [h, l, i])), base: p.base }));
        const all = parts.flatMap((p) => p.keys.map(([h, l], i) => [h, l, i + p.base] as const));
        const expected = sortKeys(Uint32Array.from(all.map((k) => k[0])), Uint32Array.from(all.map((k) => k[1])), all.length, Uint32Array.from(all.map((k) => k[2])));
        const got = sortKeyTriples(inputs);
        expect(got.n).toBe(all.length);
        expect(Array.from(got.hi)).toEqual(Array.from(expected.hi));
        expect(Array.from(got.lo)).toEqual(Array.from(expected.lo));
        expect(Array.from(got.values)).toEqual(Array.from(expected.values));
      }),
      { numRuns: 200 },
    );
  });

  it('sorts with a kept scratch as without, one sort after another of any sizes', () => {
    const word = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 0xffffffff }));
    const input = fc.array(fc.tuple(word, word), { maxLength: 300 }).map((keys) => [{ entries: Uint32Array.from(keys.flatMap(([h, l], i) => [h, l, i])), base: 7 }]);
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 6 }), (sorts) => {
        const scratch = new KeySortScratch();
        for (const parts of sorts) {
          const expected = sortKeyTriples(parts);
          // Copied at once: the next sort with the scratch overwrites its views.
          const got = sortKeyTriples(parts, scratch);
          expect([Array.from(got.hi), Array.from(got.lo), Array.from(got.values)]).toEqual([Array.from(expected.hi), Array.from(expected.lo), Array.from(expected.values)]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('handles an empty input', () => {
    expect(sortKeyOrder(new Uint32Array(0), new Uint32Array(0), 0).length).toBe(0);
  });
});
