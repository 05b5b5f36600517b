/**
 * One walk over sorted keys, bucket by bucket: what blocking (bucket-pairs.ts) and the risk links
 * (risk/risk-links.ts) both do before their own rules. A bucket is a run of equal (hi, lo) keys in `order`;
 * its members are the records of its entries that are not skipped, in entry order (a record carrying a key
 * twice appears twice).
 */
import type { KeyEntries } from './bucket-pairs.js';

/** A reusable, growing list of one bucket's records. */
export class BucketMembers {
  list = new Int32Array(64);
  count = 0;

  push(g: number): void {
    if (this.count === this.list.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.list);
      this.list = grown;
    }
    this.list[this.count++] = g;
  }
}

/**
 * Collects into `into` the members of the bucket that starts at `order[i]`, and returns where the next
 * bucket starts. `skip[g] = 1` leaves record g out.
 */
export function gatherBucket(entries: KeyEntries, order: Int32Array, skip: Uint8Array, i: number, into: BucketMembers): number {
  const { hi, lo, rec, n } = entries;
  const e0 = order[i]!;
  const h = hi[e0]!;
  const l = lo[e0]!;
  into.count = 0;
  let j = i;
  for (; j < n; j++) {
    const e = order[j]!;
    if (hi[e] !== h || lo[e] !== l) break;
    const g = rec[e]!;
    if (skip[g] !== 1) into.push(g);
  }
  return j;
}
