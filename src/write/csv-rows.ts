/**
 * The rows of pairs.csv and clusters.csv as text, for a range of them: the one formatting both the
 * coordinator and the workers use (a scan's writers hand ranges to the worker pool; other callers format
 * on their own thread). Pure functions of the store and typed arrays: nothing here knows about threads.
 */
import { TextColumn } from '../store/feature-columns.js';
import { textOf, type FeatureStore } from '../store/feature-store.js';
import { CODES_PER_PAIR, EVIDENCE_CODES, EVIDENCE_NUMBERS, evidenceCodeName, NUMBERS_PER_PAIR, type VerifiedPairs } from '../verify/verified-pairs.js';
import { SCORE_DIGITS } from '../verify/score-digits.js';
import { csvField } from './csv-format.js';

export const PAIRS_HEADER = ['a_id', 'b_id', 'score', ...EVIDENCE_NUMBERS, ...EVIDENCE_CODES] as const;
export const CLUSTERS_HEADER = ['cluster_id', 'merchant_id', 'is_canonical', 'cluster_size'] as const;

/**
 * pairs.csv rows of pairs order[from..to) (indices into `pairs`); within a row a_id < b_id as strings, per
 * the contract, with the evidence unchanged (every evidence field is symmetric).
 */
export function pairRowsText(store: FeatureStore, pairs: VerifiedPairs, order: Int32Array, from: number, to: number): string {
  let text = '';
  for (let k = from; k < to; k++) {
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
    text += line + '\n';
  }
  return text;
}

/**
 * Clusters as flat columns: cluster c has sizes[c] members, stored after those of clusters 0 … c − 1 in
 * `members` with the canonical record first, and the id ids[c].
 */
export interface ClusterColumns {
  members: Uint32Array;
  sizes: Uint32Array;
  ids: readonly string[];
}

/** clusters.csv rows of clusters [from, to) of `c` (cluster indices; members counted from the first one's). */
export function clusterRowsText(store: FeatureStore, c: ClusterColumns, from: number, to: number, firstMember: number): string {
  let text = '';
  let at = firstMember;
  for (let k = from; k < to; k++) {
    const size = c.sizes[k]!;
    const id = csvField(c.ids[k]!);
    for (let m = 0; m < size; m++) {
      const mid = csvField(textOf(store, c.members[at++]!, TextColumn.MerchantId));
      text += `${id},${mid},${m === 0 ? 'true' : 'false'},${size}\n`;
    }
  }
  return text;
}
