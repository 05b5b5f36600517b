import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortKeyOrder } from '../../src/candidates/sort-keys.js';

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

  it('handles an empty input', () => {
    expect(sortKeyOrder(new Uint32Array(0), new Uint32Array(0), 0).length).toBe(0);
  });
});
