import { describe, expect, it } from 'vitest';
import { parseCsv, type CsvParseOptions } from '../../src/read/csv-parser.js';

interface Parsed {
  rows: { line: number; fields: string[] }[];
  bad: { line: number; reason: string; column: number }[];
  end: { line: number; pos: number };
}

function parse(text: string, options: CsvParseOptions = {}, firstLine = 1): Parsed {
  const rows: Parsed['rows'] = [];
  const bad: Parsed['bad'] = [];
  const end = parseCsv(text, firstLine, {
    row: (fields, count, line) => rows.push({ line, fields: fields.slice(0, count) }),
    malformed: (line, reason, column) => bad.push({ line, reason, column }),
  }, options);
  return { rows, bad, end };
}

describe('parseCsv', () => {
  it('splits plain rows with LF and CRLF line ends', () => {
    const { rows, end } = parse('a,b,c\n1,2,3\r\n4,5,6\n');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4', '5', '6'] },
    ]);
    expect(end).toEqual({ line: 4, pos: 19, blank: 0 });
  });

  it('reads a final line without a line end', () => {
    expect(parse('a,b\n1,2').rows.at(-1)).toEqual({ line: 2, fields: ['1', '2'] });
    expect(parse('a,b\n1,').rows.at(-1)).toEqual({ line: 2, fields: ['1', ''] });
  });

  it('keeps empty fields, leading and trailing', () => {
    expect(parse(',x,\n').rows[0]!.fields).toEqual(['', 'x', '']);
    expect(parse(',\r\n').rows[0]!.fields).toEqual(['', '']);
  });

  it('unquotes fields holding commas, doubled quotes, CR and LF', () => {
    const { rows } = parse('"a,b","say ""hi""","two\nlines","crlf\r\ninside",""\n');
    expect(rows[0]!.fields).toEqual(['a,b', 'say "hi"', 'two\nlines', 'crlf\r\ninside', '']);
  });

  it('counts physical lines through quoted line feeds', () => {
    const { rows, end } = parse('h\n"a\nb\nc"\n"d"\r\n"e\r\n"\nf', {}, 1);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5, 6, 8]);
    expect(end.line).toBe(8);
  });

  it('skips blank lines but counts them', () => {
    const { rows } = parse('a\n\n\r\nb\n\n');
    expect(rows).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it('rejects a row with the wrong field count and goes on', () => {
    const { rows, bad } = parse('1,2\n1,2,3\n1\n5,6\n', { expectedFields: 2 });
    expect(rows.map((r) => r.line)).toEqual([1, 4]);
    expect(bad).toEqual([
      { line: 2, reason: 'line 2: expected 2 fields, got 3', column: -1 },
      { line: 3, reason: 'line 3: expected 2 fields, got 1', column: -1 },
    ]);
  });

  it('rejects a stray quote inside an unquoted field, naming the column', () => {
    const { rows, bad } = parse('1,ab"c,3\n4,5,6\n', { columnNames: ['id', 'name', 'x'] });
    expect(bad).toEqual([{ line: 1, reason: 'line 1: stray quote inside unquoted field 2 (name)', column: 1 }]);
    expect(rows).toEqual([{ line: 2, fields: ['4', '5', '6'] }]);
  });

  it('rejects text after a closing quote and resumes at the next row', () => {
    const { rows, bad } = parse('1,"ab"c,3\n"x" y\n4,5,6\n');
    expect(bad.map((b) => [b.line, b.reason])).toEqual([
      [1, 'line 1: text after the closing quote of field 2'],
      [2, 'line 2: text after the closing quote of field 1'],
    ]);
    expect(rows).toEqual([{ line: 3, fields: ['4', '5', '6'] }]);
  });

  it('rejects an unterminated quote at the end of the text on the line the row starts', () => {
    const { rows, bad, end } = parse('1,2\n3,"open\nstill open\n');
    expect(rows).toHaveLength(1);
    expect(bad).toEqual([{ line: 2, reason: 'line 2: quoted field 2 is never closed (unterminated quote)', column: 1 }]);
    expect(end.line).toBe(4);
  });

  it('stops after maxRows and says where', () => {
    const { rows, end } = parse('\nh1,"h\n2"\nrest', { maxRows: 1 });
    expect(rows).toEqual([{ line: 2, fields: ['h1', 'h\n2'] }]);
    expect(end).toEqual({ line: 4, pos: 10, blank: 1 });
  });

  it('starts at `from`', () => {
    expect(parse('skip\nx,y\n', { from: 5 }, 2).rows).toEqual([{ line: 2, fields: ['x', 'y'] }]);
  });

  it('handles Chinese text and quotes at the row start', () => {
    const { rows } = parse('"北京市,朝阳区",老王\n"店""名",烧烤\n');
    expect(rows.map((r) => r.fields)).toEqual([
      ['北京市,朝阳区', '老王'],
      ['店"名', '烧烤'],
    ]);
  });
});
