/**
 * Review decisions applied to the online check's matches, so that an applicant is told what the next
 * rebuild will say rather than what the last one said:
 * - a match the decisions keep apart from the applicant (a merchant re-checked under its own merchant_id
 *   against one marked not duplicate of it, or split away from it) is dropped;
 * - a match that a decision split out of its cluster is reported without that cluster (cluster_id null)
 *   until the rebuild gives it its own;
 * - a match confirmed into a cluster is reported with the cluster the decision named.
 * Pure: the server compiles the decisions once per generation (`decisionView`) and calls `applyDecisions`
 * per request.
 */
import { decisionsToConstraints } from '../cluster/decisions-to-constraints.js';
import type { ReviewDecision } from '../cluster/review-decision.js';

export interface DecisionView {
  /** Pairs kept apart, as `a\0b` with a < b. */
  apart: ReadonlySet<string>;
  /** Members split out, with the cluster they were split from. */
  splitFrom: ReadonlyMap<string, string>;
  /** Members of a confirmed cluster, with the cluster_id the confirmation named. */
  confirmedIn: ReadonlyMap<string, string>;
}

export interface CheckMatch {
  merchant_id: string;
  cluster_id: string | null;
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

export function decisionView(decisions: readonly ReviewDecision[]): DecisionView {
  const c = decisionsToConstraints(decisions);
  const apart = new Set(c.cannotLink.map(([a, b]) => pairKey(a, b)));
  const splitFrom = new Map<string, string>();
  const confirmedIn = new Map<string, string>();
  for (const d of [...decisions].sort((x, y) => x.decision_id - y.decision_id)) {
    if (d.kind === 'split' && d.cluster_id !== null) {
      splitFrom.set(d.merchant_ids[0]!, d.cluster_id);
      confirmedIn.delete(d.merchant_ids[0]!);
    }
    if (d.kind === 'confirm' && d.cluster_id !== null) {
      for (const id of d.merchant_ids) {
        confirmedIn.set(id, d.cluster_id);
        splitFrom.delete(id);
      }
    }
  }
  // A confirmation that a later not-duplicate decision broke no longer holds for the member that left.
  const grouped = new Set(c.mustLink.flat());
  for (const id of [...confirmedIn.keys()]) if (!grouped.has(id)) confirmedIn.delete(id);
  return { apart, splitFrom, confirmedIn };
}

export interface AppliedMatches<M extends CheckMatch> {
  matches: M[];
  /** Matches dropped because a decision keeps them apart from the applicant. */
  dropped: number;
}

/** `applicantId`: the applicant's merchant_id when it has one (null for a new registration). */
export function applyDecisions<M extends CheckMatch>(applicantId: string | null, matches: readonly M[], view: DecisionView): AppliedMatches<M> {
  const out: M[] = [];
  let dropped = 0;
  for (const m of matches) {
    if (applicantId !== null && view.apart.has(pairKey(applicantId, m.merchant_id))) {
      dropped++;
      continue;
    }
    const confirmed = view.confirmedIn.get(m.merchant_id);
    if (confirmed !== undefined) out.push({ ...m, cluster_id: confirmed });
    else if (view.splitFrom.get(m.merchant_id) === m.cluster_id) out.push({ ...m, cluster_id: null });
    else out.push(m);
  }
  return { matches: out, dropped };
}
