/**
 * The demo on a database that holds a user's data: it works in its own marked schema only, never
 * empties or replaces a table it did not create, and follows a database only when given `--db`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHEMA } from '../../src/db/demo-space.js';
import { databaseUrl, uniqueName } from '../db/helpers.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url));
let dbName: string;
let userUrl: string;
let out: string;
const pgdata = resolve(`.tmp/demo-test-pgdata-${process.pid}`);

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

async function sql<R extends pg.QueryResultRow>(text: string): Promise<R[]> {
  const c = new pg.Client({ connectionString: userUrl });
  await c.connect();
  try {
    return (await c.query<R>(text)).rows;
  } finally {
    await c.end();
  }
}

/** What the user owns: their merchants table and their real results schema, as one comparable value. */
const userData = (): Promise<unknown[]> =>
  sql(`SELECT (SELECT json_agg(m ORDER BY merchant_id) FROM public.merchants m) AS merchants,
              (SELECT json_agg(r ORDER BY run_id) FROM merchant_dedup.runs r) AS runs`);

beforeAll(async () => {
  dbName = uniqueName('demo_db');
  const admin = new pg.Client({ connectionString: databaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const u = new URL(databaseUrl());
  u.pathname = `/${dbName}`;
  userUrl = u.toString();
  await sql(`CREATE TABLE public.merchants (merchant_id text PRIMARY KEY, name text, note text);
             INSERT INTO public.merchants VALUES ('REAL-1', '真实商户一', 'keep me'), ('REAL-2', '真实商户二', 'keep me too');
             CREATE SCHEMA merchant_dedup; CREATE TABLE merchant_dedup.runs (run_id int, status text); INSERT INTO merchant_dedup.runs VALUES (7, 'succeeded')`);
  out = await mkdtemp(join(tmpdir(), 'demo-test-'));
});

afterAll(async () => {
  const admin = new pg.Client({ connectionString: databaseUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  await rm(pgdata, { recursive: true, force: true });
});

describe('merchant-dedup demo', () => {
  it('ignores DATABASE_URL: without --db it runs on the embedded server and leaves that database alone', async () => {
    const before = await userData();
    const r = await cli(['demo', '--n', '1500', '--out', join(out, 'embedded'), '--no-wait'], { DATABASE_URL: userUrl, MERCHANT_DEDUP_PGDATA: pgdata });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/database: embedded PostgreSQL/);
    expect(await userData()).toEqual(before);
    expect(await sql(`SELECT 1 FROM pg_namespace WHERE nspname = '${DEMO_SCHEMA}'`)).toEqual([]);
  });

  it('refuses a schema of its name that it did not create, touching nothing', async () => {
    await sql(`CREATE SCHEMA ${DEMO_SCHEMA}; CREATE TABLE ${DEMO_SCHEMA}.merchants (merchant_id text); INSERT INTO ${DEMO_SCHEMA}.merchants VALUES ('MINE')`);
    const r = await cli(['demo', '--n', '1500', '--out', join(out, 'refused'), '--db', userUrl, '--no-wait'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/schema merchant_dedup_demo exists and was not created by the demo/);
    expect(await sql(`SELECT merchant_id FROM ${DEMO_SCHEMA}.merchants`)).toEqual([{ merchant_id: 'MINE' }]);
    await sql(`DROP SCHEMA ${DEMO_SCHEMA} CASCADE`);
  });

  it('with --db, twice: loads and scans in its own schema; the user\'s merchants table and merchant_dedup schema are untouched', async () => {
    const before = await userData();
    for (const round of [1, 2]) {
      const r = await cli(['demo', '--n', '1500', '--out', join(out, `db-${round}`), '--db', userUrl, '--no-wait'], {});
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/loaded 1,500 merchants into table merchant_dedup_demo\.merchants/);
      // The user's password never appears in what the demo prints.
      expect(r.stdout).not.toContain(decodeURIComponent(new URL(userUrl).password));
    }
    expect(await userData()).toEqual(before);
    const demo = await sql<{ n: number; g: number }>(`SELECT (SELECT count(*)::int FROM ${DEMO_SCHEMA}.merchants) AS n, (SELECT generation FROM ${DEMO_SCHEMA}.current_generation) AS g`);
    expect(demo[0]).toMatchObject({ n: 1500, g: 2 });
  });
});
