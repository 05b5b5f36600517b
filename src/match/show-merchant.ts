/**
 * `show`: a merchant's cluster and the pairs that made it, with names and addresses, from a scan's output
 * files and the corpus it read.
 */
import { join } from 'node:path';
import { DedupError } from '../errors.js';
import { readCsvTable } from '../eval/read-csv-table.js';
import type { MerchantRecord } from '../record/merchant-record.js';
import { findRecords } from './find-records.js';

export interface ShownMember {
  merchant_id: string;
  is_canonical: boolean;
  name: string | null;
  address: string | null;
  city: string | null;
  created_at: string | null;
}

export interface ShownMerchant {
  merchant_id: string;
  /** null when the merchant is in no cluster of two or more. */
  cluster_id: string | null;
  members: ShownMember[];
  /** The pairs among the members (or of the merchant, when it is in no cluster), as pairs.csv has them. */
  pairs: Record<string, string>[];
}

export async function showFromFiles(input: string, outDir: string, id: string): Promise<ShownMerchant> {
  const clusters = await readCsvTable(join(outDir, 'clusters.csv'), ['cluster_id', 'merchant_id', 'is_canonical']);
  const cIds = clusters.columns.get('cluster_id') ?? [];
  const mIds = clusters.columns.get('merchant_id') ?? [];
  const canon = clusters.columns.get('is_canonical') ?? [];
  const row = mIds.indexOf(id);
  const clusterId = row >= 0 ? cIds[row]! : null;
  const members = new Map<string, boolean>();
  if (clusterId === null) members.set(id, false);
  else for (let i = 0; i < cIds.length; i++) if (cIds[i] === clusterId) members.set(mIds[i]!, canon[i] === 'true');

  const pairsPath = join(outDir, 'pairs.csv');
  const header = (await readCsvTable(pairsPath, [])).header;
  const table = await readCsvTable(pairsPath, header);
  const pairs: Record<string, string>[] = [];
  const as = table.columns.get('a_id') ?? [];
  const bs = table.columns.get('b_id') ?? [];
  for (let i = 0; i < table.rows; i++) {
    if (!members.has(as[i]!) || !members.has(bs[i]!)) continue;
    pairs.push(Object.fromEntries(header.map((h) => [h, table.columns.get(h)![i]!])));
  }
  const records = await findRecords(input, members.keys());
  if (!records.has(id)) throw new DedupError('E_INPUT', `merchant_id ${id} is not in ${input}`, { file: input, field: 'merchant_id' });
  const member = (m: string, isCanonical: boolean): ShownMember => {
    const r: MerchantRecord | undefined = records.get(m);
    return { merchant_id: m, is_canonical: isCanonical, name: r?.name ?? null, address: r?.address ?? null, city: r?.city ?? null, created_at: r?.created_at ?? null };
  };
  return { merchant_id: id, cluster_id: clusterId, members: [...members].map(([m, c]) => member(m, c)), pairs };
}

export function formatShown(s: ShownMerchant): string {
  const lines = [s.cluster_id === null ? `${s.merchant_id}: in no duplicate cluster` : `${s.merchant_id}: cluster ${s.cluster_id}, ${s.members.length} members`];
  for (const m of s.members) {
    lines.push(`  ${m.is_canonical ? '*' : ' '} ${m.merchant_id}  ${m.name ?? ''}  ${[m.city, m.address].filter(Boolean).join(' ')}  ${m.created_at ?? ''}`);
  }
  if (s.pairs.length > 0) lines.push('  pairs:');
  for (const p of s.pairs) lines.push(`    ${p.a_id} ~ ${p.b_id}  score ${p.score}  name ${p.name_sim}  distance ${p.distance_m || '-'} m  phone ${p.phone}  branch ${p.branch}`);
  lines.push('  (* canonical record)');
  return lines.join('\n');
}
