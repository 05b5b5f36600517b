/**
 * Feeds the ingest results, which finish in any order, to the merged store and the merged key and id
 * partitions (merged-triples.ts) in shard order, as soon as each one's predecessors are in. A shard built
 * in a worker's scratch set is released to the worker once copied (shard-scratch.ts); a shard on buffers
 * of its own (moved here: pool/moved.ts) is dropped, and a collection now and then hands those back. So
 * ingest holds the merged columns plus the few shards waiting for an earlier one.
 */
import type { PartitionInput } from '../candidates/gather-entries.js';
import type { IngestResult } from '../pool/messages.js';
import { EMPTY_STORE, type FeatureStore } from '../store/feature-store.js';
import { MergedStoreBuilder } from '../store/merged-store-builder.js';
import { MergedTriples } from './merged-triples.js';
import { releaseMemory } from './release-memory.js';
import { releaseShard } from './shard-scratch.js';

/** Bytes of shard stores dropped between two collections: a few shards' worth. */
const RELEASE_EVERY_BYTES = 64 * 1024 * 1024;

export class ShardMerger {
  private readonly builder: MergedStoreBuilder;
  private readonly keys: MergedTriples[];
  private readonly ids: MergedTriples[];
  private readonly waiting = new Map<number, { result: IngestResult; bytes: number }>();
  private next = 0;
  private dropped = 0;
  /** First global record index of each shard merged so far. */
  readonly bases: number[] = [];

  /** @param inputBytes the input's size, or null for a stream; `keyPartitions`: the ingest tasks' partition count */
  constructor(inputBytes: number | null, keyPartitions: number) {
    this.builder = new MergedStoreBuilder(inputBytes);
    this.keys = Array.from({ length: keyPartitions }, () => new MergedTriples(inputBytes));
    this.ids = Array.from({ length: keyPartitions }, () => new MergedTriples(inputBytes));
  }

  /** Shard `result.shard`, read from `bytes` bytes of input. */
  add(result: IngestResult, bytes: number): void {
    this.waiting.set(result.shard, { result, bytes });
    for (let w = this.waiting.get(this.next); w !== undefined; w = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      const base = this.builder.size;
      this.bases.push(base);
      const r = w.result;
      this.builder.append(r.store, w.bytes);
      if (r.release === null) this.dropped += storeBytes(r.store);
      for (let p = 0; p < this.keys.length; p++) {
        this.keys[p]!.append(r.keys[p]!, base, w.bytes);
        this.ids[p]!.append(r.ids[p]!, base, w.bytes);
        if (r.release === null) this.dropped += r.keys[p]!.byteLength + r.ids[p]!.byteLength;
      }
      r.store = EMPTY_STORE;
      r.keys = [];
      r.ids = [];
      releaseShard(r.release);
      r.release = null;
      if (this.dropped >= RELEASE_EVERY_BYTES) {
        releaseMemory();
        this.dropped = 0;
      }
      this.next++;
    }
  }

  /**
   * The merged store, and per key partition the blocking keys and the merchant_id hashes as one part each
   * (records global: base 0); every shard must have been added.
   */
  finish(shards: number): { store: FeatureStore; keys: PartitionInput[][]; ids: PartitionInput[][] } {
    if (this.next !== shards) throw new Error(`merged ${this.next} of ${shards} shards`);
    releaseMemory();
    const parts = (m: MergedTriples[]): PartitionInput[][] => m.map((t) => [{ entries: t.finish(), base: 0 }]);
    return { store: this.builder.finish(), keys: parts(this.keys), ids: parts(this.ids) };
  }
}

function storeBytes(s: FeatureStore): number {
  return s.text.byteLength + s.offsets.byteLength + s.nums.byteLength;
}
