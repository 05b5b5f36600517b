/**
 * Peers in SQL: what a data team writes when asked for duplicate merchants, run on the same corpus and
 * scored against the same truth as the engine.
 *
 *   - pg_trgm: a self-join on trigram similarity of the name (`a.name % b.name`, GIN trigram index),
 *     blocked by city. City as written with a trailing 市 dropped (广州 = 广州市); names as written.
 *   - exact keys: equality self-joins on phone, on uscc, and on name within a city, as written, unioned.
 *
 * Times are the whole job on the server: COPY the corpus's CSV in, index, join, COPY the pairs out to
 * a file (the engine's time also starts at the input file and ends at the pairs file). Each statement
 * may run at most `timeoutMs`; a peer that exceeds it is reported as not finished.
 * See https://www.postgresql.org/docs/current/pgtrgm.html for `%` and pg_trgm.similarity_threshold.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { MERCHANT_FIELDS } from '../../src/record/merchant-record.js';
import type { PostgresServer } from './postgres-server.js';

export interface SqlPeerRun {
  system: string;
  /** Load (COPY in + ANALYZE), index, join + COPY out, in ms; the sum is the peer's time. */
  ms: Record<string, number>;
  total_ms: number;
  pairsFile: string | null;
  error: string | null;
  /** The join's plan, first lines of EXPLAIN. */
  plan: string | null;
}

/** pg_trgm's default similarity threshold (the one `%` uses unless told otherwise) and the engine's LSH one. */
export const TRGM_THRESHOLDS = [0.3, 0.5] as const;

const TABLE = 'bench_merchants';
export const EXACT_SYSTEM = 'SQL exact keys (phone | uscc | name+city)';
export const trgmSystem = (threshold: number): string => `pg_trgm name % name, same city, threshold ${threshold}`;

async function timed(ms: Record<string, number>, name: string, f: () => Promise<unknown>): Promise<void> {
  const t = performance.now();
  await f();
  ms[name] = Math.round(performance.now() - t);
}

async function copyOut(c: pg.Client, sql: string, file: string): Promise<void> {
  await pipeline(c.query(copyStreams.to(`COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true)`)), createWriteStream(file));
}

async function plan(c: pg.Client, sql: string): Promise<string> {
  const r = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`);
  return r.rows.slice(0, 6).map((x) => x['QUERY PLAN'].trim()).join(' / ');
}

/** Loads the corpus CSV into a fresh table; returns the ms taken. */
async function load(c: pg.Client, csv: string): Promise<number> {
  const t = performance.now();
  await c.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await c.query(`CREATE UNLOGGED TABLE ${TABLE} (${MERCHANT_FIELDS.map((f) => `${f} text`).join(', ')})`);
  await pipeline(createReadStream(csv), c.query(copyStreams.from(`COPY ${TABLE} FROM STDIN WITH (FORMAT csv, HEADER true)`)));
  await c.query(`ALTER TABLE ${TABLE} ADD COLUMN city_key text`);
  await c.query(`UPDATE ${TABLE} SET city_key = regexp_replace(coalesce(city, ''), '市$', '')`);
  await c.query(`ANALYZE ${TABLE}`);
  return Math.round(performance.now() - t);
}

const TRGM_JOIN =
  `SELECT a.merchant_id AS a_id, b.merchant_id AS b_id FROM ${TABLE} a JOIN ${TABLE} b ` +
  `ON a.city_key = b.city_key AND a.merchant_id < b.merchant_id AND a.name % b.name`;

const EXACT_JOIN = ['phone', 'uscc']
  .map((k) => `SELECT a.merchant_id AS a_id, b.merchant_id AS b_id FROM ${TABLE} a JOIN ${TABLE} b ON a.${k} = b.${k} AND a.merchant_id < b.merchant_id`)
  .concat(`SELECT a.merchant_id, b.merchant_id FROM ${TABLE} a JOIN ${TABLE} b ON a.name = b.name AND a.city_key = b.city_key AND a.merchant_id < b.merchant_id`)
  .join(' UNION ');

/** Whether pg_trgm can be created on this server, and its version; the reason when not. */
export async function trgmAvailable(server: PostgresServer): Promise<{ ok: boolean; detail: string }> {
  const c = await server.connect();
  try {
    await c.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    const v = await c.query<{ v: string }>(`SELECT extversion AS v FROM pg_extension WHERE extname = 'pg_trgm'`);
    const probe = await c.query<{ t: string }>(`SELECT show_trgm('张记牛肉面')::text AS t`);
    return { ok: true, detail: `pg_trgm ${v.rows[0]?.v ?? '?'}; show_trgm('张记牛肉面') = ${probe.rows[0]?.t ?? '?'}` };
  } catch (err) {
    return { ok: false, detail: `CREATE EXTENSION pg_trgm failed: ${(err as Error).message}` };
  } finally {
    await c.end();
  }
}

/** Runs every SQL peer on one corpus; pairs files land in `outDir`. */
export interface SqlPeerOptions {
  /** Longest a statement may run. */
  timeoutMs: number;
  /** Run the pg_trgm peers (pg_trgm is available). */
  trgm: boolean;
  /** Peers not to run (by `system`), e.g. ones predicted to exceed the timeout; reported as skipped. */
  skip: (system: string) => string | null;
  /** Called as each peer finishes. */
  onRun: (r: SqlPeerRun) => void;
}

export async function runSqlPeers(server: PostgresServer, csv: string, outDir: string, o: SqlPeerOptions): Promise<SqlPeerRun[]> {
  const c = await server.connect();
  const runs: SqlPeerRun[] = [];
  try {
    await c.query(`SET statement_timeout = ${Math.round(o.timeoutMs)}`);
    const loadMs = await load(c, csv);

    const finish = (r: SqlPeerRun): void => {
      r.total_ms = Object.values(r.ms).reduce((a, b) => a + b, 0);
      runs.push(r);
      o.onRun(r);
    };
    const exact: SqlPeerRun = { system: EXACT_SYSTEM, ms: { load: loadMs }, total_ms: 0, pairsFile: null, error: o.skip(EXACT_SYSTEM), plan: null };
    if (!exact.error) {
      try {
        exact.plan = await plan(c, EXACT_JOIN);
        const file = join(outDir, 'pairs-sql-exact.csv');
        await timed(exact.ms, 'join', () => copyOut(c, EXACT_JOIN, file));
        exact.pairsFile = file;
      } catch (err) {
        exact.error = (err as Error).message;
      }
    }
    finish(exact);

    if (o.trgm) {
      const indexMs: Record<string, number> = {};
      let indexed = false;
      for (const t of TRGM_THRESHOLDS) {
        const system = trgmSystem(t);
        const run: SqlPeerRun = { system, ms: { load: loadMs }, total_ms: 0, pairsFile: null, error: o.skip(system), plan: null };
        if (!run.error) {
          try {
            if (!indexed) await timed(indexMs, 'index', () => c.query(`CREATE INDEX ON ${TABLE} USING gin (name gin_trgm_ops)`));
            indexed = true;
            run.ms.index = indexMs.index!;
            await c.query(`SET pg_trgm.similarity_threshold = ${t}`);
            run.plan = await plan(c, TRGM_JOIN);
            const file = join(outDir, `pairs-sql-trgm-${t}.csv`);
            await timed(run.ms, 'join', () => copyOut(c, TRGM_JOIN, file));
            run.pairsFile = file;
          } catch (err) {
            run.error = (err as Error).message;
          }
        }
        finish(run);
      }
    }
    await c.query(`DROP TABLE IF EXISTS ${TABLE}`);
  } finally {
    await c.end();
  }
  return runs;
}
