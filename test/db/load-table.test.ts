import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { loadTable } from '../../src/db/load-table.js';
import { parseTableName, quoteIdent } from '../../src/db/sql-names.js';
import { openTableSource } from '../../src/db/table-source.js';
import { parseChunk } from '../../src/read/parse-chunk.js';
import type { MerchantRecord, RecordWarning, Reject } from '../../src/record/merchant-record.js';
import { isRejection, validateRecord } from '../../src/record/validate-record.js';
import { BLANK_RECORD } from '../fixtures/blank-record.js';
import { dropSchemas, openTestDatabase, rows, uniqueName } from './helpers.js';

const FULL: MerchantRecord = {
  merchant_id: 'M-全-1',
  name: '张记牛肉面（朝阳店）',
  uscc: '91110105MA01ABCD13',
  legal_person: '张三',
  id_number: '11010519491231002X',
  phone: '+86 138-1234-5678;010-6512 3456',
  bank_account: '6222020200112233445',
  province: '北京市',
  city: '北京市',
  district: '朝阳区',
  address: '建国路18号\t2层\n201室 C:\\路\\N',
  lat: 39.908712345678901,
  lng: -116.4605,
  coord_sys: 'gcj02',
  mcc: '0742',
  terminal_sns: ['SN-1', 'SN "2"', 'SN\\3', 'SN,4', 'NULL', '{5}'],
  created_at: '2019-03-01T10:00:00.123+08:00',
  channel: '\\N',
};
const EMPTY: MerchantRecord = { ...BLANK_RECORD, merchant_id: '\\N', name: '😀🏪店' };
const ODD: MerchantRecord = { ...EMPTY, merchant_id: 'M"3', name: 'a\tb\\c\r\nd', address: '"quoted", comma', lat: 0, lng: 1e-7, created_at: '2024-02-29' };

let db: Database;
let dir: string;
let schema: string;

beforeAll(async () => {
  db = await openTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'load-'));
  schema = uniqueName('load');
});

afterAll(async () => {
  await dropSchemas(db, [schema]);
  await db.close();
});

/** Every record a table source yields, parsed as the workers parse it. */
async function readBack(table: string): Promise<MerchantRecord[]> {
  const src = await openTableSource(db, { table: parseTableName(table), chunkBytes: 64 });
  const out: MerchantRecord[] = [];
  try {
    for await (const chunk of src.source.chunks) {
      const parsed = parseChunk(chunk.bytes, { format: 'csv', firstLine: chunk.firstLine, header: src.source.header! });
      expect(parsed.rejects).toEqual([]);
      out.push(...parsed.records);
    }
  } finally {
    await src.close();
  }
  return out;
}

describe('load and read back through COPY', () => {
  it('every column type, NULLs and hostile strings round-trip: file → load → table → COPY TO → records', async () => {
    const file = join(dir, 'all.ndjson');
    await writeFile(file, [FULL, EMPTY, ODD].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const table = `${schema}.merchants`;
    const s = await loadTable(db, { file, table: parseTableName(table) });
    expect(s).toMatchObject({ created: true, read: 3, loaded: 3, rejected: 0 });

    const typed = await rows<{ merchant_id: string; lat: number | null; terminal_sns: string[]; created_at: Date | null; channel: string | null }>(
      db,
      `SELECT merchant_id, lat, terminal_sns, created_at, channel FROM ${quoteIdent(schema)}.merchants ORDER BY merchant_id`,
    );
    expect(typed.find((r) => r.merchant_id === FULL.merchant_id)).toMatchObject({ lat: FULL.lat, terminal_sns: FULL.terminal_sns, channel: '\\N' });
    expect(typed.find((r) => r.merchant_id === FULL.merchant_id)!.created_at!.toISOString()).toBe('2019-03-01T02:00:00.123Z');
    expect(typed.find((r) => r.merchant_id === '\\N')).toMatchObject({ lat: null, terminal_sns: [], created_at: null, channel: null });

    const back = await readBack(table);
    const byId = new Map(back.map((r) => [r.merchant_id, r]));
    for (const original of [FULL, EMPTY, ODD]) {
      const expected = validateRecord(original);
      if (isRejection(expected)) throw new Error(expected.reason);
      const got = byId.get(original.merchant_id)!;
      // created_at comes back in PostgreSQL's ISO form with an offset: the same instant.
      expect(got.created_at === null ? null : Date.parse(got.created_at.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'))).toBe(
        expected.created_at === null ? null : Date.parse(expected.created_at),
      );
      expect({ ...got, created_at: null }).toEqual({ ...expected, created_at: null });
    }
  });

  it('rejects what the scan would reject, with line and reason, loads the rest, and reports optional fields loaded as null', async () => {
    const file = join(dir, 'mixed.ndjson');
    const lines = [JSON.stringify({ merchant_id: 'A1', name: '甲店' }), 'not json', JSON.stringify({ merchant_id: 'A2', name: 42 }), JSON.stringify({ merchant_id: 'A1', name: '重复' }), JSON.stringify({ merchant_id: 'A3', name: '乙店', lat: 91, lng: 116.4 })];
    await writeFile(file, lines.join('\n') + '\n');
    const seen: Reject[] = [];
    const warned: RecordWarning[] = [];
    // Half the file is rejected on purpose: the reject guard is lifted to see every reject reported.
    const s = await loadTable(db, { file, table: parseTableName(`${schema}.mixed`), maxRejects: { kind: 'percent', percent: 100 }, onRejects: (r) => seen.push(...r), onWarnings: (w) => warned.push(...w) });
    expect(s).toMatchObject({ read: 5, loaded: 2, rejected: 3, warnings: 1 });
    expect(seen.map((r) => [r.line, r.field])).toEqual([
      [2, null],
      [3, 'name'],
      [4, 'merchant_id'],
    ]);
    expect(warned.map((w) => [w.line, w.merchant_id, w.field])).toEqual([[5, 'A3', 'lat']]);
    expect(await rows(db, `SELECT lat, lng FROM ${quoteIdent(schema)}.mixed WHERE merchant_id = 'A3'`)).toEqual([{ lat: null, lng: 116.4 }]);
  });

  it('a failed load leaves no table behind (one transaction), and --replace empties an existing table', async () => {
    const table = parseTableName(`${schema}.replaced`);
    const file = join(dir, 'one.ndjson');
    await writeFile(file, JSON.stringify({ merchant_id: 'B1', name: '丙店' }) + '\n');
    await loadTable(db, { file, table });
    // Loading the same id again breaks the primary key: the load fails and the table keeps its row.
    await expect(loadTable(db, { file, table })).rejects.toMatchObject({ code: 'E_DB', details: { sqlState: '23505' } });
    expect(await rows(db, `SELECT merchant_id FROM ${quoteIdent(schema)}.replaced`)).toEqual([{ merchant_id: 'B1' }]);
    await loadTable(db, { file, table, replace: true });
    expect(await rows(db, `SELECT merchant_id FROM ${quoteIdent(schema)}.replaced`)).toEqual([{ merchant_id: 'B1' }]);
    await expect(loadTable(db, { file: join(dir, 'missing.ndjson'), table: parseTableName(`${schema}.never`) })).rejects.toMatchObject({ code: 'E_INPUT' });
    expect(await rows(db, 'SELECT to_regclass($1) AS t', [`${schema}.never`])).toEqual([{ t: null }]);
  });
});
