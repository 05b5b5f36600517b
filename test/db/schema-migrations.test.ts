import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from '../../src/db/schema-migrations.js';
import { quoteIdent } from '../../src/db/sql-names.js';
import { dropSchemas, openTestDatabase, rows, spawnCli, uniqueName } from './helpers.js';

let db: Database;
const schemas: string[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
});

afterAll(async () => {
  await dropSchemas(db, schemas);
  await db.close();
});

describe('schema migrations', () => {
  it('apply once, in order, even when several processes initialise at once, and are a no-op afterwards', async () => {
    const schema = uniqueName('mig');
    schemas.push(schema);
    const results = await Promise.all([1, 2, 3].map(() => db.withClient((c) => migrate(c, schema))));
    expect(results.map((r) => r.applied).sort()).toEqual([[], [], Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1)].sort());
    expect(await db.withClient((c) => migrate(c, schema))).toEqual({ schema, version: SCHEMA_VERSION, applied: [] });
    const versions = await rows<{ version: number }>(db, `SELECT version FROM ${quoteIdent(schema)}.schema_migrations ORDER BY version`);
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    // The views exist before any run, empty, with the columns a run will give them.
    const pairs = await rows(db, `SELECT * FROM ${quoteIdent(schema)}.pairs`);
    expect(pairs).toEqual([]);
  });

  it('refuse a schema newer than this tool', async () => {
    const schema = uniqueName('mig_new');
    schemas.push(schema);
    await db.withClient((c) => migrate(c, schema));
    await db.withClient((c) => c.query(`INSERT INTO ${quoteIdent(schema)}.schema_migrations (version, name) VALUES ($1, 'from the future')`, [SCHEMA_VERSION + 1]));
    await expect(db.withClient((c) => migrate(c, schema))).rejects.toMatchObject({ code: 'E_DB', message: expect.stringMatching(/newer than this merchant-dedup knows/) });
  });

  it('`db init` creates the schema and says so; a second init says it is up to date', async () => {
    const schema = uniqueName('mig_cli');
    schemas.push(schema);
    const first = await spawnCli(['db', 'init', '--schema', schema]).done;
    expect(first).toMatchObject({ code: 0, stdout: `schema ${schema} at version ${SCHEMA_VERSION}: applied migrations ${MIGRATIONS.map((m) => m.version).join(', ')}\n` });
    const second = await spawnCli(['db', 'init', '--schema', schema]).done;
    expect(second).toMatchObject({ code: 0, stdout: `schema ${schema} at version ${SCHEMA_VERSION}: already up to date\n` });
  });

  it('commands exit 1 with the cause when the database cannot be reached, and 2 for a bad table name', async () => {
    const unreachable = await spawnCli(['db', 'init', '--db', 'postgresql://nobody:secret@127.0.0.1:1/none']).done;
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/cannot connect to postgresql:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/);
    expect(unreachable.stderr).not.toMatch(/secret/);
    const bad = await spawnCli(['rebuild', '--table', 'a.b.c']).done;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--table "a.b.c" must look like table or schema.table/);
  });
});
