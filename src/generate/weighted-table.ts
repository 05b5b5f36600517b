import type { Prng } from './prng.js';

/**
 * Items drawn in proportion to their weights: a cumulative-sum array and a binary search, O(log n)
 * per draw. Built once per table at module load.
 */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new RangeError('WeightedTable needs at least one entry');
    this.items = entries.map((e) => e[0]);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, w], i) => {
      if (!(w >= 0)) throw new RangeError(`weight of entry ${i} must be ≥ 0`);
      sum += w;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new RangeError('WeightedTable needs a positive total weight');
    this.total = sum;
  }

  pick(prng: Prng): T {
    const x = prng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }
}
