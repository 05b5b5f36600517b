/**
 * A scan from PostgreSQL to PostgreSQL: `merchant-dedup scan --db` and `merchant-dedup rebuild`.
 *
 *   write lock ─► schema migrations ─► close interrupted runs ─► run row (running, generation N)
 *     ─► review decisions (decision-table.ts), as cluster constraints
 *     ─► scan the table through COPY (scan/scan-corpus.ts); once records are ingested, while the workers
 *        block and verify: dedup index, records, rejects, warnings of generation N (two more sessions)
 *     ─► stable cluster ids against generation N-1 ─► [files with --out]
 *     ─► the other tables of generation N (COPY, indexes) ─► publish (one transaction)
 *     ─► drop generations beyond --keep
 *
 * Any failure marks the run failed and drops its tables; the previous generation stays current. The
 * write lock is held by the run's session from the first step to the last.
 */
import type { ClusterConstraints } from '../cluster/cluster-constraints.js';
import { decisionsToConstraints } from '../cluster/decisions-to-constraints.js';
import { DedupError } from '../errors.js';
import { PhaseProgress } from '../scan/phase-progress.js';
import { phaseTimer } from '../scan/phase-timer.js';
import { scanCorpus, type ScanResult, type ScanSummary } from '../scan/scan-corpus.js';
import type { SketchParams } from '../sketch/minhash-params.js';
import { DEFAULT_SHARD_BYTES, fillScanOptions, type ScanSettings } from '../scan/scan-options.js';
import { checkRejects, formatRejectLimit, type RejectLimit } from '../scan/reject-limit.js';
import { checkChurn, checkChurnLimitOption, DEFAULT_MAX_CHURN_PERCENT } from './churn-limit.js';
import { OutputDirLock } from '../write/output-files.js';
import { writeScanFiles } from '../write/write-scan-files.js';
import type { Database } from './database.js';
import { readDecisions } from './decision-table.js';
import type { ResultSet } from './generation-tables.js';
import { readPreviousClusters, type PreviousClusters } from './previous-clusters.js';
import { pruneGenerations, publishGeneration } from './publish-generation.js';
import { merchantIds, type MerchantIds } from './result-rows.js';
import { failRun, reapInterruptedRuns, recordProgress, startRun, type RunStart } from './run-log.js';
import { migrate } from './schema-migrations.js';
import { checkSchemaName, DEFAULT_SCHEMA, displayName, type TableName } from './sql-names.js';
import { stableClusterIds, type ClusterChanges, type StableIds } from './stable-cluster-ids.js';
import { openTableSource, type TableSource } from './table-source.js';
import { writeIngested, writeKeyCounts, writeScanned, type IngestedSet, type IngestSessions, type TableDone } from './write-generation.js';
import { acquireWriteLock, releaseWriteLock } from './write-lock.js';
import { DEFAULT_KEEP } from './keep-generations.js';

export interface DbScanOptions extends ScanSettings {
  /** Merchant table or view; give this or `query`. */
  table?: TableName;
  /** A SELECT returning merchant columns; give this or `table`. */
  query?: string;
  /** Schema of the tool's tables. @default 'merchant_dedup' */
  schema?: string;
  /** Generations to keep, the new one included. @default 3 */
  keep?: number;
  /** Persist the dedup index (blocking keys per merchant). @default true */
  writeKeys?: boolean;
  /** Also write the result files here. @default none */
  outDir?: string;
  /** Read a table in merchant_id order (see table-source.ts). @default true */
  ordered?: boolean;
  /**
   * The churn guard (churn-limit.ts): fail, publishing nothing, when more than this percentage of the
   * current generation's clusters would change or dissolve. @default 25
   */
  maxChurn?: number;
}

export interface DbScanReport {
  runId: number;
  generation: number;
  schema: string;
  summary: ScanSummary;
  changes: ClusterChanges;
  /** Generation the cluster ids were matched against; null on the first run. */
  previousGeneration: number | null;
  rowCounts: Record<ResultSet, number>;
  pruned: number[];
  interruptedRuns: number[];
}

export async function runDbScan(db: Database, o: DbScanOptions): Promise<DbScanReport> {
  const schema = checkSchemaName(o.schema ?? DEFAULT_SCHEMA);
  const keep = o.keep ?? DEFAULT_KEEP;
  if (!Number.isSafeInteger(keep) || keep < 1) throw new DedupError('E_BAD_ARGS', `options.keep must be a positive integer, got ${JSON.stringify(o.keep)}`);
  const { table, query: sql, schema: _s, keep: _k, writeKeys: _w, outDir, ordered, maxChurn: _c, ...settings } = o;
  const filled = fillScanOptions(settings); // validates every scan option before anything is written
  const maxChurn = checkChurnLimitOption(o.maxChurn ?? DEFAULT_MAX_CHURN_PERCENT);
  const writeKeys = o.writeKeys !== false;

  // A bad --out is a configuration error: found before connecting, so it leaves no failed run row.
  const outLock = outDir === undefined ? null : await OutputDirLock.acquire(outDir);
  try {
    return await locked();
  } finally {
    await outLock?.release();
  }

  async function locked(): Promise<DbScanReport> {
    const client = await db.connect();
    try {
      await migrate(client, schema);
      await acquireWriteLock(client, schema);
      try {
        const interruptedRuns = await reapInterruptedRuns(client, schema);
        const source = table ? `postgres:${displayName(table)}` : 'postgres:query';
        const options = {
          ...(table && { table: displayName(table) }),
          ...(sql !== undefined && { query: sql }),
          column_map: o.columnMap ?? null,
          threads: filled.threads,
          threshold: filled.threshold,
          bucket_cap: filled.bucketCap,
          window: filled.window,
          sketch: filled.sketch,
          stop_on_error: filled.stopOnError,
          max_rejects: formatRejectLimit(filled.maxRejects),
          max_churn: `${maxChurn}%`,
          keep,
          write_keys: writeKeys,
          out_dir: outDir ?? null,
        };
        // Opened (its columns checked, a --query parsed) before the run row: a missing table or column, or
        // a bad query, is a configuration error (exit 2) that records no failed run.
        const tableSource = await openTableSource(db, {
          ...(table && { table }),
          ...(sql !== undefined && { query: sql }),
          ...(settings.columnMap && { columnMap: settings.columnMap }),
          chunkBytes: settings.shardBytes ?? DEFAULT_SHARD_BYTES,
          ...(ordered !== undefined && { ordered }),
          // A table rebuild includes the merchants registered online since (docs/online-check.md).
          ...(table && { registrations: schema }),
        });
        try {
          const run = await startRun(client, schema, source, options);
          const phases: Record<string, number> = {};
          try {
            // Read under the write lock: a decision recorded later is honoured by the next run.
            const decisions = await readDecisions(client, schema);
            const constraints = decisionsToConstraints(decisions);
            const report = await execute(db, client, schema, run, phases, tableSource, {
              settings,
              outDir,
              writeKeys,
              keep,
              sketch: filled.sketch,
              maxRejects: filled.maxRejects,
              maxChurn,
              constraints,
              decisions: decisions.length,
            });
            return { ...report, interruptedRuns };
          } catch (err) {
            await failRun(client, schema, run, err, phases).catch(() => undefined);
            throw err;
          }
        } finally {
          await tableSource.close();
        }
      } finally {
        await releaseWriteLock(client, schema);
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

interface Plan {
  settings: ScanSettings;
  outDir: string | undefined;
  writeKeys: boolean;
  keep: number;
  sketch: SketchParams;
  maxRejects: RejectLimit;
  maxChurn: number;
  constraints: ClusterConstraints;
  /** Review decisions the constraints were compiled from. */
  decisions: number;
}

async function execute(
  db: Database,
  client: Awaited<ReturnType<Database['connect']>>,
  schema: string,
  run: RunStart,
  phases: Record<string, number>,
  source: TableSource,
  p: Plan,
): Promise<Omit<DbScanReport, 'interruptedRuns'>> {
  const started = performance.now();
  // The phases after the scan (stable ids, files, tables, publishing) start and end on the progress display too.
  const { timed } = phaseTimer(phases, new PhaseProgress(p.settings.onProgress ?? null).onPhase);
  const elapsed = (): Record<string, number> => ({ ...phases, total: Math.round(performance.now() - started) });

  const onTable: TableDone = async (set, ms, session) => {
    phases[`write_${set}`] = ms;
    await recordProgress(session, schema, run.runId, phases);
  };
  // The tables whose rows are known once records are ingested (the dedup index, records, rejects, warnings)
  // are written on two sessions of their own while the workers block and verify (write-generation.ts).
  // Opened before the scan, so that a refused connection costs no scan.
  const sessions = await openIngestSessions(db);
  const early: { ids: MerchantIds | null; written: Promise<Record<IngestedSet, number>> | null } = { ids: null, written: null };
  let result: ScanResult;
  let rowCounts: Record<ResultSet, number>;
  let previous: PreviousClusters;
  let stable: StableIds;
  try {
    try {
      // The SELECT already names every field after the contract: the workers need no column map.
      const { columnMap: _m, ...settings } = p.settings;
      // The generation's records table is filled from what the workers validated (store/record-arena.ts).
      result = await scanCorpus(source.source, { ...settings, keepRecords: true, keepKeyCounts: p.writeKeys }, p.constraints, null, {
        onIngested: (corpus) => {
          early.ids = merchantIds(corpus.store);
          early.written = writeIngested(sessions, schema, run.generation, corpus, early.ids, p.writeKeys, onTable);
          // Observed below; until then a failure must not count as unhandled.
          early.written.catch(() => undefined);
        },
      });
    } finally {
      await source.close();
    }
    const { total: _scanTotal, ...scanPhases } = result.summary.phases_ms;
    Object.assign(phases, scanPhases);
    checkRejects(result.summary.input, result.summary.counts, p.maxRejects, result.rejects);

    const ids = early.ids ?? merchantIds(result.store);
    ({ previous, stable } = await timed('stable_ids', async () => {
      const previous = await readPreviousClusters(client, schema);
      const clusters = result.clusters.members.map((m, c) => ({ members: Array.from(m, (g) => ids.raw[g]!), scanId: result.clusterIds[c]! }));
      return { previous, stable: stableClusterIds(clusters, previous.membership) };
    }));
    checkChurn(previous.generation, stable.changes, new Set(previous.membership.values()).size, p.maxChurn);
    const withIds: ScanResult = { ...result, clusterIds: stable.ids };
    if (p.outDir !== undefined) await timed('files', () => writeScanFiles(withIds, p.outDir!));
    rowCounts = await timed('write_tables', async () => {
      const waited = performance.now();
      const ingested = await (early.written ?? Promise.reject(new Error('the scan ended without handing over its ingested records')));
      // How long the tables written during the scan outlasted it.
      phases.write_ingested_wait = Math.round(performance.now() - waited);
      // Both settle before either failure is reported: no statement of this run may still be on its way
      // when the caller drops the run's tables.
      const [keyCounts, scanned] = await Promise.allSettled([
        writeKeyCounts(sessions.keys, schema, run.generation, withIds, p.writeKeys, onTable),
        writeScanned(client, schema, run.generation, withIds, ids, stable.ids, onTable),
      ]);
      if (keyCounts.status === 'rejected') throw keyCounts.reason;
      if (scanned.status === 'rejected') throw scanned.reason;
      return { ...ingested, ...scanned.value, key_counts: keyCounts.value };
    });
  } finally {
    // On failure this ends the writers' COPY mid-way (their transactions roll back) and waits until they
    // stopped, so the run's tables can be dropped at once and none is committed after.
    await Promise.all([sessions.keys.end().catch(() => undefined), sessions.records.end().catch(() => undefined)]);
    await early.written?.catch(() => undefined);
  }
  const counts = { ...result.summary.counts, rows_copied: source.rows(), decisions: p.decisions, decision_overrides: result.summary.decision_overrides };
  await timed('publish', () =>
    publishGeneration(client, { schema, run, sketch: p.sketch, matchParams: result.params, hasKeys: p.writeKeys, rowCounts, counts, phases: elapsed(), changes: stable.changes }),
  );
  const pruned = await timed('prune', () => pruneGenerations(client, schema, p.keep));
  const finalPhases = elapsed();
  return {
    runId: run.runId,
    generation: run.generation,
    schema,
    summary: {
      ...result.summary,
      parameters: { ...result.summary.parameters, column_map: p.settings.columnMap ?? null },
      phases_ms: finalPhases,
      records_per_second: Math.round(result.summary.counts.read / (finalPhases.total! / 1000)),
    },
    changes: stable.changes,
    previousGeneration: previous.generation,
    rowCounts,
    pruned,
  };
}

async function openIngestSessions(db: Database): Promise<IngestSessions> {
  const keys = await db.connect();
  try {
    return { keys, records: await db.connect() };
  } catch (err) {
    await keys.end().catch(() => undefined);
    throw err;
  }
}
