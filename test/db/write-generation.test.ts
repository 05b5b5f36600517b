/**
 * The tables a run writes while its scan is still blocking and verifying (write-generation.ts,
 * writeIngested): the same rows as writing them once the scan is done, and a run that fails after they
 * were written, or while they are written, publishes nothing and leaves none of its tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOf } from '../../src/candidates/key-kinds.js';
import { copyText } from '../../src/db/copy-text.js';
import type { Database } from '../../src/db/database.js';
import { int64Decimal } from '../../src/db/int64-decimal.js';
import { merchantIds } from '../../src/db/result-rows.js';
import { runDbScan } from '../../src/db/run-db-scan.js';
import { parseTableName, quoteIdent } from '../../src/db/sql-names.js';
import { openTableSource } from '../../src/db/table-source.js';
import { writeResultSet } from '../../src/db/write-generation.js';
import { scanCorpus } from '../../src/scan/scan-corpus.js';
import { recordJson } from '../../src/store/record-arena.js';
import { handCheckedRecords } from '../fixtures/hand-checked-corpus.js';
import { loadGenerated, loadRecords } from './fixtures.js';
import { dropSchemas, openTestDatabase, rows, uniqueName } from './helpers.js';

let db: Database;
let src: string;
const schemas: string[] = [];
/** Enough records for several ingest chunks and two threads, few enough for a quick test. */
const RECORDS = 3000;
const CHUNK_BYTES = 64 << 10;

beforeAll(async () => {
  db = await openTestDatabase();
  src = uniqueName('early_src');
  await loadGenerated(db, `${src}.merchants`, RECORDS);
  await loadRecords(db, `${src}.hand`, handCheckedRecords());
  // One row that breaks the contract (no name): one reject, over a --max-rejects of 0 (`load` would refuse it).
  await db.withClient(async (c) => {
    const s = quoteIdent(src);
    await c.query(`CREATE TABLE ${s}.with_reject AS SELECT * FROM ${s}.hand`);
    await c.query(`INSERT INTO ${s}.with_reject (merchant_id) VALUES ('BAD-1')`);
  });
});

afterAll(async () => {
  await dropSchemas(db, [src, ...schemas]);
  await db.close();
});

function newSchema(): string {
  const s = uniqueName('early');
  schemas.push(s);
  return s;
}

/** Rows of `sql` that `other` lacks, either way, counted with multiplicity. */
async function difference(sql: string, other: string): Promise<{ missing: number; extra: number }> {
  const count = async (a: string, b: string): Promise<number> => Number((await rows<{ n: string }>(db, `SELECT count(*) AS n FROM (${a} EXCEPT ALL ${b}) d`))[0]!.n);
  return { missing: await count(other, sql), extra: await count(sql, other) };
}

async function tablesOf(schema: string): Promise<string[]> {
  return (await rows<{ t: string }>(db, `SELECT tablename AS t FROM pg_tables WHERE schemaname = $1 AND tablename ~ '_g[0-9]+$' ORDER BY 1`, [schema])).map((r) => r.t);
}

/** The current generation and a digest of its dedup index and records, as readers see them. */
async function published(schema: string): Promise<{ generation: number; keys: string; records: string }> {
  const s = quoteIdent(schema);
  const [g] = await rows<{ generation: number }>(db, `SELECT generation FROM ${s}.current_generation`);
  const [k] = await rows<{ d: string }>(db, `SELECT md5(string_agg(key::text || kind || merchant_id, ',' ORDER BY key, kind, merchant_id)) AS d FROM ${s}.dedup_keys`);
  const [r] = await rows<{ d: string }>(db, `SELECT md5(string_agg(merchant_id || record::text, ',' ORDER BY merchant_id)) AS d FROM ${s}.records`);
  return { generation: g!.generation, keys: k!.d, records: r!.d };
}

describe('tables written while the scan runs', () => {
  it('the dedup index and records written during the scan hold the same rows as text rows written after it', async () => {
    const schema = newSchema();
    const table = parseTableName(`${src}.merchants`);
    const r = await runDbScan(db, { table, schema, threads: 2, shardBytes: CHUNK_BYTES });
    expect(r.rowCounts.records).toBe(RECORDS);
    expect(r.rowCounts.dedup_keys).toBeGreaterThan(RECORDS);

    // The same source scanned again; its index and records written only once the scan returned, as
    // text-format rows built here from the scan's result, into a scratch schema.
    const source = await openTableSource(db, { table, chunkBytes: CHUNK_BYTES });
    const result = await scanCorpus(source.source, { threads: 2, keepRecords: true, keepKeys: true, shardBytes: CHUNK_BYTES }).finally(() => source.close());
    const ids = merchantIds(result.store);
    const after = newSchema();
    await db.withClient(async (c) => {
      await c.query(`CREATE SCHEMA ${quoteIdent(after)}`);
      const keyText: string[] = [];
      for (const partition of result.keys) {
        for (const { entries, base } of partition) {
          for (let i = 0; i + 2 < entries.length; i += 3) {
            const g = entries[i + 2]! + base;
            if (result.skip[g] !== 1) keyText.push(`${int64Decimal(entries[i]!, entries[i + 1]!)}\t${kindOf(entries[i]!)}\t${ids.copy[g]}\n`);
          }
        }
      }
      await writeResultSet(c, after, 'dedup_keys', 1, [keyText.join('')], 'text');
      const recordText: string[] = [];
      result.records!.arenas.forEach((arena, s) => {
        for (let i = 0; i + 1 < arena.offsets.length; i++) {
          const g = result.records!.bases[s]! + i;
          if (result.skip[g] !== 1) recordText.push(`${ids.copy[g]}\t${copyText(recordJson(arena, i))}\n`);
        }
      });
      await writeResultSet(c, after, 'records', 1, [recordText.join('')], 'text');
    });
    const s = quoteIdent(schema);
    const a = quoteIdent(after);
    expect(await difference(`SELECT key, kind, merchant_id FROM ${s}.dedup_keys`, `SELECT key, kind, merchant_id FROM ${a}.dedup_keys_g1`)).toEqual({ missing: 0, extra: 0 });
    expect(await difference(`SELECT merchant_id, record FROM ${s}.records`, `SELECT merchant_id, record FROM ${a}.records_g1`)).toEqual({ missing: 0, extra: 0 });
    expect(r.summary.phases_ms).toHaveProperty('write_ingested_wait');
  });

  it('a run refused after its index and records were written leaves the published generation and its tables untouched', async () => {
    const schema = newSchema();
    const table = parseTableName(`${src}.with_reject`);
    const good = await runDbScan(db, { table, schema, threads: 2, maxRejects: { kind: 'count', count: 1 } });
    const before = { published: await published(schema), tables: await tablesOf(schema) };
    // The reject guard is checked once the scan is done: the tables written during it are dropped.
    await expect(runDbScan(db, { table, schema, threads: 2, maxRejects: { kind: 'count', count: 0 } })).rejects.toMatchObject({ code: 'E_GUARD' });
    expect(await published(schema)).toEqual(before.published);
    expect(before.published.generation).toBe(good.generation);
    expect(await tablesOf(schema)).toEqual(before.tables);
    const [last] = await rows<{ status: string }>(db, `SELECT status FROM ${quoteIdent(schema)}.runs ORDER BY run_id DESC LIMIT 1`);
    expect(last!.status).toBe('failed');
  });

  it('a run whose writer fails during the scan fails, publishes nothing and leaves none of its tables', async () => {
    const schema = newSchema();
    const table = parseTableName(`${src}.with_reject`);
    const good = await runDbScan(db, { table, schema, threads: 2, maxRejects: { kind: 'count', count: 1 } });
    const before = { published: await published(schema), tables: await tablesOf(schema) };
    // A table in the way of the next generation's dedup index: its CREATE TABLE fails during the scan.
    const next = Number((await rows<{ n: string }>(db, `SELECT last_value + 1 AS n FROM ${quoteIdent(schema)}.generation_seq`))[0]!.n);
    await rows(db, `CREATE TABLE ${quoteIdent(schema)}.${quoteIdent(`dedup_keys_g${next}`)} (x int)`);
    await expect(runDbScan(db, { table, schema, threads: 2, maxRejects: { kind: 'count', count: 1 } })).rejects.toMatchObject({ code: 'E_DB', message: expect.stringMatching(/dedup_keys/) });
    expect(await published(schema)).toEqual({ ...before.published, generation: good.generation });
    expect(await tablesOf(schema)).toEqual(before.tables);
    const [last] = await rows<{ status: string; generation: number }>(db, `SELECT status, generation FROM ${quoteIdent(schema)}.runs ORDER BY run_id DESC LIMIT 1`);
    expect(last).toEqual({ status: 'failed', generation: next });
  });
});
