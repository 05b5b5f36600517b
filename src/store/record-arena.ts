/**
 * The accepted records of one shard as contract JSON (one `MerchantRecord` each, UTF-8, back to back) with
 * byte offsets: what a scan that writes a PostgreSQL generation hands to the writer for `records_g<N>`, so
 * that the online check re-normalizes a candidate from exactly the record the batch scored. Built in the
 * ingest worker from the validated record (never the raw line), on shared memory like the feature store;
 * a file→files scan does not build it.
 */
import type { MerchantRecord } from '../record/merchant-record.js';
import { GrowableU32 } from './growable-array.js';

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
/** The thread's offsets, kept likewise (emptied by each new builder). */
const scratchOffsets = new GrowableU32(1 << 12);
/** Builders made on this thread so far: only the latest may write to the shared buffers. */
let builders = 0;

/**
 * Builds a shard's arena one record at a time, as ingest reads them: a record is encoded the moment it is
 * accepted and then dropped, so the shard never holds its parsed records. Kept until the shard's end, they
 * survived the young generation's collections and were copied and promoted: a table scan, which keeps
 * every record for this arena, spent twice a file scan's time collecting garbage. One builder at a time
 * per thread (they share the thread's buffers): making a builder retires the one before, which then throws.
 */
export class RecordArenaBuilder {
  private at = 0;
  private readonly id = ++builders;

  constructor() {
    scratchOffsets.clear();
  }

  /** Appends `record`'s JSON. */
  add(record: MerchantRecord): void {
    this.checkLatest();
    const json = JSON.stringify(record);
    const most = this.at + json.length * MAX_UTF8_PER_UNIT;
    if (most > scratch.length) {
      const grown = Buffer.allocUnsafe(Math.max(scratch.length * 2, most));
      scratch.copy(grown, 0, 0, this.at);
      scratch = grown;
    }
    scratchOffsets.push(this.at);
    this.at += scratch.write(json, this.at, 'utf8');
  }

  /** The arena of the records added, on shared memory sized to what it holds. */
  finish(): RecordArena {
    this.checkLatest();
    const count = scratchOffsets.length;
    const offsets = new Uint32Array(new SharedArrayBuffer((count + 1) * 4));
    offsets.set(scratchOffsets.data.subarray(0, count));
    offsets[count] = this.at;
    const bytes = new Uint8Array(new SharedArrayBuffer(Math.max(this.at, 1)));
    bytes.set(scratch.subarray(0, this.at));
    return { bytes, offsets };
  }

  private checkLatest(): void {
    if (this.id !== builders) throw new Error('a record arena builder was used after a newer one on the same thread (they share its buffers)');
  }
}

/** The arena of `records`, in order. */
export function recordArena(records: readonly MerchantRecord[]): RecordArena {
  const b = new RecordArenaBuilder();
  for (let i = 0; i < records.length; i++) b.add(records[i]!);
  return b.finish();
}

const decoder = new TextDecoder();

/** Record i's JSON text. */
export function recordJson(arena: RecordArena, i: number): string {
  return decoder.decode(arena.bytes.subarray(arena.offsets[i]!, arena.offsets[i + 1]!));
}
