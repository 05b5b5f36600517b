/**
 * Parity of the online check with the batch scan: for a sample of records r of a generated corpus (every
 * hard-negative kind included), checking r against an index that a rebuild made from the other records
 * returns as `duplicate` exactly the merchants the batch scan of the whole corpus pairs r with, with the same
 * scores.
 *
 * One rebuild serves the whole sample: it is made from the corpus without the sampled records, and the sample
 * is drawn so that no two sampled records share a key with each other's neighbourhood (a record's keys and
 * the keys of every record it shares one with). Removing the other sampled records then changes nothing r's
 * check reads (its candidates, their key counts), so that index is, for r, the index of all other records.
 * Sampled records have no key in a bucket over the cap, where the batch compares by sorted neighbourhood and
 * the check does not compare at all (docs/online-check.md; the service benchmark counts that difference).
 *
 * Both score with a weights table other than the defaults (as `scan --weights` from `train` gives): the
 * check must score with the table its generation persists, not with the code's defaults.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordKeys } from '../../src/candidates/record-keys.js';
import { keyText, type PinnedGeneration } from '../../src/db/online-index.js';
import { generateCorpus } from '../../src/generate/index.js';
import { checkApplicants } from '../../src/match/check-records.js';
import { normalizeRecord } from '../../src/normalize/normalize-record.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { isRejection, validateRecord } from '../../src/record/validate-record.js';
import { scanCorpus, type ScanResult } from '../../src/scan/scan-corpus.js';
import { keySourceOf } from '../../src/store/append-merchant.js';
import { TextColumn } from '../../src/store/feature-columns.js';
import { textOf } from '../../src/store/feature-store.js';
import { DEFAULT_WEIGHTS, type MatchWeights } from '../../src/verify/match-weights.js';
import { scannedGeneration, type ScannedGeneration } from '../db/scanned-generation.js';

const CORPUS = 3000;
/** A fitted-looking table: different enough from the defaults that scoring with those would show. */
const WEIGHTS: MatchWeights = { ...structuredClone(DEFAULT_WEIGHTS as MatchWeights), prior: -3.6, phone: { match: 2.4, conflict: -0.6 }, same_street: 0.7 };
/** Records checked: the rest of the corpus (most of it) is the index. */
const SAMPLE_SIZE = 400;

let scanned: ScannedGeneration;
let client: pg.Client;
let scan: ScanResult;
let accepted: Map<string, MerchantRecord>;
let sample: MerchantRecord[];
let g: PinnedGeneration;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parity-'));
  await generateCorpus({ n: CORPUS, seed: 21, outDir: dir });
  const file = join(dir, 'merchants.ndjson');
  scan = await scanCorpus({ kind: 'file', path: file, format: 'ndjson' }, { threads: 2, weights: WEIGHTS });
  accepted = new Map();
  for (const line of (await readFile(file, 'utf8')).trim().split('\n')) {
    const v = validateRecord(JSON.parse(line));
    if (!isRejection(v) && !accepted.has(v.merchant_id)) accepted.set(v.merchant_id, v);
  }
  sample = drawIndependentSample([...accepted.values()]);

  const sampled = new Set(sample.map((r) => r.merchant_id));
  scanned = await scannedGeneration('parity', [...accepted.values()].filter((r) => !sampled.has(r.merchant_id)), { threads: 2, weights: WEIGHTS });
  ({ client, g } = scanned);
}, 180_000);

afterAll(async () => scanned?.close());

/**
 * Greedy, in a shuffled but fixed order, up to SAMPLE_SIZE: keep r when its neighbourhood shares no key with
 * a kept record's.
 */
function drawIndependentSample(records: MerchantRecord[]): MerchantRecord[] {
  const sketch = scan.params.sketch;
  const keysOf = new Map<string, string[]>();
  const carriers = new Map<string, string[]>();
  for (const r of records) {
    const w = recordKeys(keySourceOf(normalizeRecord(r)), sketch);
    const ks = new Set<string>();
    for (let j = 0; j + 1 < w.length; j += 2) ks.add(keyText(w[j]!, w[j + 1]!));
    keysOf.set(r.merchant_id, [...ks]);
    for (const k of ks) (carriers.get(k) ?? carriers.set(k, []).get(k)!).push(r.merchant_id);
  }
  const used = new Set<string>();
  const out: MerchantRecord[] = [];
  const order = [...records].sort((x, y) => (x.merchant_id < y.merchant_id ? -1 : 1));
  let seed = 0x2545f491;
  for (let i = order.length - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (const r of order) {
    if (out.length === SAMPLE_SIZE) break;
    const own = keysOf.get(r.merchant_id)!;
    if (own.some((k) => carriers.get(k)!.length > scan.params.bucket_cap)) continue;
    const hood = new Set(own);
    for (const k of own) for (const m of carriers.get(k)!) for (const k2 of keysOf.get(m)!) hood.add(k2);
    if ([...hood].some((k) => used.has(k))) continue;
    for (const k of hood) used.add(k);
    out.push(r);
  }
  return out;
}

/** merchant_id → (partner → Float32 score) of the batch scan. */
function batchPartners(): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const add = (x: string, y: string, s: number): void => void (out.get(x) ?? out.set(x, new Map()).get(x)!).set(y, s);
  for (let i = 0; i < scan.pairs.count; i++) {
    const a = textOf(scan.store, scan.pairs.a[i]!, TextColumn.MerchantId);
    const b = textOf(scan.store, scan.pairs.b[i]!, TextColumn.MerchantId);
    add(a, b, scan.pairs.score[i]!);
    add(b, a, scan.pairs.score[i]!);
  }
  return out;
}

describe('parity of the online check with the batch scan', () => {
  it('returns as duplicate exactly the batch partners of each sampled record, with the same scores', async () => {
    expect(sample.length).toBe(SAMPLE_SIZE);
    const partners = batchPartners();
    let withPartners = 0;
    let agree = 0;
    const disagreements: string[] = [];
    for (let from = 0; from < sample.length; from += 100) {
      const batch = sample.slice(from, from + 100);
      const outcomes = await checkApplicants(client, g, batch.map((record) => ({ record, hasId: true })));
      batch.forEach((r, i) => {
        const o = outcomes[i]!;
        const online = new Map(o.result.matches.filter((m) => o.scores.get(m.merchant_id)! >= g.params.threshold).map((m) => [m.merchant_id, Math.fround(o.scores.get(m.merchant_id)!)]));
        const batchOf = partners.get(r.merchant_id) ?? new Map<string, number>();
        if (batchOf.size > 0) withPartners++;
        const same = online.size === batchOf.size && [...batchOf].every(([id, s]) => online.get(id) === s);
        if (same) agree++;
        else disagreements.push(`${r.merchant_id}: batch ${JSON.stringify([...batchOf])} online ${JSON.stringify([...online])}`);
        expect(o.result.decision === 'duplicate').toBe(batchOf.size > 0);
      });
    }
    expect(disagreements).toEqual([]);
    expect(agree).toBe(sample.length);
    // The sample must exercise duplicates, not only new merchants.
    expect(withPartners).toBeGreaterThan(sample.length / 10);
  });
});
