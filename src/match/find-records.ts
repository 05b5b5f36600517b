/**
 * The contract records of a few merchant_ids, read from a corpus file in one streaming pass (explain and
 * show print what was registered, not only what normalization made of it).
 */
import type { MerchantRecord } from '../record/merchant-record.js';
import type { ColumnMap } from '../record/validate-record.js';
import { readRecords } from '../read/read-records.js';

export async function findRecords(path: string, ids: Iterable<string>, columnMap?: ColumnMap): Promise<Map<string, MerchantRecord>> {
  const wanted = new Set(ids);
  const found = new Map<string, MerchantRecord>();
  for await (const batch of readRecords(path, { ...(columnMap && { columnMap }) })) {
    for (const r of batch.records) if (wanted.has(r.merchant_id) && !found.has(r.merchant_id)) found.set(r.merchant_id, r);
    if (found.size === wanted.size) break;
  }
  return found;
}
