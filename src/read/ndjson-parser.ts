/**
 * NDJSON (one JSON value a line, https://github.com/ndjson/ndjson-spec) from UTF-8 bytes. Lines end in
 * LF or CRLF; the last may have no line end. Blank (or all-whitespace) lines are skipped but counted,
 * so line numbers stay the physical lines an editor shows. A line that is not valid JSON, or is valid
 * JSON but not an object, is reported with its line number and the parser goes on.
 *
 * Lines are cut on bytes: a line feed is one byte in UTF-8 and no invalid sequence hides one, so the
 * lines are those of the decoded text, and each line is decoded on its own only when the sink's fast
 * path (`NdjsonSink.bytes`) does not take it.
 */

const LF = 0x0a;
const CR = 0x0d;
const OPEN_BRACE = 0x7b;
/** Longest JSON.parse message quoted in a reason: V8 messages quote the offending input. */
const MAX_PARSE_MESSAGE = 120;
const ALL_WHITESPACE = /^\s*$/;

export interface NdjsonSink {
  /** One line holding a JSON object. */
  object(value: Record<string, unknown>, line: number): void;
  /** One unusable line; `reason` is ready for a rejects file, e.g. `line 7: invalid JSON (…)`. */
  malformed(line: number, reason: string): void;
  /**
   * Offered every non-empty line's bytes `[start, end)` first: true when the sink took the record itself
   * (the field scanner), false to have it parsed and handed to `object` or `malformed`.
   */
  scanLine?(bytes: Buffer, start: number, end: number, line: number): boolean;
}

/**
 * Parses every line of `bytes[from, to)`, the first being physical line `firstLine`. Returns `firstLine`
 * plus the number of line feeds: the line the bytes following these start on.
 */
export function parseNdjson(bytes: Uint8Array, firstLine: number, sink: NdjsonSink, from = 0, to = bytes.length): number {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let line = firstLine;
  let p = from;
  while (p < to) {
    let nl = buf.indexOf(LF, p);
    if (nl >= to) nl = -1;
    let end = nl === -1 ? to : nl;
    if (end > p && buf[end - 1] === CR) end--;
    if (end > p && (sink.scanLine === undefined || !sink.scanLine(buf, p, end, line))) {
      const s = buf.toString('utf8', p, end);
      if (buf[p] === OPEN_BRACE || !ALL_WHITESPACE.test(s)) parseNdjsonLine(s, line, sink);
    }
    if (nl === -1) break;
    line++;
    p = nl + 1;
  }
  return line;
}

/** One line's text (without its line end) through JSON.parse, to `sink.object` or `sink.malformed`. */
export function parseNdjsonLine(s: string, line: number, sink: NdjsonSink): void {
  let value: unknown;
  try {
    value = JSON.parse(s);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const clipped = message.length > MAX_PARSE_MESSAGE ? message.slice(0, MAX_PARSE_MESSAGE) + '…' : message;
    sink.malformed(line, `line ${line}: invalid JSON (${clipped})`);
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    sink.malformed(line, `line ${line}: expected a JSON object, got ${kind}`);
    return;
  }
  sink.object(value as Record<string, unknown>, line);
}
