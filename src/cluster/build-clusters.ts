/**
 * Clusters from verified pairs: connected components (union-find), then a guard against chaining unlike
 * records through a long path (A~B~C~D where A and D share nothing). In a component of three or more, a
 * member stays only if it matches the canonical record directly or matches at least half of the members
 * kept so far; the others are split off and clustered again among themselves. Canonical record: see
 * compareCanonical.
 */
import { UnionFind } from '../eval/union-find.js';
import type { FeatureStore } from '../store/feature-store.js';
import { compareCanonical } from './compare-records.js';

export interface Clusters {
  /** Members of each cluster (2+), canonical first, the rest in input order; clusters ordered by the
   * input position of their canonical record. */
  members: Int32Array[];
  /** Records split off a chained component by the guard. */
  splitOff: number;
}

/** Share of the kept members a non-neighbour of the canonical must match to stay. */
const KEEP_SHARE = 0.5;

export function buildClusters(store: FeatureStore, a: Uint32Array, b: Uint32Array): Clusters {
  const n = store.count;
  const m = a.length;
  // Adjacency in CSR form over the verified pairs.
  const degree = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) {
    degree[a[i]! + 1]!++;
    degree[b[i]! + 1]!++;
  }
  for (let i = 0; i < n; i++) degree[i + 1]! += degree[i]!;
  const start = degree;
  const fill = start.slice(0, n);
  const adj = new Int32Array(2 * m);
  for (let i = 0; i < m; i++) {
    adj[fill[a[i]!]!++] = b[i]!;
    adj[fill[b[i]!]!++] = a[i]!;
  }

  const uf = new UnionFind(n);
  for (let i = 0; i < m; i++) uf.union(a[i]!, b[i]!);
  // Every record with a verified pair, by component; records are visited in order, so groups are sorted.
  const groups = new Map<number, number[]>();
  for (let x = 0; x < n; x++) {
    if (start[x + 1] === start[x]) continue;
    const r = uf.find(x);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(x);
  }

  const out: Int32Array[] = [];
  let splitOff = 0;
  const inGroup = new Uint8Array(n);
  const kept = new Uint8Array(n);
  const work: number[][] = [];
  for (const g of groups.values()) work.push(g);
  while (work.length > 0) {
    const g = work.pop()!;
    if (g.length < 2) continue;
    let canonical = g[0]!;
    for (const x of g) if (compareCanonical(store, x, canonical) < 0) canonical = x;
    if (g.length === 2) {
      out.push(ordered(g, canonical));
      continue;
    }
    for (const x of g) inGroup[x] = 1;
    kept[canonical] = 1;
    let keptCount = 1;
    for (let k = start[canonical]!; k < start[canonical + 1]!; k++) {
      const y = adj[k]!;
      if (inGroup[y] === 1 && kept[y] === 0) {
        kept[y] = 1;
        keptCount++;
      }
    }
    for (const x of g) {
      if (kept[x] === 1) continue;
      let links = 0;
      for (let k = start[x]!; k < start[x + 1]!; k++) if (kept[adj[k]!] === 1) links++;
      if (links >= KEEP_SHARE * keptCount) {
        kept[x] = 1;
        keptCount++;
      }
    }
    const keep: number[] = [];
    const rest: number[] = [];
    for (const x of g) (kept[x] === 1 ? keep : rest).push(x);
    for (const x of g) {
      inGroup[x] = 0;
      kept[x] = 0;
    }
    if (keep.length >= 2) out.push(ordered(keep, canonical));
    if (rest.length > 0) {
      splitOff += rest.length;
      for (const sub of componentsWithin(rest, start, adj, inGroup)) work.push(sub);
    }
  }
  out.sort((x, y) => x[0]! - y[0]!);
  return { members: out, splitOff };
}

function ordered(g: number[], canonical: number): Int32Array {
  const rest = g.filter((x) => x !== canonical).sort((x, y) => x - y);
  return Int32Array.from([canonical, ...rest]);
}

/** Connected components of `nodes` using only edges between them. */
function componentsWithin(nodes: number[], start: Int32Array, adj: Int32Array, mark: Uint8Array): number[][] {
  for (const x of nodes) mark[x] = 1;
  const seen = new Set<number>();
  const comps: number[][] = [];
  for (const x of nodes) {
    if (seen.has(x)) continue;
    const comp: number[] = [];
    const stack = [x];
    seen.add(x);
    while (stack.length > 0) {
      const v = stack.pop()!;
      comp.push(v);
      for (let k = start[v]!; k < start[v + 1]!; k++) {
        const y = adj[k]!;
        if (mark[y] === 1 && !seen.has(y)) {
          seen.add(y);
          stack.push(y);
        }
      }
    }
    comps.push(comp.sort((p, q) => p - q));
  }
  for (const x of nodes) mark[x] = 0;
  return comps;
}
