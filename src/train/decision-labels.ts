/**
 * Review decisions as labelled pairs for `train --decisions`: what a steward said about pairs of merchants.
 *
 * - confirm: every two members confirmed as one business are a match;
 * - not_duplicate: the two merchants of the pair are a non-match;
 * - split: the member taken out is a non-match of every other member of the cluster as the steward saw it;
 * - canonical: says which record to keep, nothing about sameness.
 *
 * A later decision about a pair replaces an earlier one (a steward may correct a colleague). Pairs nobody
 * decided are unknown, not non-matches: training on decisions uses the decided pairs only.
 */
import type { ReviewDecision } from '../cluster/review-decision.js';

export interface LabelledPair {
  a: string;
  b: string;
  match: boolean;
}

export function decisionLabels(decisions: readonly ReviewDecision[]): LabelledPair[] {
  const byPair = new Map<string, LabelledPair>();
  const set = (x: string, y: string, match: boolean): void => {
    if (x === y) return;
    const [a, b] = x < y ? [x, y] : [y, x];
    const key = `${a}\t${b}`;
    // Delete first: the pair moves to the end, so the map's order is the order of the last decisions.
    byPair.delete(key);
    byPair.set(key, { a, b, match });
  };
  for (const d of [...decisions].sort((p, q) => p.decision_id - q.decision_id)) {
    if (d.kind === 'confirm') {
      const members = d.merchant_ids.length >= 2 ? d.merchant_ids : d.cluster_members;
      for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) set(members[i]!, members[j]!, true);
    } else if (d.kind === 'not_duplicate' && d.merchant_ids.length === 2) {
      set(d.merchant_ids[0]!, d.merchant_ids[1]!, false);
    } else if (d.kind === 'split') {
      const out = new Set(d.merchant_ids);
      for (const m of d.merchant_ids) for (const other of d.cluster_members) if (!out.has(other)) set(m, other, false);
    }
  }
  return [...byPair.values()];
}
