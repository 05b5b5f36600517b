import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { RESULT_SETS } from '../../src/db/generation-tables.js';
import { runDbScan, type DbScanOptions } from '../../src/db/run-db-scan.js';
import { parseTableName, quoteIdent } from '../../src/db/sql-names.js';
import { handCheckedRecords } from '../fixtures/hand-checked-corpus.js';
import { loadRecords } from './fixtures.js';
import { dropSchemas, openTestDatabase, rows, spawnCli, uniqueName, waitFor } from './helpers.js';

let db: Database;
let src: string;
const schemas: string[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  src = uniqueName('gen_src');
  await loadRecords(db, `${src}.merchants`, handCheckedRecords());
  // A second table without the zhangji pair: a generation with different counts.
  await loadRecords(
    db,
    `${src}.fewer`,
    handCheckedRecords().filter((r) => r.merchant_id !== 'M001'),
  );
});

afterAll(async () => {
  await dropSchemas(db, [src, ...schemas]);
  await db.close();
});

function newSchema(): string {
  const s = uniqueName('gen');
  schemas.push(s);
  return s;
}

// Switching between the two tables dissolves the zhangji cluster, a third of the clusters: deliberate
// here, so these tests lift the churn guard (test/db/publish-guards.test.ts pins it).
const scan = (schema: string, table = 'merchants', extra: Partial<DbScanOptions> = {}): ReturnType<typeof runDbScan> =>
  runDbScan(db, { table: parseTableName(`${src}.${table}`), schema, threads: 1, maxChurn: 100, ...extra });

interface Snapshot {
  pairs: number;
  pairs_gen: number | null;
  clusters: number;
  clusters_gen: number | null;
  current: number | null;
}

/** What a reader sees of the current generation, in one statement. */
async function snapshot(c: pg.Client, schema: string): Promise<Snapshot> {
  const s = quoteIdent(schema);
  const r = await c.query<Snapshot>(
    `SELECT (SELECT count(*)::int FROM ${s}.pairs) AS pairs, (SELECT min(generation) FROM ${s}.pairs) AS pairs_gen,
            (SELECT count(*)::int FROM ${s}.clusters) AS clusters, (SELECT min(generation) FROM ${s}.clusters) AS clusters_gen,
            (SELECT generation FROM ${s}.current_generation) AS current`,
  );
  return r.rows[0]!;
}

async function currentGeneration(schema: string): Promise<number | null> {
  return (await rows<{ generation: number }>(db, `SELECT generation FROM ${quoteIdent(schema)}.current_generation`))[0]?.generation ?? null;
}

async function tablesOf(schema: string, generation: number): Promise<string[]> {
  return (await rows<{ t: string }>(db, `SELECT tablename AS t FROM pg_tables WHERE schemaname = $1 AND tablename LIKE $2 ORDER BY 1`, [schema, `%\\_g${generation}`])).map((r) => r.t);
}

/** True once a session of the tool waits on a lock in a statement naming `schema`. */
async function waitingOnLock(schema: string): Promise<true | undefined> {
  const r = await rows(db, `SELECT 1 FROM pg_stat_activity WHERE application_name = 'merchant-dedup' AND wait_event_type = 'Lock' AND position($1 in query) > 0`, [schema]);
  return r.length > 0 ? true : undefined;
}

describe('generations', () => {
  it('readers querying in a loop during the swap see the old generation or the new one, never a mix or an error', async () => {
    const schema = newSchema();
    const g1 = await scan(schema);
    const before: Snapshot = { pairs: 3, pairs_gen: g1.generation, clusters: 6, clusters_gen: g1.generation, current: g1.generation };
    const readers = await Promise.all([db.connect(), db.connect()]);
    const seen: Snapshot[] = [];
    let stop = false;
    const loops = readers.map(async (c) => {
      while (!stop) seen.push(await snapshot(c, schema));
    });
    try {
      await waitFor('readers to start', async () => (seen.length > 10 ? true : undefined));
      const g2 = await scan(schema, 'fewer');
      const after: Snapshot = { pairs: 2, pairs_gen: g2.generation, clusters: 4, clusters_gen: g2.generation, current: g2.generation };
      const settled = seen.length;
      await waitFor('readers to read on', async () => (seen.length > settled + 10 ? true : undefined));
      stop = true;
      await Promise.all(loops);
      const distinct = new Set(seen.map((s) => JSON.stringify(s)));
      expect([...distinct].sort()).toEqual([JSON.stringify(before), JSON.stringify(after)].sort());
      // Once a reader saw the new generation, it never saw the old one again.
      const firstNew = seen.findIndex((s) => s.current === g2.generation);
      expect(seen.slice(firstNew + readers.length).every((s) => s.current === g2.generation)).toBe(true);
    } finally {
      stop = true;
      await Promise.allSettled(loops);
      await Promise.all(readers.map((c) => c.end()));
    }
  });

  it('a run that fails mid-read is marked failed, leaves no tables, keeps the previous generation current; a rerun succeeds', async () => {
    const schema = newSchema();
    const g1 = await scan(schema);
    // Division by zero on the last merchant: the COPY fails after streaming the others.
    const failing = `SELECT * FROM ${quoteIdent(src)}.merchants WHERE 1 / (CASE WHEN merchant_id = 'M052' THEN 0 ELSE 1 END) = 1`;
    const err = await runDbScan(db, { query: failing, schema, threads: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_DB', details: { sqlState: '22012' } });
    expect(await currentGeneration(schema)).toBe(g1.generation);
    const runs = await rows<{ status: string; generation: number; error: string | null }>(db, `SELECT status, generation, error FROM ${quoteIdent(schema)}.runs ORDER BY run_id`);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed']);
    expect(runs[1]!.error).toMatch(/division by zero/);
    expect(await tablesOf(schema, runs[1]!.generation)).toEqual([]);
    const reader = await db.connect();
    expect(await snapshot(reader, schema)).toMatchObject({ pairs: 3, current: g1.generation });
    await reader.end();
    const g3 = await scan(schema);
    expect(await currentGeneration(schema)).toBe(g3.generation);
  });

  it('a run killed in the middle of its writes leaves the previous generation current; the next run closes it and drops its tables', async () => {
    const schema = newSchema();
    const g1 = await scan(schema);
    const blocker = await db.connect();
    try {
      const cli = spawnCli(['rebuild', '--schema', schema, '--table', `${src}.fewer`, '--threads', '1', '--max-churn', '100%', '--quiet']);
      // Hold the new run's row: the run blocks at its first progress update, after writing its first table
      // (one of those written while the scan runs: the dedup index or the records).
      await blocker.query('BEGIN');
      const run = await waitFor('the run row', async () => {
        const r = await blocker.query<{ run_id: string; generation: number }>(
          `SELECT run_id, generation FROM ${quoteIdent(schema)}.runs WHERE status = 'running' FOR UPDATE SKIP LOCKED`,
        );
        return r.rows[0];
      });
      await waitFor('a table of the new generation', async () => ((await tablesOf(schema, run.generation)).length > 0 ? true : undefined));
      await waitFor('the run to wait on its row', () => waitingOnLock(schema));
      cli.child.kill('SIGKILL');
      expect((await cli.done).signal).toBe('SIGKILL');
      await blocker.query('ROLLBACK');
      expect(await currentGeneration(schema)).toBe(g1.generation);
      const reader = await db.connect();
      expect(await snapshot(reader, schema)).toEqual({ pairs: 3, pairs_gen: g1.generation, clusters: 6, clusters_gen: g1.generation, current: g1.generation });
      await reader.end();
      const g3 = await scan(schema);
      expect(g3.interruptedRuns).toEqual([Number(run.run_id)]);
      expect(await tablesOf(schema, run.generation)).toEqual([]);
      const status = await rows<{ status: string; error: string }>(db, `SELECT status, error FROM ${quoteIdent(schema)}.runs WHERE run_id = $1`, [run.run_id]);
      expect(status[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/^interrupted/) });
      expect(await currentGeneration(schema)).toBe(g3.generation);
    } finally {
      await blocker.end();
    }
  });

  it('two rebuilds at once: the second says so and exits 3 without touching anything; the first completes', async () => {
    const schema = newSchema();
    const g1 = await scan(schema);
    // A reader in an open transaction holds the pairs view: the first rebuild waits at its swap,
    // holding the write lock, for as long as the test needs the two runs to overlap.
    const reader = await db.connect();
    await reader.query('BEGIN');
    await reader.query(`SELECT count(*) FROM ${quoteIdent(schema)}.pairs`);
    const first = spawnCli(['rebuild', '--schema', schema, '--table', `${src}.fewer`, '--threads', '1', '--max-churn', '100%', '--quiet']);
    try {
      await waitFor('the first rebuild to wait at its swap', () => waitingOnLock(schema));
      const second = await spawnCli(['rebuild', '--schema', schema, '--table', `${src}.merchants`, '--threads', '1', '--max-churn', '100%']).done;
      expect(second.code).toBe(3);
      expect(second.stderr).toMatch(/another merchant-dedup run is writing to schema gen_\S+ \(server process \d+/);
      expect(second.stdout).toBe('');
    } finally {
      await reader.query('COMMIT');
      await reader.end();
    }
    expect((await first.done).code).toBe(0);
    const runs = await rows<{ status: string }>(db, `SELECT status FROM ${quoteIdent(schema)}.runs ORDER BY run_id`);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(await currentGeneration(schema)).toBe(g1.generation + 1);
  });

  it('publishes over a view whose columns an older or newer tool defined otherwise', async () => {
    const schema = newSchema();
    const g1 = await scan(schema, 'merchants', { writeKeys: false });
    await db.withClient((c) => c.query(`CREATE OR REPLACE VIEW ${quoteIdent(schema)}.pairs AS SELECT ${g1.generation}::integer AS generation, *, 'x'::text AS retired_column FROM ${quoteIdent(schema)}.pairs_g${g1.generation}`));
    const g2 = await scan(schema, 'fewer', { writeKeys: false });
    const cols = await rows<{ c: string }>(db, `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'pairs' ORDER BY ordinal_position`, [schema]);
    expect(cols.map((r) => r.c)).not.toContain('retired_column');
    expect((await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.pairs WHERE generation = $1`, [g2.generation]))[0]!.n).toBe(2);
  });

  it('keeps the last --keep generations and drops the tables of older ones', async () => {
    const schema = newSchema();
    const gens: number[] = [];
    for (let i = 0; i < 3; i++) gens.push((await scan(schema, 'merchants', { keep: 2, writeKeys: false })).generation);
    expect(await tablesOf(schema, gens[0]!)).toEqual([]);
    expect(await tablesOf(schema, gens[1]!)).toHaveLength(RESULT_SETS.length);
    expect(await tablesOf(schema, gens[2]!)).toHaveLength(RESULT_SETS.length);
    const g = await rows<{ generation: number; dropped: boolean; is_current: boolean; has_keys: boolean }>(
      db,
      `SELECT generation, dropped_at IS NOT NULL AS dropped, is_current, has_keys FROM ${quoteIdent(schema)}.generations ORDER BY generation`,
    );
    expect(g).toEqual([
      { generation: gens[0], dropped: true, is_current: false, has_keys: false },
      { generation: gens[1], dropped: false, is_current: false, has_keys: false },
      { generation: gens[2], dropped: false, is_current: true, has_keys: false },
    ]);
  });
});
