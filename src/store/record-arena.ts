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

const encoder = new TextEncoder();

export function recordArena(records: readonly MerchantRecord[]): RecordArena {
  const parts = records.map((r) => encoder.encode(JSON.stringify(r)));
  const offsets = new Uint32Array(new SharedArrayBuffer((parts.length + 1) * 4));
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    offsets[i] = at;
    at += parts[i]!.length;
  }
  offsets[parts.length] = at;
  const bytes = new Uint8Array(new SharedArrayBuffer(Math.max(at, 1)));
  for (let i = 0; i < parts.length; i++) bytes.set(parts[i]!, offsets[i]!);
  return { bytes, offsets };
}

const decoder = new TextDecoder();

/** Record i's JSON text. */
export function recordJson(arena: RecordArena, i: number): string {
  return decoder.decode(arena.bytes.subarray(arena.offsets[i]!, arena.offsets[i + 1]!));
}
