/**
 * One key partition's [hi, lo, record] triples from every shard, copied in shard order into one shared
 * column as the shards arrive, with each record made global (the shard's base added).
 *
 * Why not keep each shard's triples where the worker made them: a worker's buffers would then live for the
 * whole scan in that thread's allocator arena, among the shard buffers freed around them, where even
 * malloc_trim cannot hand back the pages they share (release-memory.ts); and the partition could not be let go
 * in one piece once its phase is over (the merchant_id hashes after the duplicate-id check, the blocking keys
 * after blocking). Copied here, every buffer a worker makes for a shard is dropped as soon as the shard is
 * merged, and the partition is one large mapping. At 1M records, with the trims, the peak was ~50 MB lower.
 *
 * Sized like the merged store (store/merged-store-builder.ts): the first shard's triples per input byte
 * times the input's size, with headroom; untouched pages of the mapping are never resident.
 */

import { withHugePages } from '../native/memory-addon.js';

/** Words in a triple: key hi, key lo, record. */
const TRIPLE = 3;
/** Capacity over the first shard's extrapolation. */
const HEADROOM = 1.2;
/** Growth of a full column (one copy). */
const GROWTH = 1.5;
/** Shards' worth to reserve when the input's size is unknown (a stream). */
const UNKNOWN_SIZE_SHARDS = 16;

export class MergedTriples {
  private data: Uint32Array = new Uint32Array(0);
  private length = 0;

  /** @param inputBytes bytes of the whole input, or null when not known in advance */
  constructor(private readonly inputBytes: number | null) {}

  /** Appends one shard's triples, read from `partBytes` bytes of input, with `base` added to each record. */
  append(triples: Uint32Array, base: number, partBytes: number): void {
    const n = triples.length - (triples.length % TRIPLE);
    if (n === 0) return;
    this.reserve(n, partBytes);
    const out = this.data;
    let p = this.length;
    for (let k = 0; k < n; k += TRIPLE) {
      out[p] = triples[k]!;
      out[p + 1] = triples[k + 1]!;
      out[p + 2] = triples[k + 2]! + base;
      p += TRIPLE;
    }
    this.length = p;
  }

  /**
   * The triples, a view on shared memory sized to what it holds; the builder lets go of them (and is empty
   * again), so they live only as long as the caller keeps the view.
   */
  finish(): Uint32Array {
    const out = this.data.length === 0 ? new Uint32Array(new SharedArrayBuffer(0)) : this.data.subarray(0, this.length);
    this.data = new Uint32Array(0);
    this.length = 0;
    return out;
  }

  private reserve(words: number, partBytes: number): void {
    const need = this.length + words;
    if (need <= this.data.length && this.data.length > 0) return;
    let want: number;
    if (this.data.length === 0) {
      const scale = this.inputBytes !== null && partBytes > 0 ? (this.inputBytes / partBytes) * HEADROOM : UNKNOWN_SIZE_SHARDS;
      want = Math.ceil(Math.max(words * scale, need, TRIPLE));
    } else {
      want = Math.ceil(Math.max(need, this.data.length * GROWTH));
    }
    want += (TRIPLE - (want % TRIPLE)) % TRIPLE;
    const next = withHugePages(new Uint32Array(new SharedArrayBuffer(want * 4)));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}
