/** The database commands as a user runs them: the compiled CLI, stderr a pipe (as under cron), a real PostgreSQL. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { handCheckedPairs, handCheckedRecords } from '../fixtures/hand-checked-corpus.js';
import { loadRecords } from '../db/fixtures.js';
import { dropSchemas, openTestDatabase, rows, spawnCli, uniqueName } from '../db/helpers.js';

let db: Database;
let src: string;
const schemas: string[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  src = uniqueName('cli_src');
  await loadRecords(db, `${src}.merchants`, handCheckedRecords());
  await db.withClient((c) => c.query(`ANALYZE ${src}.merchants`));
});

afterAll(async () => {
  await dropSchemas(db, [src, ...schemas]);
  await db.close();
});

function newSchema(): string {
  const s = uniqueName('cli_res');
  schemas.push(s);
  return s;
}

describe('scan --table from the command line', () => {
  it('--dry-run scans and writes the files but nothing to the database', async () => {
    const schema = newSchema();
    const out = await mkdtemp(join(tmpdir(), 'dry-run-'));
    const r = await spawnCli(['scan', '--table', `${src}.merchants`, '--schema', schema, '--out', out, '--threads', '1', '--dry-run']).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dry run: nothing written to the database/);
    const pairs = (await readFile(join(out, 'pairs.csv'), 'utf8')).trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2));
    expect(pairs.sort()).toEqual(handCheckedPairs());
    expect(await rows(db, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).toEqual([]);
    const noPublish = await spawnCli(['scan', '--table', `${src}.merchants`, '--schema', schema, '--threads', '1', '--no-publish', '--json']).done;
    expect(noPublish.code).toBe(0);
    expect(JSON.parse(noPublish.stdout)).toMatchObject({ counts: { read: 21 }, parameters: { dry_run: true } });
    expect(await rows(db, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).toEqual([]);
  });

  it('reports every phase, reading the table to the last record, and the writes after the scan', async () => {
    const schema = newSchema();
    const r = await spawnCli(['scan', '--table', `${src}.merchants`, '--schema', schema, '--threads', '1']).done;
    expect(r.code).toBe(0);
    const done = r.stderr.split('\n').filter((l) => / done: /.test(l));
    expect(done[0]).toMatch(/^ingest done: 21 records in /);
    expect(done.map((l) => l.split(' ')[0])).toEqual(
      expect.arrayContaining(['ingest', 'merge', 'duplicate_ids', 'block', 'verify', 'cluster', 'risk', 'stable_ids', 'write_tables', 'publish', 'prune']),
    );
  });
});

describe('db status', () => {
  it('prints the current generation and the runs for people, and the same as JSON with --json', async () => {
    const schema = newSchema();
    const empty = await spawnCli(['db', 'status', '--schema', schema]).done;
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/no generation published yet/);
    expect((await spawnCli(['scan', '--table', `${src}.merchants`, '--schema', schema, '--threads', '1', '--quiet']).done).code).toBe(0);
    const text = await spawnCli(['db', 'status', '--schema', schema]).done;
    expect(text.stdout).toMatch(new RegExp(`^schema ${schema}: current generation \\d+, from run \\d+, published \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}`));
    expect(text.stdout).toMatch(/rows: pairs 3, clusters 6, rejects 0, dedup_keys [\d,]+, .*warnings 0/);
    expect(text.stdout).toMatch(/latest runs:\n +run +gen +status +started +took +source/);
    expect(text.stdout).toMatch(/succeeded .* postgres:cli_src/);
    const json = JSON.parse((await spawnCli(['db', 'status', '--schema', schema, '--json']).done).stdout) as { current: { generation: number }; runs: unknown[] };
    expect(json.runs).toHaveLength(1);
    expect(json.current.generation).toBeGreaterThan(0);
  });
});
