/**
 * `explain --db`: one pair of the current generation scored as its scan scored it. Both records come from the
 * generation's `records` table and are normalized again by the scan's code; the corpus facts come from its key
 * counts: a key absent from them is carried by at most one merchant, and both records are merchants of the
 * generation, so it counts 1 (test/scan/match-context.test.ts proves this context equals the scan's).
 */
import { recordKeys } from '../candidates/record-keys.js';
import { currentGeneration, fetchKeyCounts, keyText, type Queryable } from '../db/online-index.js';
import { generationTable } from '../db/generation-tables.js';
import { quoteIdent } from '../db/sql-names.js';
import { DedupError } from '../errors.js';
import { normalizeRecord } from '../normalize/normalize-record.js';
import type { MerchantRecord } from '../record/merchant-record.js';
import { appendMerchant, keySourceOf } from '../store/append-merchant.js';
import { FeatureStoreBuilder } from '../store/feature-store-builder.js';
import { contextFromKeyCounts } from '../verify/match-context.js';
import { explainPair } from './explain-pair.js';
import type { FileExplanation } from './explain-from-file.js';

export async function explainFromDb(db: Queryable, schema: string, idA: string, idB: string): Promise<FileExplanation & { generation: number }> {
  const g = await currentGeneration(db, schema);
  if (g === null) throw new DedupError('E_DB', `schema ${schema} has no current generation yet; run \`merchant-dedup rebuild\` first`, { schema });
  const r = await db.query<{ merchant_id: string; record: MerchantRecord }>({
    text: `SELECT merchant_id, record FROM ${quoteIdent(schema)}.${quoteIdent(generationTable('records', g.generation))} WHERE merchant_id = ANY($1::text[])`,
    values: [[idA, idB]],
  });
  const byId = new Map(r.rows.map((row) => [row.merchant_id, row.record]));
  for (const id of [idA, idB]) {
    if (!byId.has(id)) throw new DedupError('E_INPUT', `merchant_id ${id} is not in generation ${g.generation} of ${schema}`, { field: 'merchant_id' });
  }
  const records = [byId.get(idA)!, byId.get(idB)!];
  const builder = new FeatureStoreBuilder(2);
  const keys = records.map((rec, i) => {
    const n = normalizeRecord(rec);
    appendMerchant(builder, rec, n, i);
    return recordKeys(keySourceOf(n), g.params.sketch);
  });
  const texts = new Set<string>();
  for (const k of keys) for (let j = 0; j + 1 < k.length; j += 2) texts.add(keyText(k[j]!, k[j + 1]!));
  const counts = await fetchKeyCounts(db, g, [...texts]);
  const ctx = contextFromKeyCounts(keys, (hi, lo) => counts.generation.get(keyText(hi, lo))?.distinct ?? 1, g.params.generic_min, g.params.weights_table);
  return { ...explainPair(builder.toShared(), ctx, 0, 1), a: records[0]!, b: records[1]!, generation: g.generation };
}
