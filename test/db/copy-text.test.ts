import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { copyIn, copyOut } from '../../src/db/copy-stream.js';
import { copyNumber, copyRow, copyText, copyTextArray, decodeCopyText } from '../../src/db/copy-text.js';
import type { Database } from '../../src/db/database.js';
import { int64Decimal } from '../../src/db/int64-decimal.js';
import { quoteIdent } from '../../src/db/sql-names.js';
import { dropSchemas, openTestDatabase, rows, uniqueName } from './helpers.js';

/** Everything merchant data holds that COPY's text format must escape or must not mistake. */
const HOSTILE: (string | null)[] = [
  null,
  '',
  '\\N',
  '\\',
  '\\\\N',
  '\\.',
  'a\tb',
  'line\nbreak',
  'cr\rlf\r\n',
  '\t',
  '\n',
  'C:\\shops\\new',
  '"quoted", with comma',
  ' padded ',
  'NULL',
  '张记牛肉面（朝阳店）',
  '😀🏪 emoji 店',
  '\u00a0non-breaking\u3000space',
  '\\t is not a tab',
];

let db: Database;
let schema: string;

beforeAll(async () => {
  db = await openTestDatabase();
  schema = uniqueName('copy_text');
  await db.withClient((c) => c.query(`CREATE SCHEMA ${quoteIdent(schema)}`));
});

afterAll(async () => {
  await dropSchemas(db, [schema]);
  await db.close();
});

describe('COPY text format', () => {
  it('hostile strings, NULL and empty strings survive COPY FROM STDIN and COPY TO STDOUT unchanged', async () => {
    const t = `${quoteIdent(schema)}.strings`;
    await db.withClient(async (c) => {
      await c.query(`CREATE TABLE ${t} (i integer, v text, a text[])`);
      const batch = HOSTILE.map((v, i) => copyRow([copyNumber(i), copyText(v), copyTextArray(v === null ? null : [v, v + '}', '{' + v])])).join('');
      expect(await copyIn(c, `COPY ${t} FROM STDIN`, [batch], 'test')).toBe(HOSTILE.length);
    });
    const back = await rows<{ v: string | null; a: string[] | null }>(db, `SELECT v, a FROM ${t} ORDER BY i`);
    expect(back.map((r) => r.v)).toEqual(HOSTILE);
    expect(back.map((r) => r.a)).toEqual(HOSTILE.map((v) => (v === null ? null : [v, v + '}', '{' + v])));
    // And out again through COPY TO, decoded field by field.
    const text = await db.withClient(async (c) => {
      const pieces: Buffer[] = [];
      for await (const p of copyOut(c, `COPY (SELECT v FROM ${t} ORDER BY i) TO STDOUT`, 'test')) pieces.push(p);
      return Buffer.concat(pieces).toString('utf8');
    });
    expect(text.split('\n').slice(0, -1).map(decodeCopyText)).toEqual(HOSTILE);
  });

  it('any string round-trips (property, against the server)', async () => {
    const t = `${quoteIdent(schema)}.anything`;
    // PostgreSQL text cannot hold NUL (https://www.postgresql.org/docs/current/datatype-character.html).
    const anyText = fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000'));
    const samples = fc.sample(fc.oneof(anyText, fc.string({ unit: fc.constantFrom('\\', '\t', '\n', '\r', 'N', '.', '"', ',', '{', '}') })), 300);
    await db.withClient(async (c) => {
      await c.query(`CREATE TABLE ${t} (i integer, v text)`);
      await copyIn(c, `COPY ${t} FROM STDIN`, [samples.map((v, i) => copyRow([String(i), copyText(v)])).join('')], 'test');
    });
    expect((await rows<{ v: string }>(db, `SELECT v FROM ${t} ORDER BY i`)).map((r) => r.v)).toEqual(samples);
  });

  it('a COPY the server refuses rejects with E_DB naming the SQLSTATE, and the session stays usable', async () => {
    await db.withClient(async (c) => {
      const t = `${quoteIdent(schema)}.typed`;
      await c.query(`CREATE TABLE ${t} (n integer)`);
      const err = await copyIn(c, `COPY ${t} FROM STDIN`, ['1\nnot a number\n'], 'writing typed').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'E_DB', details: { sqlState: '22P02' } });
      expect((err as Error).message).toMatch(/^writing typed: invalid input syntax for type integer/);
      expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });
  });
});

describe('int64Decimal', () => {
  it('matches BigInt on edge and random words', () => {
    const words = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 123456789];
    const check = (hi: number, lo: number): void => {
      const expected = BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString();
      expect(int64Decimal(hi, lo)).toBe(expected);
    };
    for (const hi of words) for (const lo of words) check(hi, lo);
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (hi, lo) => check(hi, lo)));
  });
});
