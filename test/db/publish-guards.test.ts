/**
 * The publishing guards of a PostgreSQL run (docs/reliability.md): a source that read nothing, rejects
 * too much, or would change too many clusters fails the run (exit 1), records why in the run row, and
 * leaves the previous generation current.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { runDbScan, type DbScanOptions } from '../../src/db/run-db-scan.js';
import { parseTableName, quoteIdent } from '../../src/db/sql-names.js';
import { handCheckedRecords } from '../fixtures/hand-checked-corpus.js';
import { loadRecords } from './fixtures.js';
import { dropSchemas, openTestDatabase, rows, spawnCli, uniqueName } from './helpers.js';

let db: Database;
let src: string;
const schemas: string[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  src = uniqueName('guard_src');
  await loadRecords(db, `${src}.merchants`, handCheckedRecords());
  await loadRecords(db, `${src}.fewer`, handCheckedRecords().filter((r) => r.merchant_id !== 'M001'));
  await db.withClient(async (c) => {
    const s = quoteIdent(src);
    await c.query(`CREATE TABLE ${s}.empty (LIKE ${s}.merchants)`);
    // Every row breaks the contract: a view that lost its name column's values.
    await c.query(`CREATE TABLE ${s}.nameless AS SELECT merchant_id, NULL::text AS name FROM ${s}.merchants`);
  });
});

afterAll(async () => {
  await dropSchemas(db, [src, ...schemas]);
  await db.close();
});

async function withGoodGeneration(): Promise<{ schema: string; generation: number }> {
  const schema = uniqueName('guard');
  schemas.push(schema);
  const r = await scan(schema, 'merchants');
  return { schema, generation: r.generation };
}

const scan = (schema: string, table: string, extra: Partial<DbScanOptions> = {}): ReturnType<typeof runDbScan> =>
  runDbScan(db, { table: parseTableName(`${src}.${table}`), schema, threads: 1, ...extra });

async function state(schema: string): Promise<{ current: number; lastRun: { status: string; error: string | null }; tables: string[] }> {
  const s = quoteIdent(schema);
  const current = (await rows<{ generation: number }>(db, `SELECT generation FROM ${s}.current_generation`))[0]!.generation;
  const lastRun = (await rows<{ status: string; error: string | null }>(db, `SELECT status, error FROM ${s}.runs ORDER BY run_id DESC LIMIT 1`))[0]!;
  const tables = (await rows<{ t: string }>(db, `SELECT tablename AS t FROM pg_tables WHERE schemaname = $1 AND tablename ~ '_g[0-9]+$' ORDER BY 1`, [schema])).map((r) => r.t);
  return { current, lastRun, tables };
}

describe('publishing guards', () => {
  it('an empty table fails the run, says why in the run row, and the previous generation stays current', async () => {
    const { schema, generation } = await withGoodGeneration();
    const before = await state(schema);
    await expect(scan(schema, 'empty')).rejects.toMatchObject({ code: 'E_GUARD', message: expect.stringMatching(/read no records/) });
    const after = await state(schema);
    expect(after.current).toBe(generation);
    expect(after.lastRun).toMatchObject({ status: 'failed', error: expect.stringMatching(/read no records/) });
    expect(after.tables).toEqual(before.tables);
  });

  it('a table whose every row is rejected fails under the default limit; --max-rejects 100% lets it through', async () => {
    const { schema, generation } = await withGoodGeneration();
    await expect(scan(schema, 'nameless')).rejects.toMatchObject({ code: 'E_GUARD', message: expect.stringMatching(/21 of 21 records rejected \(100\.0%\).*name/) });
    expect((await state(schema)).current).toBe(generation);
    // Overridden, the same source would dissolve every cluster: the churn guard still holds it back.
    await expect(scan(schema, 'nameless', { maxRejects: { kind: 'percent', percent: 100 } })).rejects.toMatchObject({
      code: 'E_GUARD',
      message: expect.stringMatching(/change or dissolve 3 of the 3 clusters .*3 dissolved/),
    });
    const r = await scan(schema, 'nameless', { maxRejects: { kind: 'percent', percent: 100 }, maxChurn: 100 });
    expect(r.summary.counts).toMatchObject({ read: 21, rejected: 21, clusters: 0 });
  });

  it('a source that would dissolve more than --max-churn of the clusters fails; a larger limit publishes it', async () => {
    const { schema, generation } = await withGoodGeneration();
    // Without M001 the zhangji cluster dissolves: 1 of 3 clusters, 33%.
    await expect(scan(schema, 'fewer')).rejects.toMatchObject({ code: 'E_GUARD', message: expect.stringMatching(/1 of the 3 clusters of generation \d+ \(33\.3%/) });
    expect(await state(schema)).toMatchObject({ current: generation, lastRun: { status: 'failed', error: expect.stringMatching(/--max-churn 25%/) } });
    const r = await scan(schema, 'fewer', { maxChurn: 34 });
    expect(r.changes).toMatchObject({ dissolved: 1, unchanged: 2 });
    expect((await state(schema)).current).toBe(r.generation);
  });

  it('rebuild exits 1 on a guarded source, and 2 for a bad --max-churn or --max-rejects', async () => {
    const { schema, generation } = await withGoodGeneration();
    const refused = await spawnCli(['rebuild', '--schema', schema, '--table', `${src}.empty`, '--threads', '1']).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/read no records; nothing was published/);
    expect((await state(schema)).current).toBe(generation);
    for (const args of [['--max-churn', '120%'], ['--max-rejects', 'lots']]) {
      const bad = await spawnCli(['rebuild', '--schema', schema, '--table', `${src}.merchants`, ...args]).done;
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(new RegExp(`${args[0]} must be`));
    }
  });
});
