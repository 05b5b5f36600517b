/**
 * A database with one published generation to review: the hand-checked corpus plus a four-record
 * cluster (one shop registered four times), scanned into a schema of its own; and a fastify server with
 * the review routes on loopback.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus } from '../../src/generate/index.js';
import type { Database } from '../../src/db/database.js';
import { runDbScan, type DbScanReport } from '../../src/db/run-db-scan.js';
import { parseTableName } from '../../src/db/sql-names.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { reviewRoutes } from '../../src/review/review-routes.js';
import { BLANK_RECORD } from '../fixtures/blank-record.js';
import { handCheckedRecords } from '../fixtures/hand-checked-corpus.js';
import { loadRecords } from '../db/fixtures.js';
import { uniqueName } from '../db/helpers.js';

/** One barbecue shop, four registrations: same licence and phone, the name and address written four ways. */
export const FOUR: readonly MerchantRecord[] = [
  { ...BLANK_RECORD, merchant_id: 'R001', name: '陈记烧烤（五道口店）', uscc: '91110108MA01XYZA1B', phone: '13598765432', city: '北京市', district: '海淀区', address: '成府路28号', lat: 39.9925, lng: 116.3379, created_at: '2017-06-01T00:00:00Z' },
  { ...BLANK_RECORD, merchant_id: 'R002', name: '陈记烧烤(五道口)', uscc: '91110108MA01XYZA1B', phone: '135 9876 5432', city: '北京', district: '海淀', address: '成府路二十八号', lat: 39.9926, lng: 116.338, created_at: '2019-06-01T00:00:00Z' },
  { ...BLANK_RECORD, merchant_id: 'R003', name: '北京陈记烧烤店', uscc: '91110108MA01XYZA1B', phone: '13598765432', city: '北京市', district: '海淀区', address: '成府路28号1层', lat: 39.9924, lng: 116.3378, created_at: '2020-06-01T00:00:00Z' },
  { ...BLANK_RECORD, merchant_id: 'R004', name: '陈记烧烤', uscc: '91110108MA01XYZA1B', phone: '+86 13598765432', city: '北京市', district: '海淀区', address: '海淀区成府路28号', lat: 39.9925, lng: 116.3381, created_at: '2021-06-01T00:00:00Z' },
];

export interface ReviewFixture {
  source: string;
  schema: string;
  table: string;
  scan: () => Promise<DbScanReport>;
}

/** `extra`: more records to load beside the fixture's (a generated corpus, for a fuller queue). */
export async function reviewDatabase(db: Database, extra: readonly MerchantRecord[] = []): Promise<ReviewFixture> {
  const source = uniqueName('review_src');
  const schema = uniqueName('review');
  const table = `${source}.merchants`;
  await loadRecords(db, table, [...handCheckedRecords(), ...FOUR, ...extra]);
  const scan = (): Promise<DbScanReport> => runDbScan(db, { table: parseTableName(table), schema, threads: 1 });
  await scan();
  return { source, schema, table, scan };
}

/** A generated corpus of `n` records (ids `M` + 9 digits, apart from the fixture's). */
export async function generatedRecords(n: number, seed = 3): Promise<MerchantRecord[]> {
  const dir = await mkdtemp(join(tmpdir(), 'review-generated-'));
  await generateCorpus({ n, seed, outDir: dir });
  const text = await readFile(join(dir, 'merchants.ndjson'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as MerchantRecord);
}

export async function reviewServer(db: Database, schema: string): Promise<{ app: FastifyInstance; base: string }> {
  // As the check server configures its validator: nothing stripped, nothing coerced.
  const app = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: false } } });
  await app.register(reviewRoutes, { db, schema });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base };
}
