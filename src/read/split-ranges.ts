/**
 * Cuts an input file into byte ranges of whole records, so that a coordinator can move each range's
 * bytes to a worker thread and parse the ranges in parallel (`parseChunk`).
 *
 * One streaming pass from the start of the file, in large blocks: cut points must follow the record
 * extents of `RecordCutter` and each range needs the physical line number it starts on, and both depend
 * on everything before. The pass stops at the last cut, so the tail of the file is never read here.
 *
 * A cut is made only at a `clean` boundary: never inside the bytes the cutter looked at to cut a broken
 * CSV record back to its first line. A worker parsing a range then sees every byte each decision needs,
 * so the records, rejects and reasons are the same whatever the number of ranges.
 */
import { DedupError } from '../errors.js';
import { parseCsv } from './csv-parser.js';
import { sniffUtf8 } from './input-encoding.js';
import { bomLength, MAX_RECORD_BYTES, UTF8_BOM, type InputFormat } from './input-format.js';
import { openInput, readFully } from './open-input.js';
import { NEED_MORE, RecordCutter } from './record-cutter.js';

/** Bytes `[start, end)` of the file, starting on physical line `firstLine` (1-based). */
export interface ByteRange {
  start: number;
  end: number;
  firstLine: number;
}

export interface SplitResult {
  /** Consecutive ranges covering the body exactly, in file order; empty when the body is. */
  ranges: ByteRange[];
  /** CSV: the header row's cells, trimmed. NDJSON: null. */
  header: string[] | null;
  /** Where the body starts: after a BOM and, for CSV, the header row. */
  bodyStart: number;
  /** Physical lines before the body: the CSV header row and any blank line before it; 0 for NDJSON. */
  headerLines: number;
  size: number;
}

export interface SplitOptions {
  /** Bytes read at a time. @default 8 MiB */
  blockSize?: number;
  /** A CSV header longer than this many bytes is refused. @default MAX_RECORD_BYTES (16 MiB) */
  maxRecordBytes?: number;
}

/** Big enough that per-read overhead vanishes, small enough to keep a worker's memory flat. */
const DEFAULT_BLOCK_SIZE = 8 * 1024 * 1024;
/** Room kept before a block for the record left over from the previous one: most records are far shorter. */
const PENDING_SLACK = 1024 * 1024;
/** The first block must hold a whole byte order mark for it to be recognised. */
const MIN_BLOCK_SIZE = UTF8_BOM.length;

/**
 * Splits the body of `path` into at most `parts` ranges of about equal size, each starting and ending
 * on a record boundary: cut `k` is the first boundary at or after `k/parts` of the body. A record larger
 * than a range's share makes fewer ranges, never an empty one.
 */
export async function splitRanges(
  path: string,
  format: InputFormat,
  parts: number,
  options: SplitOptions = {},
): Promise<SplitResult> {
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`parts must be a positive integer, got ${parts}`);
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  if (!Number.isInteger(blockSize) || blockSize < MIN_BLOCK_SIZE) {
    throw new RangeError(`options.blockSize must be an integer >= ${MIN_BLOCK_SIZE}, got ${blockSize}`);
  }
  const maxRecord = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  const { fh, size } = await openInput(path);
  try {
    const block = Buffer.allocUnsafe(Math.min(blockSize, Math.max(size, 1)));
    const head = block.subarray(0, await readFully(fh, block, 0));
    // A file in another encoding stops here, before any worker starts, with the fix in the message.
    sniffUtf8(head, path);
    let cutter = new RecordCutter(format, { maxRecordBytes: maxRecord });
    let bodyStart = bomLength(head);
    let header: string[] | null = null;
    /** The header row is the file's last line, without a line feed. */
    let headerUnended = false;
    if (format === 'csv') {
      // Read a longer head until it holds the header row: usually the first block does.
      for (let want = head.length; ; want = Math.min(size, want * 2)) {
        const buf = want === head.length ? head : Buffer.allocUnsafe(want);
        if (buf !== head) await readFully(fh, buf, 0);
        cutter = new RecordCutter(format, { maxRecordBytes: maxRecord });
        const found = findHeader(buf, bodyStart, size, cutter, path);
        if (found !== null) {
          header = found.header;
          bodyStart = found.end;
          headerUnended = found.end === size && buf[found.end - 1] !== 0x0a;
          break;
        }
        if (want >= maxRecord) {
          throw new DedupError(
            'E_INPUT',
            `${path}: no complete CSV header row in the first ${want} bytes; check that the file is CSV with a header row`,
            { file: path, line: 1 },
          );
        }
      }
    }
    const firstLine = 1 + cutter.lines;
    const headerLines = cutter.lines + (headerUnended ? 1 : 0);
    const ranges: ByteRange[] = [];
    const bodySize = size - bodyStart;
    if (bodySize === 0) return { ranges, header, bodyStart, headerLines, size };

    const target = (k: number): number => bodyStart + Math.floor((k * bodySize) / parts);
    let k = 1;
    let rangeStart = bodyStart;
    let rangeLine = firstLine;
    /** Bytes of the record not yet cut, from its start, copied out of the reused block. */
    let pending = Buffer.alloc(0);
    /** Inside a first line longer than maxRecord: it ends at its line feed. */
    let skipping = false;
    let offset = bodyStart;
    /** Takes the boundary at file offset `cut` as a range end if it is due and clean; true when done. */
    const boundary = (cut: number): boolean => {
      if (cut < target(k) || !cutter.clean) return false;
      if (cut >= size) return true;
      ranges.push({ start: rangeStart, end: cut, firstLine: rangeLine });
      rangeStart = cut;
      rangeLine = 1 + cutter.lines;
      while (k < parts && target(k) <= cut) k++;
      return k >= parts;
    };
    /** The pending bytes then the next block, contiguous: read in place, so only the pending bytes are copied. */
    let work = block;
    scan: while (k < parts && offset < size) {
      if (work.length < pending.length + block.length) work = Buffer.allocUnsafe(pending.length + block.length + PENDING_SLACK);
      pending.copy(work, 0);
      const len = await readFully(fh, work.subarray(pending.length, pending.length + block.length), offset);
      if (len === 0) break;
      const data = work.subarray(0, pending.length + len);
      const base = offset - pending.length;
      offset += len;
      cutter.begin(data, 0, data.length, offset >= size, base);
      if (skipping) {
        const b = cutter.skipLine();
        if (b === NEED_MORE) {
          pending = Buffer.alloc(0);
          continue;
        }
        skipping = false;
        if (boundary(base + b)) break scan;
      }
      for (let b = cutter.next(); b !== NEED_MORE; b = cutter.next()) {
        if (boundary(base + b)) break scan;
      }
      if (data.length - cutter.pos > maxRecord) {
        // Undecided after maxRecord bytes: a first line that long, which ends at its line feed.
        cutter.skipLine();
        skipping = true;
        pending = Buffer.alloc(0);
      } else {
        pending = Buffer.from(data.subarray(cutter.pos));
      }
    }
    ranges.push({ start: rangeStart, end: size, firstLine: rangeLine });
    return { ranges, header, bodyStart, headerLines, size };
  } finally {
    await fh.close();
  }
}

/** The first non-blank CSV row of `head` and the offset just after it, or null if `head` ends first. */
function findHeader(
  head: Buffer,
  from: number,
  size: number,
  cutter: RecordCutter,
  path: string,
): { header: string[]; end: number } | null {
  cutter.begin(head, from, head.length, head.length >= size);
  let rowStart = from;
  for (;;) {
    const b = cutter.next();
    if (b === NEED_MORE) {
      if (head.length < size) return null;
      throw new DedupError('E_INPUT', `${path}: the file has no CSV header row; a CSV input starts with its column names`, {
        file: path,
        line: 1,
      });
    }
    let header: string[] | null = null;
    parseCsv(head.toString('utf8', rowStart, b), 1, {
      row: (fields, count) => {
        header = fields.slice(0, count).map((f) => f.trim());
      },
      malformed: (_line, reason) => {
        throw new DedupError('E_INPUT', `${path}: the CSV header row is malformed (${reason}); fix the header`, {
          file: path,
          line: 1,
        });
      },
    });
    if (header !== null) return { header, end: b };
    rowStart = b;
  }
}
