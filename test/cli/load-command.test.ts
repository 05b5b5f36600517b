/** `merchant-dedup load` as a user runs it: the compiled CLI, a real PostgreSQL, the scan's encoding and reject guard. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { MERCHANT_FIELDS } from '../../src/record/merchant-record.js';
import { csvRow } from '../../src/write/csv-format.js';
import { dropSchemas, openTestDatabase, rows, spawnCli, uniqueName } from '../db/helpers.js';
import { encodeGb18030 } from '../fixtures/gb18030.js';
import { handCheckedRecords } from '../fixtures/hand-checked-corpus.js';

let db: Database;
let dir: string;
let schema: string;
let csv: string;

const cell = (v: unknown): string => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v));

beforeAll(async () => {
  db = await openTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'load-cli-'));
  schema = uniqueName('loadcli');
  csv = csvRow(MERCHANT_FIELDS) + handCheckedRecords().map((r) => csvRow(MERCHANT_FIELDS.map((f) => cell(r[f])))).join('');
});

afterAll(async () => {
  await dropSchemas(db, [schema]);
  await db.close();
});

const namesOf = (table: string): Promise<{ merchant_id: string; name: string; address: string | null }[]> =>
  rows(db, `SELECT merchant_id, name, address FROM ${schema}.${table} ORDER BY merchant_id`);
const tableExists = async (table: string): Promise<boolean> =>
  (await rows<{ t: string | null }>(db, 'SELECT to_regclass($1) AS t', [`${schema}.${table}`]))[0]!.t !== null;

describe('merchant-dedup load: the encoding option and reject guard of a scan', () => {
  it('refuses a GB18030 file suggesting --encoding gb18030, and with it loads exactly what its UTF-8 twin loads', async () => {
    const utf8File = join(dir, 'utf8.csv');
    const gbFile = join(dir, 'gbk.csv');
    await writeFile(utf8File, csv);
    await writeFile(gbFile, encodeGb18030(csv));
    const refused = await spawnCli(['load', gbFile, '--table', `${schema}.gb`]).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/gbk\.csv: \d+ of the first \d+ lines are not valid UTF-8.*--encoding gb18030/);
    expect(await tableExists('gb')).toBe(false);

    expect((await spawnCli(['load', utf8File, '--table', `${schema}.utf8`]).done).code).toBe(0);
    const loaded = await spawnCli(['load', gbFile, '--table', `${schema}.gb`, '--encoding', 'gbk', '--json']).done;
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout)).toMatchObject({ read: handCheckedRecords().length, loaded: handCheckedRecords().length, rejected: 0 });
    expect(await namesOf('gb')).toEqual(await namesOf('utf8'));
    expect((await namesOf('gb')).some((r) => /[\u4e00-\u9fff]/.test(r.name))).toBe(true);
  });

  it('fails a mostly rejected file (exit 1), leaving the table as it was; --max-rejects 100% loads it; a bad limit exits 2', async () => {
    const good = join(dir, 'good.csv');
    await writeFile(good, csv);
    expect((await spawnCli(['load', good, '--table', `${schema}.guarded`]).done).code).toBe(0);
    const before = await namesOf('guarded');

    // A README renamed to .ndjson: every line rejected.
    const readme = join(dir, 'README.ndjson');
    await writeFile(readme, '# Merchants\n\nExport of the merchant master data.\nSee the wiki for the columns.\n');
    const refused = await spawnCli(['load', readme, '--table', `${schema}.guarded`, '--replace']).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/README\.ndjson: 3 of 3 records rejected \(100\.0%\), more than --max-rejects 10% allows; nothing was loaded and .*guarded stays as it was\. First rejects: line 1: invalid JSON/);
    expect(await namesOf('guarded')).toEqual(before);

    // A file with one good record in four, over an explicit count limit, then allowed.
    const mixed = join(dir, 'mixed.csv');
    await writeFile(mixed, csvRow(['merchant_id', 'name']) + csvRow(['X1', '好店']) + csvRow(['X2', '']) + csvRow(['', '无号']) + csvRow(['X4', '']));
    const overCount = await spawnCli(['load', mixed, '--table', `${schema}.guarded`, '--max-rejects', '2']).done;
    expect(overCount.code).toBe(1);
    expect(overCount.stderr).toMatch(/3 of 4 records rejected .* more than --max-rejects 2 allows/);
    expect(await namesOf('guarded')).toEqual(before);
    const allowed = await spawnCli(['load', mixed, '--table', `${schema}.guarded`, '--max-rejects', '100%', '--json']).done;
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ read: 4, loaded: 1, rejected: 3, lines: { read: 5, header: 1, blank: 0, accepted: 1, rejected: 3 } });
    expect((await namesOf('guarded')).map((r) => r.merchant_id)).toContain('X1');

    const bad = await spawnCli(['load', mixed, '--table', `${schema}.guarded`, '--max-rejects', 'lots']).done;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-rejects must be/);
  });

  it('an empty file loads nothing and fails (exit 1)', async () => {
    const empty = join(dir, 'empty.ndjson');
    await writeFile(empty, '');
    const refused = await spawnCli(['load', empty, '--table', `${schema}.empty`]).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/read no records; nothing was loaded/);
    expect(await tableExists('empty')).toBe(false);
  });
});
