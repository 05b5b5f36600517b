/**
 * The online check's reads and writes, for one pinned generation: every statement names the tables of
 * generation N (`records_gN`, `dedup_keys_gN`, …) rather than the views, so a request that pinned N is
 * answered from N even when a rebuild publishes N+1 while it runs (the views would switch between its two
 * round trips). Table names are built from the generation number and the validated schema name only;
 * everything that comes from a request travels as a bound parameter.
 *
 * A check costs two round trips (docs/online-check.md): candidates with their records and cluster ids,
 * then the counts of every key the applicant and its candidates carry.
 */
import type pg from 'pg';
import { DedupError } from '../errors.js';
import { assertMatchParams, frequencyColumn, type MatchParams } from '../match/match-params.js';
import type { MerchantRecord } from '../record/merchant-record.js';
import type { AlertRef } from '../risk/risk-signals.js';
import { ALERT_THRESHOLD } from '../risk/severity.js';
import { dbError } from './db-error.js';
import { generationTable } from './generation-tables.js';
import { int64Decimal } from './int64-decimal.js';
import { quoteIdent } from './sql-names.js';

/** Anything that runs a statement: a pool or one session. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.Client, 'query'>;

export interface PinnedGeneration {
  schema: string;
  generation: number;
  params: MatchParams;
}

/** SQLSTATE undefined_table: the generation was pruned while a request still held it. */
export const UNDEFINED_TABLE = '42P01';

/**
 * Runs a statement; with `name`, as a prepared statement of that name on each session that runs it (parsed
 * and planned once per session instead of per request: the check's two statements are its hot path). A
 * name must identify the text: the generation number is part of it.
 */
async function run<R extends pg.QueryResultRow>(db: Queryable, sql: string, doing: string, params: unknown[] = [], name?: string): Promise<pg.QueryResult<R>> {
  try {
    return await (db as pg.Pool).query<R>(name === undefined ? { text: sql, values: params } : { name, text: sql, values: params });
  } catch (err) {
    throw dbError(err, doing);
  }
}

function table(g: PinnedGeneration, set: Parameters<typeof generationTable>[0]): string {
  return `${quoteIdent(g.schema)}.${quoteIdent(generationTable(set, g.generation))}`;
}

/**
 * The current generation, checked against this code's matching parameters, or null before the first
 * rebuild. Refuses a generation without its dedup index or its records table (written by an older version).
 */
export async function currentGeneration(db: Queryable, schema: string): Promise<PinnedGeneration | null> {
  const s = quoteIdent(schema);
  const r = await run<{ generation: number; has_keys: boolean; match_params: unknown; records: string | null }>(
    db,
    `SELECT generation, has_keys, match_params, to_regclass(format('%I.%I', $1::text, 'records_g' || generation))::text AS records FROM ${s}.current_generation`,
    'reading the current generation',
    [schema],
  );
  const row = r.rows[0];
  if (row === undefined) return null;
  if (!row.has_keys) throw new DedupError('E_DB', `generation ${row.generation} was written without its dedup index (--no-keys); rebuild with keys`, { schema });
  if (row.records === null) throw new DedupError('E_DB', `generation ${row.generation} has no records table (written by an older version); run \`merchant-dedup rebuild\``, { schema });
  return { schema, generation: row.generation, params: assertMatchParams(row.match_params) };
}

export interface Candidate {
  merchant_id: string;
  record: MerchantRecord;
  cluster_id: string | null;
  /** True for a merchant registered online and not yet in the generation. */
  registered: boolean;
  /** The generation's risk alerts of severity ≥ ALERT_THRESHOLD that hold this merchant. */
  alerts: AlertRef[];
}

/**
 * Merchants sharing one of `keys` ([hi, lo] words) with an applicant: in the generation, through every key
 * whose bucket would stay within `bucket_cap` with the applicant in it (see docs/online-check.md for the
 * giant buckets the batch walks by sorted neighbourhood), and among registrations not yet in it.
 */
export async function fetchCandidates(db: Queryable, g: PinnedGeneration, keys: readonly string[]): Promise<Candidate[]> {
  const s = quoteIdent(g.schema);
  const records = table(g, 'records');
  const r = await run<Candidate>(
    db,
    `WITH k AS (
       SELECT q.key FROM unnest($1::bigint[]) AS q(key)
        WHERE NOT EXISTS (SELECT 1 FROM ${table(g, 'key_counts')} kc WHERE kc.key = q.key AND kc.records >= $2)
     ), hits AS (
       SELECT DISTINCT d.merchant_id FROM k JOIN ${table(g, 'dedup_keys')} d ON d.key = k.key
     ), regs AS (
       SELECT DISTINCT rk.merchant_id FROM ${s}.registration_keys rk
        WHERE rk.key = ANY($1::bigint[]) AND NOT EXISTS (SELECT 1 FROM ${records} x WHERE x.merchant_id = rk.merchant_id)
     )
     SELECT h.merchant_id, r.record, c.cluster_id, false AS registered,
            (SELECT coalesce(json_agg(json_build_object('alertId', a.alert_id, 'severity', a.severity, 'entities', a.entities) ORDER BY a.alert_id), '[]'::json)
               FROM ${table(g, 'risk_members')} m JOIN ${table(g, 'risk_alerts')} a ON a.alert_id = m.alert_id
              WHERE m.merchant_id = h.merchant_id AND a.severity >= $3) AS alerts
       FROM hits h JOIN ${records} r ON r.merchant_id = h.merchant_id LEFT JOIN ${table(g, 'clusters')} c ON c.merchant_id = h.merchant_id
     UNION ALL
     SELECT g.merchant_id, g.record, NULL, true, '[]'::json FROM regs JOIN ${s}.registrations g ON g.merchant_id = regs.merchant_id`,
    `finding candidates in generation ${g.generation}`,
    [keys, g.params.bucket_cap, ALERT_THRESHOLD],
    `md_candidates_${g.schema}_${g.generation}`,
  );
  return r.rows;
}

/** A key's counts in the generation (only keys carried by two or more records are stored). */
export interface GenerationKeyCount {
  /** Merchants carrying it: what bounds the candidates fetched (bucket_cap). */
  records: number;
  /** Its distinct records (records of equal content count once: store/content-hash.ts): the frequency the match context scores with. */
  distinct: number;
}

/**
 * How many merchants carry each of `keys`: in the generation (only keys carried by two or more are
 * stored: `generation` is absent for the others) and among registrations not yet in it (counted by
 * merchant_id: copies registered online count once each until a rebuild counts their content once).
 */
export async function fetchKeyCounts(
  db: Queryable,
  g: PinnedGeneration,
  keys: readonly string[],
): Promise<{ generation: Map<string, GenerationKeyCount>; registered: Map<string, number> }> {
  const s = quoteIdent(g.schema);
  // A generation written before distinct records were counted scored with records: so does its check.
  const distinct = frequencyColumn(g.params);
  const r = await run<{ key: string; records: number; distinct_records: number; registered: boolean }>(
    db,
    `SELECT key::text AS key, records, ${distinct} AS distinct_records, false AS registered FROM ${table(g, 'key_counts')} WHERE key = ANY($1::bigint[])
     UNION ALL
     SELECT rk.key::text, count(DISTINCT rk.merchant_id)::integer, count(DISTINCT rk.merchant_id)::integer, true FROM ${s}.registration_keys rk
      WHERE rk.key = ANY($1::bigint[]) AND NOT EXISTS (SELECT 1 FROM ${table(g, 'records')} x WHERE x.merchant_id = rk.merchant_id)
      GROUP BY rk.key`,
    `reading key counts of generation ${g.generation}`,
    [keys],
    `md_key_counts_${g.schema}_${g.generation}_${distinct}`,
  );
  const generation = new Map<string, GenerationKeyCount>();
  const registered = new Map<string, number>();
  for (const row of r.rows) {
    if (row.registered) registered.set(row.key, row.records);
    else generation.set(row.key, { records: row.records, distinct: row.distinct_records });
  }
  return { generation, registered };
}

/** A key as the bigint text PostgreSQL reads. */
export function keyText(hi: number, lo: number): string {
  return int64Decimal(hi, lo);
}

/**
 * Registers a merchant and its keys in one transaction on `client`. Returns false (nothing written) when
 * the merchant_id is in the pinned generation or already registered.
 */
export async function insertRegistration(client: pg.Client, g: PinnedGeneration, record: MerchantRecord, keys: readonly string[], kinds: readonly number[]): Promise<boolean> {
  const s = quoteIdent(g.schema);
  const doing = `registering merchant ${record.merchant_id}`;
  await run(client, 'BEGIN', doing);
  try {
    const exists = await run(client, `SELECT 1 FROM ${table(g, 'records')} WHERE merchant_id = $1`, doing, [record.merchant_id]);
    const inserted =
      exists.rowCount === 0
        ? await run(client, `INSERT INTO ${s}.registrations (merchant_id, record, generation) VALUES ($1, $2, $3) ON CONFLICT (merchant_id) DO NOTHING`, doing, [
            record.merchant_id,
            JSON.stringify(record),
            g.generation,
          ])
        : null;
    if (inserted === null || inserted.rowCount === 0) {
      await run(client, 'ROLLBACK', doing);
      return false;
    }
    await run(client, `INSERT INTO ${s}.registration_keys (key, kind, merchant_id) SELECT k, c, $3 FROM unnest($1::bigint[], $2::smallint[]) AS u(k, c)`, doing, [
      keys,
      kinds,
      record.merchant_id,
    ]);
    await run(client, 'COMMIT', doing);
    return true;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

export interface MerchantDuplicates {
  merchant_id: string;
  cluster_id: string | null;
  members: { merchant_id: string; is_canonical: boolean; name: string | null; address: string | null }[];
  pairs: Record<string, unknown>[];
}

/** A merchant's cluster and pairs in the pinned generation; null when neither it nor the registrations know it. */
export async function merchantDuplicates(db: Queryable, g: PinnedGeneration, merchantId: string): Promise<MerchantDuplicates | null> {
  const s = quoteIdent(g.schema);
  const records = table(g, 'records');
  const known = await run<{ cluster_id: string | null }>(
    db,
    `SELECT (SELECT cluster_id FROM ${table(g, 'clusters')} WHERE merchant_id = $1) AS cluster_id
      WHERE EXISTS (SELECT 1 FROM ${records} WHERE merchant_id = $1) OR EXISTS (SELECT 1 FROM ${s}.registrations WHERE merchant_id = $1)`,
    `looking up merchant in generation ${g.generation}`,
    [merchantId],
  );
  const row = known.rows[0];
  if (row === undefined) return null;
  if (row.cluster_id === null) return { merchant_id: merchantId, cluster_id: null, members: [], pairs: [] };
  const members = await run<MerchantDuplicates['members'][number]>(
    db,
    `SELECT c.merchant_id, c.is_canonical, r.record ->> 'name' AS name, r.record ->> 'address' AS address
       FROM ${table(g, 'clusters')} c LEFT JOIN ${records} r ON r.merchant_id = c.merchant_id
      WHERE c.cluster_id = $1 ORDER BY c.is_canonical DESC, c.merchant_id`,
    `reading cluster ${row.cluster_id}`,
    [row.cluster_id],
  );
  const pairs = await run<Record<string, unknown>>(
    db,
    `SELECT * FROM ${table(g, 'pairs')} WHERE a_id = $1 UNION ALL SELECT * FROM ${table(g, 'pairs')} WHERE b_id = $1 ORDER BY score DESC, a_id, b_id`,
    `reading the pairs of ${merchantId}`,
    [merchantId],
  );
  return { merchant_id: merchantId, cluster_id: row.cluster_id, members: members.rows, pairs: pairs.rows };
}
