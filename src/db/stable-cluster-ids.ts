/**
 * Cluster ids that survive rebuilds. A scan names a cluster after its canonical record
 * (cluster/cluster-id.ts), so a cluster whose canonical changes (an earlier registration joined it)
 * would change id although it is the same business. Across generations we therefore match by members:
 *
 * 1. Each new cluster's candidate is the previous cluster holding most of its members (ties: the
 *    smallest previous id).
 * 2. A previous id goes to one new cluster only: the candidate with the most members in it (ties: the
 *    smallest canonical merchant_id). It keeps that id.
 * 3. Every other new cluster gets the scan's id; when that id is taken (or was used by any previous
 *    cluster, so an id never comes back meaning another business), the id of `canonical#k` for the
 *    first free k.
 *
 * A merchant whose cluster did not change therefore keeps its cluster_id. The result depends only on
 * the two memberships, not on any order, so reruns agree.
 */
import { clusterIdOf } from '../cluster/cluster-id.js';

export interface NewCluster {
  /** merchant_ids, canonical first. */
  members: readonly string[];
  /** The scan's id (from the canonical record). */
  scanId: string;
}

/** How the clusters changed since the previous generation. */
export interface ClusterChanges {
  /** New clusters none of whose members was in a previous cluster. */
  created: number;
  /** New clusters holding members of two or more previous clusters. */
  merged: number;
  /** Previous clusters whose members are now in two or more new clusters. */
  split: number;
  /** New clusters with exactly the members of one previous cluster (they keep its id). */
  unchanged: number;
  /** New clusters drawn from one previous cluster with members gained or lost; they keep its id when
   * they hold the most of its members (the other parts of a split get new ids). */
  changed: number;
  /** Previous clusters none of whose members is in a new cluster. */
  dissolved: number;
}

export interface StableIds {
  ids: string[];
  changes: ClusterChanges;
}

/** Salts tried after the scan's id is taken; far more than two clusters can ever compete for. */
const MAX_SALT = 1_000_000;

/** `previous`: merchant_id → cluster_id of every merchant in a cluster of the previous generation. */
export function stableClusterIds(clusters: readonly NewCluster[], previous: ReadonlyMap<string, string>): StableIds {
  const previousSize = new Map<string, number>();
  for (const id of previous.values()) previousSize.set(id, (previousSize.get(id) ?? 0) + 1);

  const candidate: (string | null)[] = [];
  const overlapOf: number[] = [];
  const touched: number[] = [];
  /** Previous id → new clusters it has members in (for splits). */
  const spread = new Map<string, number>();
  for (const c of clusters) {
    const overlap = new Map<string, number>();
    for (const m of c.members) {
      const p = previous.get(m);
      if (p !== undefined) overlap.set(p, (overlap.get(p) ?? 0) + 1);
    }
    let best: string | null = null;
    let bestCount = 0;
    for (const [p, n] of overlap) {
      if (n > bestCount || (n === bestCount && best !== null && p < best)) {
        best = p;
        bestCount = n;
      }
      spread.set(p, (spread.get(p) ?? 0) + 1);
    }
    candidate.push(best);
    overlapOf.push(bestCount);
    touched.push(overlap.size);
  }

  const winner = new Map<string, number>();
  for (let i = 0; i < clusters.length; i++) {
    const p = candidate[i];
    if (p === null || p === undefined) continue;
    const w = winner.get(p);
    if (w === undefined || overlapOf[i]! > overlapOf[w]! || (overlapOf[i] === overlapOf[w] && clusters[i]!.members[0]! < clusters[w]!.members[0]!)) winner.set(p, i);
  }

  const ids = new Array<string>(clusters.length);
  const taken = new Set<string>(previousSize.keys());
  for (const [p, i] of winner) ids[i] = p;
  const changes: ClusterChanges = { created: 0, merged: 0, split: 0, unchanged: 0, changed: 0, dissolved: 0 };
  for (let i = 0; i < clusters.length; i++) {
    const c = clusters[i]!;
    if (touched[i] === 0) changes.created++;
    else if (touched[i]! >= 2) changes.merged++;
    else if (ids[i] !== undefined && overlapOf[i] === c.members.length && previousSize.get(ids[i]!) === c.members.length) changes.unchanged++;
    else changes.changed++;
    if (ids[i] !== undefined) continue;
    let id = c.scanId;
    for (let k = 1; taken.has(id); k++) {
      if (k > MAX_SALT) throw new Error(`no free cluster id for ${c.members[0]}`);
      id = clusterIdOf(`${c.members[0]}#${k}`);
    }
    ids[i] = id;
    taken.add(id);
  }
  for (const [p] of previousSize) {
    const n = spread.get(p) ?? 0;
    if (n === 0) changes.dissolved++;
    else if (n >= 2) changes.split++;
  }
  return { ids, changes };
}
