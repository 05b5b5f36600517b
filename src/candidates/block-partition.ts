/**
 * Candidate generation for one key partition: gather the shards' entries, sort by key, emit bucket pairs
 * routed to verification partitions. Pure: the worker calls it, tests call it without threads.
 */
import { NUM_COLUMNS, NumColumn } from '../store/feature-columns.js';
import type { FeatureStore } from '../store/feature-store.js';
import { GrowableU32 } from '../store/growable-array.js';
import { emitBucketPairs, emptyBucketStats, type BucketFacts, type BucketOptions, type BucketStats } from './bucket-pairs.js';
import { gatherEntries, type PartitionInput } from './gather-entries.js';
import { sortKeyOrder } from './sort-keys.js';

export interface BlockResult {
  /** Per verification partition: flat [a, b, …] candidate pairs (a < b), on shared memory. */
  pairs: Uint32Array[];
  stats: BucketStats;
  /** [hi, lo, size] of every bucket of 2+ members. */
  keyCounts: Uint32Array;
  /** [hi, lo, size, firstMember] of every generic identifier bucket. */
  genericBuckets: Uint32Array;
}

/** Where blocking writes what it learns of each record (verify/match-context.ts), and the generic rule. */
export interface FactsOutput {
  nameFrequency: Uint32Array;
  generic: Uint8Array;
  identifierMask: number;
  genericMin: number;
}

/** Per-record sorted-neighbourhood orders of capped buckets: geo cell, then name. Built once per store. */
export function neighbourhoodOrders(store: FeatureStore): Float64Array[] {
  const geo = new Float64Array(store.count);
  const name = new Float64Array(store.count);
  for (let i = 0; i < store.count; i++) {
    geo[i] = store.nums[i * NUM_COLUMNS + NumColumn.GeoCell]!;
    name[i] = store.nums[i * NUM_COLUMNS + NumColumn.NameHash]!;
  }
  return [geo, name];
}

export function blockPartition(
  parts: readonly PartitionInput[],
  skip: Uint8Array,
  orders: readonly Float64Array[],
  options: BucketOptions,
  verifyPartitions: number,
  factsOut: FactsOutput,
): BlockResult {
  const entries = gatherEntries(parts);
  const order = sortKeyOrder(entries.hi, entries.lo, entries.n);
  const out = Array.from({ length: verifyPartitions }, () => new GrowableU32(Math.max(1024, entries.n / verifyPartitions)));
  const stats = emptyBucketStats();
  const facts: BucketFacts = { ...factsOut, counts: new GrowableU32(1024), genericBuckets: new GrowableU32(16) };
  emitBucketPairs(entries, order, skip, orders, options, out, stats, facts);
  return { pairs: out.map((g) => g.toShared()), stats, keyCounts: facts.counts.toShared(), genericBuckets: facts.genericBuckets.toShared() };
}
