/**
 * The cluster phase as a worker task: clusters and their ids built off the coordinator's thread, so that
 * the coordinator stays free to write pairs.csv meanwhile (scan/run-scan.ts). The clusters cross back flat:
 * one members column and the cluster sizes, instead of one typed array a cluster (150k of them at 1M
 * records, each cloned on its own).
 */
import type { FeatureStore } from '../store/feature-store.js';
import type { MatchContext } from '../verify/match-context.js';
import { emptyEvidence, verifyPair } from '../verify/verify-pair.js';
import { buildClusterColumns, type ClusterOverrides, type Clusters, type SparseMatches } from './build-clusters.js';
import type { IndexConstraints } from './cluster-constraints.js';
import { clusterIdAt } from './cluster-id.js';

export interface ClustersTask {
  store: FeatureStore;
  /** Verified pairs (a < b), as buildClusters takes them. */
  a: Uint32Array;
  b: Uint32Array;
  constraints: IndexConstraints;
  /**
   * The scan's verification and blocking window, for the chaining guard to compare a member of a large
   * component with its canonical record when blocking could not have (build-clusters.ts); without it the
   * guard reads the verified pairs only.
   */
  verify?: { context: MatchContext; threshold: number; window: number };
}

export interface FlatClusters {
  /** Every cluster's members, cluster after cluster (canonical first: see Clusters). */
  members: Uint32Array;
  sizes: Uint32Array;
  /** cluster_id of each cluster. */
  ids: string[];
  splitOff: number;
  overrides: ClusterOverrides;
}

export function clustersTask(task: ClustersTask): FlatClusters {
  const c = buildClusterColumns(task.store, task.a, task.b, task.constraints, task.verify ? sparseMatches(task.store, task.verify) : null);
  const ids: string[] = new Array(c.sizes.length);
  let at = 0;
  for (let k = 0; k < c.sizes.length; k++) {
    ids[k] = clusterIdAt(task.store, c.members[at]!);
    at += c.sizes[k]!;
  }
  return { members: c.members, sizes: c.sizes, ids, splitOff: c.splitOff, overrides: c.overrides };
}

/**
 * Verification for the components blocking cannot have compared pairwise: a capped bucket pairs a record
 * with the `window` records on each side of it in its order, so in a component of more than 2 × window + 1
 * records some two members sharing every key may never have been compared. Scored exactly as a candidate
 * pair (a < b) is.
 */
function sparseMatches(store: FeatureStore, v: { context: MatchContext; threshold: number; window: number }): SparseMatches {
  const ev = emptyEvidence();
  return {
    minComponent: 2 * v.window + 2,
    fullLinks: 2 * v.window,
    matches: (x, y) => {
      verifyPair(store, v.context, Math.min(x, y), Math.max(x, y), ev, v.threshold);
      return ev.score >= v.threshold;
    },
  };
}

/** Clusters' members as one column, cluster after cluster, and each cluster's size. */
export function flatMembers(clusters: readonly Int32Array[]): { members: Uint32Array; sizes: Uint32Array } {
  const sizes = new Uint32Array(clusters.length);
  let total = 0;
  for (let k = 0; k < clusters.length; k++) total += sizes[k] = clusters[k]!.length;
  const members = new Uint32Array(total);
  let at = 0;
  for (const m of clusters) {
    members.set(m, at);
    at += m.length;
  }
  return { members, sizes };
}

/**
 * Clusters from their flat form: each cluster a view of the one members column. A view posted to another
 * thread on its own would carry the whole column with it: post the flat form (or a copy) instead.
 */
export function unflatten(flat: FlatClusters): Clusters {
  return { members: membersOf(flat.members, flat.sizes), splitOff: flat.splitOff, overrides: flat.overrides };
}

/** Each cluster's members as a view of the one members column (see unflatten). */
export function membersOf(column: Uint32Array, sizes: Uint32Array): Int32Array[] {
  const all = new Int32Array(column.buffer, column.byteOffset, column.length);
  const members: Int32Array[] = new Array(sizes.length);
  let at = 0;
  for (let k = 0; k < sizes.length; k++) {
    const end = at + sizes[k]!;
    members[k] = all.subarray(at, end);
    at = end;
  }
  return members;
}
