/**
 * What people decided about clusters, as constraints on the next clustering (constrained clustering in the
 * sense of Wagstaff et al. 2001, "Constrained K-means Clustering with Background Knowledge"):
 * - must-link: records a steward confirmed as one business stay in one cluster even without a verified pair;
 * - cannot-link: records a steward kept apart never share a cluster, whatever path of pairs joins them;
 * - preferred canonical: the record a steward chose to keep is its cluster's canonical record.
 *
 * The constraints name merchants by merchant_id, so they outlive the generation they were made on; ids
 * that a later corpus no longer holds are counted and ignored. They are data handed to buildClusters, never
 * read from a table by the clustering itself: a file scan without a database simply has none.
 */
import { TextColumn } from '../store/feature-columns.js';
import { textOf, type FeatureStore } from '../store/feature-store.js';

export interface ClusterConstraints {
  /** Groups of merchant_ids to keep together (each group one confirmed cluster). */
  mustLink: readonly (readonly string[])[];
  /** Pairs of merchant_ids never to put in one cluster. */
  cannotLink: readonly (readonly [string, string])[];
  /** merchant_ids chosen as the canonical record of their cluster. */
  canonical: readonly string[];
}

export const NO_CONSTRAINTS: ClusterConstraints = { mustLink: [], cannotLink: [], canonical: [] };

/** The constraints on record indices of one store. */
export interface IndexConstraints {
  mustLink: Int32Array[];
  /** Flattened pairs: [a0, b0, a1, b1, …]. */
  cannotLink: Int32Array;
  canonical: Int32Array;
  /** Distinct merchant_ids named by a constraint that the store does not hold. */
  unknownIds: number;
}

export function isEmptyConstraints(c: ClusterConstraints): boolean {
  return c.mustLink.length === 0 && c.cannotLink.length === 0 && c.canonical.length === 0;
}

/** Maps constraint ids to record indices with one pass over the store's merchant_ids. */
export function resolveConstraints(store: FeatureStore, c: ClusterConstraints): IndexConstraints {
  const wanted = new Map<string, number>();
  for (const g of c.mustLink) for (const id of g) wanted.set(id, -1);
  for (const [a, b] of c.cannotLink) (wanted.set(a, -1), wanted.set(b, -1));
  for (const id of c.canonical) wanted.set(id, -1);
  if (wanted.size > 0) {
    for (let g = 0; g < store.count; g++) {
      const id = textOf(store, g, TextColumn.MerchantId);
      if (wanted.get(id) === -1) wanted.set(id, g);
    }
  }
  let unknownIds = 0;
  for (const v of wanted.values()) if (v < 0) unknownIds++;
  const at = (id: string): number => wanted.get(id) ?? -1;
  const mustLink: Int32Array[] = [];
  for (const g of c.mustLink) {
    const known = g.map(at).filter((x) => x >= 0);
    if (known.length >= 2) mustLink.push(Int32Array.from(known));
  }
  const cannot: number[] = [];
  for (const [a, b] of c.cannotLink) {
    const x = at(a);
    const y = at(b);
    if (x >= 0 && y >= 0 && x !== y) cannot.push(x, y);
  }
  return { mustLink, cannotLink: Int32Array.from(cannot), canonical: Int32Array.from(c.canonical.map(at).filter((x) => x >= 0)), unknownIds };
}
