/**
 * A scan from a file to files: the `merchant-dedup scan` command. The output directory is checked and
 * locked before the input is read; outputs are written under temporary names and committed as one set,
 * manifest last, only once everything succeeded and the reject guard passed (see write/output-files.ts).
 * pairs.csv is written from the moment the pairs are final, while a worker clusters (ScanHooks.onPairs):
 * a scan that fails after that removes it with the rest.
 */
import { DedupError } from '../errors.js';
import { transcodeToUtf8, type TranscodedInput } from '../read/input-encoding.js';
import { formatFromPath } from '../read/input-format.js';
import { OutputDirLock } from '../write/output-files.js';
import { ScanFiles } from '../write/write-scan-files.js';
import { FORMAT_HERE, type RowFormatter } from '../write/row-formatter.js';
import { NO_CONSTRAINTS } from '../cluster/cluster-constraints.js';
import { WorkerPool } from '../pool/worker-pool.js';
import { poolRowFormatter } from './pool-row-formatter.js';
import { PhaseProgress } from './phase-progress.js';
import type { ProgressListener } from './progress-event.js';
import { scanCorpus, type ScanHooks, type ScanResult, type ScanSummary } from './scan-corpus.js';
import { checkRejects } from './reject-limit.js';
import { fillScanOptions, type ScanOptions } from './scan-options.js';

export type { ScanSummary } from './scan-corpus.js';

export async function runScan(options: ScanOptions): Promise<ScanSummary> {
  const { input, outDir, format, encoding, ...settings } = options;
  if (typeof input !== 'string' || input === '') throw new DedupError('E_BAD_ARGS', `options.input must be a file path, got ${JSON.stringify(input)}`);
  if (typeof outDir !== 'string' || outDir === '') throw new DedupError('E_BAD_ARGS', `options.outDir must be a directory path, got ${JSON.stringify(outDir)}`);
  const fmt = format ?? formatFromPath(input);
  if (!fmt) throw new DedupError('E_BAD_ARGS', `cannot tell the format of ${input}: name it .ndjson, .jsonl or .csv`, { file: input });
  const filled = fillScanOptions(settings);
  // Before reading a byte of input: a bad --out or a concurrent scan into it fails at once.
  const lock = await OutputDirLock.acquire(outDir);
  let transcoded: TranscodedInput | null = null;
  try {
    if (encoding !== undefined && encoding !== 'utf-8') transcoded = await transcodeToUtf8(input, encoding);
    // One pool for the scan and the write phase: the workers also format the large files' rows.
    const pool = new WorkerPool({ threads: filled.threads });
    let files: ScanFiles | null = null;
    try {
      files = await ScanFiles.create(outDir, poolRowFormatter(pool, filled.threads));
      const early = files;
      // pairs.csv is written while a worker clusters and the risk phase runs: it needs only the pairs;
      // clusters.csv while a worker joins the risk alerts.
      const hooks: ScanHooks = {
        onPairs: (store, pairs, order) => early.startPairs(store, pairs, order),
        onClusters: (store, clusters) => early.startClusters(store, clusters),
      };
      const result = await scanCorpus({ kind: 'file', path: transcoded?.path ?? input, format: fmt }, settings, NO_CONSTRAINTS, pool, hooks);
      // Messages and summary.json name the user's file, not the transcoded copy.
      if (transcoded !== null) result.summary.input = input;
      checkRejects(input, result.summary.counts, filled.maxRejects, result.rejects);
      const summary = await finishWithProgress(result, files, settings.onProgress);
      files = null;
      return summary;
    } finally {
      // A failed scan or write leaves nothing behind (finish has discarded on its own failures).
      await files?.discard();
      await pool.close();
    }
  } finally {
    await transcoded?.cleanup();
    await lock.release();
  }
}

/** Writes the result files as the `write` phase of the run's progress, counted in rows written. */
export async function writeFilesWithProgress(result: ScanResult, outDir: string, onProgress?: ProgressListener | null, rows: RowFormatter = FORMAT_HERE): Promise<ScanSummary> {
  return finishWithProgress(result, await ScanFiles.create(outDir, rows), onProgress);
}

async function finishWithProgress(result: ScanResult, files: ScanFiles, onProgress?: ProgressListener | null): Promise<ScanSummary> {
  const progress = new PhaseProgress(onProgress ?? null);
  progress.start('write');
  const summary = await files.finish(result);
  const clusterRows = result.clusters.members.reduce((n, m) => n + m.length, 0);
  progress.end(result.pairs.count + clusterRows + result.rejects.length + result.warnings.length);
  return summary;
}
