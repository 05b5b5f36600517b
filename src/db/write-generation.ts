/**
 * One generation's tables: each created, filled by COPY FROM STDIN and indexed in its own transaction
 * that creates the table, so that COPY can FREEZE its rows (no later hint-bit or freeze rewrite of a
 * table that is only ever read; https://www.postgresql.org/docs/current/sql-copy.html, "FREEZE"), and
 * indexes are built once after the load instead of row by row. None of this is visible to readers: the
 * views point at the tables only when the generation is published (publish-generation.ts).
 *
 * The dedup index (~16 rows per merchant, most of a generation's bytes) is written on a session of its
 * own while the other tables are written, so that two server processes work at once.
 */
import type pg from 'pg';
import type { ScanResult } from '../scan/scan-corpus.js';
import { copyIn } from './copy-stream.js';
import { inTransaction, query } from './database.js';
import { COLUMNS, createIndexSqls, createTableSql, generationTable, type ResultSet } from './generation-tables.js';
import { clusterRows, keyCountRows, keyRows, pairRows, rejectRows, type MerchantIds } from './result-rows.js';
import { riskAlertRows, riskMemberRows } from './risk-copy-rows.js';
import { quoteIdent } from './sql-names.js';

/**
 * Memory for index builds in a writing session: a 1M-record run's dedup index (~16M keys) sorts in a few
 * hundred MB; the server default (64MB) would spill it to disk. Per session, so any user may set it
 * (https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-MAINTENANCE-WORK-MEM).
 */
const INDEX_BUILD_MEMORY = '256MB';

export type TableDone = (set: ResultSet, ms: number, client: pg.Client) => Promise<void>;

/** Writes pairs, clusters, rejects, warnings and risk alerts of a generation on `client`; returns their row counts. */
export async function writeResults(
  client: pg.Client,
  schema: string,
  generation: number,
  result: ScanResult,
  ids: MerchantIds,
  clusterIds: readonly string[],
  onTable: TableDone,
): Promise<Record<'pairs' | 'clusters' | 'rejects' | 'warnings' | 'risk_alerts' | 'risk_members', number>> {
  const sources = {
    pairs: () => pairRows(ids, result.pairs, result.pairOrder),
    clusters: () => clusterRows(ids, result.clusters, clusterIds),
    rejects: () => rejectRows(result.rejects),
    // The same (line, merchant_id, field, reason) rows as rejects.
    warnings: () => rejectRows(result.warnings),
    risk_alerts: () => riskAlertRows(result.risk),
    risk_members: () => riskMemberRows(result.store, result.risk, clusterIds),
  };
  const counts = { pairs: 0, clusters: 0, rejects: 0, warnings: 0, risk_alerts: 0, risk_members: 0 };
  for (const set of ['pairs', 'clusters', 'rejects', 'warnings', 'risk_alerts', 'risk_members'] as const) {
    counts[set] = await writeResultSet(client, schema, set, generation, sources[set](), 'text', onTable);
  }
  return counts;
}

/** Writes the dedup index of a generation and its key counts (both empty with `writeKeys` false) on `client`. */
export async function writeKeys(
  client: pg.Client,
  schema: string,
  generation: number,
  result: ScanResult,
  ids: MerchantIds,
  writeKeys: boolean,
  onTable: TableDone,
): Promise<Record<'dedup_keys' | 'key_counts', number>> {
  const dedupKeys = await writeResultSet(client, schema, 'dedup_keys', generation, writeKeys ? keyRows(ids, result.keys, result.skip) : [], writeKeys ? 'binary' : 'text', onTable);
  const keyCounts = await writeResultSet(client, schema, 'key_counts', generation, writeKeys ? keyCountRows(result.keyCounts) : [], 'text', onTable);
  return { dedup_keys: dedupKeys, key_counts: keyCounts };
}

/** Creates one result table of a generation, fills it in one transaction, indexes and analyses it. */
export async function writeResultSet(
  client: pg.Client,
  schema: string,
  set: ResultSet,
  generation: number,
  rows: Iterable<string | Buffer>,
  format: 'text' | 'binary',
  onTable?: TableDone,
): Promise<number> {
  const started = performance.now();
  const table = `${quoteIdent(schema)}.${quoteIdent(generationTable(set, generation))}`;
  const doing = `writing ${set} of generation ${generation}`;
  await query(client, `SET maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`, doing);
  const count = await inTransaction(client, doing, async () => {
    await query(client, createTableSql(schema, set, generation), doing);
    const columns = COLUMNS[set].map(([n]) => quoteIdent(n)).join(', ');
    return copyIn(client, `COPY ${table} (${columns}) FROM STDIN (FREEZE${format === 'binary' ? ', FORMAT binary' : ''})`, rows, doing);
  });
  for (const sql of createIndexSqls(schema, set, generation)) await query(client, sql, `indexing ${set} of generation ${generation}`);
  // Statistics now, not at autovacuum's leisure: the first lookups after publishing plan with them.
  await query(client, `ANALYZE ${table}`, `analysing ${set} of generation ${generation}`);
  await onTable?.(set, Math.round(performance.now() - started), client);
  return count;
}
