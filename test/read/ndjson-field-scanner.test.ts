import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { badText } from '../../src/read/input-encoding.js';
import { NdjsonFieldScanner } from '../../src/read/ndjson-field-scanner.js';
import { parseChunk, type ParseChunkOptions } from '../../src/read/parse-chunk.js';
import { MERCHANT_FIELDS } from '../../src/record/merchant-record.js';
import { columnKeys, validateRecord, validateValues, type ColumnMap, type FieldWarning } from '../../src/record/validate-record.js';

/** Text with what real merchant data and hostile exports hold: CJK, full-width forms, astral characters, padding, controls. */
const piece = fc.oneof(
  fc.constantFrom('沙县小吃', '兰州拉面', '（朝阳店）', 'ＡＢＣ１２３', '　', ' ', '\t', '\u00a0', '𠀀', '😀', '"', '\\', '/', '\n', '\u0000', '\u2028', '\ufeff', 'é', ';', 'gcj02', 'WGS-84'),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.stringMatching(/^[0-9]{1,20}$/),
);
const text = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
const timestamp = fc.constantFrom('2024-01-02T10:30:00+08:00', '2024/1/2', '2023-02-29', '2024-01-02 10:30', 'yesterday', ' 2020-10-04T13:11:15Z ');
const number = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -200, max: 200, noNaN: true }),
  fc.constantFrom(0, -0, 2 ** 53, 2 ** 53 + 2, 1e21, 5812, 742, 30.583121, 104.071044),
);
const scalar = fc.oneof(text, number, fc.constant(null), fc.boolean(), timestamp);
const value = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(fc.oneof(text, number, fc.constant(null)), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 2 }).map((a) => [a]) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 3 }), scalar, { maxKeys: 2 }) },
);

/** One JSON token list per key, in a random order, with unknown keys and repeated ones among them. */
const entries = fc
  .tuple(
    fc.oneof(fc.stringMatching(/^M[0-9]{1,9}$/), fc.integer({ min: 0, max: 1e9 }), text, fc.constant(null)),
    fc.oneof(text, fc.constant('铜山区恒源百货商店(个体工商户)')),
    fc.array(fc.tuple(fc.constantFrom(...MERCHANT_FIELDS, 'note', 'extra', '商户', 'name '), value), { maxLength: 10 }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([id, name, rest, withId, withName]) => [...(withId ? [['merchant_id', id]] : []), ...(withName ? [['name', name]] : []), ...rest] as [string, unknown][])
  .chain((e) => fc.shuffledSubarray(e, { minLength: e.length, maxLength: e.length }));

interface Style {
  /** Escape every non-ASCII character as \uXXXX (Python's ensure_ascii). */
  ascii: boolean;
  /** Whitespace around tokens. */
  space: string;
  /** Write numbers in another legal form (exponent, trailing zeros). */
  oddNumbers: boolean;
}
const style = fc.record({ ascii: fc.boolean(), space: fc.constantFrom('', ' ', '\t', ' \r '), oddNumbers: fc.boolean() });

function json(v: unknown, s: Style): string {
  if (typeof v === 'number' && s.oddNumbers && Number.isFinite(v)) return Object.is(v, -0) ? '-0.0' : v.toExponential();
  if (Array.isArray(v)) return `[${s.space}${v.map((x) => json(x, s)).join(`${s.space},${s.space}`)}${s.space}]`;
  if (v !== null && typeof v === 'object') return line(Object.entries(v), s);
  const t = JSON.stringify(v) ?? 'null';
  return s.ascii ? t.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) : t;
}

function line(e: readonly [string, unknown][], s: Style): string {
  return `{${s.space}${e.map(([k, v]) => `${json(k, s)}${s.space}:${s.space}${json(v, s)}`).join(`${s.space},${s.space}`)}${s.space}}`;
}

/** What the scanner's values validate to, or null when it leaves the line to JSON.parse. */
function scanned(scanner: NdjsonFieldScanner, l: string): unknown {
  const bytes = Buffer.from(l);
  if (!scanner.scan(bytes, 0, bytes.length)) return null;
  const warnings: FieldWarning[] = [];
  return { record: validateValues(scanner.values, warnings), warnings };
}

/** The general path on one line: JSON.parse + validateRecord. */
function reference(l: string, columnMap?: ColumnMap): unknown {
  const warnings: FieldWarning[] = [];
  return { record: validateRecord(JSON.parse(l), columnMap, warnings), warnings };
}

const chunk = (lines: readonly string[], o: Partial<ParseChunkOptions> = {}) => {
  const bytes = Buffer.from(lines.join('\n'));
  return [parseChunk(bytes, { format: 'ndjson', firstLine: 1, file: 'in.ndjson', ...o }), parseChunk(bytes, { format: 'ndjson', firstLine: 1, file: 'in.ndjson', ...o, fieldScanner: false })];
};

/** Breaks a line the ways files break: cut short, a byte lost, a stray byte, invalid UTF-8. */
const mutation = fc.tuple(fc.nat(), fc.constantFrom('cut', 'drop', 'insert', 'bad-utf8'), fc.constantFrom('{', '}', '"', ',', ':', '\\', ' ', '[', 'x', '0', '-', 'e', '\u0001'));
function mutate(l: string, [at, kind, ch]: [number, string, string]): Buffer {
  const b = Buffer.from(l);
  const i = b.length === 0 ? 0 : at % b.length;
  if (kind === 'cut') return b.subarray(0, i);
  if (kind === 'drop') return Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
  if (kind === 'insert') return Buffer.concat([b.subarray(0, i), Buffer.from(ch), b.subarray(i)]);
  return Buffer.concat([b.subarray(0, i), Buffer.from([0xe4, 0xff]), b.subarray(i)]);
}

describe('NdjsonFieldScanner', () => {
  const scanner = new NdjsonFieldScanner(MERCHANT_FIELDS);

  it('takes a plain record and reads it as JSON.parse + validateRecord do', () => {
    const l = JSON.stringify({
      merchant_id: 'M325057031', name: ' 成都市兴丰商贸有限公司 ', uscc: '91510106MA19XFD199', lat: 30.583121, lng: 104.071044, coord_sys: 'WGS-84',
      mcc: 742, terminal_sns: ['SP1', ' ', 'SP2'], created_at: '2020/10/4', phone: 13812345678, district: null, extra: { a: [1, { b: null }] },
    });
    expect(scanned(scanner, l)).toEqual(reference(l));
  });

  it('agrees with JSON.parse + validateRecord on every line it takes, and never takes invalid JSON', () => {
    fc.assert(
      fc.property(entries, style, (e, s) => {
        const l = line(e, s);
        const got = scanned(scanner, l);
        if (got !== null) {
          expect(got).toEqual(reference(l));
          // Text badText refuses is left to the general path, which names it.
          for (const v of scanner.values) for (const t of [v].flat()) if (typeof t === 'string') expect(badText(t)).toBeNull();
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('takes the lines real exports write: any field order, nulls, missing fields, escapes, \\u-escaped CJK and surrogate pairs', () => {
    const plain = fc.tuple(
      fc.stringMatching(/^M[0-9]{1,9}$/),
      fc.constantFrom('老王烧烤', '沙县小吃（朝阳店）', 'ＡＢＣ便利店', '𠀀记面馆', 'Joe\'s "Bar"\\', 'a\tb'),
      fc.subarray([...MERCHANT_FIELDS.slice(2)]),
      fc.boolean(),
    );
    fc.assert(
      fc.property(plain, style, ([id, name, present, ascii], s) => {
        const e: [string, unknown][] = [['name', name], ['merchant_id', id], ...present.map((f): [string, unknown] => [f, f === 'lat' ? 31.2 : f === 'terminal_sns' ? ['T1'] : null])];
        const l = line(e, { ...s, ascii });
        expect(scanned(scanner, l)).toEqual(reference(l));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves to JSON.parse what only it may judge', () => {
    for (const l of [
      '{"merchant_id":"1","name":"a",}',
      '{"merchant_id":"1","name":"a"} x',
      '{"merchant_id":"1","name":"a\u0001"}',
      '{"merchant_id":01,"name":"a"}',
      '{"merchant_id":"1","name":{"x":1}}',
      '{"merchant_id":"1","name":"\\ud800"}',
      '{"merchant_id":"1","name":"\\ufffd"}',
      '{"merchant_id":"1","name":"\\x41"}',
      '{"na\\u006de":"a","merchant_id":"1"}',
      ' {"merchant_id":"1","name":"a"}',
      // Invalid JSON in a field no one reads is still invalid JSON.
      '{"merchant_id":"1","name":"a","x":"\\x41"}',
      '{"merchant_id":"1","name":"a","x":"\\u12"}',
      '{"merchant_id":"1","name":"a","x":tru}',
      '{"merchant_id":"1","name":"a","x":[1,]}',
      '{"merchant_id":"1","name":"a","x":{"a"}}',
      '{"merchant_id":"1","name":"a","x":1.}',
      '{"merchant_id":"1","name":"a","x":-}',
      '{"merchant_id":"1","name":"a","x":' + '['.repeat(40) + ']'.repeat(40) + '}',
    ]) {
      expect(scanned(scanner, l), l).toBeNull();
    }
    const bad = Buffer.concat([Buffer.from('{"merchant_id":"1","name":"a'), Buffer.from([0xe4, 0x22]), Buffer.from('x"}')]);
    expect(scanner.scan(bad, 0, bad.length)).toBe(false);
  });

  it('is off for keys that JSON.parse objects answer from Object.prototype, or that two fields share', () => {
    expect(new NdjsonFieldScanner(columnKeys({ name: 'constructor' })).enabled).toBe(false);
    expect(new NdjsonFieldScanner(columnKeys({ name: 'shop', address: 'shop' })).enabled).toBe(false);
    expect(new NdjsonFieldScanner(columnKeys({ name: '商户名称' })).enabled).toBe(true);
  });
});

describe('parseChunk: the field scanner and JSON.parse give the same chunk', () => {
  it('on valid, odd and malformed lines: records, rejects with their reasons, warnings, line accounting', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(entries, style, fc.option(mutation, { freq: 3 })), { maxLength: 8 }), (ls) => {
        const lines = ls.map(([e, s, m]) => (m === null ? Buffer.from(line(e, s)) : mutate(line(e, s), m)));
        const bytes = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]).slice(0, -1));
        const o = { format: 'ndjson', firstLine: 3, file: 'in.ndjson' } as const;
        expect(parseChunk(bytes, o)).toEqual(parseChunk(bytes, { ...o, fieldScanner: false }));
      }),
      { numRuns: 500 },
    );
  });

  it('with a column mapping, Chinese column names included', () => {
    const columnMap: ColumnMap = { merchant_id: '商户编号', name: '商户名称', city: 'city_name' };
    const [fast, slow] = chunk(
      [
        '{"商户编号":"M1","商户名称":"老王烧烤","city_name":"北京","name":"ignored"}',
        '{"merchant_id":"M2","name":"not mapped"}',
        '{"商户名称":"无编号","商户编号":null}',
        '{"商户编号":"M3","商户名称":"面馆","city":"上海","city_name":7}',
      ],
      { columnMap },
    );
    expect(fast).toEqual(slow);
    expect(fast!.records.map((r) => r.merchant_id)).toEqual(['M1', 'M3']);
    expect(fast!.warnings.map((w) => w.field)).toEqual(['city']);
  });

  it('rejects undecodable text per line, whatever the other lines of the chunk hold', () => {
    const escaped = '{"merchant_id":"M1","name":"\\ufffd店"}';
    const lone = '{"merchant_id":"M2","name":"\\ud800店"}';
    for (const lines of [[escaped], [escaped, lone], ['{"merchant_id":"M3","name":"a"}', escaped]]) {
      const [fast, slow] = chunk(lines);
      expect(fast).toEqual(slow);
      expect(fast!.rejects.find((r) => r.merchant_id === 'M1')).toMatchObject({ merchant_id: 'M1', field: 'name', reason: expect.stringMatching(/^name: invalid UTF-8/) });
    }
    expect(chunk([lone])[0]!.rejects[0]).toMatchObject({ merchant_id: 'M2', field: 'name', reason: 'name: a lone surrogate (invalid Unicode text)' });
  });

  it('reads the generated corpus with the scanner alone', () => {
    const lines = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ merchant_id: `M${i}`, name: `铜山区恒源百货商店${i}`, uscc: null, lat: i / 7, lng: -i / 3, terminal_sns: [`SP${i}`], created_at: '2016-08-02T11:18:20+08:00' }),
    );
    const s = new NdjsonFieldScanner(MERCHANT_FIELDS);
    expect(lines.filter((l) => scanned(s, l) === null)).toEqual([]);
    const [fast, slow] = chunk(lines);
    expect(fast).toEqual(slow);
  });
});
