import type { KeyEntries } from './bucket-pairs.js';
import { sortKeyTriples, type KeySortScratch } from './sort-keys.js';

/** One shard's key entries for one partition: [hi, lo, localRecord] triples, and the shard's first record. */
export interface PartitionInput {
  entries: Uint32Array;
  base: number;
}

/**
 * The shards' entries of one partition as columns with global record indices, sorted by key (stable: in
 * shard order, so in record order within a key). Sorted straight from the shards' triples, without a
 * gathered copy first.
 */
export function sortedEntries(parts: readonly PartitionInput[], scratch: KeySortScratch | null = null): KeyEntries {
  const { hi, lo, values, n } = sortKeyTriples(parts, scratch);
  return { hi, lo, rec: values, n };
}
