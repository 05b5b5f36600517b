/**
 * Making a generation current, and forgetting old ones.
 *
 * Publishing is one transaction: the four views are replaced to select from the new tables, the
 * generation becomes `is_current`, and the run becomes `succeeded`. CREATE OR REPLACE VIEW takes an
 * ACCESS EXCLUSIVE lock on each view, so it waits for queries that are reading the old definition and
 * holds new ones back until the commit; a reader sees the old generation or the new one, never a mix
 * (https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES). A statement that
 * reads two views sees one generation in both. A reader that holds one view in a long transaction while
 * the publisher holds another can deadlock with it; PostgreSQL then cancels one of the two, and we
 * retry the publish.
 */
import type pg from 'pg';
import { KEY_KIND_NAMES } from '../candidates/key-kinds.js';
import { hasCode } from '../errors.js';
import type { MatchParams } from '../match/match-params.js';
import type { SketchParams } from '../sketch/minhash-params.js';
import { inTransaction, query } from './database.js';
import { currentViewSql, dropTablesSql, RESULT_SETS, type ResultSet } from './generation-tables.js';
import type { RunStart } from './run-log.js';
import { quoteIdent } from './sql-names.js';
import type { ClusterChanges } from './stable-cluster-ids.js';

export interface Publication {
  schema: string;
  run: RunStart;
  sketch: SketchParams;
  matchParams: MatchParams;
  hasKeys: boolean;
  rowCounts: Record<ResultSet, number>;
  counts: Record<string, unknown>;
  phases: Record<string, number>;
  changes: ClusterChanges;
}

/** How long publishing waits for readers to let go of the views before giving up this attempt. */
const PUBLISH_LOCK_TIMEOUT = '30s';
/** Attempts at publishing when a reader deadlocks with it or holds the views too long. */
const PUBLISH_ATTEMPTS = 3;
/** SQLSTATEs worth another attempt: deadlock_detected, lock_not_available. */
const RETRYABLE = new Set(['40P01', '55P03']);

export async function publishGeneration(client: pg.Client, p: Publication): Promise<void> {
  const s = quoteIdent(p.schema);
  const doing = `publishing generation ${p.run.generation}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await inTransaction(client, doing, async () => {
        await query(client, `SET LOCAL lock_timeout = '${PUBLISH_LOCK_TIMEOUT}'`, doing);
        for (const set of RESULT_SETS) await replaceView(client, p.schema, set, p.run.generation, doing);
        await query(client, `UPDATE ${s}.generations SET is_current = false WHERE is_current`, doing);
        await query(
          client,
          `INSERT INTO ${s}.generations (generation, run_id, sketch_params, key_kinds, has_keys, row_counts, is_current, match_params) VALUES ($1, $2, $3, $4, $5, $6, true, $7)`,
          doing,
          [p.run.generation, p.run.runId, JSON.stringify(p.sketch), JSON.stringify(KEY_KIND_NAMES), p.hasKeys, JSON.stringify(p.rowCounts), JSON.stringify(p.matchParams)],
        );
        const c = p.changes;
        await query(
          client,
          `UPDATE ${s}.runs SET status = 'succeeded', finished_at = now(), counts = $2, phases_ms = $3,
             clusters_created = $4, clusters_merged = $5, clusters_split = $6, clusters_unchanged = $7, clusters_changed = $8, clusters_dissolved = $9
           WHERE run_id = $1`,
          doing,
          [p.run.runId, JSON.stringify(p.counts), JSON.stringify(p.phases), c.created, c.merged, c.split, c.unchanged, c.changed, c.dissolved],
        );
      });
      return;
    } catch (err) {
      const state = (err as { details?: { sqlState?: string } }).details?.sqlState;
      if (attempt >= PUBLISH_ATTEMPTS || !hasCode(err, 'E_DB') || state === undefined || !RETRYABLE.has(state)) throw err;
    }
  }
}

/** SQLSTATE of CREATE OR REPLACE VIEW refusing to drop, rename or retype a column. */
const INVALID_TABLE_DEFINITION = '42P16';

/**
 * Points a view at generation `generation`. CREATE OR REPLACE keeps views that users built on ours, but
 * can only append columns; when a newer tool changed the columns otherwise, the view is dropped and
 * created again in the same transaction (which fails, naming them, if user views depend on it).
 */
async function replaceView(client: pg.Client, schema: string, set: ResultSet, generation: number, doing: string): Promise<void> {
  await query(client, 'SAVEPOINT replace_view', doing);
  try {
    await query(client, currentViewSql(schema, set, generation), doing);
  } catch (err) {
    if ((err as { details?: { sqlState?: string } }).details?.sqlState !== INVALID_TABLE_DEFINITION) throw err;
    await query(client, 'ROLLBACK TO SAVEPOINT replace_view', doing);
    await query(client, `DROP VIEW ${quoteIdent(schema)}.${quoteIdent(set)}`, doing);
    await query(client, currentViewSql(schema, set, generation), doing);
  }
  await query(client, 'RELEASE SAVEPOINT replace_view', doing);
}

/** Lock wait of a prune: a reader still on an old generation makes us skip it, not wait. */
const PRUNE_LOCK_TIMEOUT = '5s';

/**
 * Drops the tables of all but the newest `keep` published generations; returns the generations dropped.
 * Best effort, and never throws: it runs after the new generation is published, so a failure here must
 * not fail (and so undo) the run; whatever is left is pruned by the next run.
 */
export async function pruneGenerations(client: pg.Client, schema: string, keep: number): Promise<number[]> {
  const s = quoteIdent(schema);
  let old: pg.QueryResult<{ generation: number }>;
  try {
    old = await query<{ generation: number }>(
      client,
      `SELECT generation FROM ${s}.generations WHERE dropped_at IS NULL AND NOT is_current ORDER BY generation DESC OFFSET $1`,
      'listing old generations',
      [Math.max(keep - 1, 0)],
    );
  } catch {
    return [];
  }
  const dropped: number[] = [];
  for (const { generation } of old.rows) {
    try {
      await inTransaction(client, `dropping generation ${generation}`, async () => {
        await query(client, `SET LOCAL lock_timeout = '${PRUNE_LOCK_TIMEOUT}'`, 'pruning');
        await query(client, dropTablesSql(schema, generation), `dropping generation ${generation}`);
        await query(client, `UPDATE ${s}.generations SET dropped_at = now() WHERE generation = $1`, `dropping generation ${generation}`, [generation]);
      });
      dropped.push(generation);
    } catch {
      // A reader still holds it: the next run prunes it.
    }
  }
  return dropped;
}
