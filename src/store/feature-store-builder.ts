/**
 * Appends records to a feature store in one thread (a worker building its shard), then freezes the
 * result onto shared memory. Strings are copied code unit by code unit into a growing arena: no
 * per-record allocation. A builder made `shared` writes straight onto shared memory, hands out views of
 * it (`toOwned`) and is `reset()` for the next shard once the reader is done (scan/shard-scratch.ts).
 */
import type { FeatureStore } from './feature-store.js';
import { NUM_COLUMNS, TEXT_COLUMNS, type NumColumn, type TextColumn } from './feature-columns.js';

const INITIAL_RECORDS = 1024;
/** Text code units a record usually needs (names, address, ids, phones): sizing for it avoids regrowth. */
const TEXT_UNITS_PER_RECORD = 128;
/** Strings up to this many code units are copied in a loop; longer ones natively (see setText). */
const SHORT_TEXT = 8;

export class FeatureStoreBuilder {
  private text: Uint16Array;
  /** `text`'s bytes, for the native UTF-16 copy of longer strings. */
  private textBytes: Buffer;
  private textLength = 0;
  private offsets: Uint32Array;
  private nums: Float64Array;
  private count = 0;
  private nextColumn = 0;

  /**
   * @param expectedRecords records this builder will probably hold (it grows past it if needed)
   * @param shared whether its columns live on SharedArrayBuffers
   */
  constructor(
    expectedRecords = INITIAL_RECORDS,
    private readonly shared = false,
  ) {
    const records = Math.max(expectedRecords, 16);
    this.text = new Uint16Array(this.buffer(records * TEXT_UNITS_PER_RECORD * 2));
    this.textBytes = Buffer.from(this.text.buffer);
    this.offsets = new Uint32Array(this.buffer((records * TEXT_COLUMNS + 1) * 4));
    this.nums = new Float64Array(this.buffer(records * NUM_COLUMNS * 8));
  }

  /** Empties the builder for a new store, keeping its columns and their capacity. */
  reset(): void {
    this.count = 0;
    this.textLength = 0;
    this.nextColumn = 0;
    this.offsets[0] = 0;
  }

  private buffer(bytes: number): ArrayBuffer | SharedArrayBuffer {
    const n = Math.ceil(bytes / 8) * 8;
    return this.shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n);
  }

  get size(): number {
    return this.count;
  }

  /** Starts a record; its text columns must then be written in column order, each exactly once. */
  begin(): void {
    if ((this.count + 1) * TEXT_COLUMNS + 1 > this.offsets.length) {
      const o = new Uint32Array(this.buffer(this.offsets.length * 2 * 4));
      o.set(this.offsets);
      this.offsets = o;
      const n = new Float64Array(this.buffer(this.nums.length * 2 * 8));
      n.set(this.nums);
      this.nums = n;
    }
    this.nextColumn = 0;
    // A loop, not fill(): a builtin call per record costs more than twenty stores.
    const nums = this.nums;
    for (let i = this.count * NUM_COLUMNS, end = i + NUM_COLUMNS; i < end; i++) nums[i] = NaN;
  }

  setText(col: TextColumn, s: string): void {
    if (col !== this.nextColumn) throw new Error(`text column ${col} written out of order (expected ${this.nextColumn})`);
    this.offsets[this.count * TEXT_COLUMNS + col] = this.textLength;
    this.nextColumn++;
    const need = this.textLength + s.length;
    if (need > this.text.length) {
      let cap = this.text.length * 2;
      while (cap < need) cap *= 2;
      const t = new Uint16Array(this.buffer(cap * 2));
      t.set(this.text.subarray(0, this.textLength));
      this.text = t;
      this.textBytes = Buffer.from(t.buffer);
    }
    const n = s.length;
    if (n > SHORT_TEXT) {
      // Normalized text is often a concatenation (a cons string): charCodeAt would walk it unit by unit
      // through the runtime, the native copy flattens it once.
      this.textBytes.write(s, this.textLength * 2, n * 2, 'utf16le');
      this.textLength += n;
      return;
    }
    const t = this.text;
    let p = this.textLength;
    for (let k = 0; k < n; k++) t[p++] = s.charCodeAt(k);
    this.textLength = p;
  }

  /** The text code units written so far: the current record's columns are at columnStart/columnEnd. */
  get units(): Uint16Array {
    return this.text;
  }

  /** Where text column `col` of the record being written starts in `units` (a column written already). */
  columnStart(col: TextColumn): number {
    return this.offsets[this.count * TEXT_COLUMNS + col]!;
  }

  /** Where text column `col` of the record being written ends in `units` (a column written already). */
  columnEnd(col: TextColumn): number {
    return col + 1 < this.nextColumn ? this.offsets[this.count * TEXT_COLUMNS + col + 1]! : this.textLength;
  }

  setNum(col: NumColumn, v: number): void {
    this.nums[this.count * NUM_COLUMNS + col] = v;
  }

  end(): void {
    if (this.nextColumn !== TEXT_COLUMNS) throw new Error(`record has ${this.nextColumn} of ${TEXT_COLUMNS} text columns`);
    this.count++;
    this.offsets[this.count * TEXT_COLUMNS] = this.textLength;
  }

  /**
   * The finished store as views of the builder's own (not shared) buffers, without a copy: for a store that
   * is handed over once (moved to the coordinator, which copies it into the merged store and frees it).
   * The buffers keep their spare capacity; only the views are sized to what they hold.
   */
  toOwned(): FeatureStore {
    const text = this.text.subarray(0, Math.max(this.textLength, 1));
    const offsets = this.offsets.subarray(0, this.count * TEXT_COLUMNS + 1);
    offsets[this.count * TEXT_COLUMNS] = this.textLength;
    const nums = this.nums.subarray(0, Math.max(this.count * NUM_COLUMNS, 1));
    return { count: this.count, text, offsets, nums };
  }

  /** The finished store, copied onto SharedArrayBuffers sized to what they hold. */
  toShared(): FeatureStore {
    const text = new Uint16Array(new SharedArrayBuffer(Math.max(this.textLength, 1) * 2));
    text.set(this.text.subarray(0, this.textLength));
    const offsets = new Uint32Array(new SharedArrayBuffer((this.count * TEXT_COLUMNS + 1) * 4));
    offsets.set(this.offsets.subarray(0, this.count * TEXT_COLUMNS));
    offsets[this.count * TEXT_COLUMNS] = this.textLength;
    const nums = new Float64Array(new SharedArrayBuffer(Math.max(this.count * NUM_COLUMNS, 1) * 8));
    nums.set(this.nums.subarray(0, this.count * NUM_COLUMNS));
    return { count: this.count, text, offsets, nums };
  }
}
