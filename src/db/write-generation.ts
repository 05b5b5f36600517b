/**
 * One generation's tables: each created, filled by COPY FROM STDIN and indexed in its own transaction
 * that creates the table, so that COPY can FREEZE its rows (no later hint-bit or freeze rewrite of a
 * table that is only ever read; https://www.postgresql.org/docs/current/sql-copy.html, "FREEZE"), and
 * indexes are built once after the load instead of row by row. None of this is visible to readers: the
 * views point at the tables only when the generation is published (publish-generation.ts).
 *
 * The tables whose rows are known once records are ingested (the dedup index, ~16 rows a merchant and most
 * of a generation's bytes; the records; rejects and warnings) are written by `writeIngested` on two
 * sessions of their own while the workers block and verify; the rest by `writeScanned` once the scan is
 * done. The big tables go in COPY's binary format (copy-binary.ts), the others as text.
 */
import type pg from 'pg';
import type { IngestedCorpus, ScanResult } from '../scan/scan-corpus.js';
import { copyIn } from './copy-stream.js';
import { inTransaction, query } from './database.js';
import { COLUMNS, createIndexSqls, createTableSql, generationTable, type ResultSet } from './generation-tables.js';
import { clusterRows, keyCountRows, keyRows, pairRows, recordRows, rejectRows, type MerchantIds } from './result-rows.js';
import { riskAlertRows, riskMemberRows } from './risk-copy-rows.js';
import { quoteIdent } from './sql-names.js';

/**
 * Memory for index builds in a writing session: a 1M-record run's dedup index (~16M keys) sorts in a few
 * hundred MB; the server default (64MB) would spill it to disk. Per session, so any user may set it
 * (https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-MAINTENANCE-WORK-MEM).
 */
const INDEX_BUILD_MEMORY = '256MB';

export type TableDone = (set: ResultSet, ms: number, client: pg.Client) => Promise<void>;

/** The sessions that write while the scan runs: one for the dedup index, one for the records. */
export interface IngestSessions {
  keys: pg.Client;
  records: pg.Client;
}

export type IngestedSet = 'dedup_keys' | 'records' | 'rejects' | 'warnings';
export type ScannedSet = 'pairs' | 'clusters' | 'risk_alerts' | 'risk_members';

/**
 * Writes what is known once records are ingested: the dedup index (empty with `writeKeys` false) on one
 * session, the records, rejects and warnings on the other; returns their row counts. Each session's
 * tables are written one after the other, the two sessions at once.
 */
export async function writeIngested(
  sessions: IngestSessions,
  schema: string,
  generation: number,
  corpus: IngestedCorpus,
  ids: MerchantIds,
  writeKeys: boolean,
  onTable: TableDone,
): Promise<Record<IngestedSet, number>> {
  // An empty binary COPY is not a valid file (it lacks the signature): an empty table is copied as text.
  const keys = writeResultSet(sessions.keys, schema, 'dedup_keys', generation, writeKeys ? keyRows(ids, corpus.keys, corpus.skip) : [], writeKeys ? 'binary' : 'text', onTable);
  const others = (async () => {
    const c = sessions.records;
    const r = corpus.records;
    const records = await writeResultSet(c, schema, 'records', generation, r === null ? [] : recordRows(ids, r, corpus.skip), r === null ? 'text' : 'binary', onTable);
    const rejects = await writeResultSet(c, schema, 'rejects', generation, rejectRows(corpus.rejects), 'text', onTable);
    // The same (line, merchant_id, field, reason) rows as rejects.
    const warnings = await writeResultSet(c, schema, 'warnings', generation, rejectRows(corpus.warnings), 'text', onTable);
    return { records, rejects, warnings };
  })();
  // Both settle before this returns, failed or not: the caller may end the sessions and drop the tables.
  const [k, o] = await Promise.allSettled([keys, others]);
  if (k.status === 'rejected') throw k.reason;
  if (o.status === 'rejected') throw o.reason;
  return { dedup_keys: k.value, ...o.value };
}

/** Writes pairs, clusters and risk alerts of a generation on `client`; returns their row counts. */
export async function writeScanned(
  client: pg.Client,
  schema: string,
  generation: number,
  result: ScanResult,
  ids: MerchantIds,
  clusterIds: readonly string[],
  onTable: TableDone,
): Promise<Record<ScannedSet, number>> {
  const sources = {
    pairs: () => pairRows(ids, result.pairs, result.pairOrder),
    clusters: () => clusterRows(ids, result.clusters, clusterIds),
    risk_alerts: () => riskAlertRows(result.risk),
    risk_members: () => riskMemberRows(result.store, result.risk, clusterIds),
  };
  const counts = { pairs: 0, clusters: 0, risk_alerts: 0, risk_members: 0 };
  for (const set of ['pairs', 'clusters', 'risk_alerts', 'risk_members'] as const) {
    counts[set] = await writeResultSet(client, schema, set, generation, sources[set](), 'text', onTable);
  }
  return counts;
}

/** Writes the key counts of a generation (empty with `writeKeys` false) on `client`; returns their row count. */
export async function writeKeyCounts(client: pg.Client, schema: string, generation: number, result: ScanResult, writeKeys: boolean, onTable: TableDone): Promise<number> {
  return writeResultSet(client, schema, 'key_counts', generation, writeKeys ? keyCountRows(result.keyCounts) : [], writeKeys ? 'binary' : 'text', onTable);
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
  // One transaction from CREATE TABLE to ANALYZE: one commit a table, and nothing of it left committed by a
  // run that dies half-way. Its commit need not wait for the WAL flush (SET LOCAL: this transaction only):
  // publishing commits synchronously later, and that flush covers every earlier commit of the run
  // (https://www.postgresql.org/docs/current/wal-async-commit.html).
  const count = await inTransaction(client, doing, async () => {
    await query(client, 'SET LOCAL synchronous_commit = off', doing);
    await query(client, createTableSql(schema, set, generation), doing);
    const columns = COLUMNS[set].map(([n]) => quoteIdent(n)).join(', ');
    const n = await copyIn(client, `COPY ${table} (${columns}) FROM STDIN (FREEZE${format === 'binary' ? ', FORMAT binary' : ''})`, rows, doing);
    for (const sql of createIndexSqls(schema, set, generation)) await query(client, sql, `indexing ${set} of generation ${generation}`);
    // Statistics now, not at autovacuum's leisure: the first lookups after publishing plan with them.
    await query(client, `ANALYZE ${table}`, `analysing ${set} of generation ${generation}`);
    return n;
  });
  await onTable?.(set, Math.round(performance.now() - started), client);
  return count;
}
