/**
 * Finds record boundaries in raw input bytes without decoding them, carrying its state from one block
 * of a stream to the next, by quote state alone. It serves streams that are well-formed by construction
 * (a PostgreSQL `COPY ... TO STDOUT (FORMAT csv)`), where every boundary is a record end. Files, which may
 * hold stray quotes, are cut by `RecordCutter`, which also resynchronises after a broken record; on
 * well-formed CSV the two agree.
 *
 * A boundary is the offset just after a line feed that ends a record:
 * - NDJSON: every LF (a raw LF cannot occur inside a JSON string).
 * - CSV (RFC 4180): every LF outside a quoted field. A `"` opens a quoted field only at the start of a
 *   field (first byte of a record, or right after a `,`); inside, `""` is an escaped quote and a lone `"`
 *   closes the field. A quote anywhere else is taken literally: the CSV parser rejects such a row, and
 *   taking it literally keeps one stray quote from swallowing the rest of the file. This is exactly the
 *   state machine of `parseCsv`, over bytes instead of characters.
 */
import type { InputFormat } from './input-format.js';

const LF = 0x0a;
const QUOTE = 0x22;
const COMMA = 0x2c;
/** Cached search result meaning "not searched yet in this block". */
const UNKNOWN = -2;
const NOT_FOUND = -1;

export class RecordScanner {
  /** Line feeds consumed so far, inside quoted fields too: the number of physical lines passed. */
  lines = 0;
  /** Next byte to consume in the current block. */
  pos = 0;
  private inQuotes = false;
  /** The last byte consumed was a `"` inside a quoted field: the next byte says escape or close. */
  private quotePending = false;
  /** Last byte consumed; LF at a record start, so that a quote there opens a quoted field. */
  private prev = LF;
  private buf: Buffer = Buffer.alloc(0);
  private end = 0;
  // indexOf results, reused while still ahead of `pos`: one native search per LF and per quote.
  private lfAt = UNKNOWN;
  private quoteAt = UNKNOWN;

  constructor(readonly format: InputFormat) {}

  /** True when the bytes consumed so far end between records (a CSV quoted field is not open). */
  get betweenRecords(): boolean {
    return this.format === 'ndjson' || (!this.inQuotes && !this.quotePending);
  }

  /**
   * Continues into `bytes[start, end)`. The state carries over from the previous block, so `start`
   * must continue exactly where the scanner stopped (or be a record start after `reset()`).
   */
  begin(bytes: Uint8Array, start = 0, end = bytes.length): void {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
    this.lfAt = UNKNOWN;
    this.quoteAt = UNKNOWN;
  }

  /** Forgets all state: the next byte consumed starts a record. */
  reset(): void {
    this.lines = 0;
    this.inQuotes = false;
    this.quotePending = false;
    this.prev = LF;
  }

  /**
   * Consumes bytes through the next record boundary and returns its offset (just after the LF), or
   * returns -1 having consumed the rest of the block.
   */
  next(): number {
    if (this.format === 'ndjson') {
      const nl = this.findLf(this.pos);
      if (nl === NOT_FOUND) {
        this.pos = this.end;
        return NOT_FOUND;
      }
      this.lines++;
      this.pos = nl + 1;
      return this.pos;
    }
    return this.nextCsv();
  }

  private nextCsv(): number {
    const b = this.buf;
    const end = this.end;
    let p = this.pos;
    while (p < end) {
      if (this.quotePending) {
        this.quotePending = false;
        if (b[p] === QUOTE) {
          p++;
          this.prev = QUOTE;
        } else {
          this.inQuotes = false;
        }
        continue;
      }
      if (this.inQuotes) {
        const q = this.findQuote(p);
        const stop = q === NOT_FOUND ? end : q;
        for (let nl = this.findLf(p); nl !== NOT_FOUND && nl < stop; nl = this.findLf(nl + 1)) this.lines++;
        if (q === NOT_FOUND) {
          p = end;
          break;
        }
        p = q + 1;
        this.prev = QUOTE;
        this.quotePending = true;
        continue;
      }
      const nl = this.findLf(p);
      const q = this.findQuote(p);
      if (q !== NOT_FOUND && (nl === NOT_FOUND || q < nl)) {
        const before = q > p ? b[q - 1] : this.prev;
        if (before === COMMA || before === LF) this.inQuotes = true;
        p = q + 1;
        this.prev = QUOTE;
        continue;
      }
      if (nl === NOT_FOUND) {
        this.prev = b[end - 1]!;
        p = end;
        break;
      }
      this.lines++;
      this.prev = LF;
      this.pos = nl + 1;
      return this.pos;
    }
    this.pos = p;
    return NOT_FOUND;
  }

  private findLf(p: number): number {
    if (this.lfAt === UNKNOWN || (this.lfAt !== NOT_FOUND && this.lfAt < p)) {
      const i = p < this.end ? this.buf.indexOf(LF, p) : NOT_FOUND;
      this.lfAt = i >= this.end ? NOT_FOUND : i;
    }
    return this.lfAt;
  }

  private findQuote(p: number): number {
    if (this.quoteAt === UNKNOWN || (this.quoteAt !== NOT_FOUND && this.quoteAt < p)) {
      const i = p < this.end ? this.buf.indexOf(QUOTE, p) : NOT_FOUND;
      this.quoteAt = i >= this.end ? NOT_FOUND : i;
    }
    return this.quoteAt;
  }
}
