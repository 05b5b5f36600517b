/**
 * Feeds the ingest results, which finish in any order, to the merged store in shard order, as soon as
 * each one's predecessors are in. A shard's store is dropped once copied (the coordinator holds its only
 * reference: pool/moved.ts), and a collection now and then hands the dropped buffers back, so ingest holds
 * the merged store plus the few shards waiting for an earlier one.
 */
import type { IngestResult } from '../pool/messages.js';
import { EMPTY_STORE, type FeatureStore } from '../store/feature-store.js';
import { MergedStoreBuilder } from '../store/merged-store-builder.js';
import { releaseMemory } from './release-memory.js';

/** Bytes of shard stores dropped between two collections: a few shards' worth. */
const RELEASE_EVERY_BYTES = 64 * 1024 * 1024;

export class ShardMerger {
  private readonly builder: MergedStoreBuilder;
  private readonly waiting = new Map<number, { result: IngestResult; bytes: number }>();
  private next = 0;
  private dropped = 0;
  /** First global record index of each shard merged so far. */
  readonly bases: number[] = [];

  /** @param inputBytes the input's size, or null for a stream */
  constructor(inputBytes: number | null) {
    this.builder = new MergedStoreBuilder(inputBytes);
  }

  /** Shard `result.shard`, read from `bytes` bytes of input. */
  add(result: IngestResult, bytes: number): void {
    this.waiting.set(result.shard, { result, bytes });
    for (let w = this.waiting.get(this.next); w !== undefined; w = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      this.bases.push(this.builder.size);
      this.builder.append(w.result.store, w.bytes);
      this.dropped += storeBytes(w.result.store);
      w.result.store = EMPTY_STORE;
      if (this.dropped >= RELEASE_EVERY_BYTES) {
        releaseMemory();
        this.dropped = 0;
      }
      this.next++;
    }
  }

  /** The merged store; every shard must have been added. */
  finish(shards: number): FeatureStore {
    if (this.next !== shards) throw new Error(`merged ${this.next} of ${shards} shards`);
    releaseMemory();
    return this.builder.finish();
  }
}

function storeBytes(s: FeatureStore): number {
  return s.text.byteLength + s.offsets.byteLength + s.nums.byteLength;
}
