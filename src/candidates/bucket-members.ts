/**
 * One walk over sorted keys, bucket by bucket: what blocking (bucket-pairs.ts) and the risk links
 * (risk/risk-links.ts) both do before their own rules. Entries are sorted by key (sort-keys.ts `sortKeys`,
 * stable), so the walk reads them in order. A bucket is a run of equal (hi, lo) keys;
 * its members are the records of its entries that are not skipped, in entry order (a record carrying a key
 * twice appears twice).
 */
import type { KeyEntries } from './bucket-pairs.js';
import { sortKeys } from './sort-keys.js';

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
 * Collects into `into` the members of the bucket that starts at sorted entry i, and returns where the next
 * bucket starts. `skip[g] = 1` leaves record g out; pass `skippedAny(skip)`, null when none is left out,
 * and the walk reads no per-record byte (a cache miss an entry at scale: entries are in key order).
 */
export function gatherBucket(sorted: KeyEntries, skip: Uint8Array | null, i: number, into: BucketMembers): number {
  const { hi, lo, rec, n } = sorted;
  const h = hi[i]!;
  const l = lo[i]!;
  into.count = 0;
  let j = i;
  for (; j < n; j++) {
    if (hi[j] !== h || lo[j] !== l) break;
    const g = rec[j]!;
    if (skip === null || skip[g] !== 1) into.push(g);
  }
  return j;
}

/** `skip` when it leaves any record out, else null (gatherBucket). */
export function skippedAny(skip: Uint8Array): Uint8Array | null {
  return skip.indexOf(1) === -1 ? null : skip;
}

/** Entries sorted by key, stable, each carrying its record. */
export function sortEntries(entries: KeyEntries): KeyEntries {
  const { hi, lo, values } = sortKeys(entries.hi, entries.lo, entries.n, entries.rec);
  return { hi, lo, rec: values, n: entries.n };
}
