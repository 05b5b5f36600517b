/**
 * Rows of (bigint, smallint, text) in the binary format of PostgreSQL's COPY
 * (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format"), for the dedup index: tens of
 * millions of rows whose bigint would otherwise be printed in decimal by us and parsed back by the server.
 * All integers are in network byte order. The text is sent as UTF-8, which the server checks as it would
 * check text-format input.
 */

/** "PGCOPY\n\377\r\n\0", then the flags field (no OIDs) and the header extension length, both zero. */
const SIGNATURE = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]);
const HEADER = Buffer.concat([SIGNATURE, Buffer.alloc(4), Buffer.alloc(4)]);
/** The file trailer: a field count of -1. */
const TRAILER = -1;
const FIELDS_PER_ROW = 3;
const INT8_BYTES = 8;
const INT2_BYTES = 2;
/** Fixed bytes of a row: field count, three lengths, the bigint and the smallint. */
const FIXED_ROW_BYTES = 2 + 4 * FIELDS_PER_ROW + INT8_BYTES + INT2_BYTES;
/** UTF-8 needs at most 3 bytes per UTF-16 unit. */
const MAX_UTF8_PER_UNIT = 3;
/** Bytes per yielded buffer: enough to amortise a socket write. */
const BATCH_BYTES = 1 << 20;

export class BinaryRows {
  private buf = Buffer.allocUnsafe(BATCH_BYTES);
  private at = HEADER.copy(this.buf, 0);

  /** Appends one row; returns a full batch to send when the buffer could not take another row, else null. */
  add(hi: number, lo: number, small: number, text: string): Buffer | null {
    let full: Buffer | null = null;
    const need = FIXED_ROW_BYTES + text.length * MAX_UTF8_PER_UNIT;
    if (this.at + need > this.buf.length) {
      full = this.buf.subarray(0, this.at);
      this.buf = Buffer.allocUnsafe(Math.max(BATCH_BYTES, need));
      this.at = 0;
    }
    const b = this.buf;
    let p = this.at;
    p = b.writeInt16BE(FIELDS_PER_ROW, p);
    p = b.writeInt32BE(INT8_BYTES, p);
    p = b.writeUInt32BE(hi >>> 0, p);
    p = b.writeUInt32BE(lo >>> 0, p);
    p = b.writeInt32BE(INT2_BYTES, p);
    p = b.writeInt16BE(small, p);
    const n = b.write(text, p + 4, 'utf8');
    b.writeInt32BE(n, p);
    this.at = p + 4 + n;
    return full;
  }

  /** The last batch, with the trailer. */
  end(): Buffer {
    if (this.at + 2 > this.buf.length) {
      const last = Buffer.allocUnsafe(this.at + 2);
      this.buf.copy(last, 0, 0, this.at);
      this.buf = last;
    }
    this.buf.writeInt16BE(TRAILER, this.at);
    return this.buf.subarray(0, this.at + 2);
  }
}
