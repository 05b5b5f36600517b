import { describe, expect, it } from 'vitest';
import type { ReviewDecision } from '../../src/cluster/review-decision.js';
import { decisionLabels } from '../../src/train/decision-labels.js';

let id = 0;
function decision(kind: ReviewDecision['kind'], merchant_ids: string[], cluster_members: string[] = []): ReviewDecision {
  return { decision_id: ++id, kind, merchant_ids, cluster_id: 'c', cluster_members, generation: 1, decided_by: 't', decided_at: '2026-01-01T00:00:00Z', note: null };
}

describe('review decisions as labelled pairs', () => {
  it('reads confirm as matches, not_duplicate and split as non-matches, canonical as nothing', () => {
    const pairs = decisionLabels([
      decision('confirm', ['A', 'B', 'C'], ['A', 'B', 'C']),
      decision('not_duplicate', ['E', 'D']),
      decision('split', ['F'], ['F', 'G', 'H']),
      decision('canonical', ['A'], ['A', 'B', 'C']),
    ]);
    const text = pairs.map((p) => `${p.a}-${p.b}:${p.match ? 1 : 0}`).sort();
    expect(text).toEqual(['A-B:1', 'A-C:1', 'B-C:1', 'D-E:0', 'F-G:0', 'F-H:0']);
  });

  it('lets a later decision about a pair replace an earlier one, whatever order they are given in', () => {
    const first = decision('confirm', ['A', 'B'], ['A', 'B']);
    const later = decision('not_duplicate', ['B', 'A']);
    for (const order of [[first, later], [later, first]]) {
      expect(decisionLabels(order)).toEqual([{ a: 'A', b: 'B', match: false }]);
    }
  });
});
