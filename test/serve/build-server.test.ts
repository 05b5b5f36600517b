/**
 * The online check over real HTTP against a real PostgreSQL: two service instances (replicas) over one
 * schema built by the tool's own rebuild, every route and every error of the contract, registrations seen
 * by the other replica, and a rebuild followed without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { runDbScan } from '../../src/db/run-db-scan.js';
import { parseTableName } from '../../src/db/sql-names.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { buildService, type Service } from '../../src/serve/build-server.js';
import { loadRecords } from '../db/fixtures.js';
import { dropSchemas, openTestDatabase, rows, spawnCli, uniqueName, waitFor } from '../db/helpers.js';
import { generateCorpus } from '../../src/generate/index.js';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let db: Database;
const src = uniqueName('serve_src');
const schema = uniqueName('serve');
let records: MerchantRecord[];
let a: Service;
let b: Service;
let urlA: string;
let urlB: string;

const rebuild = (): ReturnType<typeof runDbScan> => runDbScan(db, { table: parseTableName(`${src}.merchants`), schema, threads: 1 });

async function start(): Promise<{ service: Service; url: string }> {
  const service = await buildService({ url: db.url, schema });
  const url = await service.app.listen({ host: '127.0.0.1', port: 0 });
  return { service, url };
}

async function post(url: string, path: string, body: unknown): Promise<{ status: number; json: any; headers: Headers }> {
  const r = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: r.status, json: await r.json(), headers: r.headers };
}

/** A record as an applicant would send it: no merchant_id. */
function applicantOf(r: MerchantRecord): Partial<MerchantRecord> {
  const { merchant_id: _id, ...rest } = r;
  return rest;
}

beforeAll(async () => {
  db = await openTestDatabase();
  await db.withClient((c) => c.query(`CREATE SCHEMA ${src}`));
  const dir = await mkdtemp(join(tmpdir(), 'serve-'));
  await generateCorpus({ n: 600, seed: 3, outDir: dir });
  records = (await readFile(join(dir, 'merchants.ndjson'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as MerchantRecord);
  await loadRecords(db, `${src}.merchants`, records);
  await rebuild();
  ({ service: a, url: urlA } = await start());
  ({ service: b, url: urlB } = await start());
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await dropSchemas(db, [schema, src]);
  await db.close();
});

describe('POST /v1/check', () => {
  it('finds a copy of a registered merchant as a duplicate, with evidence and its cluster', async () => {
    const clustered = await rows<{ merchant_id: string; cluster_id: string }>(db, `SELECT merchant_id, cluster_id FROM ${schema}.clusters ORDER BY merchant_id LIMIT 1`);
    const original = records.find((r) => r.merchant_id === clustered[0]!.merchant_id)!;
    const r = await post(urlA, '/v1/check', { record: applicantOf(original) });
    expect(r.status).toBe(200);
    expect(r.json.results).toHaveLength(1);
    const res = r.json.results[0];
    expect(res.decision).toBe('duplicate');
    const m = res.matches.find((x: { merchant_id: string }) => x.merchant_id === original.merchant_id);
    expect(m.score).toBeGreaterThanOrEqual(0.5);
    expect(m.cluster_id).toBe(clustered[0]!.cluster_id);
    expect(m.evidence.name_sim).toBe(1);
    for (let i = 1; i < res.matches.length; i++) expect(res.matches[i - 1].score).toBeGreaterThanOrEqual(res.matches[i].score);
  });

  it('answers a batch in request order, and an unlike record as new', async () => {
    const unlike = { name: '绝无仅有测试商户甲乙丙', city: '拉萨市' };
    const r = await post(urlA, '/v1/check', { records: [applicantOf(records[5]!), unlike, applicantOf(records[9]!)] });
    expect(r.status).toBe(200);
    expect(r.json.results.map((x: { decision: string }) => x.decision)[1]).toBe('new');
    expect(r.json.results[0].matches.map((m: { merchant_id: string }) => m.merchant_id)).toContain(records[5]!.merchant_id);
    expect(r.json.results[2].matches.map((m: { merchant_id: string }) => m.merchant_id)).toContain(records[9]!.merchant_id);
  });

  it('refuses a record that breaks the contract, naming the field', async () => {
    const r = await post(urlA, '/v1/check', { records: [applicantOf(records[0]!), { ...applicantOf(records[1]!), name: 42 }] });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'E_RECORD', field: 'records[1].name' });
    const missing = await post(urlA, '/v1/check', { record: { city: '杭州市' } });
    expect(missing.json.error).toMatchObject({ code: 'E_RECORD', field: 'record.name' });
  });

  it('refuses an unknown field outside the record, and ignores one inside it', async () => {
    const r = await post(urlA, '/v1/check', { record: applicantOf(records[0]!), mode: 'fast' });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'E_REQUEST', field: 'mode' });
    const inside = await post(urlA, '/v1/check', { record: { ...applicantOf(records[0]!), shoe_size: 43 } });
    expect(inside.status).toBe(200);
  });

  it('refuses more than 1,000 records with 400, and a body over the limit with 413', async () => {
    const many = await post(urlA, '/v1/check', { records: Array.from({ length: 1001 }, () => ({ name: '甲' })) });
    expect(many.status).toBe(400);
    expect(many.json.error).toMatchObject({ code: 'E_TOO_MANY', field: 'records' });
    const huge = await post(urlA, '/v1/check', { record: { name: '甲', address: 'x'.repeat(3 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe('E_TOO_LARGE');
  });
});

describe('registrations, duplicates, health and metrics', () => {
  it('registers a merchant that the other replica sees at once; a second registration is 409', async () => {
    const newcomer: MerchantRecord = { ...records[20]!, merchant_id: 'ONLINE-0001', name: '新开张独一家奶茶铺', phone: '13912345678', uscc: null, id_number: null, bank_account: null, terminal_sns: [] };
    const before = await post(urlB, '/v1/check', { record: applicantOf(newcomer) });
    expect(before.json.results[0].matches.map((m: { merchant_id: string }) => m.merchant_id)).not.toContain('ONLINE-0001');
    const created = await post(urlA, '/v1/merchants', { record: newcomer });
    expect(created.status).toBe(201);
    const after = await post(urlB, '/v1/check', { record: applicantOf(newcomer) });
    expect(after.json.results[0].decision).toBe('duplicate');
    expect(after.json.results[0].matches[0]).toMatchObject({ merchant_id: 'ONLINE-0001', cluster_id: null });
    expect((await post(urlB, '/v1/merchants', { record: newcomer })).status).toBe(409);
    expect((await post(urlA, '/v1/merchants', { record: records[0] })).status).toBe(409);
  });

  it('leaves nothing behind when a registration is refused', async () => {
    const bad = await post(urlA, '/v1/merchants', { record: { merchant_id: 'ONLINE-BAD', name: '' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('record.name');
    const noId = await post(urlA, '/v1/merchants', { record: { name: '无编号' } });
    expect(noId.json.error.field).toBe('record.merchant_id');
    expect(await rows(db, `SELECT 1 FROM ${schema}.registrations WHERE merchant_id = 'ONLINE-BAD'`)).toHaveLength(0);
    expect(await rows(db, `SELECT 1 FROM ${schema}.registration_keys WHERE merchant_id = 'ONLINE-BAD'`)).toHaveLength(0);
  });

  it('GET /v1/merchants/:id/duplicates gives the cluster and pairs, 404 for an unknown merchant', async () => {
    const [c] = await rows<{ merchant_id: string; cluster_id: string }>(db, `SELECT merchant_id, cluster_id FROM ${schema}.clusters ORDER BY merchant_id LIMIT 1`);
    const r = await fetch(`${urlB}/v1/merchants/${encodeURIComponent(c!.merchant_id)}/duplicates`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { cluster_id: string; members: { merchant_id: string }[]; pairs: unknown[] };
    expect(body.cluster_id).toBe(c!.cluster_id);
    expect(body.members.map((m) => m.merchant_id)).toContain(c!.merchant_id);
    expect(body.pairs.length).toBeGreaterThan(0);
    const missing = await fetch(`${urlB}/v1/merchants/NO-SUCH-MERCHANT/duplicates`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('E_NOT_FOUND');
  });

  it('reports health and Prometheus metrics per route', async () => {
    const h = await fetch(`${urlA}/healthz`);
    expect(h.status).toBe(200);
    const m = await (await fetch(`${urlA}/metrics`)).text();
    expect(m).toMatch(/merchant_dedup_http_requests_total\{route="\/v1\/check",method="POST",status="200"\} \d+/);
    expect(m).toMatch(/merchant_dedup_http_request_duration_seconds_bucket\{le="0.005",route="\/v1\/check",method="POST"\} \d+/);
  });
});

describe('generations', () => {
  it('follows a rebuild without a restart, and the rebuild includes the merchants registered online', async () => {
    const before = (await (await fetch(`${urlA}/healthz`)).json()) as { generation: number };
    const report = await rebuild();
    expect(report.generation).toBeGreaterThan(before.generation);
    await waitFor('the replicas to follow', async () => {
      const [x, y] = await Promise.all([urlA, urlB].map(async (u) => ((await (await fetch(`${u}/healthz`)).json()) as { generation: number }).generation));
      return x === report.generation && y === report.generation ? true : undefined;
    }, 10_000, 100);
    expect(await rows(db, `SELECT merchant_id FROM ${schema}.records WHERE merchant_id = 'ONLINE-0001'`)).toHaveLength(1);
    const r = await fetch(`${urlA}/v1/merchants/ONLINE-0001/duplicates`);
    expect(r.status).toBe(200);
    // Now in the generation itself, a registration of the same id is still refused.
    expect((await post(urlB, '/v1/merchants', { record: { ...records[0]!, merchant_id: 'ONLINE-0001' } })).status).toBe(409);
  });
});

describe('the command line', () => {
  it('check prints one JSON result a line, serve prints its URL and answers', async () => {
    const line = JSON.stringify(applicantOf(records[5]!));
    const check = spawnCli(['check', '--schema', schema, '--record', line]);
    const out = await check.done;
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout.trim()) as { decision: string; matches: { merchant_id: string }[] };
    expect(result.matches.map((m) => m.merchant_id)).toContain(records[5]!.merchant_id);

    const serve = spawnCli(['serve', '--schema', schema, '--port', '0']);
    let printed = '';
    serve.child.stdout!.on('data', (d: Buffer) => (printed += d.toString()));
    try {
      const url = await waitFor('serve to print its URL', async () => /http:\/\/127\.0\.0\.1:\d+/.exec(printed)?.[0], 30_000, 50);
      expect(printed.trim().split('\n')).toHaveLength(1);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      serve.child.kill('SIGTERM');
    }
    const done = await serve.done;
    // The connection string's password is never printed.
    expect(printed + done.stderr).not.toContain(':merchant-dedup@');
  });
});


describe('the review console on the service', () => {
  it("serves /review, and a not-duplicate decision takes that pair out of the check's matches on every replica", async () => {
    const page = await fetch(urlB + '/review');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const [pair] = await rows<{ a_id: string; b_id: string; cluster_id: string }>(
      db,
      `SELECT p.a_id, p.b_id, c.cluster_id FROM ${schema}.pairs p JOIN ${schema}.clusters c ON c.merchant_id = p.a_id WHERE c.cluster_size = 2 ORDER BY p.a_id LIMIT 1`,
    );
    const b = records.find((r) => r.merchant_id === pair!.b_id)!;
    const matched = async (url: string): Promise<string[]> => (await post(url, '/v1/check', { record: b })).json.results[0].matches.map((m: { merchant_id: string }) => m.merchant_id);
    expect(await matched(urlA)).toContain(pair!.a_id);
    const d = await post(urlB, '/v1/review/decisions', { kind: 'not_duplicate', cluster_id: pair!.cluster_id, merchant_ids: [pair!.a_id, pair!.b_id], decided_by: 'steward-1' });
    expect(d.status).toBe(201);
    // Each replica re-reads the decisions at most once a second.
    await expect.poll(() => matched(urlA), { timeout: 10_000 }).not.toContain(pair!.a_id);
  });
});

describe('overload', () => {
  it('a request its client abandons frees its slot: the service does not stay overloaded afterwards', async () => {
    const service = await buildService({ url: db.url, schema, maxInFlight: 1 });
    const url = await service.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const batch = JSON.stringify({ records: records.slice(0, 300).map(applicantOf) });
      for (let i = 0; i < 3; i++) {
        const abort = new AbortController();
        const sent = fetch(url + '/v1/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: batch, signal: abort.signal }).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 15));
        abort.abort();
        await sent;
      }
      // The abandoned checks' queries still run to their end; on a loaded machine that takes a while, and
      // the service may shed load meanwhile. What must not happen is a service that never accepts again.
      await expect.poll(async () => (await post(url, '/v1/check', { record: applicantOf(records[0]!) })).status, { timeout: 40_000, interval: 250 }).toBe(200);
    } finally {
      await service.close();
    }
  }, 60_000);
});
