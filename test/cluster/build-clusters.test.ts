import { describe, expect, it } from 'vitest';
import { buildClusters } from '../../src/cluster/build-clusters.js';
import { clusterIdAt, clusterIdOf } from '../../src/cluster/cluster-id.js';
import { clustersTask, unflatten } from '../../src/cluster/cluster-task.js';
import { NO_CONSTRAINTS, resolveConstraints } from '../../src/cluster/cluster-constraints.js';
import { NumColumn, TEXT_COLUMNS, TextColumn } from '../../src/store/feature-columns.js';
import { FeatureStoreBuilder } from '../../src/store/feature-store-builder.js';
import { textOf, type FeatureStore } from '../../src/store/feature-store.js';

function storeOf(rows: { id: string; created?: number; completeness?: number }[]): FeatureStore {
  const b = new FeatureStoreBuilder();
  for (const r of rows) {
    b.begin();
    for (let c = 0; c < TEXT_COLUMNS; c++) b.setText(c as TextColumn, c === TextColumn.MerchantId ? r.id : '');
    if (r.created !== undefined) b.setNum(NumColumn.CreatedAt, r.created);
    b.setNum(NumColumn.Completeness, r.completeness ?? 5);
    b.end();
  }
  return b.toShared();
}

function ids(store: FeatureStore, members: Int32Array): string[] {
  return Array.from(members, (g) => textOf(store, g, TextColumn.MerchantId));
}

describe('buildClusters', () => {
  it('picks the earliest created, then the most complete, then the smallest id as canonical', () => {
    const store = storeOf([
      { id: 'M3', created: 200 },
      { id: 'M2', created: 100, completeness: 4 },
      { id: 'M1', created: 100, completeness: 4 },
      { id: 'M9' },
      { id: 'M8', completeness: 9 },
      { id: 'M7', completeness: 9 },
    ]);
    const c = buildClusters(store, Uint32Array.from([0, 1, 3, 4]), Uint32Array.from([1, 2, 4, 5]));
    // Canonical first, then input order; clusters in input order of their canonical record.
    expect(c.members.map((m) => ids(store, m))).toEqual([
      ['M1', 'M3', 'M2'],
      ['M7', 'M9', 'M8'],
    ]);
  });

  it('splits a chain whose far end matches neither the canonical nor most of the cluster', () => {
    // 0-1, 1-2, 2-3, 3-4: a path. Canonical 0 (earliest) links only to 1.
    const store = storeOf([{ id: 'A', created: 1 }, { id: 'B', created: 2 }, { id: 'C', created: 3 }, { id: 'D', created: 4 }, { id: 'E', created: 5 }]);
    const c = buildClusters(store, Uint32Array.from([0, 1, 2, 3]), Uint32Array.from([1, 2, 3, 4]));
    const got = c.members.map((m) => ids(store, m));
    expect(got).toContainEqual(['A', 'B', 'C']); // C links to B: half of {A, B}
    expect(got).toContainEqual(['D', 'E']);
    expect(c.splitOff).toBe(2);
  });

  it('in a component too large for blocking to have compared pairwise, asks verification about a far member', () => {
    // 30 records, each verified with the next one only: a path, in a component where blocking could have
    // given each up to 4 pairs (2 a side).
    const store = storeOf(Array.from({ length: 30 }, (_, i) => ({ id: `M${String(i).padStart(2, '0')}`, created: i })));
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i + 1 < 30; i++) a.push(i), b.push(i + 1);
    const A = Uint32Array.from(a);
    const B = Uint32Array.from(b);
    // The graph alone splits the path into pieces.
    expect(buildClusters(store, A, B).members.length).toBeGreaterThan(1);
    // Verification says every record but 17 matches the canonical (record 0).
    const asked: number[] = [];
    const matches = (x: number, y: number): boolean => (asked.push(y), x === 0 && y !== 17);
    const c = buildClusters(store, A, B, undefined, { matches, minComponent: 20, fullLinks: 4 });
    expect(c.members.map((m) => ids(store, m))[0]).toEqual(Array.from({ length: 30 }, (_, i) => `M${String(i).padStart(2, '0')}`).filter((id) => id !== 'M17'));
    expect(c.splitOff).toBe(1);
    // Only members the graph could not keep were asked about.
    expect(asked).not.toContain(1);
    expect(asked).toContain(17);
    // Below minComponent the graph's answer stands and verification is never asked.
    asked.length = 0;
    const small = buildClusters(store, A, B, undefined, { matches, minComponent: 31, fullLinks: 4 });
    expect(asked).toEqual([]);
    expect(small.members.map((m) => Array.from(m))).toEqual(buildClusters(store, A, B).members.map((m) => Array.from(m)));
  });

  it('asks verification about a record at most twice, so a long chain of unlike records costs linear time', () => {
    const n = 2000;
    const store = storeOf(Array.from({ length: n }, (_, i) => ({ id: `M${String(i).padStart(4, '0')}`, created: i })));
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i + 1 < n; i++) a.push(i), b.push(i + 1);
    let asked = 0;
    const c = buildClusters(store, Uint32Array.from(a), Uint32Array.from(b), undefined, { matches: () => (asked++, false), minComponent: 18, fullLinks: 4 });
    expect(asked).toBeLessThanOrEqual(2 * n);
    // Verification said no to everything: the chain is cut as the graph alone cuts it.
    expect(c.members.map((m) => Array.from(m))).toEqual(buildClusters(store, Uint32Array.from(a), Uint32Array.from(b)).members.map((m) => Array.from(m)));
  });

  it('keeps a member verified with a full window of kept copies though it does not match the canonical itself', () => {
    // 150 copies in a sorted neighbourhood (each verified with its next 8), the canonical first; record 60 is
    // a variant that verification does not match with the canonical, but it has its 16 neighbours' pairs.
    const n = 150;
    const store = storeOf(Array.from({ length: n }, (_, i) => ({ id: `M${String(i).padStart(3, '0')}`, created: i })));
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j <= i + 8 && j < n; j++) a.push(i), b.push(j);
    const c = buildClusters(store, Uint32Array.from(a), Uint32Array.from(b), undefined, { matches: (_x, y) => y !== 60, minComponent: 18, fullLinks: 16 });
    expect(c.members).toHaveLength(1);
    expect(c.members[0]!.length).toBe(n);
    // Verified with fewer kept members than a window, the variant would not stay: only 4 neighbours a side.
    const a4: number[] = [];
    const b4: number[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j <= i + 4 && j < n; j++) if (i !== 60 && j !== 60) a4.push(i), b4.push(j);
    for (let j = 56; j < 60; j++) a4.push(j), b4.push(60);
    const thin = buildClusters(store, Uint32Array.from(a4), Uint32Array.from(b4), undefined, { matches: (_x, y) => y !== 60, minComponent: 18, fullLinks: 16 });
    expect(thin.members[0]!.length).toBe(n - 1);
    expect(Array.from(thin.members[0]!)).not.toContain(60);
  });

  it('keeps a dense cluster whole', () => {
    const store = storeOf([{ id: 'A', created: 1 }, { id: 'B' }, { id: 'C' }, { id: 'D' }]);
    const a: number[] = [];
    const b: number[] = [];
    for (let x = 0; x < 4; x++) for (let y = x + 1; y < 4; y++) if (!(x === 0 && y === 3)) (a.push(x), b.push(y));
    const c = buildClusters(store, Uint32Array.from(a), Uint32Array.from(b));
    expect(c.members.map((m) => ids(store, m))).toEqual([['A', 'B', 'C', 'D']]);
    expect(c.splitOff).toBe(0);
  });
});

describe('buildClusters on random graphs', () => {
  it('orders clusters by canonical record, canonical first and the rest ascending, each record in one cluster', () => {
    let seed = 7;
    const rand = (k: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) % k);
    for (let round = 0; round < 20; round++) {
      const n = 50 + rand(300);
      const store = storeOf(Array.from({ length: n }, (_, i) => ({ id: `M${i}`, created: rand(50), completeness: rand(9) })));
      const a: number[] = [];
      const b: number[] = [];
      for (let e = rand(n); e > 0; e--) {
        const x = rand(n);
        const y = rand(n);
        if (x !== y) (a.push(Math.min(x, y)), b.push(Math.max(x, y)));
      }
      const c = buildClusters(store, Uint32Array.from(a), Uint32Array.from(b));
      const seen = new Set<number>();
      let previous = -1;
      for (const m of c.members) {
        expect(m.length).toBeGreaterThanOrEqual(2);
        expect(m[0]!).toBeGreaterThan(previous);
        previous = m[0]!;
        for (let k = 2; k < m.length; k++) expect(m[k]!).toBeGreaterThan(m[k - 1]!);
        for (const g of m) {
          expect(seen.has(g)).toBe(false);
          seen.add(g);
        }
      }
      // Lone pairs (both ends of degree one) always form a cluster of their own.
      const degree = new Int32Array(n);
      for (let i = 0; i < a.length; i++) (degree[a[i]!]!++, degree[b[i]!]!++);
      for (let i = 0; i < a.length; i++) {
        if (degree[a[i]!] !== 1 || degree[b[i]!] !== 1) continue;
        expect(c.members.some((m) => m.length === 2 && m.includes(a[i]!) && m.includes(b[i]!))).toBe(true);
      }
    }
  });
});

describe('clusterIdOf', () => {
  it('is a stable function of the canonical id', () => {
    expect(clusterIdOf('M000123')).toBe(clusterIdOf('M000123'));
    expect(clusterIdOf('M000123')).not.toBe(clusterIdOf('M000124'));
    expect(clusterIdOf('M000123')).toMatch(/^C[0-9a-f]{16}$/);
  });

  it('is the same read from the store as from the merchant_id string', () => {
    const store = storeOf([{ id: 'M000123' }, { id: '商户-0001' }, { id: '' }, { id: 'x'.repeat(70) }]);
    for (let g = 0; g < store.count; g++) expect(clusterIdAt(store, g)).toBe(clusterIdOf(textOf(store, g, TextColumn.MerchantId)));
  });
});

describe('the cluster task (a worker builds clusters and their ids; they cross back flat)', () => {
  it('gives the same clusters, ids and counts as buildClusters', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ id: `M${String(i).padStart(2, '0')}`, created: (i * 7) % 11 }));
    const store = storeOf(rows);
    // Chains, stars and lone pairs over 40 records.
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i + 1 < 12; i++) a.push(i), b.push(i + 1);
    for (let i = 13; i < 20; i++) a.push(12), b.push(i);
    for (let i = 20; i + 1 < 40; i += 3) a.push(i), b.push(i + 1);
    const A = Uint32Array.from(a);
    const B = Uint32Array.from(b);
    const constraints = resolveConstraints(store, NO_CONSTRAINTS);
    const direct = buildClusters(store, A, B, constraints);
    const flat = clustersTask({ store, a: A, b: B, constraints });
    const back = unflatten(flat);
    expect(back.members.map((m) => Array.from(m))).toEqual(direct.members.map((m) => Array.from(m)));
    expect(back.splitOff).toBe(direct.splitOff);
    expect(back.overrides).toEqual(direct.overrides);
    expect(flat.ids).toEqual(direct.members.map((m) => clusterIdOf(textOf(store, m[0]!, TextColumn.MerchantId))));
    expect(flat.members.length).toBe(direct.members.reduce((n, m) => n + m.length, 0));
  });
});
