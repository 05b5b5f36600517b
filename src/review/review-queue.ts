/**
 * The review queue over the current generation: clusters (and pairs) with what a steward sorts and
 * filters by — size, lowest pair score and its band, the canonical record's city, risk alerts, decisions
 * taken — plus the counts and score histogram of the console's header. One SQL statement per answer:
 * the generation's tables are indexed on cluster_id, merchant_id, a_id and b_id (db/generation-tables.ts).
 */
import type pg from 'pg';
import { query } from '../db/database.js';
import { quoteIdent } from '../db/sql-names.js';
import type { RecordRelation } from './record-relation.js';
import { hasRiskTables } from './risk-tables.js';
import { BAND_RANGES, type ScoreBand } from './score-bands.js';

export const QUEUE_SORTS = ['size', 'min_score', 'max_score', 'decisions', 'risk', 'cluster_id'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const DECISION_STATES = ['pending', 'decided', 'all'] as const;

export interface QueueFilter {
  sort?: QueueSort;
  order?: 'asc' | 'desc';
  min_size?: number;
  max_size?: number;
  band?: ScoreBand;
  /** Part of the canonical record's city. */
  city?: string;
  /** Only clusters with a member in a risk alert. */
  risk?: boolean;
  status?: (typeof DECISION_STATES)[number];
  limit?: number;
  offset?: number;
}

/** A page of the queue: enough rows for a screen, few enough to answer at once. @default 50 */
export const DEFAULT_QUEUE_LIMIT = 50;

export interface QueueRow {
  cluster_id: string;
  size: number;
  canonical_id: string;
  canonical_name: string | null;
  city: string | null;
  min_score: number | null;
  max_score: number | null;
  pairs: number;
  decisions: number;
  last_decision: string | null;
  risk: number | null;
}

export interface Queue {
  generation: number | null;
  total: number;
  rows: QueueRow[];
  /** False when the schema has no risk alert tables: the risk filter then matches nothing. */
  risk_available: boolean;
}

const s = quoteIdent;

/** Lowest/highest in-cluster pair score and the pair count, per cluster. */
function clusterScoresSql(schema: string): string {
  return `SELECT ma.cluster_id, min(p.score)::float8 AS min_score, max(p.score)::float8 AS max_score, count(*)::int AS pairs
            FROM ${s(schema)}.pairs p
            JOIN ${s(schema)}.clusters ma ON ma.merchant_id = p.a_id
            JOIN ${s(schema)}.clusters mb ON mb.merchant_id = p.b_id AND mb.cluster_id = ma.cluster_id
           GROUP BY ma.cluster_id`;
}

export async function readQueue(client: pg.Client, schema: string, records: RecordRelation, f: QueueFilter = {}): Promise<Queue> {
  const sc = s(schema);
  const relation = await records(client, schema);
  const risk = await hasRiskTables(client, schema);
  const params: unknown[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (f.min_size !== undefined) where.push(`z.size >= ${p(f.min_size)}`);
  if (f.max_size !== undefined) where.push(`z.size <= ${p(f.max_size)}`);
  if (f.band !== undefined) {
    const [lo, hi] = BAND_RANGES[f.band];
    where.push(`sc.min_score >= ${p(lo)}`);
    if (Number.isFinite(hi)) where.push(`sc.min_score < ${p(hi)}`);
  }
  if (f.city !== undefined && f.city !== '') where.push(relation === null ? 'false' : `r.city LIKE '%' || ${p(f.city)} || '%'`);
  if (f.risk === true) where.push(risk ? 'rk.risk IS NOT NULL' : 'false');
  if (f.status === 'pending') where.push('d.decisions IS NULL');
  if (f.status === 'decided') where.push('d.decisions IS NOT NULL');
  const sortColumn: Record<QueueSort, string> = {
    size: 'z.size',
    min_score: 'sc.min_score',
    max_score: 'sc.max_score',
    decisions: 'coalesce(d.decisions, 0)',
    risk: 'rk.risk',
    cluster_id: 'z.cluster_id',
  };
  const sort = f.sort ?? 'min_score';
  const order = f.order ?? (sort === 'size' || sort === 'risk' ? 'desc' : 'asc');
  const sql = `
    WITH z AS (SELECT cluster_id, count(*)::int AS size, min(merchant_id) FILTER (WHERE is_canonical) AS canonical_id
                 FROM ${sc}.clusters GROUP BY cluster_id),
         sc AS (${clusterScoresSql(schema)}),
         d AS (SELECT cluster_id, count(*)::int AS decisions, (array_agg(kind ORDER BY decision_id DESC))[1] AS last_decision
                 FROM ${sc}.decisions GROUP BY cluster_id)
         ${risk ? `, rk AS (SELECT m.cluster_id, max(a.severity)::float8 AS risk FROM ${sc}.clusters m JOIN ${sc}.risk_members rm ON rm.merchant_id = m.merchant_id JOIN ${sc}.risk_alerts a ON a.alert_id = rm.alert_id GROUP BY m.cluster_id)` : ''}
    SELECT z.cluster_id, z.size, z.canonical_id, ${relation === null ? 'NULL::text AS canonical_name, NULL::text AS city' : 'r.name AS canonical_name, r.city'},
           sc.min_score, sc.max_score, coalesce(sc.pairs, 0) AS pairs, coalesce(d.decisions, 0) AS decisions, d.last_decision,
           ${risk ? 'rk.risk' : 'NULL::float8 AS risk'}, count(*) OVER ()::int AS total
      FROM z LEFT JOIN sc USING (cluster_id) LEFT JOIN d USING (cluster_id)
      ${risk ? 'LEFT JOIN rk USING (cluster_id)' : ''}
      ${relation === null ? '' : `LEFT JOIN ${relation} r ON r.merchant_id = z.canonical_id`}
     ${where.length > 0 ? 'WHERE ' + where.join(' AND ') : ''}
     ORDER BY ${sortColumn[sort]} ${order === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, z.cluster_id
     LIMIT ${p(f.limit ?? DEFAULT_QUEUE_LIMIT)} OFFSET ${p(f.offset ?? 0)}`;
  const r = await query<QueueRow & { total: number }>(client, sql, 'reading the review queue', params);
  const generation = await currentGeneration(client, schema);
  return { generation, total: r.rows[0]?.total ?? 0, rows: r.rows.map(({ total: _t, ...row }) => row), risk_available: risk };
}

export interface PairFilter {
  band?: ScoreBand;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface PairRow {
  a_id: string;
  b_id: string;
  score: number;
  cluster_id: string | null;
  a_name: string | null;
  b_name: string | null;
  decided: string | null;
}

/** Pairs by score (weakest first by default), with the cluster of their first merchant. */
export async function readPairQueue(client: pg.Client, schema: string, records: RecordRelation, f: PairFilter = {}): Promise<{ total: number; rows: PairRow[] }> {
  const sc = s(schema);
  const relation = await records(client, schema);
  const params: unknown[] = [];
  const where: string[] = [];
  if (f.band !== undefined) {
    const [lo, hi] = BAND_RANGES[f.band];
    params.push(lo);
    where.push(`p.score >= $${params.length}`);
    if (Number.isFinite(hi)) {
      params.push(hi);
      where.push(`p.score < $${params.length}`);
    }
  }
  params.push(f.limit ?? DEFAULT_QUEUE_LIMIT, f.offset ?? 0);
  const r = await query<PairRow & { total: number }>(
    client,
    `SELECT p.a_id, p.b_id, p.score::float8 AS score, c.cluster_id,
            ${relation === null ? 'NULL::text AS a_name, NULL::text AS b_name' : 'ra.name AS a_name, rb.name AS b_name'},
            (SELECT kind FROM ${sc}.decisions x WHERE x.kind = 'not_duplicate' AND x.merchant_ids @> ARRAY[p.a_id, p.b_id] ORDER BY decision_id DESC LIMIT 1) AS decided,
            count(*) OVER ()::int AS total
       FROM ${sc}.pairs p LEFT JOIN ${sc}.clusters c ON c.merchant_id = p.a_id
       ${relation === null ? '' : `LEFT JOIN ${relation} ra ON ra.merchant_id = p.a_id LEFT JOIN ${relation} rb ON rb.merchant_id = p.b_id`}
      ${where.length > 0 ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY p.score ${f.order === 'desc' ? 'DESC' : 'ASC'}, p.a_id, p.b_id
      LIMIT $${params.length - 1} OFFSET $${params.length}`,
    'reading the pair queue',
    params,
  );
  return { total: r.rows[0]?.total ?? 0, rows: r.rows.map(({ total: _t, ...row }) => row) };
}

/** Bins of the score histogram over [0, 1]: 0.05 wide, fine enough to see the threshold's edge. */
export const HISTOGRAM_BINS = 20;

export interface ReviewSummary {
  generation: number | null;
  clusters: number;
  clustered_merchants: number;
  pairs: number;
  decisions: number;
  decided_clusters: number;
  bands: Record<ScoreBand, number>;
  /** Pair counts per score bin: bin i holds scores in [i/BINS, (i+1)/BINS), the last also 1. */
  histogram: number[];
  risk_available: boolean;
}

export async function readSummary(client: pg.Client, schema: string): Promise<ReviewSummary> {
  const sc = s(schema);
  const r = await query<{ clusters: number; clustered: number; pairs: number; decisions: number; decided: number }>(
    client,
    `SELECT (SELECT count(DISTINCT cluster_id)::int FROM ${sc}.clusters) AS clusters, (SELECT count(*)::int FROM ${sc}.clusters) AS clustered,
            (SELECT count(*)::int FROM ${sc}.pairs) AS pairs, (SELECT count(*)::int FROM ${sc}.decisions) AS decisions,
            (SELECT count(DISTINCT cluster_id)::int FROM ${sc}.decisions) AS decided`,
    'counting the review summary',
  );
  const h = await query<{ bin: number; n: number }>(
    client,
    `SELECT least(floor(score * ${HISTOGRAM_BINS})::int, ${HISTOGRAM_BINS - 1}) AS bin, count(*)::int AS n FROM ${sc}.pairs GROUP BY 1`,
    'reading the score histogram',
  );
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const row of h.rows) histogram[row.bin] = row.n;
  const b = await query<{ band: ScoreBand; n: number }>(
    client,
    `SELECT CASE WHEN min_score >= $1 THEN 'high' WHEN min_score >= $2 THEN 'mid' ELSE 'low' END AS band, count(*)::int AS n
       FROM (${clusterScoresSql(schema)}) x GROUP BY 1`,
    'counting clusters per score band',
    [BAND_RANGES.high[0], BAND_RANGES.mid[0]],
  );
  const bands: Record<ScoreBand, number> = { low: 0, mid: 0, high: 0 };
  for (const row of b.rows) bands[row.band] = row.n;
  const c = r.rows[0]!;
  return {
    generation: await currentGeneration(client, schema),
    clusters: c.clusters,
    clustered_merchants: c.clustered,
    pairs: c.pairs,
    decisions: c.decisions,
    decided_clusters: c.decided,
    bands,
    histogram,
    risk_available: await hasRiskTables(client, schema),
  };
}

export async function currentGeneration(client: pg.Client, schema: string): Promise<number | null> {
  const r = await query<{ generation: number }>(client, `SELECT generation FROM ${s(schema)}.generations WHERE is_current`, 'finding the current generation');
  return r.rows[0]?.generation ?? null;
}
