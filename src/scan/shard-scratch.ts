/**
 * The columns a worker builds a shard into (store, key and merchant_id partitions), kept from one shard to
 * the next instead of made afresh for each.
 *
 * Fresh buffers for every 4 MB shard meant fresh pages: at 1M records the two workers took ~210k page
 * faults in ingest (~12 µs each on a virtual machine), the coordinator's trims handing the pages back before
 * the next shard could reuse them; with these sets and tasks in order, ~40k. A scratch set lives on shared memory: the worker hands the
 * coordinator views of it (no copy, nothing moved), the coordinator copies the shard into the merged
 * columns (shard-merger.ts) and then marks the set free (`releaseShard`), and the worker's next shard
 * reuses it, pages and all.
 *
 * Nothing ever waits: a worker takes a free set, or makes a new one while the coordinator still holds its
 * sets (a shard waiting for an earlier one to be merged), up to MAX_SETS; past that, a set of its own for
 * this shard alone. A scan that fails halfway leaves sets marked busy: they are never reused, only dropped.
 * Sets come back only as fast as shards are merged, in file order: it takes tasks started in queue order
 * (pool/worker-pool.ts) for a worker to find one free (out of order, it did for about 5 of its 57 shards).
 */
import { FeatureStoreBuilder } from '../store/feature-store-builder.js';
import { GrowableU32 } from '../store/growable-array.js';

/** Sets a worker keeps: one the coordinator is copying, one being built, one for a shard that waits. */
const MAX_SETS = 3;
/** The set's state word: FREE to reuse, BUSY while the coordinator may still read it. */
const FREE = 0;
const BUSY = 1;

export class ShardScratch {
  readonly builder: FeatureStoreBuilder;
  readonly keys: GrowableU32[];
  readonly ids: GrowableU32[];
  /** One Int32 on shared memory: BUSY from the hand-over until the coordinator has copied the shard. */
  readonly state = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    expectedRecords: number,
    readonly partitions: number,
    keysPerPartition: number,
    shared: boolean,
  ) {
    this.builder = new FeatureStoreBuilder(expectedRecords, shared);
    this.keys = Array.from({ length: partitions }, () => new GrowableU32(keysPerPartition, shared));
    this.ids = Array.from({ length: partitions }, () => new GrowableU32(1024, shared));
  }

  reset(): void {
    this.builder.reset();
    for (const k of this.keys) k.clear();
    for (const k of this.ids) k.clear();
  }

  get free(): boolean {
    return Atomics.load(this.state, 0) === FREE;
  }

  /** Marks the set as handed over; returns its state word for the reader to release. */
  handOver(): Int32Array {
    Atomics.store(this.state, 0, BUSY);
    return this.state;
  }
}

/** This thread's scratch sets. */
let sets: ShardScratch[] = [];

/**
 * A scratch set for the next shard, emptied: a free one of this thread's sets, else a new one (kept while
 * fewer than MAX_SETS). `shared`: false for a caller that moves or keeps the buffers itself (a fresh set,
 * not kept).
 */
export function shardScratch(expectedRecords: number, partitions: number, keysPerPartition: number, shared: boolean): ShardScratch {
  if (!shared) return new ShardScratch(expectedRecords, partitions, keysPerPartition, false);
  for (const s of sets) {
    if (s.partitions === partitions && s.free) {
      s.reset();
      return s;
    }
  }
  const s = new ShardScratch(expectedRecords, partitions, keysPerPartition, true);
  sets = sets.filter((x) => x.partitions === partitions);
  if (sets.length < MAX_SETS) sets.push(s);
  return s;
}

/** Lets go of this thread's scratch sets (ingest is over; a collection frees them). */
export function dropShardScratch(): void {
  sets = [];
}

/** The coordinator is done reading a shard's columns: the worker may reuse them. */
export function releaseShard(state: Int32Array | null): void {
  if (state !== null) Atomics.store(state, 0, FREE);
}
