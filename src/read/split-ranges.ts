/**
 * Cuts an input file into byte ranges of whole records, so that a coordinator can move each range's
 * bytes to a worker thread and parse the ranges in parallel (`parseChunk`).
 *
 * One streaming pass from the start of the file, in large blocks: cut points must follow CSV quote
 * state and each range needs the physical line number it starts on, and both depend on everything
 * before. The pass stops at the last cut, so the tail of the file is never read here.
 */
import { DedupError } from '../errors.js';
import { parseCsv } from './csv-parser.js';
import { sniffUtf8 } from './input-encoding.js';
import { bomLength, MAX_RECORD_BYTES, UTF8_BOM, type InputFormat } from './input-format.js';
import { openInput, readFully } from './open-input.js';
import { RecordScanner } from './record-scanner.js';

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
  const maxHeader = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  const { fh, size } = await openInput(path);
  try {
    const block = Buffer.allocUnsafe(Math.min(blockSize, Math.max(size, 1)));
    const head = block.subarray(0, await readFully(fh, block, 0));
    // A file in another encoding stops here, before any worker starts, with the fix in the message.
    sniffUtf8(head, path);
    const scanner = new RecordScanner(format);
    let bodyStart = bomLength(head);
    let header: string[] | null = null;
    if (format === 'csv') {
      // Read a longer head until it holds the header row: usually the first block does.
      for (let want = head.length; ; want = Math.min(size, want * 2)) {
        const buf = want === head.length ? head : Buffer.allocUnsafe(want);
        if (buf !== head) await readFully(fh, buf, 0);
        scanner.reset();
        const found = findHeader(buf, bodyStart, size, scanner, path);
        if (found !== null) {
          header = found.header;
          bodyStart = found.end;
          break;
        }
        if (want >= maxHeader) {
          throw new DedupError(
            'E_INPUT',
            `${path}: no complete CSV header row in the first ${want} bytes; check that the file is CSV with a header row`,
            { file: path, line: 1 },
          );
        }
      }
    }
    const firstLine = 1 + scanner.lines;
    const ranges: ByteRange[] = [];
    const bodySize = size - bodyStart;
    if (bodySize === 0) return { ranges, header, bodyStart, size };

    const target = (k: number): number => bodyStart + Math.floor((k * bodySize) / parts);
    let k = 1;
    let rangeStart = bodyStart;
    let rangeLine = firstLine;
    scanner.reset();
    let offset = bodyStart;
    scan: while (k < parts && offset < size) {
      const blockStart = offset;
      const len = await readFully(fh, block, blockStart);
      if (len === 0) break;
      scanner.begin(block.subarray(0, len));
      for (let b = scanner.next(); b !== -1; b = scanner.next()) {
        const cut = blockStart + b;
        if (cut < target(k)) continue;
        if (cut >= size) break scan;
        ranges.push({ start: rangeStart, end: cut, firstLine: rangeLine });
        rangeStart = cut;
        rangeLine = firstLine + scanner.lines;
        while (k < parts && target(k) <= cut) k++;
        if (k >= parts) break scan;
      }
      offset += len;
    }
    ranges.push({ start: rangeStart, end: size, firstLine: rangeLine });
    return { ranges, header, bodyStart, size };
  } finally {
    await fh.close();
  }
}

/** The first non-blank CSV row of `head` and the offset just after it, or null if `head` ends first. */
function findHeader(
  head: Buffer,
  from: number,
  size: number,
  scanner: RecordScanner,
  path: string,
): { header: string[]; end: number } | null {
  scanner.begin(head, from);
  let rowStart = from;
  for (;;) {
    const b = scanner.next();
    if (b === -1 && head.length < size) return null;
    const end = b === -1 ? head.length : b;
    let header: string[] | null = null;
    parseCsv(head.toString('utf8', rowStart, end), 1, {
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
    if (header !== null) return { header, end };
    if (b === -1) {
      throw new DedupError('E_INPUT', `${path}: the file has no CSV header row; a CSV input starts with its column names`, {
        file: path,
        line: 1,
      });
    }
    rowStart = b;
  }
}
