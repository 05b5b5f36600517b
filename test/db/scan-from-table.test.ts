import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { lookupKeyCounts, lookupKeys, openDedupIndex } from '../../src/db/dedup-index.js';
import { runDbScan } from '../../src/db/run-db-scan.js';
import { parseTableName, quoteIdent } from '../../src/db/sql-names.js';
import { createSketchParams } from '../../src/sketch/minhash-params.js';
import { scanCorpus } from '../../src/scan/scan-corpus.js';
import { DEFAULT_SKETCH } from '../../src/scan/scan-options.js';
import { handCheckedPairs, handCheckedRecords } from '../fixtures/hand-checked-corpus.js';
import { loadRecords } from './fixtures.js';
import { dropSchemas, openTestDatabase, rows, uniqueName } from './helpers.js';

let db: Database;
let src: string;
const results: string[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  src = uniqueName('scan_src');
  await loadRecords(db, `${src}.merchants`, handCheckedRecords());
  // The same merchants as a team might keep them: other column names, serials as JSON, extra columns.
  await db.withClient((c) =>
    c.query(`CREATE TABLE ${quoteIdent(src)}.shops AS
      SELECT merchant_id AS shop_no, name AS shop_name, uscc AS credit_code, legal_person, id_number, phone AS tel, bank_account,
             province, city, district, address AS addr, lat, lng, coord_sys, mcc, to_jsonb(terminal_sns) AS pos_serials,
             created_at AS registered_at, channel, 'extra' AS ignored_column
        FROM ${quoteIdent(src)}.merchants`),
  );
});

afterAll(async () => {
  await dropSchemas(db, [src, ...results]);
  await db.close();
});

function resultSchema(): string {
  const s = uniqueName('scan_res');
  results.push(s);
  return s;
}

async function pairsIn(schema: string): Promise<[string, string][]> {
  return (await rows<{ a_id: string; b_id: string }>(db, `SELECT a_id, b_id FROM ${quoteIdent(schema)}.pairs ORDER BY a_id, b_id`)).map((r) => [r.a_id, r.b_id]);
}

describe('scan from a PostgreSQL table', () => {
  it('finds the hand-checked duplicates reading the table through COPY, and writes pairs, clusters, rejects, keys and the run', async () => {
    const schema = resultSchema();
    const r = await runDbScan(db, { table: parseTableName(`${src}.merchants`), schema, threads: 1 });
    expect(await pairsIn(schema)).toEqual(handCheckedPairs());
    expect(r.summary.counts).toMatchObject({ read: 21, accepted: 21, rejected: 0, clusters: 3, clustered_records: 6 });
    expect(r.rowCounts).toMatchObject({ pairs: 3, clusters: 6, rejects: 0 });
    const [run] = await rows<{ status: string; generation: number; source: string; counts: { rows_copied: number }; clusters_created: number }>(
      db,
      `SELECT status, generation, source, counts, clusters_created FROM ${quoteIdent(schema)}.runs`,
    );
    expect(run).toMatchObject({ status: 'succeeded', generation: r.generation, source: `postgres:${src}.merchants`, counts: { rows_copied: 21 }, clusters_created: 3 });
    // Risk alerts are published with the generation: the ring's three merchants behind one id are one alert.
    const alerts = await rows<{ generation: number; alert_id: string; entities: number; shared_keys: string }>(
      db,
      `SELECT generation, alert_id, entities, shared_keys FROM ${quoteIdent(schema)}.risk_alerts`,
    );
    expect(alerts.length).toBe(r.summary.counts.risk_alerts);
    expect(r.rowCounts.risk_alerts).toBe(alerts.length);
    const ring = await rows<{ alert_id: string; merchant_id: string }>(db, `SELECT alert_id, merchant_id FROM ${quoteIdent(schema)}.risk_members WHERE merchant_id IN ('M050', 'M051', 'M052')`);
    expect(ring).toHaveLength(3);
    expect(new Set(ring.map((m) => m.alert_id)).size).toBe(1);
    expect(alerts.find((a) => a.alert_id === ring[0]!.alert_id)).toMatchObject({ generation: r.generation, entities: 3, shared_keys: expect.stringContaining('id_number:110*************2X') });
    expect(r.rowCounts.risk_members).toBe(r.summary.risk.members);
    const clusters = await rows<{ generation: number; cluster_id: string; merchant_id: string; is_canonical: boolean; cluster_size: number }>(
      db,
      `SELECT * FROM ${quoteIdent(schema)}.clusters WHERE merchant_id IN ('M001', 'M002') ORDER BY merchant_id`,
    );
    expect(clusters).toEqual([
      { generation: r.generation, cluster_id: expect.stringMatching(/^C[0-9a-f]{16}$/), merchant_id: 'M001', is_canonical: true, cluster_size: 2 },
      { generation: r.generation, cluster_id: clusters[0]!.cluster_id, merchant_id: 'M002', is_canonical: false, cluster_size: 2 },
    ]);
  });

  it('a table with differently named columns (serials as JSON) gives the same pairs through --map', async () => {
    const schema = resultSchema();
    const columnMap = { merchant_id: 'shop_no', name: 'shop_name', uscc: 'credit_code', phone: 'tel', address: 'addr', terminal_sns: 'pos_serials', created_at: 'registered_at' };
    await runDbScan(db, { table: parseTableName(`${src}.shops`), schema, columnMap, threads: 1 });
    expect(await pairsIn(schema)).toEqual(handCheckedPairs());
    const missing = await runDbScan(db, { table: parseTableName(`${src}.shops`), schema, threads: 1 }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'E_BAD_ARGS' });
    expect((missing as Error).message).toMatch(/has no column "merchant_id" for the required field merchant_id; map it with --map merchant_id=COLUMN/);
  });

  it('with --out also writes the files, with the same pairs and the same (stable) cluster ids as the tables', async () => {
    const schema = resultSchema();
    const out = await mkdtemp(join(tmpdir(), 'db-out-'));
    await runDbScan(db, { table: parseTableName(`${src}.merchants`), schema, threads: 1, writeKeys: false });
    await runDbScan(db, { table: parseTableName(`${src}.merchants`), schema, threads: 1, writeKeys: false, outDir: out });
    const csvPairs = (await readFile(join(out, 'pairs.csv'), 'utf8')).trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2));
    expect(csvPairs.sort()).toEqual(await pairsIn(schema));
    const csvClusters = (await readFile(join(out, 'clusters.csv'), 'utf8')).trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join(','));
    const tableClusters = await rows<{ c: string }>(db, `SELECT cluster_id || ',' || merchant_id AS c FROM ${quoteIdent(schema)}.clusters`);
    expect(csvClusters.sort()).toEqual(tableClusters.map((r) => r.c).sort());
    expect(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'))).toMatchObject({ input: `postgres:${src}.merchants`, counts: { read: 21 } });
  });

  it('keeps a merchant whose optional columns cannot be read, and writes a warnings table with the generation', async () => {
    const schema = resultSchema();
    const odd = `${quoteIdent(src)}.odd`;
    await db.withClient(async (c) => {
      await c.query(`CREATE TABLE ${odd} AS SELECT * FROM ${quoteIdent(src)}.merchants`);
      await c.query(`ALTER TABLE ${odd} ALTER COLUMN created_at TYPE text`);
      await c.query(`UPDATE ${odd} SET created_at = 'yesterday', coord_sys = 'utm' WHERE merchant_id = 'M004'`);
      await c.query(`UPDATE ${odd} SET created_at = '2021/07/15', coord_sys = 'WGS-84' WHERE merchant_id = 'M002'`);
    });
    const r = await runDbScan(db, { table: parseTableName(`${src}.odd`), schema, threads: 1 });
    expect(await pairsIn(schema)).toEqual(handCheckedPairs());
    expect(r.summary.counts).toMatchObject({ read: 21, accepted: 21, rejected: 0, warnings: 2 });
    expect(r.rowCounts.warnings).toBe(2);
    const warnings = await rows<{ generation: number; line: string; merchant_id: string; field: string; reason: string }>(
      db,
      `SELECT * FROM ${quoteIdent(schema)}.warnings ORDER BY field`,
    );
    expect(warnings.map((w) => [w.generation, w.merchant_id, w.field])).toEqual([
      [r.generation, 'M004', 'coord_sys'],
      [r.generation, 'M004', 'created_at'],
    ]);
    expect(warnings[1]!.reason).toMatch(/^created_at: not a timestamp .*"yesterday"$/);
  });

  it('reads a --query instead of a table', async () => {
    const schema = resultSchema();
    const r = await runDbScan(db, { query: `SELECT * FROM ${quoteIdent(src)}.merchants WHERE merchant_id <> 'M002';`, schema, threads: 1 });
    expect(r.summary.counts.read).toBe(20);
    expect(await pairsIn(schema)).toEqual(handCheckedPairs().filter(([a, b]) => a !== 'M002' && b !== 'M002'));
  });

  it('persists the dedup index with its sketch parameters, finds a duplicate by key, and refuses other parameters', async () => {
    const schema = resultSchema();
    const r = await runDbScan(db, { table: parseTableName(`${src}.merchants`), schema, threads: 1 });
    // Exactly the keys a file scan of the same records blocks on.
    const dir = await mkdtemp(join(tmpdir(), 'keys-'));
    await writeFile(join(dir, 'm.ndjson'), handCheckedRecords().map((m) => JSON.stringify(m)).join('\n') + '\n');
    const fileScan = await scanCorpus({ kind: 'file', path: join(dir, 'm.ndjson'), format: 'ndjson' }, { threads: 1, keepKeys: true });
    const expected = fileScan.keys.flat().reduce((n, part) => n + part.entries.length / 3, 0);
    const keys = await rows<{ key: string; kind: number; merchant_id: string }>(db, `SELECT key::text, kind, merchant_id FROM ${quoteIdent(schema)}.dedup_keys`);
    expect(keys.length).toBe(expected);
    expect(r.rowCounts.dedup_keys).toBe(expected);
    // M001's keys lead to M002 (same phone, same name band): what an onboarding check does.
    await db.withClient(async (c) => {
      const params = createSketchParams(DEFAULT_SKETCH);
      const index = await openDedupIndex(c, schema, params);
      expect(index.generation).toBe(r.generation);
      const mine = keys.filter((k) => k.merchant_id === 'M001').map((k) => {
        const v = BigInt.asUintN(64, BigInt(k.key));
        return [Number(v >> 32n), Number(v & 0xffffffffn)] as const;
      });
      const found = new Set((await lookupKeys(c, index, mine)).map((m) => m.merchant_id));
      expect(found).toContain('M002');
      expect(found).not.toContain('M010');
      await expect(openDedupIndex(c, schema, createSketchParams({ ...DEFAULT_SKETCH, seed: 2 }))).rejects.toMatchObject({ code: 'E_SKETCH_MISMATCH' });
      // Key counts are the scan's bucket sizes: every key of M001 shared with M002 is counted twice or more.
      const counts = await lookupKeyCounts(c, index, mine);
      expect(counts.size).toBeGreaterThan(0);
      for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(2);
      expect(index.params.threshold).toBe(r.summary.parameters.threshold);
      // A rebuild without M002 publishes a new generation; the index opened before still reads its own.
      const next = await runDbScan(db, { query: `SELECT * FROM ${quoteIdent(src)}.merchants WHERE merchant_id <> 'M002'`, schema, threads: 1, maxChurn: 100 });
      expect(next.generation).toBe(r.generation + 1);
      expect((await lookupKeys(c, index, mine)).map((m) => m.merchant_id)).toContain('M002');
      expect((await lookupKeys(c, await openDedupIndex(c, schema, params), mine)).map((m) => m.merchant_id)).not.toContain('M002');
      // A generation scored by other weights is refused, not silently mixed with this code's scores.
      await c.query(`UPDATE ${quoteIdent(schema)}.generations SET match_params = jsonb_set(match_params, '{weights}', '"00000000"') WHERE is_current`);
      await expect(openDedupIndex(c, schema, params)).rejects.toMatchObject({ code: 'E_SKETCH_MISMATCH' });
    });
  });
});
