/**
 * Clusters from verified pairs: connected components (union-find), then a guard against chaining unlike
 * records through a long path (A~B~C~D where A and D share nothing). In a component of three or more, a
 * member stays only if it matches the canonical record directly or matches at least half of the members
 * kept so far; the others are split off and clustered again among themselves. Canonical record: see
 * compareCanonical.
 *
 * "Matches the canonical directly" is a verified pair, or, in a component too large for blocking to have
 * compared its members pairwise (`SparseMatches`), the two verified on the spot: blocking compares a record
 * with its near neighbours only once a bucket holds more than the cap, so a business registered 300 times
 * over (a batch import run again and again) has no verified pair between most of its copies and the
 * canonical, and the graph alone cut it into clusters of about the window's size. Smaller components keep
 * the graph's answer: there a missing pair is a comparison blocking could make and did not need.
 *
 * Review decisions arrive as explicit constraints (cluster-constraints.ts): a cannot-link pair's verified
 * edge is dropped and, since a path of other pairs may still join the two, each cluster is then checked
 * member by member (canonical first) and a member cannot-linked to one already kept is set aside and
 * clustered again with the others set aside; must-link groups are joined by extra edges and always kept
 * with their canonical by the chaining guard; a preferred canonical wins over compareCanonical.
 */
import { UnionFind } from '../eval/union-find.js';
import type { FeatureStore } from '../store/feature-store.js';
import type { IndexConstraints } from './cluster-constraints.js';
import { compareCanonical } from './compare-records.js';
import { GrowableU32 } from '../store/growable-array.js';

export interface Clusters {
  /** Members of each cluster (2+), canonical first, the rest in input order; clusters ordered by the
   * input position of their canonical record. */
  members: Int32Array[];
  /** Records split off a chained component by the guard. */
  splitOff: number;
  /** What the review decisions changed (all zero without constraints). */
  overrides: ClusterOverrides;
}

export interface ClusterOverrides {
  /** Verified pairs dropped because a decision says the two are not duplicates. */
  pairs_dropped: number;
  /** Must-link edges added between confirmed members that had no verified pair. */
  links_added: number;
  /** Members set aside from a cluster because a decision keeps them apart from a kept member. */
  members_kept_apart: number;
  /** Clusters whose canonical record is the one a decision chose rather than the default. */
  canonical_chosen: number;
  /** Distinct merchant_ids named by decisions but absent from this corpus. */
  unknown_ids: number;
}

const NO_INDEX_CONSTRAINTS: IndexConstraints = { mustLink: [], cannotLink: new Int32Array(0), canonical: new Int32Array(0), unknownIds: 0 };

/** Share of the kept members a non-neighbour of the canonical must match to stay. */
const KEEP_SHARE = 0.5;

/** Clusters as two columns: every cluster's members, cluster after cluster (canonical first), and the sizes. */
export interface ClusterColumns {
  members: Uint32Array;
  sizes: Uint32Array;
  splitOff: number;
  overrides: ClusterOverrides;
}

/**
 * How the guard treats a component of at least `minComponent` records, too large for blocking to have
 * compared its members pairwise (cluster-task.ts):
 * - `matches(x, y)`: the scan's own verification of two records, asked only for a member that has no
 *   verified pair with the canonical and too few with the members kept, and at most MAX_ASKS times a record
 *   over all rounds (a long chain of unlike records is split round after round: asking every member every
 *   round grew with the square of the chain);
 * - `fullLinks`: the most verified pairs blocking can give a member there (its window on each side): a
 *   member verified with more than half as many kept members, so with kept members on both sides of it,
 *   stays though it does not match the canonical itself (a variant among hundreds of copies).
 */
export interface SparseMatches {
  matches: (x: number, y: number) => boolean;
  minComponent: number;
  fullLinks: number;
}

/** On-demand verifications a record may be the subject of, over all rounds of the guard. */
const MAX_ASKS = 2;

/** buildClusterColumns with one array a cluster (small inputs, tests): the same arguments. */
export function buildClusters(...args: Parameters<typeof buildClusterColumns>): Clusters {
  const c = buildClusterColumns(...args);
  const members: Int32Array[] = [];
  let at = 0;
  for (const size of c.sizes) {
    members.push(Int32Array.from(c.members.subarray(at, at + size)));
    at += size;
  }
  return { members, splitOff: c.splitOff, overrides: c.overrides };
}

/**
 * The clusters of the verified pairs (a[i] < b[i]) in columns, ordered as Clusters: no array per cluster
 * (150k of them at 1M records), and the order by canonical record comes from one pass over the records,
 * not from a sort.
 */
export function buildClusterColumns(
  store: FeatureStore,
  verifiedA: Uint32Array,
  verifiedB: Uint32Array,
  constraints: IndexConstraints = NO_INDEX_CONSTRAINTS,
  sparse: SparseMatches | null = null,
): ClusterColumns {
  const n = store.count;
  const rules = applyConstraints(n, verifiedA, verifiedB, constraints);
  const { a, b } = rules;
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
  const components = componentsOf(uf, start, n);

  const out = new ClusterSink(n);
  let splitOff = 0;
  const overrides: ClusterOverrides = { pairs_dropped: rules.pairsDropped, links_added: rules.linksAdded, members_kept_apart: 0, canonical_chosen: 0, unknown_ids: constraints.unknownIds };
  const inGroup = new Uint8Array(n);
  const kept = new Uint8Array(n);
  const work: number[][] = [];
  const asked = sparse !== null ? new Uint8Array(n) : null;
  /** Verified pairs of record x with members kept so far. */
  const keptLinks = (x: number): number => {
    let links = 0;
    for (let k = start[x]!; k < start[x + 1]!; k++) if (kept[adj[k]!] === 1) links++;
    return links;
  };
  const { offsets, members } = components;
  for (let c = 0; c + 1 < offsets.length; c++) {
    const from = offsets[c]!;
    const size = offsets[c + 1]! - from;
    // Most components are one pair: decided here, without a member list.
    if (size === 2 && !rules.apart(members[from]!, members[from + 1]!)) {
      const x = members[from]!;
      const y = members[from + 1]!;
      const byDefault = defaultCanonical(store, members, from, from + 2);
      const canonical = chosenCanonical(store, rules.preferred, members, from, from + 2, byDefault);
      if (canonical !== byDefault) overrides.canonical_chosen++;
      out.add2(canonical, canonical === x ? y : x);
      continue;
    }
    work.push(Array.from(members.subarray(from, from + size)));
  }
  while (work.length > 0) {
    const g = work.pop()!;
    if (g.length < 2) continue;
    const byDefault = defaultCanonical(store, g, 0, g.length);
    const canonical = chosenCanonical(store, rules.preferred, g, 0, g.length, byDefault);
    if (g.length === 2 && !rules.apart(g[0]!, g[1]!)) {
      if (canonical !== byDefault) overrides.canonical_chosen++;
      out.add(g, canonical);
      continue;
    }
    for (const x of g) inGroup[x] = 1;
    const checkMore = sparse !== null && g.length >= sparse.minComponent;
    kept[canonical] = 1;
    let keptCount = 1;
    // Members confirmed together with the canonical stay whatever the guard would say.
    const mate = rules.group[canonical]!;
    if (mate >= 0) {
      for (const x of g) {
        if (rules.group[x] === mate && kept[x] === 0) {
          kept[x] = 1;
          keptCount++;
        }
      }
    }
    for (let k = start[canonical]!; k < start[canonical + 1]!; k++) {
      const y = adj[k]!;
      if (inGroup[y] === 1 && kept[y] === 0) {
        kept[y] = 1;
        keptCount++;
      }
    }
    for (const x of g) {
      if (kept[x] === 1) continue;
      let stays = keptLinks(x) >= KEEP_SHARE * keptCount;
      if (!stays && checkMore && asked![x]! < MAX_ASKS) {
        asked![x]!++;
        stays = sparse!.matches(canonical, x);
      }
      if (stays) {
        kept[x] = 1;
        keptCount++;
      }
    }
    if (checkMore) {
      // A member verified with kept members on both sides of it in blocking's order (more pairs than one
      // side's window gives) stays too, counted against the members kept by the pass above: one that
      // matches its neighbours among hundreds of copies but not the canonical would otherwise be left in no
      // cluster, while the end of a chain, verified on one side only, is still cut.
      const both: number[] = [];
      for (const x of g) if (kept[x] === 0 && 2 * keptLinks(x) > sparse!.fullLinks) both.push(x);
      for (const x of both) kept[x] = 1;
    }
    let keep: number[] = [];
    let rest: number[] = [];
    for (const x of g) (kept[x] === 1 ? keep : rest).push(x);
    for (const x of g) {
      inGroup[x] = 0;
      kept[x] = 0;
    }
    const guarded = rest.length;
    if (rules.anyApart) {
      const apart = keepApart(keep, canonical, rules);
      keep = apart.keep;
      rest = rest.concat(apart.rest);
      overrides.members_kept_apart += apart.rest.length;
    }
    if (keep.length >= 2) {
      if (canonical !== byDefault && keep.includes(byDefault)) overrides.canonical_chosen++;
      out.add(keep, canonical);
    }
    if (rest.length > 0) {
      splitOff += guarded;
      for (const sub of componentsWithin(rest, start, adj, inGroup)) work.push(sub);
    }
  }
  return { ...out.columns(), splitOff, overrides };
}

/**
 * The components of the records that have a verified pair, as flat lists: component c's members are
 * members[offsets[c], offsets[c + 1]), in record order, and components come in the order of their first
 * record. Typed arrays, not a map of arrays: at 1M records that map was most of the cluster phase.
 */
function componentsOf(uf: UnionFind, start: Int32Array, n: number): { offsets: Int32Array; members: Int32Array } {
  const indexOfRoot = new Int32Array(n).fill(-1);
  const componentOf = new Int32Array(n);
  const sizes = new Int32Array(n + 1);
  let count = 0;
  let total = 0;
  for (let x = 0; x < n; x++) {
    if (start[x + 1] === start[x]) continue;
    const r = uf.find(x);
    let c = indexOfRoot[r]!;
    if (c < 0) c = indexOfRoot[r] = count++;
    componentOf[x] = c;
    sizes[c]!++;
    total++;
  }
  const offsets = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) offsets[c + 1] = offsets[c]! + sizes[c]!;
  const fill = offsets.slice(0, count);
  const members = new Int32Array(total);
  for (let x = 0; x < n; x++) {
    if (start[x + 1] === start[x]) continue;
    members[fill[componentOf[x]!]!++] = x;
  }
  return { offsets, members };
}

/** The canonical record of list[from, to) by compareCanonical alone. */
function defaultCanonical(store: FeatureStore, list: ArrayLike<number>, from: number, to: number): number {
  let best = list[from]!;
  for (let k = from + 1; k < to; k++) if (compareCanonical(store, list[k]!, best) < 0) best = list[k]!;
  return best;
}

/** The canonical of list[from, to) once decisions are heard: a preferred record wins over `byDefault`. */
function chosenCanonical(store: FeatureStore, preferred: Uint8Array, list: ArrayLike<number>, from: number, to: number, byDefault: number): number {
  let canonical = byDefault;
  for (let k = from; k < to; k++) {
    const x = list[k]!;
    if (preferred[x] === 1 && (preferred[canonical] === 0 || compareCanonical(store, x, canonical) < 0)) canonical = x;
  }
  return canonical;
}

interface Rules {
  /** The edges to cluster on: verified pairs less cannot-links, plus must-links. */
  a: Uint32Array;
  b: Uint32Array;
  /** Must-link group of each record (-1: none). */
  group: Int32Array;
  preferred: Uint8Array;
  anyApart: boolean;
  apart: (x: number, y: number) => boolean;
  pairsDropped: number;
  linksAdded: number;
}

function applyConstraints(n: number, a: Uint32Array, b: Uint32Array, c: IndexConstraints): Rules {
  const group = new Int32Array(n).fill(-1);
  const preferred = new Uint8Array(n);
  for (const x of c.canonical) preferred[x] = 1;
  // Pair keys x * n + y (x < y) stay below 2^53 for any store that fits in memory.
  const key = (x: number, y: number): number => (x < y ? x * n + y : y * n + x);
  const cannot = new Set<number>();
  for (let i = 0; i + 1 < c.cannotLink.length; i += 2) cannot.add(key(c.cannotLink[i]!, c.cannotLink[i + 1]!));
  const apart = (x: number, y: number): boolean => cannot.size > 0 && cannot.has(key(x, y));
  if (c.mustLink.length === 0 && cannot.size === 0) return { a, b, group, preferred, anyApart: false, apart, pairsDropped: 0, linksAdded: 0 };

  // Overlapping confirmed groups form one group.
  const uf = new UnionFind(n);
  for (const g of c.mustLink) for (let k = 1; k < g.length; k++) uf.union(g[0]!, g[k]!);
  for (const g of c.mustLink) for (const x of g) group[x] = uf.find(x);
  const verified = new Set<number>();
  const keepA: number[] = [];
  const keepB: number[] = [];
  let pairsDropped = 0;
  for (let i = 0; i < a.length; i++) {
    const k = key(a[i]!, b[i]!);
    if (cannot.has(k)) {
      pairsDropped++;
      continue;
    }
    if (c.mustLink.length > 0) verified.add(k);
    keepA.push(a[i]!);
    keepB.push(b[i]!);
  }
  let linksAdded = 0;
  for (const g of c.mustLink) {
    for (let k = 1; k < g.length; k++) {
      const x = g[0]!;
      const y = g[k]!;
      if (x === y || verified.has(key(x, y)) || cannot.has(key(x, y))) continue;
      verified.add(key(x, y));
      keepA.push(x);
      keepB.push(y);
      linksAdded++;
    }
  }
  return { a: Uint32Array.from(keepA), b: Uint32Array.from(keepB), group, preferred, anyApart: cannot.size > 0, apart, pairsDropped, linksAdded };
}

/**
 * Members of a cluster that no cannot-link separates: the canonical, then its confirmed mates, then the
 * rest in input order, each kept unless a decision keeps it apart from one kept before it.
 */
function keepApart(members: number[], canonical: number, rules: Rules): { keep: number[]; rest: number[] } {
  const mate = rules.group[canonical]!;
  const order = [canonical, ...members.filter((x) => x !== canonical && mate >= 0 && rules.group[x] === mate), ...members.filter((x) => x !== canonical && (mate < 0 || rules.group[x] !== mate))];
  const keep: number[] = [];
  const rest: number[] = [];
  for (const x of order) (keep.some((y) => rules.apart(x, y)) ? rest : keep).push(x);
  return { keep: keep.sort((x, y) => x - y), rest: rest.sort((x, y) => x - y) };
}

/** Clusters as they are decided, in any order; `columns()` puts them in the order of their canonical. */
class ClusterSink {
  private readonly flat = new GrowableU32();
  private readonly starts = new GrowableU32();
  /** 1 + the index of the cluster whose canonical record is g, else 0. */
  private readonly clusterOf: Int32Array;

  constructor(records: number) {
    this.clusterOf = new Int32Array(records);
  }

  add2(canonical: number, other: number): void {
    this.clusterOf[canonical] = this.starts.length + 1;
    this.starts.push(this.flat.length);
    this.flat.push2(canonical, other);
  }

  /** The members of `g` (unordered), canonical first, the rest in input order. */
  add(g: number[], canonical: number): void {
    this.clusterOf[canonical] = this.starts.length + 1;
    this.starts.push(this.flat.length);
    this.flat.push(canonical);
    const rest = g.filter((x) => x !== canonical).sort((x, y) => x - y);
    for (const x of rest) this.flat.push(x);
  }

  columns(): { members: Uint32Array; sizes: Uint32Array } {
    const count = this.starts.length;
    const starts = this.starts.data;
    const flat = this.flat.data;
    const total = this.flat.length;
    const members = new Uint32Array(total);
    const sizes = new Uint32Array(count);
    let at = 0;
    let k = 0;
    for (let g = 0; g < this.clusterOf.length && k < count; g++) {
      const c = this.clusterOf[g]! - 1;
      if (c < 0) continue;
      const from = starts[c]!;
      const to = c + 1 < count ? starts[c + 1]! : total;
      for (let i = from; i < to; i++) members[at++] = flat[i]!;
      sizes[k++] = to - from;
    }
    return { members, sizes };
  }
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
