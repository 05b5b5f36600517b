/**
 * `--query` is trusted input, but run defensively: one statement, in a read-only transaction; and every
 * mistake in a job definition (a bad query, a missing column) exits 2 without a failed run row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { runDbScan } from '../../src/db/run-db-scan.js';
import { parseTableName, quoteIdent } from '../../src/db/sql-names.js';
import { handCheckedRecords } from '../fixtures/hand-checked-corpus.js';
import { loadRecords } from './fixtures.js';
import { databaseUrl, dropSchemas, openTestDatabase, rows, spawnCli, uniqueName } from './helpers.js';

let db: Database;
let src: string;
const schemas: string[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  src = uniqueName('qsafe_src');
  await loadRecords(db, `${src}.merchants`, handCheckedRecords());
  await db.withClient((c) => c.query(`CREATE TABLE ${quoteIdent(src)}.victim AS SELECT 1 AS x`));
});

afterAll(async () => {
  await dropSchemas(db, [src, ...schemas]);
  await db.close();
});

function newSchema(): string {
  const s = uniqueName('qsafe');
  schemas.push(s);
  return s;
}

const victimRows = async (): Promise<number> => (await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM ${quoteIdent(src)}.victim`))[0]!.n;
const runRows = async (schema: string): Promise<number> => (await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.runs`))[0]!.n;

describe('--query runs as one read-only statement', () => {
  it('a closing parenthesis followed by a second statement is refused, and that statement never runs', async () => {
    const schema = newSchema();
    const s = quoteIdent(src);
    const crafted = `SELECT merchant_id, name FROM ${s}.merchants) AS src; DROP TABLE ${s}.victim; SELECT * FROM (SELECT 1`;
    await expect(runDbScan(db, { query: crafted, schema, threads: 1 })).rejects.toMatchObject({ code: 'E_BAD_ARGS', message: expect.stringMatching(/single SELECT/) });
    expect(await victimRows()).toBe(1);
    expect(await runRows(schema)).toBe(0);
  });

  it('a query that writes (a data-modifying CTE) fails in the read-only transaction', async () => {
    const schema = newSchema();
    const s = quoteIdent(src);
    const writing = `WITH gone AS (DELETE FROM ${s}.victim RETURNING x) SELECT merchant_id, name FROM ${s}.merchants`;
    await expect(runDbScan(db, { query: writing, schema, threads: 1 })).rejects.toMatchObject({ code: 'E_BAD_ARGS', message: expect.stringMatching(/read-only/) });
    expect(await victimRows()).toBe(1);
  });

  it('a plain SELECT with a trailing semicolon still scans', async () => {
    const r = await runDbScan(db, { query: `SELECT * FROM ${quoteIdent(src)}.merchants;`, schema: newSchema(), threads: 1 });
    expect(r.summary.counts.read).toBe(21);
  });
});

describe('configuration errors exit 2 and record no run', () => {
  it('a syntax error in --query, and a missing required column, exit 2 with no failed run row', async () => {
    const schema = newSchema();
    await db.withClient((c) => c.query(`CREATE SCHEMA ${quoteIdent(schema)}`));
    const syntax = await spawnCli(['scan', '--schema', schema, '--query', 'SELEC merchant_id FROM nowhere', '--threads', '1']).done;
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/--query must be a single read-only SELECT.*syntax error/);
    const noName = await spawnCli(['rebuild', '--schema', schema, '--table', `${src}.victim`, '--threads', '1']).done;
    expect(noName.code).toBe(2);
    expect(noName.stderr).toMatch(/no column "merchant_id"/);
    expect(await runRows(schema)).toBe(0);
  });

  it('a keyword DSN connects like the URL it stands for, and its password is never printed', async () => {
    const u = new URL(databaseUrl());
    const dsn = `host=${u.hostname} port=${u.port} user=${decodeURIComponent(u.username)} password='${decodeURIComponent(u.password)}' dbname=${u.pathname.slice(1)}`;
    const kw = await Database.open({ url: dsn });
    try {
      expect(kw.describe()).not.toContain(decodeURIComponent(u.password));
      const r = await runDbScan(kw, { table: parseTableName(`${src}.merchants`), schema: newSchema(), threads: 1 });
      expect(r.summary.counts.read).toBe(21);
    } finally {
      await kw.close();
    }
  });
});
