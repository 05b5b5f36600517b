/**
 * Review decisions → cluster constraints, replayed in the order they were made so that a later decision
 * wins over an earlier one it contradicts:
 * - confirm M: M must stay together; earlier cannot-links inside M are lifted;
 * - split x out of cluster C: x is kept apart from every other member of C and leaves any confirmed group;
 * - not_duplicate a, b: a and b are kept apart; if a confirmed group held both, b leaves it;
 * - canonical x of cluster C: x is preferred as canonical; earlier choices for members of C are dropped.
 */
import type { ClusterConstraints } from './cluster-constraints.js';
import type { ReviewDecision } from './review-decision.js';

export function decisionsToConstraints(decisions: readonly ReviewDecision[]): ClusterConstraints {
  const ordered = [...decisions].sort((x, y) => x.decision_id - y.decision_id);
  const groups: Set<string>[] = [];
  const cannot = new Map<string, [string, string]>();
  const canonical = new Set<string>();
  const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const leave = (id: string): void => {
    for (const g of groups) g.delete(id);
  };
  const keepApart = (a: string, b: string): void => {
    if (a !== b) cannot.set(pairKey(a, b), a < b ? [a, b] : [b, a]);
  };
  for (const d of ordered) {
    switch (d.kind) {
      case 'confirm': {
        const members = new Set(d.merchant_ids);
        for (const a of members) for (const b of members) if (a < b) cannot.delete(pairKey(a, b));
        for (const id of members) leave(id);
        groups.push(members);
        break;
      }
      case 'split': {
        const x = d.merchant_ids[0]!;
        leave(x);
        for (const y of d.cluster_members) keepApart(x, y);
        break;
      }
      case 'not_duplicate': {
        const [a, b] = d.merchant_ids as [string, string];
        keepApart(a, b);
        if (groups.some((g) => g.has(a) && g.has(b))) leave(b);
        break;
      }
      case 'canonical': {
        for (const y of d.cluster_members) canonical.delete(y);
        canonical.add(d.merchant_ids[0]!);
        break;
      }
    }
  }
  return {
    mustLink: groups.filter((g) => g.size >= 2).map((g) => [...g].sort()),
    cannotLink: [...cannot.values()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0)),
    canonical: [...canonical].sort(),
  };
}
