/**
 * Whole-file streaming reader: reads an NDJSON or CSV file in blocks, hands the whole records of each
 * block to `parseChunk` (the same core the parallel scan runs in workers), rejects repeated
 * merchant_ids, and yields one batch per block. Memory stays at about two blocks plus one batch.
 */
import { DedupError } from '../errors.js';
import type { MerchantRecord, RecordWarning, Reject } from '../record/merchant-record.js';
import type { ColumnMap } from '../record/validate-record.js';
import { DuplicateIds } from './duplicate-ids.js';
import { sniffUtf8 } from './input-encoding.js';
import { bomLength, formatFromPath, MAX_RECORD_BYTES, UTF8_BOM, type InputFormat } from './input-format.js';
import { openInput, readFully } from './open-input.js';
import { parseChunk, type LineCounts, type ParsedChunk } from './parse-chunk.js';
import { NEED_MORE, RecordCutter } from './record-cutter.js';

export interface ReadOptions {
  /** Input format. @default from the extension: .ndjson/.jsonl/.json → ndjson, .csv → csv */
  format?: InputFormat;
  /** Input column names for contract fields that the input names differently. */
  columnMap?: ColumnMap;
  /** Throw DedupError('E_RECORD') at the first rejected record instead of yielding it. @default false */
  stopOnError?: boolean;
  /** Reject a record whose merchant_id an earlier record already has. @default true */
  rejectDuplicateIds?: boolean;
  /** Bytes read at a time. @default 8 MiB */
  blockSize?: number;
  /** Records longer than this many bytes are rejected undecoded. @default MAX_RECORD_BYTES (16 MiB) */
  maxRecordBytes?: number;
}

export interface RecordBatch {
  records: MerchantRecord[];
  /** `lines[i]` is the physical line `records[i]` starts on. */
  lines: Uint32Array;
  /** In line order. */
  rejects: Reject[];
  /** Unreadable optional fields of the batch's records (set to null in them), in line order. */
  warnings: RecordWarning[];
  /** Records read: `records.length + rejects.length`. */
  read: number;
  /** Where the batch's physical lines went (see `LineCounts`). */
  lineCounts: LineCounts;
}

/** Big enough that per-read and per-batch overhead vanish; two of them stay in memory. */
const DEFAULT_BLOCK_SIZE = 8 * 1024 * 1024;
/** The first block must hold a whole byte order mark for it to be recognised. */
const MIN_BLOCK_SIZE = UTF8_BOM.length;

/** Yields the records of `path` in batches, in file order; rejects are yielded, not thrown, by default. */
export async function* readRecords(path: string, options: ReadOptions = {}): AsyncGenerator<RecordBatch, void, undefined> {
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  if (!Number.isInteger(blockSize) || blockSize < MIN_BLOCK_SIZE) {
    throw new RangeError(`options.blockSize must be an integer >= ${MIN_BLOCK_SIZE}, got ${blockSize}`);
  }
  const maxRecordBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  if (!Number.isInteger(maxRecordBytes) || maxRecordBytes < 1) {
    throw new RangeError(`options.maxRecordBytes must be a positive integer, got ${maxRecordBytes}`);
  }
  const format = options.format ?? formatFromPath(path);
  if (format === null) {
    throw new DedupError(
      'E_CONFIG',
      `cannot tell the format of ${path} from its extension; name it .ndjson, .jsonl, .json or .csv, or give the format`,
      { file: path },
    );
  }
  const duplicates = options.rejectDuplicateIds === false ? null : new DuplicateIds();
  const { fh } = await openInput(path);
  try {
    const block = Buffer.allocUnsafe(blockSize);
    const cutter = new RecordCutter(format, { maxRecordBytes });
    let header: string[] | undefined;
    /** Bytes of the record not yet cut, from its start; copied out of the reused block. */
    let pending = Buffer.alloc(0);
    /** Physical line the pending bytes start on. */
    let pendingLine = 1;
    /** Inside a first line longer than maxRecordBytes: its bytes are dropped until it ends. */
    let skipping = false;
    let position = 0;

    /** Lines of chunks without a record (a header, blank lines): carried into the next batch yielded. */
    let carried: LineCounts | null = null;
    let yielded = false;
    // Bytes after `end` are read by parseChunk only to decide where a record before `end` ends.
    const parse = (data: Buffer, end: number, firstLine: number): RecordBatch | null => {
      const parsed = parseChunk(data, { format, firstLine, header, columnMap: options.columnMap, file: path, maxRecordBytes, end });
      header ??= parsed.header ?? undefined;
      if (parsed.read === 0) {
        carried = addLines(carried, parsed.lineCounts);
        return null;
      }
      const batch = finishBatch(parsed, duplicates, path, options.stopOnError === true);
      batch.lineCounts = addLines(carried, batch.lineCounts);
      carried = null;
      yielded = true;
      return batch;
    };
    const oversize = (line: number): RecordBatch => {
      if (format === 'csv' && header === undefined) {
        throw new DedupError('E_INPUT', `${path}: the CSV header row is longer than ${maxRecordBytes} bytes; check that the file is CSV`, {
          file: path,
          line,
        });
      }
      const reason = `line ${line}: record longer than ${maxRecordBytes} bytes (an unterminated quote?)`;
      const lineCounts = { read: 1, header: 0, blank: 0, accepted: 0, rejected: 1 };
      const batch = { records: [], lines: new Uint32Array(0), rejects: [{ line, merchant_id: null, field: null, reason }], warnings: [], read: 1, lineCounts };
      yielded = true;
      if (options.stopOnError === true) throw recordError(path, batch.rejects[0]!);
      return batch;
    };

    for (;;) {
      const len = await readFully(fh, block, position);
      if (len === 0) break;
      if (position === 0) sniffUtf8(block.subarray(0, len), path);
      const data = pending.length === 0 ? block.subarray(0, len) : Buffer.concat([pending, block.subarray(0, len)]);
      // The cutter starts again at the start of the record it could not cut yet: the pending bytes.
      cutter.begin(data, position === 0 ? bomLength(data) : 0, data.length, false);
      position += len;

      let chunkStart = cutter.pos;
      if (skipping) {
        const end = cutter.skipLine();
        if (end === NEED_MORE) {
          pending = Buffer.alloc(0);
          continue;
        }
        yield oversize(pendingLine);
        skipping = false;
        chunkStart = end;
        pendingLine = 1 + cutter.lines;
      }
      let last = -1;
      let linesAtLast = 0;
      for (let b = cutter.next(); b !== NEED_MORE; b = cutter.next()) {
        last = b;
        linesAtLast = cutter.lines;
      }
      if (last !== -1) {
        const batch = parse(data.subarray(chunkStart), last - chunkStart, pendingLine);
        if (batch !== null) yield batch;
        chunkStart = last;
        pendingLine = 1 + linesAtLast;
      }
      if (data.length - chunkStart > maxRecordBytes) {
        // Not cut after maxRecordBytes: a first line that long, whatever follows; it ends at its line feed.
        cutter.skipLine();
        skipping = true;
        pending = Buffer.alloc(0);
      } else {
        pending = Buffer.from(data.subarray(chunkStart));
      }
    }

    if (skipping) {
      yield oversize(pendingLine);
    } else if (pending.length > 0) {
      const batch = parse(pending, pending.length, pendingLine);
      if (batch !== null) yield batch;
    }
    // Blank lines after the last record: a batch of no record, so that every line is counted.
    if (carried !== null && yielded) yield { records: [], lines: new Uint32Array(0), rejects: [], warnings: [], read: 0, lineCounts: carried };
    if (format === 'csv' && header === undefined) {
      throw new DedupError('E_INPUT', `${path}: the file has no CSV header row; a CSV input starts with its column names`, {
        file: path,
        line: 1,
      });
    }
  } finally {
    await fh.close();
  }
}

/** Applies duplicate-id rejects and stop-on-error to one parsed chunk. */
function finishBatch(parsed: ParsedChunk, duplicates: DuplicateIds | null, path: string, stopOnError: boolean): RecordBatch {
  let { records, lines, warnings } = parsed;
  const rejects = parsed.rejects;
  const lineCounts = { ...parsed.lineCounts };
  if (duplicates !== null) {
    let kept: number[] | null = null;
    for (let i = 0; i < records.length; i++) {
      const dup = duplicates.check(records[i]!.merchant_id, lines[i]!);
      if (dup !== null) {
        kept ??= Array.from({ length: i }, (_, j) => j);
        rejects.push(dup);
        const span = spanOf(parsed.multiLine, lines[i]!);
        lineCounts.accepted -= span;
        lineCounts.rejected += span;
      } else if (kept !== null) {
        kept.push(i);
      }
    }
    if (kept !== null) {
      records = kept.map((i) => parsed.records[i]!);
      lines = Uint32Array.from(kept, (i) => parsed.lines[i]!);
      rejects.sort((a, b) => a.line - b.line);
      // A record rejected as a repeated id is not in the output: neither are its field warnings.
      const keptLines = new Set(lines);
      warnings = warnings.filter((w) => keptLines.has(w.line));
    }
  }
  if (stopOnError && rejects.length > 0) throw recordError(path, rejects[0]!);
  return { records, lines, rejects, warnings, read: parsed.read, lineCounts };
}

function addLines(a: LineCounts | null, b: LineCounts): LineCounts {
  if (a === null) return b;
  return { read: a.read + b.read, header: a.header + b.header, blank: a.blank + b.blank, accepted: a.accepted + b.accepted, rejected: a.rejected + b.rejected };
}

/** Lines spanned by the accepted record starting on `line`, from a chunk's `multiLine` pairs. */
export function spanOf(multiLine: Uint32Array, line: number): number {
  for (let i = 0; i < multiLine.length; i += 2) if (multiLine[i] === line) return multiLine[i + 1]!;
  return 1;
}

function recordError(path: string, reject: Reject): DedupError {
  // Structural reasons already start with `line N: `; the message puts the place first anyway.
  const prefix = `line ${reject.line}: `;
  const what = reject.reason.startsWith(prefix) ? reject.reason.slice(prefix.length) : reject.reason;
  return new DedupError(
    'E_RECORD',
    `${path} line ${reject.line}: ${what}; fix the record, or run without stop-on-error to collect all rejects`,
    { file: path, line: reject.line, ...(reject.field === null ? {} : { field: reject.field }) },
  );
}
