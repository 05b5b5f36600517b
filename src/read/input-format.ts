/** The two input formats of the contract, and the byte-level facts every reader needs. */
import { extname } from 'node:path';

export type InputFormat = 'ndjson' | 'csv';

const EXTENSION_FORMATS: Readonly<Record<string, InputFormat>> = {
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'ndjson',
  '.csv': 'csv',
};

/** The format a file name implies (case-insensitive extension), or null when it implies none. */
export function formatFromPath(path: string): InputFormat | null {
  return EXTENSION_FORMATS[extname(path).toLowerCase()] ?? null;
}

/** UTF-8 encoding of U+FEFF, which some Windows tools write at the start of a UTF-8 file. */
export const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** Length of the UTF-8 byte order mark at the start of `bytes`: 3 or 0. */
export function bomLength(bytes: Uint8Array): number {
  return bytes.length >= UTF8_BOM.length &&
    bytes[0] === UTF8_BOM[0] &&
    bytes[1] === UTF8_BOM[1] &&
    bytes[2] === UTF8_BOM[2]
    ? UTF8_BOM.length
    : 0;
}

/**
 * Longest record accepted, in bytes. A record that respects the contract's length limits is under
 * 100 KB even in 4-byte UTF-8 with extra columns; a longer one is almost always an unterminated CSV
 * quote swallowing the rest of the file. It is rejected without being decoded, which also bounds the
 * memory a reader holds for one record.
 * @default 16 MiB
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/**
 * Most physical lines one CSV record may span. A quoted field holding line feeds (an address written on
 * two or three lines) is legitimate; one running over dozens of lines is almost always a stray quote that
 * would swallow the rows after it, so the record is cut back to its first line (see record-cutter.ts).
 * DuckDB's CSV reader has no such limit but bounds a record by `max_line_size`; a line count is what a
 * person can check in an editor.
 * @default 64
 */
export const MAX_RECORD_LINES = 64;
