import { describe, expect, it } from 'vitest';
import { hasCode } from '../../src/errors.js';
import { MERCHANT_FIELDS } from '../../src/record/merchant-record.js';
import { parseChunk, type ParseChunkOptions } from '../../src/read/parse-chunk.js';
import { csvRow } from '../../src/write/csv-format.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

const HEADER = csvRow(MERCHANT_FIELDS);
function row(values: Partial<Record<(typeof MERCHANT_FIELDS)[number], string>>): string {
  return csvRow(MERCHANT_FIELDS.map((f) => values[f] ?? ''));
}

describe('parseChunk (CSV)', () => {
  it('reads the header from the first row and maps every contract column', () => {
    const text =
      HEADER +
      row({ merchant_id: 'M1', name: '老王烧烤', lat: '39.9', lng: '116.4', coord_sys: 'GCJ02', terminal_sns: 'a;b', mcc: '5812' });
    const r = parseChunk(bytes(text), { format: 'csv', firstLine: 1 });
    expect(r.header).toEqual([...MERCHANT_FIELDS]);
    expect(r.read).toBe(1);
    expect(r.records[0]).toMatchObject({ merchant_id: 'M1', name: '老王烧烤', lat: 39.9, lng: 116.4, coord_sys: 'gcj02', terminal_sns: ['a', 'b'], uscc: null });
    expect([...r.lines]).toEqual([2]);
    expect(r.nextLine).toBe(3);
  });

  it('accepts columns in any order, extra columns, and missing optional columns', () => {
    const r = parseChunk(bytes('note,name,merchant_id\nx,店,1\n'), { format: 'csv', firstLine: 1 });
    expect(r.records[0]).toMatchObject({ merchant_id: '1', name: '店', phone: null, terminal_sns: [] });
  });

  it('uses a given header for a chunk from the middle of a file', () => {
    const r = parseChunk(bytes('1,a\n\n2,b\n'), { format: 'csv', firstLine: 40, header: ['merchant_id', 'name'] });
    expect(r.records.map((x) => x.merchant_id)).toEqual(['1', '2']);
    expect([...r.lines]).toEqual([40, 42]);
    expect(r.nextLine).toBe(43);
  });

  it('applies a column mapping to the header', () => {
    const opts: ParseChunkOptions = { format: 'csv', firstLine: 1, columnMap: { merchant_id: 'mch_no', name: 'shop_name' } };
    const r = parseChunk(bytes('mch_no,shop_name,name\n9,面馆,ignored\n'), opts);
    expect(r.records[0]).toMatchObject({ merchant_id: '9', name: '面馆' });
  });

  it('refuses a header without a required column, naming it and what to do', () => {
    const err = thrown(() => parseChunk(bytes('merchant_id,shop\n1,a\n'), { format: 'csv', firstLine: 1, file: 'in.csv' }));
    // A configuration error (exit code 2): the fix is a mapping, not the data.
    expect(hasCode(err, 'E_CONFIG')).toBe(true);
    expect((err as Error).message).toBe('in.csv: the CSV header has no "name" column for the required field name; map name to the column that holds it');
    expect((err as { details: unknown }).details).toMatchObject({ file: 'in.csv', field: 'name' });
    const mapped = thrown(() => parseChunk(bytes('merchant_id,shop\n'), { format: 'csv', firstLine: 1, columnMap: { name: 'shop_name' } }));
    expect((mapped as Error).message).toMatch(/no "shop_name" column .*check the mapping name=shop_name/);
  });

  it('refuses a header naming a contract column twice, or malformed', () => {
    expect(hasCode(thrown(() => parseChunk(bytes('merchant_id,name,name\n'), { format: 'csv', firstLine: 1 })), 'E_CONFIG')).toBe(true);
    expect(hasCode(thrown(() => parseChunk(bytes('merchant_id,na"me\n'), { format: 'csv', firstLine: 1 })), 'E_INPUT')).toBe(true);
  });

  it('returns no header for a chunk of blank lines, so the caller can look further', () => {
    expect(parseChunk(bytes('\n\r\n'), { format: 'csv', firstLine: 1 })).toMatchObject({ header: null, read: 0, nextLine: 3 });
  });

  it('skips a BOM at the start of the file only', () => {
    const withBom = '\ufeffmerchant_id,name\n1,a\n';
    expect(parseChunk(bytes(withBom), { format: 'csv', firstLine: 1 }).header).toEqual(['merchant_id', 'name']);
    const r = parseChunk(bytes('\ufeff{"merchant_id":"1","name":"a"}\n'), { format: 'ndjson', firstLine: 1 });
    expect(r.records).toHaveLength(1);
    const later = parseChunk(bytes('\ufeff{"merchant_id":"1","name":"a"}\n'), { format: 'ndjson', firstLine: 5 });
    expect(later.rejects[0]!.reason).toMatch(/^line 5: invalid JSON/);
  });

  it('accounts for every row of a malformed file: line, id when known, reason naming the field', () => {
    const text = [
      'merchant_id,name,lat,created_at',
      '1,good,30,2021-01-01',
      '2,,30,', // empty name
      '3,bad lat,north,',
      '4,"spans',
      'two lines",1',
      '5,too,many,fields,here',
      '6,st"ray,1,',
      '"7","quoted ""ok""",-30.5,2021-01-01T00:00:00Z',
      '8,bad date,,yesterday',
      ',no id,,',
      '"9"x,junk,,',
      '10,"multi',
      'line",,',
      '11,"open at the end',
    ].join('\n');
    const r = parseChunk(bytes(text), { format: 'csv', firstLine: 1 });
    expect(r.records.length + r.rejects.length).toBe(r.read);
    expect(r.records.map((x) => x.merchant_id)).toEqual(['1', '3', '7', '8', '10']);
    expect([...r.lines]).toEqual([2, 4, 9, 10, 13]);
    expect(r.records[2]!.name).toBe('quoted "ok"');
    expect([r.records[1]!.lat, r.records[3]!.created_at]).toEqual([null, null]);
    expect(r.warnings.map((x) => [x.line, x.merchant_id, x.field, x.reason])).toEqual([
      [4, '3', 'lat', 'lat: expected a number, got string "north"'],
      [10, '8', 'created_at', 'created_at: not a timestamp (ISO-8601 such as 2024-01-02T10:30:00+08:00) or not a real date: "yesterday"'],
    ]);
    expect(r.rejects.map((x) => [x.line, x.merchant_id, x.field, x.reason])).toEqual([
      [3, '2', 'name', 'name: required field is empty'],
      // The quoted field runs over a line into a record of 3 fields: line 5 alone is rejected, and
      // line 6 is read as a row of its own.
      [5, '4', 'name', 'line 5: quoted field 2 (name) opens a record of 2 lines with 3 fields, expected 4 (a stray quote?); only this line is rejected, reading resumes on line 6'],
      [6, 'two lines"', 'merchant_id', 'line 6: stray quote inside unquoted field 1 (merchant_id)'],
      [7, '5', null, 'line 7: expected 4 fields, got 5'],
      [8, '6', 'name', 'line 8: stray quote inside unquoted field 2 (name)'],
      [11, null, 'merchant_id', 'merchant_id: required field is empty'],
      [12, 'x', 'merchant_id', 'line 12: text after the closing quote of field 1 (merchant_id)'],
      [15, '11', 'name', 'line 15: quoted field 2 (name) is never closed (unterminated quote)'],
    ]);
  });
});

describe('parseChunk (CSV decoded in pieces)', () => {
  const text = [
    'merchant_id,name,lat,created_at',
    '1,good,30,2021-01-01',
    '2,,30,',
    '4,"spans',
    'two lines",1',
    '5,too,many,fields,here',
    '',
    '6,st"ray,1,',
    '"7","quoted ""ok"", with a comma",-30.5,2021-01-01T00:00:00Z',
    `8,"${'长'.repeat(60)}
${'名'.repeat(60)}",,`,
    '9,"multi',
    'line",,',
    ...Array.from({ length: 40 }, (_, i) => `${100 + i},店${i},${i},`),
    '11,"open at the end',
  ].join('\n');

  it('reads the same rows, rejects, warnings and line counts whatever the piece size', () => {
    const whole = parseChunk(bytes(text), { format: 'csv', firstLine: 1, csvPieceBytes: 1 << 20 });
    expect(whole.read).toBe(50);
    for (const csvPieceBytes of [1, 7, 16, 33, 64, 200, 1000]) {
      expect(parseChunk(bytes(text), { format: 'csv', firstLine: 1, csvPieceBytes })).toEqual(whole);
      expect(parseChunk(bytes(text), { format: 'csv', firstLine: 1, csvPieceBytes, wellFormed: true })).toEqual(parseChunk(bytes(text), { format: 'csv', firstLine: 1, wellFormed: true, csvPieceBytes: 1 << 20 }));
    }
  });

  it('still rejects a record over the record limit, however small the pieces', () => {
    const r = parseChunk(bytes(text), { format: 'csv', firstLine: 1, csvPieceBytes: 16, maxRecordBytes: 100 });
    expect(r).toEqual(parseChunk(bytes(text), { format: 'csv', firstLine: 1, maxRecordBytes: 100 }));
    expect(r.rejects.find((x) => x.line === 10)?.reason).toMatch(/record longer than 100 bytes/);
  });
});

describe('parseChunk (NDJSON)', () => {
  it('accounts for every line: bad JSON, non-objects, wrong types, mapping, unreadable optional fields', () => {
    const text = [
      '{"mch":"1","shop":"甲"}',
      '',
      '{"mch":2,"shop":"乙","lat":"39.1"}\r',
      '{"mch":"3","shop":"丙"',
      '[{"mch":"4"}]',
      '{"mch":"5","shop":{"zh":"戊"}}',
      '{"mch":"6","shop":"己","terminal_sns":[1]}',
      '{"mch":"7","shop":"庚","name":"ignored"}',
    ].join('\n');
    const r = parseChunk(bytes(text), { format: 'ndjson', firstLine: 1, columnMap: { merchant_id: 'mch', name: 'shop' } });
    expect(r.read).toBe(7);
    expect(r.records.map((x) => [x.merchant_id, x.name])).toEqual([['1', '甲'], ['2', '乙'], ['6', '己'], ['7', '庚']]);
    expect(r.records[1]!.lat).toBe(39.1);
    expect([...r.lines]).toEqual([1, 3, 7, 8]);
    expect(r.rejects.map((x) => [x.line, x.merchant_id, x.field])).toEqual([
      [4, null, null],
      [5, null, null],
      [6, '5', 'name'],
    ]);
    expect(r.warnings.map((x) => [x.line, x.merchant_id, x.field])).toEqual([[7, '6', 'terminal_sns']]);
    expect(r.rejects[1]!.reason).toBe('line 5: expected a JSON object, got array');
    expect(r.rejects[2]!.reason).toBe('name: expected a string, got object');
  });
});

describe('parseChunk (records handed over one at a time)', () => {
  const ndjson = ['{"merchant_id":"1","name":"甲"}', '', '{"merchant_id":"2","name":7}', '{"merchant_id":"3","name":"丙"}'].join('\n');
  const csv = HEADER + row({ merchant_id: 'A', name: '面馆' }) + row({ merchant_id: 'B', name: '' }) + row({ merchant_id: 'C', name: '茶铺' });
  for (const [format, text] of [['ndjson', ndjson], ['csv', csv]] as const) {
    it(`${format}: gives onRecord each accepted record with its index and line, and keeps none unless asked`, () => {
      const kept = parseChunk(bytes(text), { format, firstLine: 1 });
      const seen: [string, number, number][] = [];
      const handed = parseChunk(bytes(text), { format, firstLine: 1, onRecord: (r, i, line) => seen.push([r.merchant_id, i, line]) });
      expect(handed.records).toEqual([]);
      expect(seen).toEqual(kept.records.map((r, i) => [r.merchant_id, i, kept.lines[i]!]));
      expect(seen.length).toBe(2);
      expect([...handed.lines]).toEqual([...kept.lines]);
      expect(handed.rejects).toEqual(kept.rejects);
      expect(handed.lineCounts).toEqual(kept.lineCounts);
      const both = parseChunk(bytes(text), { format, firstLine: 1, onRecord: () => undefined, keepRecords: true });
      expect(both.records).toEqual(kept.records);
    });
  }
});

describe('parseChunk (oversized records and chunks)', () => {
  const recs = Array.from({ length: 50 }, (_, i) => JSON.stringify({ merchant_id: String(i), name: `店${i}`.padEnd(i % 7 === 0 ? 120 : 5, 'x') }));
  const text = recs.join('\n') + '\n';

  it('parses a chunk larger than the record limit in pieces, the same as in one go', () => {
    const whole = parseChunk(bytes(text), { format: 'ndjson', firstLine: 1 });
    const pieces = parseChunk(bytes(text), { format: 'ndjson', firstLine: 1, maxRecordBytes: 200 });
    expect(pieces).toEqual(whole);
    expect(whole.read).toBe(50);
  });

  it('rejects a record longer than the limit without decoding it, and goes on', () => {
    const r = parseChunk(bytes(text), { format: 'ndjson', firstLine: 1, maxRecordBytes: 100 });
    expect(r.read).toBe(50);
    expect(r.rejects.map((x) => x.line)).toEqual([1, 8, 15, 22, 29, 36, 43, 50]);
    expect(r.rejects[1]!.reason).toBe('line 8: record longer than 100 bytes (an unterminated quote?)');
  });

  it('cuts an unterminated CSV quote in a large chunk back to its line, and reads every row after it', () => {
    const csv = 'merchant_id,name\n1,a\n2,"open\n' + '3,c\n'.repeat(100);
    const r = parseChunk(bytes(csv), { format: 'csv', firstLine: 1, maxRecordBytes: 64 });
    expect(r.read).toBe(102);
    expect(r.rejects).toEqual([
      { line: 3, merchant_id: '2', field: 'name', reason: 'line 3: quoted field 2 (name) is not closed within 64 bytes (a stray quote?); only this line is rejected, reading resumes on line 4' },
    ]);
    expect(r.records).toHaveLength(101);
    expect(r.nextLine).toBe(104);
    expect(r.lineCounts).toEqual({ read: 103, header: 1, blank: 0, accepted: 101, rejected: 1 });
  });
});

describe('parseChunk (a well-formed stream)', () => {
  it('reads a value of more lines than a file record may span whole when the bytes are a COPY stream', () => {
    const long = Array.from({ length: 70 }, (_, i) => `第${i}行`).join('\n');
    const csv = `merchant_id,name,address\n1,a,"${long}"\n2,b,c\n`;
    const file = parseChunk(bytes(csv), { format: 'csv', firstLine: 1 });
    expect(file.rejects[0]).toMatchObject({ line: 2, field: 'address', reason: expect.stringMatching(/^line 2: quoted field 3 \(address\) is not closed within 64 lines/) });
    const stream = parseChunk(bytes(csv), { format: 'csv', firstLine: 1, wellFormed: true });
    expect(stream.rejects).toEqual([]);
    expect(stream.records.map((r) => [r.merchant_id, r.address])).toEqual([['1', long], ['2', 'c']]);
    expect(stream.lineCounts).toEqual({ read: 72, header: 1, blank: 0, accepted: 71, rejected: 0 });
    // Over the byte limit, a stream's record is rejected whole, as before.
    const small = parseChunk(bytes(csv), { format: 'csv', firstLine: 1, wellFormed: true, maxRecordBytes: 100 });
    expect(small.rejects.map((r) => r.line)).toEqual([2]);
    expect(small.records.map((r) => r.merchant_id)).toEqual(['2']);
    expect(small.lineCounts).toEqual({ read: 72, header: 1, blank: 0, accepted: 1, rejected: 70 });
  });
});
