/**
 * One generation's tables: created, filled by COPY FROM STDIN and indexed, each in its own transaction
 * that creates the table, so that COPY can FREEZE its rows (no later hint-bit or freeze rewrite of a
 * table that is only ever read; https://www.postgresql.org/docs/current/sql-copy.html, "FREEZE"), and
 * indexes are built once after the load instead of row by row. None of this is visible to readers: the
 * views point at the tables only when the generation is published (publish-generation.ts).
 */
import type pg from 'pg';
import type { ScanResult } from '../scan/scan-corpus.js';
import { copyIn } from './copy-stream.js';
import { inTransaction, query } from './database.js';
import { COLUMNS, createIndexSqls, createTableSql, generationTable, type ResultSet } from './generation-tables.js';
import { clusterRows, keyRows, pairRows, rejectRows } from './result-rows.js';
import { quoteIdent } from './sql-names.js';

/**
 * Memory for index builds in the writing session: a 1M-record run's dedup index (~16M keys) sorts in
 * a few hundred MB; the server default (64MB) would spill it to disk. Per session, so any user may set it
 * (https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-MAINTENANCE-WORK-MEM).
 */
const INDEX_BUILD_MEMORY = '256MB';

export interface GenerationRows {
  schema: string;
  generation: number;
  result: ScanResult;
  /** merchant_id of every record of result.store. */
  ids: readonly string[];
  /** cluster_id of each cluster (stable across generations). */
  clusterIds: readonly string[];
  writeKeys: boolean;
  /** Called after each table is written, with the milliseconds it took (progress in the run row). */
  onTable: (set: ResultSet, ms: number) => Promise<void>;
}

export async function writeGeneration(client: pg.Client, g: GenerationRows): Promise<Record<ResultSet, number>> {
  await query(client, `SET maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`, 'preparing to write results');
  const { result, ids } = g;
  const sources: Record<ResultSet, () => Iterable<string>> = {
    pairs: () => pairRows(ids, result.pairs, result.pairOrder),
    clusters: () => clusterRows(ids, result.clusters, g.clusterIds),
    rejects: () => rejectRows(result.rejects),
    dedup_keys: () => (g.writeKeys ? keyRows(ids, result.keys, result.skip) : []),
  };
  const counts = { pairs: 0, clusters: 0, rejects: 0, dedup_keys: 0 };
  for (const set of Object.keys(sources) as ResultSet[]) {
    const started = performance.now();
    const table = `${quoteIdent(g.schema)}.${quoteIdent(generationTable(set, g.generation))}`;
    const doing = `writing ${set} of generation ${g.generation}`;
    counts[set] = await inTransaction(client, doing, async () => {
      await query(client, createTableSql(g.schema, set, g.generation), doing);
      const columns = COLUMNS[set].map(([n]) => quoteIdent(n)).join(', ');
      return copyIn(client, `COPY ${table} (${columns}) FROM STDIN (FREEZE)`, sources[set](), doing);
    });
    for (const sql of createIndexSqls(g.schema, set, g.generation)) await query(client, sql, `indexing ${set} of generation ${g.generation}`);
    // Statistics now, not at autovacuum's leisure: the first lookups after publishing plan with them.
    await query(client, `ANALYZE ${table}`, `analysing ${set} of generation ${g.generation}`);
    await g.onTable(set, Math.round(performance.now() - started));
  }
  return counts;
}
