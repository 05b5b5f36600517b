/**
 * Where each record of a file ends, from its raw bytes, with the resynchronisation rule of robust CSV
 * readers: a record whose quoted field runs over a line feed is kept whole only if it makes a well-formed
 * record; otherwise only its first physical line is rejected and reading resumes on the next line. One
 * stray quote therefore costs one line, not every row up to the next quote of the file. (DuckDB's reader
 * with `store_rejects` likewise skips a faulty line, records it in its `reject_errors` table with the line,
 * column and error type, and goes on: https://duckdb.org/docs/data/csv/reading_faulty_csv_files.)
 *
 * A CSV record starting at offset S is, by RFC 4180 structure (a `"` opens a quoted field only at the start
 * of a field; `""` inside is an escaped quote; a quote elsewhere is literal):
 * - on one line: it ends after its line feed (or at the end of the file), whatever is wrong with it; the
 *   parser rejects a malformed one-line row as a whole;
 * - on several lines (a quoted field holds a line feed): it ends after its closing line feed only if it is
 *   well-formed (every quote closed, nothing after a closing quote, no stray quote, the header's field
 *   count), spans at most `maxRecordLines` lines and at most `maxRecordBytes` bytes. Otherwise it is
 *   "broken": the record is its first line alone (`broken` says why) and the next record starts on the line
 *   after. A first line longer than `maxRecordBytes` ends at its line feed either way.
 *
 * Every decision needs at most `maxRecordBytes + 1` bytes from the record start, so a reader holds no
 * more. `clean` tells whether a boundary lies past every byte looked at for an earlier broken record: only
 * there can a file be cut into independently parsed ranges without changing a decision (or its reason).
 * The parsers follow these decisions (`parseChunk` asks through `parseCsv`'s `decide` hook), so cutting a
 * file anywhere the cutter allows gives the same records, rejects and line numbers as reading it whole.
 *
 * NDJSON records are lines: every line feed is a boundary.
 */
import type { InputFormat } from './input-format.js';
import { MAX_RECORD_BYTES, MAX_RECORD_LINES } from './input-format.js';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const NOT_FOUND = -1;
/** Cached search result meaning "not searched yet in this block". */
const UNKNOWN = -2;
/** `next()` could not decide within the bytes given: call again with more bytes from `pos`. */
export const NEED_MORE = -1;

/** Why a record spanning several lines was cut back to its first line. */
export interface BrokenRecord {
  /** 0-based index of the quoted field that ran over its line; names it in the reject. */
  column: number;
  /** The reason, without the line number, e.g. `quoted field 3 (address) is never closed`. */
  what: string;
}

export interface CutterOptions {
  /** Fields every record has (the header's). 0: learn it from the first record, the header. @default 0 */
  expectedFields?: number;
  /** Column names, to name a field in reasons. */
  columnNames?: readonly string[];
  /** @default MAX_RECORD_BYTES */
  maxRecordBytes?: number;
  /** @default MAX_RECORD_LINES */
  maxRecordLines?: number;
}

export class RecordCutter {
  /** Physical lines before `pos` (line feeds consumed, inside quoted fields too). */
  lines = 0;
  /** Start of the next record: where `next()` continues, and where it stays when it needs more bytes. */
  pos = 0;
  /** The record `next()` just cut was broken (CSV): why; null for any other record. */
  broken: BrokenRecord | null = null;
  /** The boundary `next()` just returned can be a cut between independently parsed ranges. */
  clean = true;
  expectedFields: number;
  private readonly learnHeader: boolean;
  private readonly maxBytes: number;
  private readonly maxLines: number;
  private readonly names: readonly string[] | undefined;
  private buf: Buffer = Buffer.alloc(0);
  private end = 0;
  private final = false;
  /** Absolute offset of `buf[0]` in the input, to compare with `windowEnd`. */
  private base = 0;
  /** Absolute offset up to which bytes were looked at to decide an earlier broken record. */
  private windowEnd = 0;
  // indexOf results and the offsets they were searched from: valid for any p in [from, result].
  private lfAt = UNKNOWN;
  private lfFrom = 0;
  private quoteAt = UNKNOWN;
  private quoteFrom = 0;

  constructor(readonly format: InputFormat, options: CutterOptions = {}) {
    this.expectedFields = options.expectedFields ?? 0;
    this.learnHeader = this.expectedFields === 0;
    this.maxBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES;
    this.maxLines = options.maxRecordLines ?? MAX_RECORD_LINES;
    this.names = options.columnNames;
  }

  /**
   * Continues in `bytes[start, end)`; `start` must be a record start (`pos` of the previous block, moved
   * by the caller along with the bytes it kept). `final`: the input ends at `end`. `base`: the input
   * offset of `bytes[0]`, when the caller cuts on `clean`.
   */
  begin(bytes: Uint8Array, start = 0, end = bytes.length, final = true, base = 0): void {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
    this.final = final;
    this.base = base;
    this.lfAt = UNKNOWN;
    this.quoteAt = UNKNOWN;
  }

  /** Cuts the next record and returns the offset just after it, or NEED_MORE (`pos` stays at its start). */
  next(): number {
    this.broken = null;
    const s = this.pos;
    if (s >= this.end) return NEED_MORE;
    const nl = this.findLf(s);
    if (this.format === 'csv') {
      const q = this.findQuote(s);
      const learning = this.learnHeader && this.expectedFields === 0;
      if (learning && nl !== NOT_FOUND && (nl === s || (nl === s + 1 && this.buf[s] === CR))) return this.cut(nl + 1, 1);
      // The common rows: no quote before the line feed, or quoted fields all closed on their line.
      if (nl !== NOT_FOUND && !learning && (q === NOT_FOUND || q > nl || this.closedOnLine(s, nl))) return this.cut(nl + 1, 1);
      if (q !== NOT_FOUND || learning) return this.csvRecord(s);
    }
    if (nl !== NOT_FOUND) return this.cut(nl + 1, 1);
    return this.final ? this.cut(this.end, 0) : NEED_MORE;
  }

  /** Consumes through the next line feed whatever the quotes (the rest of an oversize first line). */
  skipLine(): number {
    const nl = this.findLf(this.pos);
    if (nl === NOT_FOUND) {
      this.pos = this.end;
      return NEED_MORE;
    }
    return this.cut(nl + 1, 1);
  }

  private cut(to: number, lines: number): number {
    this.pos = to;
    this.lines += lines;
    this.clean = this.base + to >= this.windowEnd;
    return to;
  }

  /** Every quoted field of the row at `s` closes before its line feed `nl` (quote state only). */
  private closedOnLine(s: number, nl: number): boolean {
    const b = this.buf;
    let p = s;
    for (;;) {
      const q = this.findQuote(p);
      if (q === NOT_FOUND || q > nl) return true;
      if (q !== s && b[q - 1] !== COMMA) {
        p = q + 1;
        continue;
      }
      let c = this.findQuote(q + 1);
      while (c !== NOT_FOUND && c < nl && b[c + 1] === QUOTE) c = this.findQuote(c + 2);
      if (c === NOT_FOUND || c > nl) return false;
      p = c + 1;
    }
  }

  /**
   * The record at `s` by its full structure, looking at no byte past `s + maxBytes` (the first line's
   * line feed excepted): its field count, whether it is well-formed, the lines it spans.
   */
  private csvRecord(s: number): number {
    const b = this.buf;
    const end = this.end;
    const capped = end - s > this.maxBytes;
    const stop = capped ? s + this.maxBytes : end;
    let p = s;
    let fields = 1;
    let problem: string | null = null;
    /** The field whose quote first ran over a line feed, and that line feed: the end of the first line. */
    let openColumn = -1;
    let firstLf = NOT_FOUND;
    let inner = 0;
    let inQuotes = false;
    for (;;) {
      if (p < stop && b[p] === QUOTE) {
        inQuotes = true;
        let from = p + 1;
        let close = NOT_FOUND;
        for (;;) {
          const c = this.findQuote(from);
          const until = c === NOT_FOUND || c >= stop ? stop : c;
          for (let lf = this.findLf(from); lf !== NOT_FOUND && lf < until; lf = this.findLf(lf + 1)) {
            if (firstLf === NOT_FOUND) {
              firstLf = lf;
              openColumn = fields - 1;
            }
            if (++inner >= this.maxLines) return this.brokenAt(firstLf, lf + 1, openColumn, `is not closed within ${this.maxLines} lines`);
          }
          if (until === stop) break;
          if (c + 1 >= end && !this.final) return NEED_MORE;
          if (b[c + 1] !== QUOTE) {
            close = c;
            break;
          }
          from = c + 2;
        }
        if (close === NOT_FOUND) return this.reachedStop(s, stop, capped, fields, problem, firstLf, openColumn, inner, inQuotes);
        inQuotes = false;
        p = close + 1;
        if (p >= stop) return this.reachedStop(s, stop, capped, fields, problem, firstLf, openColumn, inner, inQuotes);
        const ch = b[p];
        if (ch === COMMA) {
          p++;
          fields++;
          continue;
        }
        if (ch === LF) return this.recordEnd(s, p + 1, fields, problem, firstLf, openColumn, inner);
        if (ch === CR) {
          if (p + 1 >= end && !this.final) return NEED_MORE;
          if (b[p + 1] === LF) return this.recordEnd(s, p + 2, fields, problem, firstLf, openColumn, inner);
        }
        problem ??= `has text after the closing quote of ${this.label(fields - 1)}`;
      }
      // An unquoted field, or the rest of one after a closing quote: literal up to a comma or line feed.
      let lf = this.findLf(p);
      if (lf !== NOT_FOUND && lf >= stop) lf = NOT_FOUND;
      const fieldEnd = lf === NOT_FOUND ? stop : lf;
      let comma = b.indexOf(COMMA, p);
      if (comma >= fieldEnd) comma = NOT_FOUND;
      const q = this.findQuote(p);
      if (problem === null && q !== NOT_FOUND && q < (comma === NOT_FOUND ? fieldEnd : comma)) {
        problem = `has a stray quote inside unquoted ${this.label(fields - 1)}`;
      }
      if (comma !== NOT_FOUND) {
        p = comma + 1;
        fields++;
        continue;
      }
      if (lf === NOT_FOUND) return this.reachedStop(s, stop, capped, fields, problem, firstLf, openColumn, inner, false);
      return this.recordEnd(s, lf + 1, fields, problem, firstLf, openColumn, inner);
    }
  }

  /** The scan of the record at `s` reached `stop` without the record ending there. */
  private reachedStop(s: number, stop: number, capped: boolean, fields: number, problem: string | null, firstLf: number, openColumn: number, inner: number, inQuotes: boolean): number {
    if (capped) {
      // Longer than maxBytes: a multi-line record is broken; a first line that long ends at its line feed.
      if (inner > 0) return this.brokenAt(firstLf, stop, openColumn, `is not closed within ${this.maxBytes} bytes`);
      const lf = this.findLf(stop);
      if (lf === NOT_FOUND) return this.final ? this.cut(this.end, 0) : NEED_MORE;
      return this.cut(lf + 1, 1);
    }
    if (!this.final) return NEED_MORE;
    if (inQuotes && inner > 0) return this.brokenAt(firstLf, stop, openColumn, 'is never closed');
    return this.recordEnd(s, stop, fields, problem, firstLf, openColumn, inner);
  }

  /** The record at `s` ends at `to`: kept whole, or broken when it spans lines and is not well-formed. */
  private recordEnd(s: number, to: number, fields: number, problem: string | null, firstLf: number, openColumn: number, inner: number): number {
    const lines = inner + (this.buf[to - 1] === LF ? 1 : 0);
    if (this.learnHeader && this.expectedFields === 0) {
      // The header: never cut back (a malformed header stops the run), and it sets the field count.
      this.expectedFields = fields;
      return this.cut(to, lines);
    }
    if (inner === 0) return this.cut(to, lines);
    if (to - s > this.maxBytes) return this.brokenAt(firstLf, to, openColumn, `is not closed within ${this.maxBytes} bytes`);
    const span = inner + 1;
    if (problem !== null) return this.brokenAt(firstLf, to, openColumn, `opens a record of ${span} lines that ${problem}`);
    if (this.expectedFields > 0 && fields !== this.expectedFields) {
      return this.brokenAt(firstLf, to, openColumn, `opens a record of ${span} lines with ${fields} fields, expected ${this.expectedFields}`);
    }
    return this.cut(to, lines);
  }

  /**
   * Cuts a broken record back to its first line, which ends at `firstLf`. `decidedAt`: bytes up to there
   * were looked at to decide, so no clean cut may precede it.
   */
  private brokenAt(firstLf: number, decidedAt: number, column: number, why: string): number {
    this.windowEnd = Math.max(this.windowEnd, this.base + decidedAt);
    this.broken = { column, what: `quoted ${this.label(column)} ${why} (a stray quote?)` };
    return this.cut(firstLf + 1, 1);
  }

  private label(i: number): string {
    const name = this.names?.[i];
    return name === undefined ? `field ${i + 1}` : `field ${i + 1} (${name})`;
  }

  private findLf(p: number): number {
    if (this.lfAt === UNKNOWN || p < this.lfFrom || (this.lfAt !== NOT_FOUND && this.lfAt < p)) {
      this.lfFrom = p;
      const i = p < this.end ? this.buf.indexOf(LF, p) : NOT_FOUND;
      this.lfAt = i >= this.end ? NOT_FOUND : i;
    }
    return this.lfAt;
  }

  private findQuote(p: number): number {
    if (this.quoteAt === UNKNOWN || p < this.quoteFrom || (this.quoteAt !== NOT_FOUND && this.quoteAt < p)) {
      this.quoteFrom = p;
      const i = p < this.end ? this.buf.indexOf(QUOTE, p) : NOT_FOUND;
      this.quoteAt = i >= this.end ? NOT_FOUND : i;
    }
    return this.quoteAt;
  }

}
