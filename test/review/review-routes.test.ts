import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { quoteIdent } from '../../src/db/sql-names.js';
import { dropSchemas, openTestDatabase, rows } from '../db/helpers.js';
import { reviewDatabase, reviewServer, type ReviewFixture } from './review-fixture.js';

let db: Database;
let fx: ReviewFixture;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  db = await openTestDatabase();
  fx = await reviewDatabase(db);
  ({ app, base } = await reviewServer(db, fx.schema));
});

afterAll(async () => {
  await app?.close();
  await dropSchemas(db, [fx.source, fx.schema]);
  await db.close();
});

async function get(path: string): Promise<{ status: number; body: any }> {
  const r = await fetch(base + path);
  return { status: r.status, body: await r.json() };
}

async function post(body: unknown): Promise<{ status: number; body: any }> {
  const r = await fetch(base + '/v1/review/decisions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
}

async function clusterOf(id: string): Promise<string> {
  const r = await rows<{ cluster_id: string }>(db, `SELECT cluster_id FROM ${quoteIdent(fx.schema)}.clusters WHERE merchant_id = $1`, [id]);
  return r[0]!.cluster_id;
}

describe('review routes', () => {
  it('serves the console page and a queue with names, cities, scores and counts', async () => {
    const page = await fetch(base + '/review');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain("'/v1/review'");
    const q = await get('/v1/review/clusters?sort=size');
    expect(q.status).toBe(200);
    expect(q.body.rows[0]).toMatchObject({ size: 4, canonical_id: 'R001', canonical_name: '陈记烧烤（五道口店）', city: '北京市' });
    expect(q.body.total).toBe(q.body.rows.length);
    const beijing = await get('/v1/review/clusters?city=' + encodeURIComponent('北京'));
    expect(beijing.body.rows.every((r: { city: string }) => r.city.includes('北京'))).toBe(true);
    expect(beijing.body.total).toBeLessThan(q.body.total);
    const s = await get('/v1/review/summary');
    expect(s.body.clusters).toBe(q.body.total);
    expect(s.body.histogram.reduce((a: number, b: number) => a + b, 0)).toBe(s.body.pairs);
    expect((await get('/v1/review/pairs?order=asc')).body.rows.length).toBe(s.body.pairs);
    expect((await get('/v1/review/clusters?limit=1')).body.rows).toHaveLength(1);
    expect(await get('/v1/review/clusters?limit=many')).toMatchObject({ status: 400, body: { error: { field: 'limit' } } });
    expect(await get('/v1/review/clusters?limit=100000')).toMatchObject({ status: 400, body: { error: { field: 'limit' } } });
    expect(await get('/v1/review/clusters?colour=red')).toMatchObject({ status: 400, body: { error: { field: 'colour' } } });
  });

  it('shows a cluster with masked identifiers and field comparisons', async () => {
    const id = await clusterOf('R001');
    const v = await get(`/v1/review/clusters/${id}`);
    expect(v.status).toBe(200);
    expect(v.body.members.map((m: { merchant_id: string }) => m.merchant_id)).toEqual(['R001', 'R002', 'R003', 'R004']);
    expect(v.body.members[0].is_canonical).toBe(true);
    const uscc = v.body.members[0].record.uscc as string;
    expect(uscc).not.toContain('MA01XYZA');
    expect(uscc).toMatch(/^911\*+1B$/);
    const pair = v.body.pairs.find((p: { a_id: string; b_id: string }) => p.a_id === 'R001' && p.b_id === 'R002');
    const fields = Object.fromEntries(pair.fields.map((f: { field: string; same: boolean }) => [f.field, f.same]));
    expect(fields).toMatchObject({ uscc: true, phone: false, name: false });
    expect((await get('/v1/review/clusters/Cnope')).status).toBe(404);
  });

  it('validates decisions: kind, reviewer, unknown fields, merchant counts', async () => {
    const id = await clusterOf('M001');
    expect((await post({ kind: 'merge', cluster_id: id, decided_by: 'a' })).body.error.field).toBe('kind');
    expect((await post({ kind: 'confirm', cluster_id: id })).body.error.field).toBe('decided_by');
    const unknown = await post({ kind: 'confirm', cluster_id: id, decided_by: 'a', reason: 'x' });
    expect(unknown).toMatchObject({ status: 400, body: { error: { field: 'reason' } } });
    const two = await post({ kind: 'not_duplicate', cluster_id: id, merchant_ids: ['M001'], decided_by: 'a' });
    expect(two).toMatchObject({ status: 400, body: { error: { field: 'merchant_ids' } } });
    expect((await post({ kind: 'split', cluster_id: 'Cnope', merchant_ids: ['M001'], decided_by: 'a' })).status).toBe(404);
  });

  it('refuses a decision on a merchant that is not (or no longer) in the cluster', async () => {
    const id = await clusterOf('M001');
    const gone = await post({ kind: 'split', cluster_id: id, merchant_ids: ['M999'], decided_by: 'a' });
    expect(gone.status).toBe(409);
    expect(gone.body.error.message).toContain('M999');
    const other = await post({ kind: 'split', cluster_id: id, merchant_ids: ['M003'], decided_by: 'a' });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain(await clusterOf('M003'));
  });

  it('serialises concurrent decisions on one cluster: of two made on one version, one wins', async () => {
    const id = await clusterOf('M003');
    const seen = (await get(`/v1/review/clusters/${id}`)).body.version as number;
    const [x, y] = await Promise.all([
      post({ kind: 'canonical', cluster_id: id, merchant_ids: ['M004'], decided_by: 'ann', expected_version: seen }),
      post({ kind: 'confirm', cluster_id: id, decided_by: 'bob', expected_version: seen }),
    ]);
    expect([x.status, y.status].sort()).toEqual([201, 409]);
    const after = (await get(`/v1/review/clusters/${id}`)).body;
    expect(after.version).toBe(seen + 1);
    expect(after.decisions).toHaveLength(1);
    // Without expected_version both are recorded, one after the other.
    const [p, q] = await Promise.all([
      post({ kind: 'canonical', cluster_id: id, merchant_ids: ['M004'], decided_by: 'ann' }),
      post({ kind: 'canonical', cluster_id: id, merchant_ids: ['M003'], decided_by: 'bob' }),
    ]);
    expect([p.body.version, q.body.version].sort()).toEqual([seen + 2, seen + 3]);
  });

  it('records a split with who, when and note; a rebuild honours it and keeps the decision', async () => {
    const id = await clusterOf('R001');
    const r = await post({ kind: 'split', cluster_id: id, merchant_ids: ['R003'], decided_by: 'steward', note: 'different floor, different owner' });
    expect(r.status).toBe(201);
    expect(r.body.decision).toMatchObject({ kind: 'split', merchant_ids: ['R003'], decided_by: 'steward', note: 'different floor, different owner' });
    expect(Date.parse(r.body.decision.decided_at)).toBeGreaterThan(Date.now() - 60_000);
    const pending = (await get(`/v1/review/clusters/${id}`)).body;
    expect(pending.members.find((m: { merchant_id: string }) => m.merchant_id === 'R003').split).toBe(true);
    const report = await fx.scan();
    expect(report.summary.decision_overrides.pairs_dropped).toBe(3);
    const after = (await get(`/v1/review/clusters/${id}`)).body;
    expect(after.members.map((m: { merchant_id: string }) => m.merchant_id)).toEqual(['R001', 'R002', 'R004']);
    expect(after.decisions.map((d: { kind: string }) => d.kind)).toContain('split');
    const run = await rows<{ counts: { decision_overrides: { pairs_dropped: number } } }>(db, `SELECT counts FROM ${quoteIdent(fx.schema)}.runs ORDER BY run_id DESC LIMIT 1`);
    expect(run[0]!.counts.decision_overrides.pairs_dropped).toBe(3);
  });
});

describe('risk alerts', () => {
  it('flag the clusters with a member in an alert of the current generation', async () => {
    const s = quoteIdent(fx.schema);
    const g = (await rows<{ generation: number }>(db, `SELECT generation FROM ${s}.current_generation`))[0]!.generation;
    const alerts = await rows<{ alert_id: string; severity: number }>(db, `SELECT alert_id, severity::float8 AS severity FROM ${s}.risk_alerts ORDER BY severity DESC, alert_id LIMIT 1`);
    // The fixture's ring (one resident id behind three unlike shops) is an alert; put a clustered merchant in it too.
    expect(alerts).toHaveLength(1);
    await rows(db, `INSERT INTO ${s}.${quoteIdent(`risk_members_g${g}`)} (alert_id, merchant_id, in_burst) VALUES ($1, 'M004', false)`, [alerts[0]!.alert_id]);
    const q = await get('/v1/review/clusters?risk=true');
    expect(q.body.risk_available).toBe(true);
    const flagged = await rows<{ cluster_id: string }>(db, `SELECT DISTINCT c.cluster_id FROM ${s}.clusters c JOIN ${s}.risk_members m USING (merchant_id) ORDER BY 1`);
    expect(q.body.rows.map((r: { cluster_id: string }) => r.cluster_id).sort()).toEqual(flagged.map((f) => f.cluster_id));
    const withM004 = await clusterOf('M004');
    expect(q.body.rows.find((r: { cluster_id: string }) => r.cluster_id === withM004).risk).toBeCloseTo(alerts[0]!.severity, 5);
  });
});

describe('raw records', () => {
  it("are read from the generation's records view (merchant_id, record jsonb) when the schema has one", async () => {
    const s = quoteIdent(fx.schema);
    // The shape the generation tables give it: a leading generation column, then the contract record as jsonb.
    await rows(
      db,
      `CREATE OR REPLACE VIEW ${s}.records AS SELECT 1::integer AS generation, m.merchant_id, jsonb_set(to_jsonb(m), '{name}', to_jsonb('V:' || m.name)) AS record FROM ${fx.table} m`,
    );
    const id = await clusterOf('R001');
    const v = await get(`/v1/review/clusters/${id}`);
    expect(v.body.members.map((m: { record: { name: string } }) => m.record.name.slice(0, 2))).toEqual(['V:', 'V:', 'V:']);
    expect(v.body.members[0].record.lat).toBeCloseTo(39.9925, 4);
    expect(v.body.members[0].record.uscc).toMatch(/^911\*+1B$/);
    const q = await get('/v1/review/clusters?sort=size&limit=1');
    expect(q.body.rows[0].canonical_name).toBe('V:陈记烧烤（五道口店）');
  });
});
