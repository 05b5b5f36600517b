/**
 * The accepted records of one shard as contract JSON (one `MerchantRecord` each, UTF-8, back to back) with
 * byte offsets: what a scan that writes a PostgreSQL generation hands to the writer for `records_g<N>`, so
 * that the online check re-normalizes a candidate from exactly the record the batch scored. Built in the
 * ingest worker from the validated record (never the raw line), on shared memory like the feature store;
 * a file→files scan does not build it.
 */
import type { MerchantRecord } from '../record/merchant-record.js';

export interface RecordArena {
  /** Record i is bytes[offsets[i], offsets[i + 1]). */
  bytes: Uint8Array;
  offsets: Uint32Array;
}

/** Bytes UTF-8 takes at most per UTF-16 code unit. */
const MAX_UTF8_PER_UNIT = 3;
/**
 * The thread's encoding buffer, kept from one shard to the next (it only grows, to about one shard's
 * JSON): each record is encoded straight into it, and the shard's bytes are copied to shared memory once.
 * Encoding each record into a fresh Uint8Array, then copying it, took ~7 µs a record, twice the
 * JSON.stringify it encodes.
 */
let scratch = Buffer.allocUnsafe(1 << 16);

export function recordArena(records: readonly MerchantRecord[]): RecordArena {
  const offsets = new Uint32Array(new SharedArrayBuffer((records.length + 1) * 4));
  let at = 0;
  for (let i = 0; i < records.length; i++) {
    const json = JSON.stringify(records[i]);
    const most = at + json.length * MAX_UTF8_PER_UNIT;
    if (most > scratch.length) {
      const grown = Buffer.allocUnsafe(Math.max(scratch.length * 2, most));
      scratch.copy(grown, 0, 0, at);
      scratch = grown;
    }
    offsets[i] = at;
    at += scratch.write(json, at, 'utf8');
  }
  offsets[records.length] = at;
  const bytes = new Uint8Array(new SharedArrayBuffer(Math.max(at, 1)));
  bytes.set(scratch.subarray(0, at));
  return { bytes, offsets };
}

const decoder = new TextDecoder();

/** Record i's JSON text. */
export function recordJson(arena: RecordArena, i: number): string {
  return decoder.decode(arena.bytes.subarray(arena.offsets[i]!, arena.offsets[i + 1]!));
}
