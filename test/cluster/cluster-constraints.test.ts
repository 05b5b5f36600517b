import { describe, expect, it } from 'vitest';
import { buildClusters } from '../../src/cluster/build-clusters.js';
import { resolveConstraints, type ClusterConstraints } from '../../src/cluster/cluster-constraints.js';
import { decisionsToConstraints } from '../../src/cluster/decisions-to-constraints.js';
import type { ReviewDecision } from '../../src/cluster/review-decision.js';
import { NumColumn, TEXT_COLUMNS, TextColumn } from '../../src/store/feature-columns.js';
import { FeatureStoreBuilder } from '../../src/store/feature-store-builder.js';
import { textOf, type FeatureStore } from '../../src/store/feature-store.js';

function storeOf(ids: string[]): FeatureStore {
  const b = new FeatureStoreBuilder();
  ids.forEach((id, i) => {
    b.begin();
    for (let c = 0; c < TEXT_COLUMNS; c++) b.setText(c as TextColumn, c === TextColumn.MerchantId ? id : '');
    b.setNum(NumColumn.CreatedAt, i); // earlier in the list: earlier created, so the default canonical
    b.setNum(NumColumn.Completeness, 5);
    b.end();
  });
  return b.toShared();
}

/** Clusters as merchant_id lists, canonical first. */
function clustersOf(store: FeatureStore, pairs: [number, number][], c?: ClusterConstraints): { got: string[][]; overrides: ReturnType<typeof buildClusters>['overrides'] } {
  const r = buildClusters(store, Uint32Array.from(pairs.map((p) => p[0])), Uint32Array.from(pairs.map((p) => p[1])), c && resolveConstraints(store, c));
  return { got: r.members.map((m) => Array.from(m, (g) => textOf(store, g, TextColumn.MerchantId))), overrides: r.overrides };
}

const none: ClusterConstraints = { mustLink: [], cannotLink: [], canonical: [] };
const ABCD = ['A', 'B', 'C', 'D'];
const clique: [number, number][] = [
  [0, 1],
  [0, 2],
  [0, 3],
  [1, 2],
  [1, 3],
  [2, 3],
];

describe('buildClusters with review constraints', () => {
  it('keeps a cannot-linked member out even when other pairs still join it to the cluster', () => {
    const store = storeOf(ABCD);
    expect(clustersOf(store, clique, none).got).toEqual([['A', 'B', 'C', 'D']]);
    // D split out of {A,B,C,D}: apart from every member, so it ends up alone.
    const { got, overrides } = clustersOf(store, clique, { ...none, cannotLink: [['A', 'D'], ['B', 'D'], ['C', 'D']] });
    expect(got).toEqual([['A', 'B', 'C']]);
    expect(overrides.pairs_dropped).toBe(3);
  });

  it('sets aside a member joined only through a path when its pair with a kept member is cannot-linked', () => {
    // A-B, B-C, A-C, B-D, C-D: D reaches A through B and C (enough for the chaining guard); A and D are kept apart.
    const store = storeOf(ABCD);
    const { got, overrides } = clustersOf(
      store,
      [
        [0, 1],
        [1, 2],
        [0, 2],
        [1, 3],
        [2, 3],
      ],
      { ...none, cannotLink: [['A', 'D']] },
    );
    expect(got).toEqual([['A', 'B', 'C']]);
    expect(overrides.members_kept_apart).toBe(1);
  });

  it('keeps confirmed members together without a verified pair, and past the chaining guard', () => {
    const store = storeOf(['A', 'B', 'C', 'X']);
    // A-B verified; C and X unrelated: confirming {A, B, C} adds C.
    const { got, overrides } = clustersOf(store, [[0, 1]], { ...none, mustLink: [['A', 'B', 'C']] });
    expect(got).toEqual([['A', 'B', 'C']]);
    expect(overrides.links_added).toBe(1);
  });

  it('makes the chosen record canonical', () => {
    const store = storeOf(ABCD);
    const { got, overrides } = clustersOf(store, clique, { ...none, canonical: ['C'] });
    expect(got).toEqual([['C', 'A', 'B', 'D']]);
    expect(overrides.canonical_chosen).toBe(1);
  });

  it('makes the chosen record canonical in a cluster of one pair, and only there', () => {
    const store = storeOf(ABCD);
    // Two separate pairs: A-B and C-D; the decision prefers B and nothing in the other pair.
    const { got, overrides } = clustersOf(store, [[0, 1], [2, 3]], { ...none, canonical: ['B'] });
    expect(got).toEqual([['B', 'A'], ['C', 'D']]);
    expect(overrides.canonical_chosen).toBe(1);
    expect(clustersOf(store, [[0, 1], [2, 3]], none).got).toEqual([['A', 'B'], ['C', 'D']]);
  });

  it('counts and ignores merchants the corpus no longer holds', () => {
    const store = storeOf(ABCD);
    const { got, overrides } = clustersOf(store, clique, { mustLink: [['A', 'GONE']], cannotLink: [['B', 'GONE2']], canonical: ['GONE3'] });
    expect(got).toEqual([['A', 'B', 'C', 'D']]);
    expect(overrides.unknown_ids).toBe(3);
  });
});

function decision(id: number, kind: ReviewDecision['kind'], merchant_ids: string[], cluster_members: string[] = []): ReviewDecision {
  return { decision_id: id, kind, merchant_ids, cluster_id: 'C1', cluster_members, generation: 1, decided_by: 'test', decided_at: '2026-01-01T00:00:00Z', note: null };
}

describe('decisionsToConstraints', () => {
  it('lets a later decision win over an earlier one it contradicts', () => {
    const c = decisionsToConstraints([
      decision(1, 'confirm', ABCD),
      decision(2, 'split', ['D'], ABCD),
      decision(3, 'canonical', ['B'], ['A', 'B', 'C']),
      decision(4, 'canonical', ['C'], ['A', 'B', 'C']),
    ]);
    expect(c.mustLink).toEqual([['A', 'B', 'C']]);
    expect(c.cannotLink).toEqual([
      ['A', 'D'],
      ['B', 'D'],
      ['C', 'D'],
    ]);
    expect(c.canonical).toEqual(['C']);
    // Replayed by decision_id, whatever order they are read in.
    const reversed = decisionsToConstraints([decision(2, 'confirm', ['A', 'D']), decision(1, 'not_duplicate', ['A', 'D'])]);
    expect(reversed).toEqual({ mustLink: [['A', 'D']], cannotLink: [], canonical: [] });
  });

  it('takes a not-duplicate pair out of a confirmed group', () => {
    const c = decisionsToConstraints([decision(1, 'confirm', ['A', 'B', 'C']), decision(2, 'not_duplicate', ['A', 'C'])]);
    expect(c).toEqual({ mustLink: [['A', 'B']], cannotLink: [['A', 'C']], canonical: [] });
  });
});
