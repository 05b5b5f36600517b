/**
 * A shop registered many times over, at onboarding: its copies in the generation make neither its name
 * common nor its identifiers generic (frequencies count distinct records: store/content-hash.ts), so one
 * more copy is a duplicate, and the check scores each candidate exactly as a batch scan of the generation
 * plus the applicant does. An applicant that differs in one field is one more distinct record, in both.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupKeyCounts, openDedupIndex } from '../../src/db/dedup-index.js';
import { currentGeneration, keyText, type PinnedGeneration } from '../../src/db/online-index.js';
import { checkApplicants, type CheckOutcome } from '../../src/match/check-records.js';
import { explainFromDb } from '../../src/match/explain-from-db.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { scanCorpus } from '../../src/scan/scan-corpus.js';
import { TextColumn } from '../../src/store/feature-columns.js';
import { textOf } from '../../src/store/feature-store.js';
import { GENERIC_VALUE_MIN_RECORDS } from '../../src/verify/match-context.js';
import { BLANK_RECORD } from '../fixtures/blank-record.js';
import { handCheckedRecords } from '../fixtures/hand-checked-corpus.js';
import { NO_ADDRESS_SHOP } from '../fixtures/no-address-shop.js';
import { scannedGeneration, type ScannedGeneration } from '../db/scanned-generation.js';

const SHOP = NO_ADDRESS_SHOP;
/** More copies than an identifier may be shared by before it counts as a placeholder. */
const COPIES = GENERIC_VALUE_MIN_RECORDS + 5;
/** A hardware shop on a phone it shares with a neighbour. */
const HARDWARE: MerchantRecord = {
  ...BLANK_RECORD,
  name: '李记五金店',
  phone: '13904312222',
  bank_account: '6222021001112223334',
  province: '吉林省',
  city: '长春市',
  address: '长春市朝阳区西安大路100号',
};
/** Copies of it: with the neighbour, exactly as many records on the phone as the generic limit allows. */
const HARDWARE_COPIES = GENERIC_VALUE_MIN_RECORDS - 1;
const corpus: MerchantRecord[] = [
  ...Array.from({ length: COPIES }, (_, i) => ({ ...SHOP, merchant_id: `COPY${String(i).padStart(2, '0')}` })),
  // One more distinct record of the name in the city: two in the generation, so that a third (an applicant
  // counted as one more where it is not) changes the name's frequency discount.
  { ...SHOP, merchant_id: 'OTHER1', phone: '13904319999' },
  ...Array.from({ length: HARDWARE_COPIES }, (_, i) => ({ ...HARDWARE, merchant_id: `HARD${String(i).padStart(2, '0')}` })),
  { ...HARDWARE, merchant_id: 'NEIGHBOUR', name: '兴旺烟酒店', address: '长春市朝阳区西安大路102号', bank_account: null },
  ...handCheckedRecords(),
];

let scanned: ScannedGeneration;
let client: pg.Client;
let schema: string;
let g: PinnedGeneration;

beforeAll(async () => {
  scanned = await scannedGeneration('copies', corpus, { threads: 2 });
  ({ client, schema, g } = scanned);
}, 120_000);

afterAll(async () => scanned?.close());

/** The batch's score of (applicant, each partner) when the applicant is scanned with the corpus (once, when it is in it). */
async function batchScores(applicant: MerchantRecord): Promise<Map<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'check-copies-'));
  const file = join(dir, 'with-applicant.ndjson');
  const records = corpus.some((r) => r.merchant_id === applicant.merchant_id) ? corpus : [...corpus, applicant];
  await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const scan = await scanCorpus({ kind: 'file', path: file, format: 'ndjson' }, { threads: 2 });
  const out = new Map<string, number>();
  for (let i = 0; i < scan.pairs.count; i++) {
    const a = textOf(scan.store, scan.pairs.a[i]!, TextColumn.MerchantId);
    const b = textOf(scan.store, scan.pairs.b[i]!, TextColumn.MerchantId);
    if (a === applicant.merchant_id) out.set(b, scan.pairs.score[i]!);
    if (b === applicant.merchant_id) out.set(a, scan.pairs.score[i]!);
  }
  return out;
}

/**
 * The online check of `applicant` (under its merchant_id) and the batch's scores of its pairs, after
 * asserting that the check gives every one of those pairs the batch's Float32 score.
 */
async function checkedLikeBatch(applicant: MerchantRecord): Promise<{ o: CheckOutcome; batch: Map<string, number> }> {
  const [o] = await checkApplicants(client, g, [{ record: applicant, hasId: true }]);
  const batch = await batchScores(applicant);
  for (const [id, s] of batch) expect(Math.fround(o!.scores.get(id)!), id).toBe(s);
  return { o: o!, batch };
}

describe('the online check of a shop registered many times over', () => {
  it('finds one more copy a duplicate of every copy, scored as the batch scores it', async () => {
    const applicant = { ...SHOP, merchant_id: 'APPLY1', created_at: '2026-01-05T09:00:00+08:00' };
    const { o, batch } = await checkedLikeBatch(applicant);
    expect(o.result.decision).toBe('duplicate');
    expect(o.result.matches.map((m) => m.merchant_id).sort()).toEqual(corpus.slice(0, COPIES + 1).map((r) => r.merchant_id));
    expect(batch.size).toBe(COPIES + 1);
  });

  it('counts an applicant that differs in one field as one more distinct record, as the batch does', async () => {
    const { batch } = await checkedLikeBatch({ ...SHOP, merchant_id: 'APPLY2', phone: '13904310000' });
    expect(batch.size).toBe(COPIES + 1);
  });

  it('scores like the batch where an applicant would take a phone to the generic limit in records but not in distinct records', async () => {
    // 20 records on the phone, 2 distinct: stored as records alone, the applicant's one more made it generic.
    const { batch } = await checkedLikeBatch({ ...HARDWARE, merchant_id: 'APPLY4', bank_account: '6222021001119999999' });
    expect(batch.size).toBeGreaterThanOrEqual(HARDWARE_COPIES);
  });

  it('counts a merchant checked again under its own merchant_id once, as the batch scan of the generation does', async () => {
    // OTHER1: content of its own, so only the merchant_id says the applicant is already counted.
    const again = corpus[COPIES]!;
    expect(again.merchant_id).toBe('OTHER1');
    const { batch } = await checkedLikeBatch(again);
    expect(batch.size).toBe(COPIES);
  });

  it('stores the key counts a file scan of the same merchants counts: records and distinct records', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'check-copies-'));
    const file = join(dir, 'corpus.ndjson');
    await writeFile(file, corpus.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const scan = await scanCorpus({ kind: 'file', path: file, format: 'ndjson' }, { threads: 2, keepKeyCounts: true });
    const expected: string[] = [];
    for (const part of scan.keyCounts) for (let i = 0; i + 3 < part.length; i += 4) expected.push(`${keyText(part[i]!, part[i + 1]!)} ${part[i + 2]} ${part[i + 3]}`);
    const stored = await client.query<{ row: string }>(`SELECT key::text || ' ' || records || ' ' || distinct_records AS row FROM ${schema}.key_counts`);
    expect(stored.rows.map((r) => r.row).sort()).toEqual(expected.sort());
    // The shop's licence: its copies and OTHER1, two distinct.
    expect(expected.filter((r) => r.endsWith(` ${COPIES + 1} 2`)).length).toBeGreaterThan(0);
  });

  it('explains a pair of copies from the generation with the score the scan gave it', async () => {
    const e = await explainFromDb(client, schema, 'COPY00', 'COPY01');
    const scored = await client.query<{ score: string }>(`SELECT score FROM ${schema}.pairs WHERE a_id = 'COPY00' AND b_id = 'COPY01'`);
    expect(scored.rows).toHaveLength(1);
    expect(e.score.toFixed(4)).toBe(Number(scored.rows[0]!.score).toFixed(4));
  });

  it('scores against a generation written before distinct records as its scan did: in records', async () => {
    // The index's own lookup reads the frequency the check scores with: the licence's copies count once.
    const licence = await client.query<{ key: string }>(`SELECT key::text AS key FROM ${schema}.key_counts WHERE records = $1 AND distinct_records = 2`, [COPIES + 1]);
    expect(licence.rows.length).toBeGreaterThan(0);
    const v = BigInt.asUintN(64, BigInt(licence.rows[0]!.key));
    const words = [[Number(v >> 32n), Number(v & 0xffffffffn)] as const];
    const frequency = async (): Promise<number | undefined> => (await lookupKeyCounts(client, await openDedupIndex(client, schema, g.params.sketch), words)).get(licence.rows[0]!.key);
    expect(await frequency()).toBe(2);
    // Last: this turns the generation into one an older version wrote (no distinct_records column, no
    // frequency in its parameters).
    await client.query(`ALTER TABLE ${schema}.key_counts_g${g.generation} DROP COLUMN distinct_records CASCADE`);
    await client.query(`UPDATE ${schema}.generations SET match_params = match_params - 'frequency' WHERE generation = $1`, [g.generation]);
    const old = (await currentGeneration(client, schema))!;
    expect(old.params.frequency).toBeUndefined();
    expect(await frequency()).toBe(COPIES + 1);
    const [o] = await checkApplicants(client, old, [{ record: { ...SHOP, merchant_id: 'APPLY3' }, hasId: true }]);
    // Counted in records, the copies made the shop's identifiers generic and its name common.
    expect(o!.result.decision).not.toBe('duplicate');
    expect(o!.result.matches.filter((m) => m.merchant_id.startsWith('COPY'))).toEqual([]);
  });
});
