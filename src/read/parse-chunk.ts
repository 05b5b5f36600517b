/**
 * Parses, validates and maps one chunk of input bytes: whole records, as cut by `splitRanges` or by the
 * streaming reader. Pure and synchronous, so a worker thread can run it on bytes moved to it.
 *
 * Accounting invariants: every record the chunk holds is either accepted or rejected, never dropped:
 * `records.length + rejects.length === read`; and every physical line is the header's, blank, or part of
 * exactly one accepted or rejected record: `lineCounts.read === header + blank + accepted + rejected`.
 * Blank lines are not records. An accepted record may carry warnings: optional fields that could not be
 * read and were set to null.
 *
 * CSV record extents are `RecordCutter`'s: a record whose quoted field runs over a line feed and that is
 * broken is rejected as its first line alone, and the next line starts the next record.
 */
import { DedupError } from '../errors.js';
import { MERCHANT_FIELDS, type MerchantRecord, type RecordWarning, type Reject } from '../record/merchant-record.js';
import { columnKeys, isRejection, validateRecord, validateValues, type ColumnMap, type FieldWarning } from '../record/validate-record.js';
import { parseCsv, type CsvSink } from './csv-parser.js';
import { badText } from './input-encoding.js';
import { bomLength, MAX_RECORD_BYTES, type InputFormat } from './input-format.js';
import { NdjsonFieldScanner } from './ndjson-field-scanner.js';
import { parseNdjson, type NdjsonSink } from './ndjson-parser.js';
import { RecordCutter, type BrokenRecord } from './record-cutter.js';
import { RecordScanner } from './record-scanner.js';

export interface ParseChunkOptions {
  format: InputFormat;
  /** Physical line number of the chunk's first byte; 1 means the chunk starts the file (a BOM is skipped). */
  firstLine: number;
  /** CSV column names. When absent, the chunk's first row is read as the header. */
  header?: readonly string[];
  /** Input column names for contract fields that the input names differently. */
  columnMap?: ColumnMap;
  /** File name for error messages. */
  file?: string;
  /** Records longer than this many bytes are rejected undecoded. @default MAX_RECORD_BYTES (16 MiB) */
  maxRecordBytes?: number;
  /**
   * CSV is decoded into text piece by piece, each about this many bytes and cut at record boundaries (a
   * record longer than a piece is one piece of its own). @default CSV_PIECE_BYTES
   */
  csvPieceBytes?: number;
  /**
   * Parse `bytes[0, end)` only: the bytes after it are the input that follows, looked at only to decide
   * where a CSV record starting before `end` ends (the same decision as reading the input whole).
   * @default bytes.length
   */
  end?: number;
  /**
   * The bytes are well-formed CSV by construction (a PostgreSQL `COPY ... TO STDOUT (FORMAT csv)`): records
   * are cut by quote state alone (`RecordScanner`, as the stream was), never cut back to their first line,
   * so a value holding more line feeds than a file's record may span is read whole. @default false
   */
  wellFormed?: boolean;
  /**
   * NDJSON: read each line with the schema-aware field scanner first (ndjson-field-scanner.ts), and with
   * JSON.parse only when it leaves the line; the results are the same. False parses every line with
   * JSON.parse, the reference the scanner is tested and benchmarked against. @default true
   */
  fieldScanner?: boolean;
  /**
   * Called with each accepted record, in line order, as soon as it is read (`index` is its place among the
   * chunk's accepted records, `line` the physical line it starts on). The record is then not kept in
   * `records` unless `keepRecords` is true: a caller that consumes records one at a time holds no chunk-sized
   * object graph while it works (the young-generation collector would otherwise copy every parsed record of
   * the chunk again and again).
   */
  onRecord?: (record: MerchantRecord, index: number, line: number) => void;
  /** With `onRecord`: also keep the records in `records`. @default false with `onRecord`, else true */
  keepRecords?: boolean;
}

/** Where every physical line of a chunk went; `read === header + blank + accepted + rejected`. */
export interface LineCounts {
  /** Physical lines of the chunk: its line feeds, plus a last line without one. */
  read: number;
  /** The CSV header row's lines, and blank lines before it. */
  header: number;
  /** Blank (or, in NDJSON, all-whitespace) lines between records. */
  blank: number;
  /** Lines of accepted records. */
  accepted: number;
  /** Lines of rejected records. */
  rejected: number;
}

export interface ParsedChunk {
  /** Accepted records in line order; empty when they went to `onRecord` only (see ParseChunkOptions). */
  records: MerchantRecord[];
  /** `lines[i]` is the physical line `records[i]` starts on (1-based; the CSV header is line 1). */
  lines: Uint32Array;
  rejects: Reject[];
  /** Unreadable optional fields of accepted records, in line order. */
  warnings: RecordWarning[];
  /** Records read: accepted plus rejected. */
  read: number;
  /** Line number the bytes after this chunk start on: `firstLine` plus the chunk's line feeds. */
  nextLine: number;
  /** CSV: the header in force (given, or read from this chunk); null if none yet. NDJSON: null. */
  header: string[] | null;
  lineCounts: LineCounts;
  /**
   * `[line, lines]` pairs for the accepted records spanning more than one line, in line order: a record
   * rejected later (a repeated merchant_id) moves its lines from accepted to rejected.
   */
  multiLine: Uint32Array;
}

const FIELD_COUNT = MERCHANT_FIELDS.length;
const ABSENT = -1;
/** Contract fields a CSV header must have a column for: without them no row can be accepted. */
const REQUIRED_FIELDS = ['merchant_id', 'name'] as const;
const ID_FIELD = MERCHANT_FIELDS.indexOf('merchant_id');
/**
 * Bytes of CSV decoded into one string. Small enough that the string (two bytes a character once it holds
 * one Chinese character) is made in the young generation: a whole 4 MB shard decoded at once was an 8 MB
 * string in fresh memory each time, its pages faulted in one by one (~1.4 s of each worker's time at 1M).
 */
const CSV_PIECE_BYTES = 48 * 1024;

export function parseChunk(bytes: Uint8Array, opts: ParseChunkOptions): ParsedChunk {
  const all = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = opts.end ?? all.length;
  const buf = all.subarray(0, end);
  const max = opts.maxRecordBytes ?? MAX_RECORD_BYTES;
  // NDJSON lines are read from the bytes: only a chunk over the record limit is cut (at record boundaries).
  const piece = opts.format === 'csv' ? Math.min(max, opts.csvPieceBytes ?? CSV_PIECE_BYTES) : max;
  const start = opts.firstLine === 1 ? bomLength(buf) : 0;
  const out = new ChunkBuilder(opts, all, start);
  let pos = start;
  let line = opts.firstLine;
  let cutter: RecordCutter | RecordScanner | null = null;

  // Decode about `piece` bytes at a time, cut at record boundaries: a range of several hundred MB would
  // otherwise become one string of up to twice that, or exceed V8's string length limit.
  while (pos < buf.length) {
    let pieceEnd = buf.length;
    if (buf.length - pos > piece) {
      if (cutter === null) cutter = opts.wellFormed === true ? new RecordScanner(opts.format) : out.cutter();
      if (cutter instanceof RecordScanner) {
        cutter.reset();
        cutter.begin(buf, pos);
      } else {
        cutter.begin(all, pos, all.length, true);
      }
      const linesBefore = cutter.lines;
      let last = -1;
      let b = cutter.next();
      while (b !== -1 && b <= end && b - pos <= piece) {
        last = b;
        b = cutter.next();
      }
      // A record longer than a piece: one piece of its own while within the record limit (the rest of the
      // chunk when no boundary follows it).
      if (last === -1 && buf.length - pos <= max && (b === -1 || b > end)) last = buf.length;
      else if (last === -1 && b !== -1 && b <= end && b - pos <= max) last = b;
      if (last === -1) {
        // A first line longer than max: the cutter ends it at its line feed (the scanner: the record at its end).
        const lineFeeds = cutter.lines - linesBefore;
        // The record's lines: its line feeds, plus a last line without one at the end of the input.
        out.oversize(line, max, lineFeeds + (b !== -1 && all[b - 1] === 0x0a ? 0 : 1));
        line += lineFeeds;
        pos = b === -1 ? buf.length : Math.min(b, buf.length);
        continue;
      }
      pieceEnd = last;
    }
    line = opts.format === 'ndjson' ? parseNdjson(buf, line, out, pos, pieceEnd) : out.parseText(buf.toString('utf8', pos, pieceEnd), line);
    pos = pieceEnd;
  }
  const partial = buf.length > start && buf[buf.length - 1] !== 0x0a ? 1 : 0;
  return out.finish(line, line - opts.firstLine + partial);
}

/** Collects one chunk's results; implements both parser sinks. */
class ChunkBuilder implements CsvSink, NdjsonSink {
  private readonly records: MerchantRecord[] = [];
  private readonly lines: number[] = [];
  private readonly rejects: Reject[] = [];
  private readonly warnings: RecordWarning[] = [];
  /** The warnings of the record being validated. */
  private readonly fieldWarnings: FieldWarning[] = [];
  private read = 0;
  private readonly keep: boolean;
  private header: string[] | null = null;
  /** Column index in a CSV row of each contract field, in `MERCHANT_FIELDS` order, or ABSENT. */
  private readonly columns = new Int32Array(FIELD_COUNT);
  private readonly values: unknown[] = new Array<unknown>(FIELD_COUNT).fill(undefined);
  /** The CSV piece being parsed may hold undecodable text: check each record's fields. */
  private suspect = false;
  /** NDJSON's fast path; null for CSV, or when turned off. */
  private readonly scanner: NdjsonFieldScanner | null;
  private readonly counts: LineCounts = { read: 0, header: 0, blank: 0, accepted: 0, rejected: 0 };
  private readonly multiLine: number[] = [];
  /** Span of the record being accepted or rejected. */
  private span = 1;
  /** Cuts the chunk's bytes the way the whole input is cut, to answer parseCsv's `decide`. */
  private decider: RecordCutter | null = null;
  private readonly decide = (line: number): BrokenRecord | null => {
    if (this.decider === null) {
      this.decider = this.cutter();
      this.decider.begin(this.bytes, this.bodyStart, this.bytes.length, true);
    }
    const d = this.decider;
    for (;;) {
      const at = this.opts.firstLine + d.lines;
      if (at > line) return null;
      if (d.next() === -1) return null;
      if (at === line) return d.broken;
    }
  };

  constructor(private readonly opts: ParseChunkOptions, private readonly bytes: Buffer, private readonly bodyStart: number) {
    // Validates the mapping before the first record, so a bad mapping fails even on an empty chunk.
    const keys = columnKeys(opts.columnMap);
    this.scanner = opts.format === 'ndjson' && opts.fieldScanner !== false ? new NdjsonFieldScanner(keys) : null;
    this.keep = opts.keepRecords ?? opts.onRecord === undefined;
    if (opts.format === 'csv' && opts.header !== undefined) this.useHeader([...opts.header]);
  }

  /** Parses a piece of CSV text. */
  parseText(text: string, line: number): number {
    // One native scan of the piece decides whether its records need the per-field text check: U+FFFD from invalid UTF-8.
    this.suspect = text.includes('\uFFFD');
    let from = 0;
    if (this.header === null) {
      const captured: string[] = [];
      const end = parseCsv(text, line, {
        row: (fields, count) => {
          for (let i = 0; i < count; i++) captured.push(fields[i]!);
        },
        malformed: (headerLine, reason) => {
          throw this.inputError('E_INPUT', `the CSV header row is malformed (${reason}); fix the header`, { line: headerLine });
        },
      }, { maxRows: 1 });
      this.counts.header += end.line - line + (end.pos > 0 && text.charCodeAt(end.pos - 1) !== 0x0a ? 1 : 0);
      if (captured.length === 0) return end.line;
      this.useHeader(captured);
      from = end.pos;
      line = end.line;
    }
    const header = this.header!;
    const end = parseCsv(text, line, this, { from, expectedFields: header.length, columnNames: header, ...(this.opts.wellFormed !== true && { decide: this.decide }) });
    this.counts.blank += end.blank;
    return end.line;
  }

  /** A cutter that cuts this chunk as the whole input is cut. */
  cutter(): RecordCutter {
    const header = this.opts.header ?? this.header ?? undefined;
    return new RecordCutter(this.opts.format, {
      ...(header && { expectedFields: header.length, columnNames: header }),
      ...(this.opts.maxRecordBytes !== undefined && { maxRecordBytes: this.opts.maxRecordBytes }),
    });
  }

  row(fields: readonly string[], _count: number, line: number, lines: number): void {
    this.span = lines;
    const v = this.values;
    const cols = this.columns;
    for (let i = 0; i < FIELD_COUNT; i++) {
      const c = cols[i]!;
      v[i] = c === ABSENT ? undefined : fields[c];
    }
    if (this.suspect && this.rejectBadText(v, line)) return;
    this.accept(validateValues(v, this.fieldWarnings), line);
  }

  scanLine(bytes: Buffer, start: number, end: number, line: number): boolean {
    const s = this.scanner;
    if (s === null || !s.scan(bytes, start, end)) return false;
    this.span = 1;
    this.accept(validateValues(s.values, this.fieldWarnings), line);
    return true;
  }

  object(value: Record<string, unknown>, line: number): void {
    this.span = 1;
    // Every line that reaches JSON.parse is checked for undecodable text: the scanner leaves to it every
    // line whose contract fields hold U+FFFD or a lone surrogate, and the check is per line so that a
    // record's fate never depends on the other lines of its piece.
    const keys = columnKeys(this.opts.columnMap);
    const v = this.values;
    for (let i = 0; i < FIELD_COUNT; i++) v[i] = value[keys[i]!];
    if (this.rejectBadText(v, line)) return;
    this.accept(validateRecord(value, this.opts.columnMap, this.fieldWarnings), line);
  }

  /** Rejects the record when a contract field holds text that cannot be kept (input-encoding.ts). */
  private rejectBadText(values: readonly unknown[], line: number): boolean {
    for (let i = 0; i < FIELD_COUNT; i++) {
      const x = values[i];
      const texts = typeof x === 'string' ? [x] : Array.isArray(x) ? x.filter((e): e is string => typeof e === 'string') : [];
      for (const t of texts) {
        const why = badText(t);
        if (why === null) continue;
        const field = MERCHANT_FIELDS[i]!;
        const id = values[ID_FIELD];
        this.read++;
        this.counts.rejected += this.span;
        this.rejects.push({ line, merchant_id: typeof id === 'string' && badText(id) === null ? id.trim() || null : null, field, reason: `${field}: ${why}` });
        return true;
      }
    }
    return false;
  }

  malformed(line: number, reason: string, column = -1, fields?: readonly string[], count = 0, lines = 1): void {
    this.read++;
    this.counts.rejected += lines;
    const at = column === -1 ? -1 : this.columns.indexOf(column);
    const field = at === -1 ? null : MERCHANT_FIELDS[at]!;
    // A malformed CSV row often still has its id in the first columns: name the record when possible.
    const idColumn = this.columns[ID_FIELD]!;
    let id: string | null = null;
    if (fields !== undefined && this.header !== null && idColumn < count) id = fields[idColumn]!.trim() || null;
    this.rejects.push({ line, merchant_id: id, field, reason });
  }

  oversize(line: number, max: number, lines: number): void {
    if (this.opts.format === 'csv' && this.header === null) {
      throw this.inputError('E_INPUT', `the CSV header row is longer than ${max} bytes; check that the file is CSV`, { line });
    }
    this.malformed(line, `line ${line}: record longer than ${max} bytes (an unterminated quote?)`, -1, undefined, 0, lines);
  }

  finish(nextLine: number, lines: number): ParsedChunk {
    const c = this.counts;
    c.read = lines;
    // NDJSON: a record is one line, so whatever is not a record's is blank (or whitespace) by construction.
    if (this.opts.format === 'ndjson') c.blank = lines - c.accepted - c.rejected;
    return {
      lineCounts: c,
      multiLine: Uint32Array.from(this.multiLine),
      records: this.records,
      lines: Uint32Array.from(this.lines),
      rejects: this.rejects,
      warnings: this.warnings,
      read: this.read,
      nextLine,
      header: this.header,
    };
  }

  private accept(r: ReturnType<typeof validateValues>, line: number): void {
    this.read++;
    if (isRejection(r)) {
      this.counts.rejected += this.span;
      this.rejects.push({ line, merchant_id: r.merchant_id, field: r.field, reason: r.reason });
    } else {
      this.counts.accepted += this.span;
      if (this.span > 1) this.multiLine.push(line, this.span);
      if (this.keep) this.records.push(r);
      // One line per accepted record: the record's index among them is the count before it.
      const index = this.lines.push(line) - 1;
      this.opts.onRecord?.(r, index, line);
      const w = this.fieldWarnings;
      for (let i = 0; i < w.length; i++) this.warnings.push({ line, merchant_id: r.merchant_id, field: w[i]!.field, reason: w[i]!.reason });
    }
    this.fieldWarnings.length = 0;
  }

  private useHeader(header: string[]): void {
    const names = header.map((h) => h.trim());
    const keys = columnKeys(this.opts.columnMap);
    for (let i = 0; i < FIELD_COUNT; i++) {
      const key = keys[i]!;
      const at = names.indexOf(key);
      if (at !== ABSENT && names.indexOf(key, at + 1) !== ABSENT) {
        throw this.inputError('E_CONFIG', `the CSV header has the column "${key}" twice; rename one of them or map the field to another column`, {
          line: 1,
          field: MERCHANT_FIELDS[i]!,
        });
      }
      this.columns[i] = at;
    }
    for (const field of REQUIRED_FIELDS) {
      const i = MERCHANT_FIELDS.indexOf(field);
      if (this.columns[i] === ABSENT) {
        const key = keys[i]!;
        const hint = key === field ? `map ${field} to the column that holds it` : `check the mapping ${field}=${key}`;
        throw this.inputError('E_CONFIG', `the CSV header has no "${key}" column for the required field ${field}; ${hint}`, {
          line: 1,
          field,
        });
      }
    }
    this.header = names;
  }

  private inputError(code: 'E_INPUT' | 'E_CONFIG', what: string, details: { line?: number; field?: string }): DedupError {
    const file = this.opts.file;
    return new DedupError(code, file === undefined ? what : `${file}: ${what}`, { file, ...details });
  }
}
