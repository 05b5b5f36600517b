/**
 * Duplicate merchant_id detection for one id partition: entries are 64-bit hashes of merchant_id with
 * global record indices. Equal hashes are confirmed by comparing the ids themselves (a hash collision is
 * not a duplicate). The first record in input order keeps the id; each later one is marked in `skip` and
 * reported with the record it repeats.
 */
import { TextColumn } from '../store/feature-columns.js';
import { textEnd, textStart, type FeatureStore } from '../store/feature-store.js';
import { rangeEquals } from '../verify/text-similarity.js';
import { sortedEntries, type PartitionInput } from './gather-entries.js';

/** Returns flat [duplicate, original, …] global record pairs; marks duplicates in `skip`. */
export function findDuplicateIds(parts: readonly PartitionInput[], store: FeatureStore, skip: Uint8Array): Uint32Array {
  const e = sortedEntries(parts);
  const found: number[] = [];
  let i = 0;
  while (i < e.n) {
    let j = i + 1;
    while (j < e.n && e.hi[j] === e.hi[i] && e.lo[j] === e.lo[i]) j++;
    // Runs are in input order (stable sort): compare each later record with the earlier distinct ids.
    for (let x = i + 1; x < j; x++) {
      const g = e.rec[x]!;
      for (let y = i; y < x; y++) {
        const f = e.rec[y]!;
        if (skip[f] === 1) continue;
        if (sameId(store, g, f)) {
          skip[g] = 1;
          found.push(g, f);
          break;
        }
      }
    }
    i = j;
  }
  return Uint32Array.from(found);
}

function sameId(store: FeatureStore, a: number, b: number): boolean {
  const as = textStart(store, a, TextColumn.MerchantId);
  const len = textEnd(store, a, TextColumn.MerchantId) - as;
  const bs = textStart(store, b, TextColumn.MerchantId);
  return len === textEnd(store, b, TextColumn.MerchantId) - bs && rangeEquals(store.text, as, bs, len);
}
