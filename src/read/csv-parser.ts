/**
 * RFC 4180 CSV rows from decoded text: quoted fields with embedded commas, doubled quotes and CR/LF,
 * CRLF or LF line ends, a last line without a line end. Fields are cut with `indexOf` and `slice`, never
 * built a character at a time.
 *
 * Row extents follow the state machine of `RecordScanner` (a `"` opens a quoted field only at the start
 * of a field; elsewhere it is literal), so a chunk cut by the scanner parses to the same rows as the
 * whole file. Blank lines are skipped but counted. A malformed row (stray quote inside an unquoted
 * field, text after a closing quote, a quoted field never closed, wrong field count) is reported with
 * the line it starts on and the parser goes on with the next row.
 *
 * Line numbers are 1-based physical lines: a row whose quoted field holds two line feeds spans three.
 *
 * A row whose quoted field runs over a line feed is checked against `RecordCutter`'s decision (the
 * `decide` hook): when the cutter found it broken (not well-formed, too long), only its first line is
 * rejected and parsing resumes on the next line, so that a stray quote cannot swallow the rows after it.
 */
import type { BrokenRecord } from './record-cutter.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const UNKNOWN = -2;
const NOT_FOUND = -1;

export interface CsvSink {
  /**
   * One well-formed row, `fields[0, count)`, starting on physical line `line` and spanning `lines`
   * physical lines. The array is reused for the next row: copy what you keep.
   */
  row(fields: readonly string[], count: number, line: number, lines: number): void;
  /**
   * One malformed row; `reason` is ready for a rejects file, e.g. `line 7: expected 18 fields, got 17`.
   * `column` is the 0-based index of the field at fault, or -1 when the row as a whole is (field count).
   * `fields[0, count)` holds what could be read of it, to name the record in the reject when possible.
   * `lines`: the physical lines it spans (1 for a row cut back to its first line).
   */
  malformed(line: number, reason: string, column: number, fields: readonly string[], count: number, lines: number): void;
}

export interface CsvParseOptions {
  /** Offset in the text to start at; must be a record start. @default 0 */
  from?: number;
  /** Field count every row must have (the header's); 0 accepts any. @default 0 */
  expectedFields?: number;
  /** Stop after this many rows (well-formed or not), e.g. 1 to read a header. @default Infinity */
  maxRows?: number;
  /** Column names (the header) to name a faulty field in reasons: `field 2 (name)`. */
  columnNames?: readonly string[];
  /**
   * Asked once for each row, by its first line, whose quoted field runs over a line feed: the cutter's
   * reason when that row is broken, null when it is to be read whole. Without it such rows are read whole.
   */
  decide?: (line: number) => BrokenRecord | null;
}

export interface CsvParseEnd {
  /** Physical line number following the last consumed row. */
  line: number;
  /** Offset following the last consumed row. */
  pos: number;
  /** Blank lines skipped (not rows). */
  blank: number;
}

/** Reused across rows and calls: the parser is single-threaded per isolate and not re-entrant. */
const fields: string[] = [];

/** Parses rows from `text` starting on physical line `firstLine`, reporting each to `sink`. */
export function parseCsv(text: string, firstLine: number, sink: CsvSink, options: CsvParseOptions = {}): CsvParseEnd {
  const n = text.length;
  const expected = options.expectedFields ?? 0;
  const maxRows = options.maxRows ?? Infinity;
  let p = options.from ?? 0;
  let line = firstLine;
  let rows = 0;
  let blank = 0;
  const names = options.columnNames;
  const decide = options.decide;
  const fieldLabel = (i: number): string => {
    const name = names?.[i];
    return name === undefined ? `field ${i + 1}` : `field ${i + 1} (${name})`;
  };

  // indexOf results, reused while still ahead of the cursor, so each separator is searched for once.
  let lfAt = UNKNOWN;
  let commaAt = UNKNOWN;
  let quoteAt = UNKNOWN;
  const findLf = (from: number): number => {
    if (lfAt === UNKNOWN || (lfAt !== NOT_FOUND && lfAt < from)) lfAt = text.indexOf('\n', from);
    return lfAt;
  };
  const findComma = (from: number): number => {
    if (commaAt === UNKNOWN || (commaAt !== NOT_FOUND && commaAt < from)) commaAt = text.indexOf(',', from);
    return commaAt;
  };
  const findQuote = (from: number): number => {
    if (quoteAt === UNKNOWN || (quoteAt !== NOT_FOUND && quoteAt < from)) quoteAt = text.indexOf('"', from);
    return quoteAt;
  };
  const countLf = (from: number, to: number): number => {
    let count = 0;
    for (let nl = findLf(from); nl !== NOT_FOUND && nl < to; nl = findLf(nl + 1)) count++;
    return count;
  };

  while (p < n && rows < maxRows) {
    const first = text.charCodeAt(p);
    if (first === LF) {
      line++;
      blank++;
      p++;
      continue;
    }
    if (first === CR && text.charCodeAt(p + 1) === LF) {
      line++;
      blank++;
      p += 2;
      continue;
    }

    const rowLine = line;
    const rowStart = p;
    let count = 0;
    let problem: string | null = null;
    let problemColumn = -1;
    let decided = decide === undefined;
    rows++;
    for (;;) {
      let start = p;
      if (text.charCodeAt(p) === QUOTE) {
        let q = text.indexOf('"', p + 1);
        let escaped = false;
        while (q !== NOT_FOUND && text.charCodeAt(q + 1) === QUOTE) {
          escaped = true;
          q = text.indexOf('"', q + 2);
        }
        if (!decided) {
          const nl = findLf(p + 1);
          if (nl !== NOT_FOUND && (q === NOT_FOUND || nl < q)) {
            decided = true;
            const broken = decide!(rowLine);
            if (broken !== null) {
              // Only the first line is this row's; the next line starts the next row.
              p = text.indexOf('\n', rowStart) + 1;
              line = rowLine + 1;
              lfAt = commaAt = quoteAt = UNKNOWN;
              problem = `${broken.what}; only this line is rejected, reading resumes on line ${line}`;
              problemColumn = broken.column;
              break;
            }
          }
        }
        if (q === NOT_FOUND) {
          line += countLf(p + 1, n);
          p = n;
          problem = `quoted ${fieldLabel(count)} is never closed (unterminated quote)`;
          problemColumn = count;
          break;
        }
        const raw = text.slice(p + 1, q);
        fields[count++] = escaped ? raw.replaceAll('""', '"') : raw;
        line += countLf(p + 1, q);
        p = q + 1;
        const c = text.charCodeAt(p);
        if (c === COMMA) {
          p++;
          continue;
        }
        if (c === LF) {
          p++;
          line++;
          break;
        }
        if (c === CR && text.charCodeAt(p + 1) === LF) {
          p += 2;
          line++;
          break;
        }
        if (p >= n) break;
        // Junk after the closing quote: read on to the end of the field as literal text, the way the
        // scanner does, so that the row ends where the scanner says it does.
        count--;
        if (problem === null) {
          problem = `text after the closing quote of ${fieldLabel(count)}`;
          problemColumn = count;
        }
        start = p;
      }
      const nl = findLf(start);
      const comma = findComma(start);
      const isComma = comma !== NOT_FOUND && (nl === NOT_FOUND || comma < nl);
      const fieldEnd = isComma ? comma : nl === NOT_FOUND ? n : nl;
      const quote = findQuote(start);
      if (quote !== NOT_FOUND && quote < fieldEnd && problem === null) {
        problem = `stray quote inside unquoted ${fieldLabel(count)}`;
        problemColumn = count;
      }
      const valueEnd = !isComma && fieldEnd > start && text.charCodeAt(fieldEnd - 1) === CR ? fieldEnd - 1 : fieldEnd;
      fields[count++] = text.slice(start, valueEnd);
      if (isComma) {
        p = comma + 1;
        continue;
      }
      if (nl === NOT_FOUND) {
        p = n;
      } else {
        p = nl + 1;
        line++;
      }
      break;
    }

    const span = line - rowLine + (text.charCodeAt(p - 1) === LF ? 0 : 1);
    if (problem === null && expected > 0 && count !== expected) {
      problem = `expected ${expected} fields, got ${count}`;
    }
    if (problem === null) sink.row(fields, count, rowLine, span);
    else sink.malformed(rowLine, `line ${rowLine}: ${problem}`, problemColumn, fields, count, span);
  }
  return { line, pos: p, blank };
}
