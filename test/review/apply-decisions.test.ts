import { describe, expect, it } from 'vitest';
import type { ReviewDecision } from '../../src/cluster/review-decision.js';
import { migrate } from '../../src/db/schema-migrations.js';
import { quoteIdent } from '../../src/db/sql-names.js';
import { applyDecisions, decisionView } from '../../src/review/apply-decisions.js';
import { DecisionFollower } from '../../src/review/decision-follower.js';
import { dropSchemas, openTestDatabase, uniqueName } from '../db/helpers.js';

function decision(id: number, kind: ReviewDecision['kind'], merchant_ids: string[], cluster_id: string, cluster_members: string[] = []): ReviewDecision {
  return { decision_id: id, kind, merchant_ids, cluster_id, cluster_members, generation: 1, decided_by: 't', decided_at: '2026-01-01T00:00:00Z', note: null };
}

const matches = [
  { merchant_id: 'A', cluster_id: 'C1', score: 0.9 },
  { merchant_id: 'B', cluster_id: 'C1', score: 0.8 },
  { merchant_id: 'D', cluster_id: 'C1', score: 0.7 },
];

describe('applyDecisions (online check)', () => {
  it('drops a match kept apart from the applicant and unbinds a member split out of its cluster', () => {
    const view = decisionView([decision(1, 'not_duplicate', ['X', 'B'], 'C1'), decision(2, 'split', ['D'], 'C1', ['A', 'B', 'D'])]);
    const r = applyDecisions('X', matches, view);
    expect(r.dropped).toBe(1);
    expect(r.matches).toEqual([
      { merchant_id: 'A', cluster_id: 'C1', score: 0.9 },
      { merchant_id: 'D', cluster_id: null, score: 0.7 },
    ]);
    // A new applicant (no merchant_id) keeps every match.
    expect(applyDecisions(null, matches, view).matches).toHaveLength(3);
  });

  it('reports the confirmed cluster, and a later confirmation undoes a split', () => {
    const view = decisionView([decision(1, 'split', ['D'], 'C1', ['A', 'B', 'D']), decision(2, 'confirm', ['A', 'D'], 'C9')]);
    expect(applyDecisions(null, matches, view).matches.map((m) => m.cluster_id)).toEqual(['C9', 'C1', 'C9']);
  });
});

describe('DecisionFollower', () => {
  it('sees a decision recorded after it was created, on the next refresh', async () => {
    const db = await openTestDatabase();
    const schema = uniqueName('follow');
    try {
      await db.withClient((c) => migrate(c, schema));
      const follower = new DecisionFollower(db, schema, 0);
      expect((await follower.current()).apart.size).toBe(0);
      await db.withClient((c) =>
        c.query(`INSERT INTO ${quoteIdent(schema)}.decisions (kind, merchant_ids, cluster_id, cluster_members, decided_by) VALUES ('not_duplicate', '{A,B}', 'C1', '{A,B}', 't')`),
      );
      expect((await follower.current()).apart.has('A\u0000B')).toBe(true);
    } finally {
      await dropSchemas(db, [schema]);
      await db.close();
    }
  });
});
