/**
 * The `decisions` table: review decisions (cluster/review-decision.ts), one row each, never rewritten. It
 * lives beside the generation tables, not in them, so no rebuild or pruning touches it; every later run
 * reads all of it and honours it (cluster/decisions-to-constraints.ts).
 *
 * Decisions on one cluster are serialised: each takes the row lock of its cluster's line in
 * `review_versions` (SELECT … FOR UPDATE) and, when the caller says which version it saw, refuses a
 * decision made on a cluster that changed since (optimistic check), so two stewards deciding at once
 * never both act on the same view (https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS).
 */
import type pg from 'pg';
import { DedupError } from '../errors.js';
import type { DecisionKind, ReviewDecision } from '../cluster/review-decision.js';
import { inTransaction, query } from './database.js';
import { quoteIdent } from './sql-names.js';

/** DDL of migration 6; IF NOT EXISTS so that it may meet a schema where another version made them. */
export function decisionTableSqls(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.decisions (
      decision_id bigserial PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('confirm', 'split', 'not_duplicate', 'canonical')),
      merchant_ids text[] NOT NULL CHECK (cardinality(merchant_ids) >= 1),
      cluster_id text,
      cluster_members text[] NOT NULL DEFAULT '{}',
      generation integer,
      decided_by text NOT NULL,
      decided_at timestamptz NOT NULL DEFAULT now(),
      note text
    )`,
    `CREATE INDEX IF NOT EXISTS decisions_cluster_id ON ${s}.decisions (cluster_id)`,
    `CREATE INDEX IF NOT EXISTS decisions_merchant_ids ON ${s}.decisions USING gin (merchant_ids)`,
    `CREATE TABLE IF NOT EXISTS ${s}.review_versions (
      cluster_id text PRIMARY KEY,
      version integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ];
}

/** A decision as node-postgres returns it: the bigint id as text, the timestamp as a Date. */
type DecisionRow = Omit<ReviewDecision, 'decision_id' | 'decided_at'> & { decision_id: string; decided_at: Date };

const SELECT_DECISION = `decision_id, kind, merchant_ids, cluster_id, cluster_members, generation, decided_by, decided_at, note`;

function decisionOf(r: DecisionRow): ReviewDecision {
  return { ...r, decision_id: Number(r.decision_id), decided_at: r.decided_at.toISOString() };
}

/** Every decision, oldest first; none before migration 6 has run. */
export async function readDecisions(client: pg.Client, schema: string, where = '', params: unknown[] = []): Promise<ReviewDecision[]> {
  const s = quoteIdent(schema);
  const exists = await query<{ t: string | null }>(client, `SELECT to_regclass($1) AS t`, 'looking for the decisions table', [`${s}.decisions`]);
  if (exists.rows[0]?.t === null) return [];
  const r = await query<DecisionRow>(client, `SELECT ${SELECT_DECISION} FROM ${s}.decisions ${where} ORDER BY decision_id`, 'reading review decisions', params);
  return r.rows.map(decisionOf);
}

export interface NewDecision {
  kind: DecisionKind;
  cluster_id: string;
  /** split/canonical: one merchant; not_duplicate: two; confirm: ignored (the cluster's members are taken). */
  merchant_ids: string[];
  decided_by: string;
  note?: string | null;
  /** The cluster version the steward saw; a different current version is a conflict. @default no check */
  expected_version?: number;
}

export interface RecordedDecision {
  decision: ReviewDecision;
  /** The cluster's version after this decision. */
  version: number;
}

/** Records one decision against the current generation, serialised per cluster. */
export async function recordDecision(client: pg.Client, schema: string, d: NewDecision): Promise<RecordedDecision> {
  const s = quoteIdent(schema);
  const doing = `recording a ${d.kind} decision on cluster ${d.cluster_id}`;
  // inTransaction keeps a domain error's code (db-error.ts), so a 404/409 below reaches the caller as such.
  return inTransaction(client, doing, async () => {
    await query(client, `INSERT INTO ${s}.review_versions (cluster_id) VALUES ($1) ON CONFLICT (cluster_id) DO NOTHING`, doing, [d.cluster_id]);
    const locked = await query<{ version: number }>(client, `SELECT version FROM ${s}.review_versions WHERE cluster_id = $1 FOR UPDATE`, doing, [d.cluster_id]);
    const version = locked.rows[0]!.version;
    if (d.expected_version !== undefined && d.expected_version !== version) {
      throw new DedupError('E_CONFLICT', `cluster ${d.cluster_id} changed since it was read (version ${version}, the decision was made on version ${d.expected_version}): reload it and decide again`, {
        field: 'expected_version',
        version,
      });
    }
    const current = await query<{ generation: number | null; members: string[] | null }>(
      client,
      `SELECT g.generation, (SELECT array_agg(merchant_id ORDER BY is_canonical DESC, merchant_id) FROM ${s}.clusters WHERE cluster_id = $1) AS members
         FROM ${s}.generations g WHERE g.is_current`,
      doing,
      [d.cluster_id],
    );
    const generation = current.rows[0]?.generation ?? null;
    const members = current.rows[0]?.members ?? null;
    if (generation === null || members === null) {
      throw new DedupError('E_NOT_FOUND', `cluster ${d.cluster_id} is not in the current generation${generation === null ? ' (nothing is published yet)' : ` (${generation}): a rebuild dissolved or renamed it`}`, { field: 'cluster_id' });
    }
    const merchants = d.kind === 'confirm' ? members : d.merchant_ids;
    const need = d.kind === 'not_duplicate' ? 2 : d.kind === 'confirm' ? members.length : 1;
    if (merchants.length !== need || new Set(merchants).size !== need) {
      throw new DedupError('E_BAD_ARGS', `a ${d.kind} decision names ${need === 2 ? 'two different merchants' : 'one merchant'} in merchant_ids, got ${merchants.length}`, { field: 'merchant_ids' });
    }
    for (const id of merchants) {
      if (!members.includes(id)) {
        const elsewhere = await query<{ cluster_id: string }>(client, `SELECT cluster_id FROM ${s}.clusters WHERE merchant_id = $1`, doing, [id]);
        const where = elsewhere.rows[0]?.cluster_id;
        throw new DedupError(
          'E_CONFLICT',
          `merchant ${id} is not a member of cluster ${d.cluster_id} in generation ${generation}` + (where === undefined ? ': it is in no cluster now (removed, or split off by a rebuild)' : `: it is in cluster ${where} now`),
          { field: 'merchant_ids', merchant_id: id },
        );
      }
    }
    const inserted = await query<DecisionRow>(
      client,
      `INSERT INTO ${s}.decisions (kind, merchant_ids, cluster_id, cluster_members, generation, decided_by, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${SELECT_DECISION}`,
      doing,
      [d.kind, merchants, d.cluster_id, members, generation, d.decided_by, d.note ?? null],
    );
    await query(client, `UPDATE ${s}.review_versions SET version = version + 1, updated_at = now() WHERE cluster_id = $1`, doing, [d.cluster_id]);
    return { decision: decisionOf(inserted.rows[0]!), version: version + 1 };
  });
}

/** The version of each cluster (0 for one never decided on). */
export async function clusterVersion(client: pg.Client, schema: string, clusterId: string): Promise<number> {
  const r = await query<{ version: number }>(client, `SELECT version FROM ${quoteIdent(schema)}.review_versions WHERE cluster_id = $1`, 'reading a cluster version', [clusterId]);
  return r.rows[0]?.version ?? 0;
}
