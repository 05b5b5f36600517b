/**
 * `scan --dry-run` (or `--no-publish`) from PostgreSQL: the same read and scan as run-db-scan.ts, and the
 * result files with `--out`, but nothing written to the database: no run row, no generation, no write
 * lock, no schema migration. A trial of a `--query` or of new settings leaves the current generation,
 * which the onboarding check answers from, exactly as it was.
 */
import { writeFilesWithProgress } from '../scan/run-scan.js';
import { scanCorpus, type ScanSummary } from '../scan/scan-corpus.js';
import { DEFAULT_SHARD_BYTES, fillScanOptions } from '../scan/scan-options.js';
import type { Database } from './database.js';
import type { DbScanOptions } from './run-db-scan.js';
import { openTableSource } from './table-source.js';

export async function runTrialScan(db: Database, o: DbScanOptions): Promise<ScanSummary> {
  const { table, query, schema: _s, keep: _k, writeKeys: _w, outDir, ordered, ...settings } = o;
  fillScanOptions(settings); // validates every scan option before the database is read
  const source = await openTableSource(db, {
    ...(table && { table }),
    ...(query !== undefined && { query }),
    ...(settings.columnMap && { columnMap: settings.columnMap }),
    chunkBytes: settings.shardBytes ?? DEFAULT_SHARD_BYTES,
    ...(ordered !== undefined && { ordered }),
  });
  let summary: ScanSummary;
  try {
    // The SELECT already names every field after the contract: the workers need no column map.
    const { columnMap: _m, ...scanSettings } = settings;
    const result = await scanCorpus(source.source, scanSettings);
    summary = outDir === undefined ? result.summary : await writeFilesWithProgress(result, outDir, settings.onProgress);
  } finally {
    await source.close();
  }
  return { ...summary, parameters: { ...summary.parameters, column_map: settings.columnMap ?? null, dry_run: true } };
}
