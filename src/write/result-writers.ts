/**
 * pairs.csv, clusters.csv, rejects.csv and warnings.csv in the contract's formats (docs/contract.md).
 */
import type { Clusters } from '../cluster/build-clusters.js';
import type { RecordWarning, Reject } from '../record/merchant-record.js';
import { TextColumn } from '../store/feature-columns.js';
import { textOf, type FeatureStore } from '../store/feature-store.js';
import { CODES_PER_PAIR, EVIDENCE_CODES, EVIDENCE_NUMBERS, evidenceCodeName, NUMBERS_PER_PAIR, type VerifiedPairs } from '../verify/verified-pairs.js';
import { csvField, csvRow } from './csv-format.js';
import type { BufferedFile } from './output-files.js';
import { SCORE_DIGITS } from '../verify/score-digits.js';

export const PAIRS_HEADER = ['a_id', 'b_id', 'score', ...EVIDENCE_NUMBERS, ...EVIDENCE_CODES] as const;
export const CLUSTERS_HEADER = ['cluster_id', 'merchant_id', 'is_canonical', 'cluster_size'] as const;
export const REJECTS_HEADER = ['line', 'merchant_id', 'field', 'reason'] as const;
export const WARNINGS_HEADER = ['line', 'merchant_id', 'field', 'reason'] as const;

/** Lines are gathered into chunks of about this many UTF-16 units before each (awaited) write. */
const CHUNK = 1 << 16;



/**
 * Writes the pairs in `order` (indices into `pairs`); within a row a_id < b_id as strings, per the
 * contract, with the evidence unchanged (every evidence field is symmetric).
 */
export async function writePairs(file: BufferedFile, store: FeatureStore, pairs: VerifiedPairs, order: Int32Array): Promise<void> {
  let chunk = csvRow(PAIRS_HEADER);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    let idA = textOf(store, pairs.a[i]!, TextColumn.MerchantId);
    let idB = textOf(store, pairs.b[i]!, TextColumn.MerchantId);
    if (idB < idA) [idA, idB] = [idB, idA];
    let line = csvField(idA) + ',' + csvField(idB) + ',' + pairs.score[i]!.toFixed(SCORE_DIGITS);
    for (let x = 0; x < NUMBERS_PER_PAIR; x++) {
      const v = pairs.numbers[i * NUMBERS_PER_PAIR + x]!;
      line += ',' + (v !== v ? '' : x === 2 ? Math.round(v).toString() : v.toFixed(SCORE_DIGITS));
    }
    for (let x = 0; x < CODES_PER_PAIR; x++) line += ',' + evidenceCodeName(EVIDENCE_CODES[x]!, pairs.codes[i * CODES_PER_PAIR + x]!);
    chunk += line + '\n';
    if (chunk.length >= CHUNK) {
      await file.write(chunk);
      chunk = '';
    }
  }
  await file.write(chunk);
}

export async function writeClusters(file: BufferedFile, store: FeatureStore, clusters: Clusters, clusterIds: readonly string[]): Promise<void> {
  let chunk = csvRow(CLUSTERS_HEADER);
  for (let c = 0; c < clusters.members.length; c++) {
    const members = clusters.members[c]!;
    const id = csvField(clusterIds[c]!);
    for (let k = 0; k < members.length; k++) {
      const mid = csvField(textOf(store, members[k]!, TextColumn.MerchantId));
      chunk += `${id},${mid},${k === 0 ? 'true' : 'false'},${members.length}\n`;
    }
    if (chunk.length >= CHUNK) {
      await file.write(chunk);
      chunk = '';
    }
  }
  await file.write(chunk);
}

/** rejects.csv, or warnings.csv with `header` WARNINGS_HEADER: both rows are (line, merchant_id, field, reason). */
export async function writeRejects(file: BufferedFile, rejects: readonly (Reject | RecordWarning)[], header: readonly string[] = REJECTS_HEADER): Promise<void> {
  let chunk = csvRow(header);
  for (const r of rejects) {
    chunk += csvRow([r.line, r.merchant_id, r.field, r.reason]);
    if (chunk.length >= CHUNK) {
      await file.write(chunk);
      chunk = '';
    }
  }
  await file.write(chunk);
}
