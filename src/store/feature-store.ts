/**
 * The normalized corpus, columnar, in SharedArrayBuffers so every worker can read any record without a
 * copy. Strings live in one UTF-16 arena; `offsets` is record-major (record i's column c starts at
 * offsets[i * TEXT_COLUMNS + c] and ends where the next one starts), so one record's strings are contiguous
 * and a verifier touching a pair reads two short runs of memory. Numbers live in `nums`, record-major too.
 *
 * Layout per record: TEXT_COLUMNS offsets (4 bytes each), NUM_COLUMNS doubles, and its text; one trailing
 * offset closes the arena.
 */
import { NUM_COLUMNS, TEXT_COLUMNS, type NumColumn, type TextColumn } from './feature-columns.js';

export interface FeatureStore {
  count: number;
  text: Uint16Array;
  offsets: Uint32Array;
  nums: Float64Array;
}

/** A store of no records: what a consumed shard store is replaced with. */
export const EMPTY_STORE: FeatureStore = Object.freeze({ count: 0, text: new Uint16Array(1), offsets: new Uint32Array(1), nums: new Float64Array(1) });

/**
 * A store received from another thread, re-wrapped in an object literal. Objects rebuilt by structured
 * clone may not share one hidden class with stores built here, which makes every `store.nums` access in
 * the verification loop polymorphic; the literal gives hot code one shape to specialise on.
 */
export function adoptStore(s: FeatureStore): FeatureStore {
  return { count: s.count, text: s.text, offsets: s.offsets, nums: s.nums };
}

export function textStart(store: FeatureStore, i: number, col: TextColumn): number {
  return store.offsets[i * TEXT_COLUMNS + col]!;
}

export function textEnd(store: FeatureStore, i: number, col: TextColumn): number {
  return store.offsets[i * TEXT_COLUMNS + col + 1]!;
}

const DECODE_CHUNK = 4096;

/** Column `col` of record `i` as a string (for output; verification compares code units in place). */
export function textOf(store: FeatureStore, i: number, col: TextColumn): string {
  const s = textStart(store, i, col);
  const e = textEnd(store, i, col);
  if (e - s <= DECODE_CHUNK) return String.fromCharCode.apply(null, store.text.subarray(s, e) as unknown as number[]);
  let out = '';
  for (let p = s; p < e; p += DECODE_CHUNK) {
    out += String.fromCharCode.apply(null, store.text.subarray(p, Math.min(e, p + DECODE_CHUNK)) as unknown as number[]);
  }
  return out;
}

export function numOf(store: FeatureStore, i: number, col: NumColumn): number {
  return store.nums[i * NUM_COLUMNS + col]!;
}

/** One store holding `parts` in order (record k of part p becomes record base[p] + k), on shared memory. */
export function mergeStores(parts: readonly FeatureStore[]): FeatureStore {
  let count = 0;
  let textLength = 0;
  for (const p of parts) {
    count += p.count;
    textLength += p.offsets[p.count * TEXT_COLUMNS]!;
  }
  const text = new Uint16Array(new SharedArrayBuffer(Math.max(textLength, 1) * 2));
  const offsets = new Uint32Array(new SharedArrayBuffer((count * TEXT_COLUMNS + 1) * 4));
  const nums = new Float64Array(new SharedArrayBuffer(Math.max(count * NUM_COLUMNS, 1) * 8));
  let rec = 0;
  let at = 0;
  for (const p of parts) {
    const used = p.offsets[p.count * TEXT_COLUMNS]!;
    text.set(p.text.subarray(0, used), at);
    const o = rec * TEXT_COLUMNS;
    const m = p.count * TEXT_COLUMNS;
    for (let k = 0; k < m; k++) offsets[o + k] = p.offsets[k]! + at;
    nums.set(p.nums.subarray(0, p.count * NUM_COLUMNS), rec * NUM_COLUMNS);
    rec += p.count;
    at += used;
  }
  offsets[count * TEXT_COLUMNS] = at;
  return { count, text, offsets, nums };
}
