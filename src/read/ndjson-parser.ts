/**
 * NDJSON (one JSON value a line, https://github.com/ndjson/ndjson-spec) from decoded text. Lines end in
 * LF or CRLF; the last may have no line end. Blank (or all-whitespace) lines are skipped but counted,
 * so line numbers stay the physical lines an editor shows. A line that is not valid JSON, or is valid
 * JSON but not an object, is reported with its line number and the parser goes on.
 */

const CR = 13;
const OPEN_BRACE = 123;
/** Longest JSON.parse message quoted in a reason: V8 messages quote the offending input. */
const MAX_PARSE_MESSAGE = 120;
const ALL_WHITESPACE = /^\s*$/;

export interface NdjsonSink {
  /** One line holding a JSON object. */
  object(value: Record<string, unknown>, line: number): void;
  /** One unusable line; `reason` is ready for a rejects file, e.g. `line 7: invalid JSON (…)`. */
  malformed(line: number, reason: string): void;
}

/**
 * Parses every line of `text`, the first being physical line `firstLine`. Returns `firstLine` plus the
 * number of line feeds: the line the text following this one starts on.
 */
export function parseNdjson(text: string, firstLine: number, sink: NdjsonSink): number {
  const n = text.length;
  let line = firstLine;
  let p = 0;
  while (p < n) {
    const nl = text.indexOf('\n', p);
    let end = nl === -1 ? n : nl;
    if (end > p && text.charCodeAt(end - 1) === CR) end--;
    if (end > p) {
      const s = text.slice(p, end);
      if (text.charCodeAt(p) === OPEN_BRACE || !ALL_WHITESPACE.test(s)) parseLine(s, line, sink);
    }
    if (nl === -1) break;
    line++;
    p = nl + 1;
  }
  return line;
}

function parseLine(s: string, line: number, sink: NdjsonSink): void {
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
