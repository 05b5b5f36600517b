/**
 * explain and show on a PostgreSQL generation: a pair's score from the generation's records and key counts
 * equals the score its scan wrote, for every pair of a generated corpus.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Database } from '../../src/db/database.js';
import { runDbScan } from '../../src/db/run-db-scan.js';
import { parseTableName } from '../../src/db/sql-names.js';
import { generateCorpus } from '../../src/generate/index.js';
import { explainFromDb } from '../../src/match/explain-from-db.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { loadRecords } from '../db/fixtures.js';
import { dropSchemas, openTestDatabase, rows, uniqueName } from '../db/helpers.js';

let db: Database;
let client: pg.Client;
const src = uniqueName('explain_src');
const schema = uniqueName('explain_db');

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let o = '';
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((o += String(s)), true));
  const se = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await main(args), out: o };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'explain-db-'));
  await generateCorpus({ n: 2000, seed: 13, outDir: dir });
  const records = (await readFile(join(dir, 'merchants.ndjson'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as MerchantRecord);
  db = await openTestDatabase();
  await db.withClient((c) => c.query(`CREATE SCHEMA ${src}`));
  await loadRecords(db, `${src}.merchants`, records);
  await runDbScan(db, { table: parseTableName(`${src}.merchants`), schema, threads: 1 });
  client = await db.connect();
}, 120_000);

afterAll(async () => {
  await client?.end();
  await dropSchemas(db, [schema, src]);
  await db.close();
});

describe('explain --db and show --db', () => {
  it("scores every pair of the generation as its scan did", async () => {
    const pairs = await rows<{ a_id: string; b_id: string; score: number }>(db, `SELECT a_id, b_id, score FROM ${schema}.pairs ORDER BY a_id, b_id`);
    expect(pairs.length).toBeGreaterThan(50);
    for (const p of pairs) {
      const x = await explainFromDb(client, schema, p.a_id, p.b_id);
      expect(x.score.toFixed(4), `${p.a_id} ~ ${p.b_id}`).toBe(p.score.toFixed(4));
    }
  });

  it('prints the JSON of explain and show through the command line', async () => {
    const [p] = await rows<{ a_id: string; b_id: string; score: number }>(db, `SELECT a_id, b_id, score FROM ${schema}.pairs ORDER BY a_id LIMIT 1`);
    const e = await run(['explain', p!.a_id, p!.b_id, '--db', db.url, '--schema', schema, '--json']);
    expect(e.code).toBe(0);
    const j = JSON.parse(e.out) as { a: { merchant_id: string }; score: number };
    expect(j.a.merchant_id).toBe(p!.a_id);
    expect(j.score.toFixed(4)).toBe(p!.score.toFixed(4));
    const s = await run(['show', p!.a_id, '--db', db.url, '--schema', schema, '--json']);
    expect(s.code).toBe(0);
    const shown = JSON.parse(s.out) as { cluster_id: string; members: { merchant_id: string }[] };
    expect(shown.cluster_id).toMatch(/^C[0-9a-f]{16}$/);
    expect(shown.members.map((m) => m.merchant_id)).toEqual(expect.arrayContaining([p!.a_id, p!.b_id]));
  });
});
