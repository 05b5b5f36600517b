/**
 * Rows in the binary format of PostgreSQL's COPY (https://www.postgresql.org/docs/current/sql-copy.html,
 * "Binary Format"), for the tables of a generation with millions of rows: the dedup index and its key
 * counts (bigints the text format would make us print in decimal and the server parse back) and the
 * records (JSON the arena already holds as UTF-8 bytes, sent as they are instead of decoded into a string,
 * escaped and encoded again). All integers are in network byte order. Text and jsonb values are sent as
 * UTF-8, which the server checks as it would check text-format input; a jsonb value is its text form after
 * a version byte (jsonb_recv, "version 1").
 *
 * A row is written field by field: `row(fields)`, then one call per field in the table's column order.
 */

/** "PGCOPY\n\377\r\n\0", then the flags field (no OIDs) and the header extension length, both zero. */
const SIGNATURE = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]);
const HEADER = Buffer.concat([SIGNATURE, Buffer.alloc(4), Buffer.alloc(4)]);
/** The file trailer: a field count of -1. */
const TRAILER = -1;
const INT8_BYTES = 8;
const INT4_BYTES = 4;
const INT2_BYTES = 2;
/** Bytes of a row's field count and of a field's length word. */
const COUNT_BYTES = 2;
const LENGTH_BYTES = 4;
/** The only jsonb binary format version PostgreSQL defines (src/backend/utils/adt/jsonb.c, jsonb_recv). */
const JSONB_VERSION = 1;
/** UTF-8 needs at most 3 bytes per UTF-16 unit. */
const MAX_UTF8_PER_UNIT = 3;
/** Values up to this many bytes are copied byte by byte. */
const SHORT_COPY = 32;
/** Bytes per yielded buffer: enough to amortise a socket write. */
const BATCH_BYTES = 1 << 20;

export class BinaryRows {
  private buf = Buffer.allocUnsafe(BATCH_BYTES);
  private at = HEADER.copy(this.buf, 0);

  /**
   * Starts a row of `fields` fields taking at most `maxBytes` bytes (lengths included); returns a full
   * batch to send when the buffer could not take the row, else null.
   */
  row(fields: number, maxBytes: number): Buffer | null {
    const need = COUNT_BYTES + maxBytes;
    let full: Buffer | null = null;
    if (this.at + need > this.buf.length) {
      full = this.buf.subarray(0, this.at);
      this.buf = Buffer.allocUnsafe(Math.max(BATCH_BYTES, need));
      this.at = 0;
    }
    this.buf[this.at] = fields >>> 8;
    this.buf[this.at + 1] = fields;
    this.at += COUNT_BYTES;
    return full;
  }

  /** A bigint from its two 32-bit words, high word first (as the scan's keys are held). */
  int8(hi: number, lo: number): void {
    const b = this.buf;
    const p = this.at;
    putLength(b, p, INT8_BYTES);
    putWord(b, p + LENGTH_BYTES, hi);
    putWord(b, p + LENGTH_BYTES + 4, lo);
    this.at = p + LENGTH_BYTES + INT8_BYTES;
  }

  int4(v: number): void {
    const b = this.buf;
    const p = this.at;
    putLength(b, p, INT4_BYTES);
    putWord(b, p + LENGTH_BYTES, v);
    this.at = p + LENGTH_BYTES + INT4_BYTES;
  }

  int2(v: number): void {
    const b = this.buf;
    const p = this.at;
    putLength(b, p, INT2_BYTES);
    b[p + LENGTH_BYTES] = v >>> 8;
    b[p + LENGTH_BYTES + 1] = v;
    this.at = p + LENGTH_BYTES + INT2_BYTES;
  }

  /** A text value given as a string (at most MAX_UTF8_PER_UNIT bytes a UTF-16 unit: see `textBytes`). */
  text(s: string): void {
    const n = this.buf.write(s, this.at + LENGTH_BYTES, 'utf8');
    this.buf.writeInt32BE(n, this.at);
    this.at += LENGTH_BYTES + n;
  }

  /** A text value given as UTF-8 bytes [start, end) of `bytes`. */
  utf8(bytes: Uint8Array, start: number, end: number): void {
    const b = this.buf;
    putWord(b, this.at, end - start);
    let p = this.at + LENGTH_BYTES;
    if (end - start <= SHORT_COPY) {
      // A merchant id, copied 16 times a record into the dedup index: a loop beats making a subarray view.
      for (let i = start; i < end; i++) b[p++] = bytes[i]!;
    } else {
      b.set(bytes.subarray(start, end), p);
      p += end - start;
    }
    this.at = p;
  }

  /** A jsonb value given as the UTF-8 bytes [start, end) of its JSON text. */
  jsonb(bytes: Uint8Array, start: number, end: number): void {
    putWord(this.buf, this.at, 1 + end - start);
    this.buf[this.at + LENGTH_BYTES] = JSONB_VERSION;
    this.buf.set(bytes.subarray(start, end), this.at + LENGTH_BYTES + 1);
    this.at += LENGTH_BYTES + 1 + end - start;
  }

  /** The last batch, with the trailer. */
  end(): Buffer {
    if (this.at + COUNT_BYTES > this.buf.length) {
      const last = Buffer.allocUnsafe(this.at + COUNT_BYTES);
      this.buf.copy(last, 0, 0, this.at);
      this.buf = last;
    }
    this.buf.writeInt16BE(TRAILER, this.at);
    return this.buf.subarray(0, this.at + COUNT_BYTES);
  }
}

/**
 * `v`'s low 32 bits at `p`, big-endian (two's complement for a negative int32). The fields' integers are
 * stored byte by byte: Buffer's writeInt32BE and kin check their arguments on every call, which made them
 * most of the cost of the dedup index's ~16 rows a record.
 */
function putWord(b: Buffer, p: number, v: number): void {
  b[p] = v >>> 24;
  b[p + 1] = v >>> 16;
  b[p + 2] = v >>> 8;
  b[p + 3] = v;
}

/** A field's length word for a length below 256: three zero bytes, then the length. */
function putLength(b: Buffer, p: number, n: number): void {
  b[p] = 0;
  b[p + 1] = 0;
  b[p + 2] = 0;
  b[p + 3] = n;
}

/** Bytes a bigint, integer or smallint field takes, length included. */
export const INT8_FIELD = LENGTH_BYTES + INT8_BYTES;
export const INT4_FIELD = LENGTH_BYTES + INT4_BYTES;
export const INT2_FIELD = LENGTH_BYTES + INT2_BYTES;

/** The most bytes a text field given as a string can take, length included. */
export function textBytes(s: string): number {
  return LENGTH_BYTES + s.length * MAX_UTF8_PER_UNIT;
}

/** Bytes a text field of `n` UTF-8 bytes takes, length included; a jsonb field takes one more (its version). */
export function utf8Bytes(n: number): number {
  return LENGTH_BYTES + n;
}
