/**
 * The merge plan: for the systems that own the merchant records, which registrations to retire and which
 * one survives each. Only clusters a person confirmed, or that the matcher is sure of, are in it:
 *
 *   confirmed        every member of the current cluster is in one group a steward confirmed;
 *   high_confidence  no decision is waiting for a rebuild on it, every member has a pair inside the cluster,
 *                    and the weakest of those pairs scores at least HIGH_CONFIDENCE_SCORE (score-bands.ts).
 *
 * Every other cluster waits for review (`needs_review`) or for the rebuild that will honour a split or
 * not-duplicate decision already taken (`pending_rebuild`); the summary counts them. The survivor is the
 * cluster's canonical record, or the member a steward chose as canonical since the generation was built.
 * One row per retired merchant; the survivor has none.
 */
import type pg from 'pg';
import { decisionsToConstraints } from '../cluster/decisions-to-constraints.js';
import type { ReviewDecision } from '../cluster/review-decision.js';
import { query } from '../db/database.js';
import { readDecisions } from '../db/decision-table.js';
import { quoteIdent } from '../db/sql-names.js';
import { currentGeneration } from './review-queue.js';
import { HIGH_CONFIDENCE_SCORE } from './score-bands.js';

export const MERGE_PLAN_HEADER = ['merchant_id', 'survivor_id', 'cluster_id', 'reason', 'decided_by', 'decided_at'] as const;

export interface MergePlanRow {
  merchant_id: string;
  survivor_id: string;
  cluster_id: string;
  reason: 'confirmed' | 'high_confidence';
  decided_by: string | null;
  decided_at: string | null;
}

export interface MergePlanSummary {
  generation: number | null;
  rule: string;
  high_confidence_score: number;
  clusters: number;
  planned_clusters: { confirmed: number; high_confidence: number };
  skipped_clusters: { needs_review: number; pending_rebuild: number };
  merchants_retired: number;
  survivors_chosen_by_decision: number;
  decisions: number;
}

export const MERGE_PLAN_RULE =
  `a cluster is planned when a steward confirmed all its members, or when no decision awaits a rebuild on it, every member has a pair inside it and its weakest pair scores >= ${HIGH_CONFIDENCE_SCORE}`;

interface ClusterFacts {
  members: string[];
  canonical: string;
  minScore: number | null;
  paired: number;
}

export async function buildMergePlan(client: pg.Client, schema: string): Promise<{ rows: MergePlanRow[]; summary: MergePlanSummary }> {
  const s = quoteIdent(schema);
  const members = await query<{ cluster_id: string; merchant_id: string; is_canonical: boolean }>(
    client,
    `SELECT cluster_id, merchant_id, is_canonical FROM ${s}.clusters ORDER BY cluster_id, merchant_id`,
    'reading the clusters for the merge plan',
  );
  const clusters = new Map<string, ClusterFacts>();
  for (const r of members.rows) {
    let c = clusters.get(r.cluster_id);
    if (!c) clusters.set(r.cluster_id, (c = { members: [], canonical: r.merchant_id, minScore: null, paired: 0 }));
    c.members.push(r.merchant_id);
    if (r.is_canonical) c.canonical = r.merchant_id;
  }
  const stats = await query<{ cluster_id: string; min_score: number; paired: number }>(
    client,
    `WITH ip AS (SELECT ma.cluster_id, p.a_id, p.b_id, p.score FROM ${s}.pairs p
                   JOIN ${s}.clusters ma ON ma.merchant_id = p.a_id
                   JOIN ${s}.clusters mb ON mb.merchant_id = p.b_id AND mb.cluster_id = ma.cluster_id)
     SELECT cluster_id, min(score)::float8 AS min_score, count(DISTINCT m)::int AS paired
       FROM (SELECT cluster_id, score, a_id AS m FROM ip UNION ALL SELECT cluster_id, score, b_id FROM ip) x GROUP BY cluster_id`,
    'reading in-cluster pair scores for the merge plan',
  );
  for (const r of stats.rows) {
    const c = clusters.get(r.cluster_id);
    if (c) (c.minScore = r.min_score), (c.paired = r.paired);
  }
  const decisions = await readDecisions(client, schema);
  const constraints = decisionsToConstraints(decisions);
  const groupOf = new Map<string, number>();
  constraints.mustLink.forEach((g, i) => g.forEach((id) => groupOf.set(id, i)));
  const apart = new Set(constraints.cannotLink.map(([a, b]) => `${a}\u0000${b}`));
  const chosen = new Set(constraints.canonical);
  const latest = latestDecisionOf(decisions);

  const rows: MergePlanRow[] = [];
  const summary: MergePlanSummary = {
    generation: await currentGeneration(client, schema),
    rule: MERGE_PLAN_RULE,
    high_confidence_score: HIGH_CONFIDENCE_SCORE,
    clusters: clusters.size,
    planned_clusters: { confirmed: 0, high_confidence: 0 },
    skipped_clusters: { needs_review: 0, pending_rebuild: 0 },
    merchants_retired: 0,
    survivors_chosen_by_decision: 0,
    decisions: decisions.length,
  };
  for (const [clusterId, c] of [...clusters].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    const group = groupOf.get(c.members[0]!);
    const confirmed = group !== undefined && c.members.every((id) => groupOf.get(id) === group);
    const pending = c.members.some((a) => c.members.some((b) => a < b && apart.has(`${a}\u0000${b}`)));
    const sure = !pending && c.paired === c.members.length && c.minScore !== null && c.minScore >= HIGH_CONFIDENCE_SCORE;
    if (!confirmed && !sure) {
      if (pending) summary.skipped_clusters.pending_rebuild++;
      else summary.skipped_clusters.needs_review++;
      continue;
    }
    const reason = confirmed ? 'confirmed' : 'high_confidence';
    summary.planned_clusters[reason]++;
    const picked = c.members.find((id) => chosen.has(id));
    const survivor = picked ?? c.canonical;
    if (survivor !== c.canonical) summary.survivors_chosen_by_decision++;
    // Who answers for the row: the confirmation, else the canonical choice; a high-confidence row has no one.
    const by = confirmed ? latest.get(`confirm\u0000${c.members[0]}`) : picked !== undefined ? latest.get(`canonical\u0000${picked}`) : undefined;
    for (const id of c.members) {
      if (id === survivor) continue;
      rows.push({ merchant_id: id, survivor_id: survivor, cluster_id: clusterId, reason, decided_by: by?.decided_by ?? null, decided_at: by?.decided_at ?? null });
    }
  }
  summary.merchants_retired = rows.length;
  return { rows, summary };
}

/** The latest confirm naming each merchant, and the latest canonical choice of each merchant. */
function latestDecisionOf(decisions: readonly ReviewDecision[]): Map<string, ReviewDecision> {
  const out = new Map<string, ReviewDecision>();
  for (const d of decisions) {
    if (d.kind === 'confirm') for (const id of d.merchant_ids) out.set(`confirm\u0000${id}`, d);
    if (d.kind === 'canonical') out.set(`canonical\u0000${d.merchant_ids[0]}`, d);
  }
  return out;
}
