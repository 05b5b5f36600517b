import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/read/csv-parser.js';
import { RecordScanner } from '../../src/read/record-scanner.js';

/** All boundaries of `bytes`, fed to the scanner in blocks cut at `cuts`. */
function boundaries(format: 'csv' | 'ndjson', bytes: Buffer, cuts: number[]): { ends: number[]; lines: number } {
  const scanner = new RecordScanner(format);
  const ends: number[] = [];
  const points = [...new Set([0, ...cuts.map((c) => c % (bytes.length + 1)), bytes.length])].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i]!;
    const block = bytes.subarray(from, points[i + 1]);
    scanner.begin(block);
    for (let b = scanner.next(); b !== -1; b = scanner.next()) ends.push(from + b);
  }
  return { ends, lines: scanner.lines };
}

/**
 * Where the parser ends each row that a line feed ends (not the end of the text, nor an unclosed quote
 * running to it), skipping blank lines as it does.
 */
function parserRowEnds(text: string): number[] {
  const ends: number[] = [];
  let rows = 0;
  let unclosed = false;
  const count = {
    row: () => rows++,
    malformed: (_line: number, reason: string) => {
      rows++;
      unclosed = reason.includes('never closed');
    },
  };
  for (let pos = 0; pos < text.length; ) {
    const before = rows;
    const end = parseCsv(text, 1, count, { from: pos, maxRows: 1 });
    if (rows > before && !unclosed && text.charCodeAt(end.pos - 1) === 10) ends.push(end.pos);
    pos = end.pos;
  }
  return ends;
}

function isBlankLine(text: string, start: number, end: number): boolean {
  const line = text.slice(start, end);
  return line === '\n' || line === '\r\n';
}

describe('RecordScanner', () => {
  it('finds exactly the row ends of parseCsv, whatever the blocks, on arbitrary CSV-ish bytes', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a,"\r\n]{0,80}$/), fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        const bytes = Buffer.from(text);
        const { ends, lines } = boundaries('csv', bytes, cuts);
        const nonBlank = ends.filter((e, i) => !isBlankLine(text, i === 0 ? 0 : ends[i - 1]!, e));
        expect(nonBlank).toEqual(parserRowEnds(text));
        expect(lines).toBe(text.split('\n').length - 1);
      }),
      { numRuns: 500 },
    );
  });

  it('splits a block inside a doubled quote correctly', () => {
    // The scanner sees `"a"` then `"b\n"\n`: the quote pair straddles the blocks.
    const bytes = Buffer.from('"a""b\n"\nx\n');
    for (let cut = 0; cut <= bytes.length; cut++) expect(boundaries('csv', bytes, [cut]).ends).toEqual([8, 10]);
  });

  it('opens a quoted field only at the start of a field', () => {
    expect(boundaries('csv', Buffer.from('a"b\nc\n'), []).ends).toEqual([4, 6]);
    expect(boundaries('csv', Buffer.from('a,"b\nc"\n'), []).ends).toEqual([8]);
    expect(boundaries('csv', Buffer.from('a\r"b\nc\n'), []).ends).toEqual([5, 7]);
  });

  it('treats every line feed as an NDJSON boundary', () => {
    expect(boundaries('ndjson', Buffer.from('{"a":"\\""}\n\n{}'), [3, 11])).toEqual({ ends: [11, 12], lines: 2 });
  });

  it('knows when it stops inside a quoted field', () => {
    const s = new RecordScanner('csv');
    s.begin(Buffer.from('1,"open\n'));
    expect(s.next()).toBe(-1);
    expect(s.betweenRecords).toBe(false);
    expect(s.lines).toBe(1);
  });
});
