/**
 * A scan from a file to files: the `merchant-dedup scan` command. Outputs are written under temporary
 * names and renamed only once everything succeeded (see write/output-files.ts).
 */
import { DedupError } from '../errors.js';
import { formatFromPath } from '../read/input-format.js';
import { writeScanFiles } from '../write/write-scan-files.js';
import { PhaseProgress } from './phase-progress.js';
import type { ProgressListener } from './progress-event.js';
import { scanCorpus, type ScanResult, type ScanSummary } from './scan-corpus.js';
import type { ScanOptions } from './scan-options.js';

export type { ScanSummary } from './scan-corpus.js';

export async function runScan(options: ScanOptions): Promise<ScanSummary> {
  const { input, outDir, format, ...settings } = options;
  if (typeof input !== 'string' || input === '') throw new DedupError('E_BAD_ARGS', `options.input must be a file path, got ${JSON.stringify(input)}`);
  if (typeof outDir !== 'string' || outDir === '') throw new DedupError('E_BAD_ARGS', `options.outDir must be a directory path, got ${JSON.stringify(outDir)}`);
  const fmt = format ?? formatFromPath(input);
  if (!fmt) throw new DedupError('E_BAD_ARGS', `cannot tell the format of ${input}: name it .ndjson, .jsonl or .csv`, { file: input });
  const result = await scanCorpus({ kind: 'file', path: input, format: fmt }, settings);
  return writeFilesWithProgress(result, outDir, settings.onProgress);
}

/** Writes the result files as the `write` phase of the run's progress, counted in rows written. */
export async function writeFilesWithProgress(result: ScanResult, outDir: string, onProgress?: ProgressListener | null): Promise<ScanSummary> {
  const progress = new PhaseProgress(onProgress ?? null);
  progress.start('write');
  const summary = await writeScanFiles(result, outDir);
  const clusterRows = result.clusters.members.reduce((n, m) => n + m.length, 0);
  progress.end(result.pairs.count + clusterRows + result.rejects.length + result.warnings.length);
  return summary;
}
