import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { recordDecision } from '../../src/db/decision-table.js';
import { quoteIdent } from '../../src/db/sql-names.js';
import { HIGH_CONFIDENCE_SCORE } from '../../src/review/score-bands.js';
import { dropSchemas, openTestDatabase, rows, spawnCli } from '../db/helpers.js';
import { reviewDatabase, type ReviewFixture } from './review-fixture.js';

let db: Database;
let fx: ReviewFixture;

beforeAll(async () => {
  db = await openTestDatabase();
  fx = await reviewDatabase(db);
});

afterAll(async () => {
  await dropSchemas(db, [fx.source, fx.schema]);
  await db.close();
});

const clusterOf = async (id: string): Promise<string> =>
  (await rows<{ cluster_id: string }>(db, `SELECT cluster_id FROM ${quoteIdent(fx.schema)}.clusters WHERE merchant_id = $1`, [id]))[0]!.cluster_id;

async function plan(): Promise<{ csv: string[][]; summary: any; stdout: string }> {
  const out = await mkdtemp(join(tmpdir(), 'plan-'));
  const run = spawnCli(['plan', '--schema', fx.schema, '--out', out]);
  const done = await run.done;
  expect(done.stderr).toBe('');
  expect(done.code).toBe(0);
  const csv = (await readFile(join(out, 'merge_plan.csv'), 'utf8')).trimEnd().split('\n').map((l) => l.split(','));
  return { csv, summary: JSON.parse(await readFile(join(out, 'merge_plan_summary.json'), 'utf8')), stdout: done.stdout };
}

describe('merchant-dedup plan', () => {
  it('plans confirmed and high-confidence clusters only, with the chosen survivor and who decided', async () => {
    const before = await plan();
    expect(before.csv[0]).toEqual(['merchant_id', 'survivor_id', 'cluster_id', 'reason', 'decided_by', 'decided_at']);
    const scores = await rows<{ cluster_id: string; min: number }>(
      db,
      `SELECT c.cluster_id, min(p.score)::float8 AS min FROM ${quoteIdent(fx.schema)}.pairs p JOIN ${quoteIdent(fx.schema)}.clusters c ON c.merchant_id = p.a_id GROUP BY 1`,
    );
    const sure = scores.filter((s) => s.min >= HIGH_CONFIDENCE_SCORE).map((s) => s.cluster_id).sort();
    expect([...new Set(before.csv.slice(1).map((r) => r[2]))].sort()).toEqual(sure);
    expect(before.csv.slice(1).every((r) => r[3] === 'high_confidence' && r[4] === '')).toBe(true);
    expect(before.summary.planned_clusters.high_confidence + before.summary.skipped_clusters.needs_review).toBe(before.summary.clusters);

    // Confirm the zhangji pair and choose its later record as survivor; split one member of the four.
    const zhangji = await clusterOf('M001');
    const four = await clusterOf('R001');
    await db.withClient(async (c) => {
      await recordDecision(c, fx.schema, { kind: 'confirm', cluster_id: zhangji, merchant_ids: [], decided_by: 'ann' });
      await recordDecision(c, fx.schema, { kind: 'canonical', cluster_id: zhangji, merchant_ids: ['M002'], decided_by: 'bob' });
      await recordDecision(c, fx.schema, { kind: 'split', cluster_id: four, merchant_ids: ['R004'], decided_by: 'ann' });
    });
    const after = await plan();
    const row = after.csv.find((r) => r[0] === 'M001')!;
    expect(row.slice(0, 5)).toEqual(['M001', 'M002', zhangji, 'confirmed', 'ann']);
    expect(after.csv.some((r) => r[0] === 'M002')).toBe(false);
    // The split awaits the rebuild: the four-record cluster is out of the plan until then.
    expect(after.csv.some((r) => r[2] === four)).toBe(false);
    expect(after.summary.skipped_clusters.pending_rebuild).toBe(1);
    expect(after.summary.survivors_chosen_by_decision).toBe(1);
    expect(after.stdout).toContain('merge_plan.csv');

    await fx.scan();
    const rebuilt = await plan();
    const three = rebuilt.csv.filter((r) => ['R001', 'R002', 'R003', 'R004'].includes(r[0]!));
    expect(three.map((r) => r[0]).sort()).toEqual(['R002', 'R003']);
    expect(rebuilt.csv.find((r) => r[0] === 'M001')!.slice(0, 4)).toEqual(['M001', 'M002', await clusterOf('M002'), 'confirmed']);
  });
});
