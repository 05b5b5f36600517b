/**
 * Builds the scan's one shared feature store from the shard stores as they arrive, in shard order, so
 * that a shard's store is copied and dropped while the workers parse the next ones: the corpus is never
 * held twice (shards plus merged), and the merge costs no phase of its own.
 *
 * The columns are SharedArrayBuffers sized from the first shard's records and text per input byte times
 * the input's size, with headroom. Pages of a large buffer that are never written are never resident (the
 * allocation is a fresh, zero-filled mapping), so the headroom costs address space, not memory. A shard
 * that does not fit grows the columns by GROWTH (one copy); an input of unknown size (a stream) starts
 * from the first shard and grows.
 */
import { withHugePages } from '../native/memory-addon.js';
import { NUM_COLUMNS, TEXT_COLUMNS } from './feature-columns.js';
import type { FeatureStore } from './feature-store.js';

/** Capacity over the first shard's extrapolation: shards of one input differ by a few percent. */
const HEADROOM = 1.2;
/** Growth of a full column: a copy, so not too often; the untouched part is not resident. */
const GROWTH = 1.5;
/** Records to reserve when the input's size is unknown, in shards' worth. */
const UNKNOWN_SIZE_SHARDS = 16;

export class MergedStoreBuilder {
  private text: Uint16Array = new Uint16Array(0);
  private offsets: Uint32Array = new Uint32Array(1);
  private nums: Float64Array = new Float64Array(0);
  private count = 0;
  private textLength = 0;

  /** @param inputBytes bytes of the whole input, or null when not known in advance */
  constructor(private readonly inputBytes: number | null) {}

  get size(): number {
    return this.count;
  }

  /** Appends `part` (read from `partBytes` bytes of input) after the records appended so far. */
  append(part: FeatureStore, partBytes: number): void {
    const used = part.offsets[part.count * TEXT_COLUMNS]!;
    this.reserve(part.count, used, partBytes);
    this.text.set(part.text.subarray(0, used), this.textLength);
    const o = this.count * TEXT_COLUMNS;
    const m = part.count * TEXT_COLUMNS;
    const base = this.textLength;
    const offsets = this.offsets;
    const from = part.offsets;
    for (let k = 0; k < m; k++) offsets[o + k] = from[k]! + base;
    this.nums.set(part.nums.subarray(0, part.count * NUM_COLUMNS), this.count * NUM_COLUMNS);
    this.count += part.count;
    this.textLength += used;
    offsets[this.count * TEXT_COLUMNS] = this.textLength;
  }

  /** The merged store: views of the columns sized to what they hold. */
  finish(): FeatureStore {
    if (this.nums.length === 0) this.reserve(0, 0, 0);
    return {
      count: this.count,
      text: this.text.subarray(0, Math.max(this.textLength, 1)),
      offsets: this.offsets.subarray(0, this.count * TEXT_COLUMNS + 1),
      nums: this.nums.subarray(0, Math.max(this.count * NUM_COLUMNS, 1)),
    };
  }

  private reserve(records: number, textUnits: number, partBytes: number): void {
    const needRecords = this.count + records;
    const needText = this.textLength + textUnits;
    const recordCap = this.nums.length / NUM_COLUMNS;
    if (needRecords <= recordCap && needText <= this.text.length && this.nums.length > 0) return;
    let wantRecords: number;
    let wantText: number;
    if (this.nums.length === 0) {
      // First shard: extrapolate its density to the whole input.
      const scale = this.inputBytes !== null && partBytes > 0 ? (this.inputBytes / partBytes) * HEADROOM : UNKNOWN_SIZE_SHARDS;
      wantRecords = Math.ceil(Math.max(records * scale, needRecords, 1));
      wantText = Math.ceil(Math.max(textUnits * scale, needText, 1));
    } else {
      wantRecords = needRecords <= recordCap ? recordCap : Math.ceil(Math.max(needRecords, recordCap * GROWTH));
      wantText = needText <= this.text.length ? this.text.length : Math.ceil(Math.max(needText, this.text.length * GROWTH));
    }
    if (wantText !== this.text.length) this.text = grown(this.text, new Uint16Array(new SharedArrayBuffer(wantText * 2)), this.textLength);
    if (wantRecords !== recordCap || this.nums.length === 0) {
      this.offsets = grown(this.offsets, new Uint32Array(new SharedArrayBuffer((wantRecords * TEXT_COLUMNS + 1) * 4)), this.count * TEXT_COLUMNS + 1);
      this.nums = grown(this.nums, new Float64Array(new SharedArrayBuffer(wantRecords * NUM_COLUMNS * 8)), this.count * NUM_COLUMNS);
    }
  }
}

/** `to`, asked for huge pages (native/memory-addon.ts), holding the first `used` elements of `from`. */
function grown<T extends Uint16Array | Uint32Array | Float64Array>(from: T, to: T, used: number): T {
  withHugePages(to);
  to.set(from.subarray(0, used) as never);
  return to;
}
