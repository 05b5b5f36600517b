/**
 * A scan from a file to files: the `merchant-dedup scan` command. Outputs are written under temporary
 * names and renamed only once everything succeeded (see write/output-files.ts).
 */
import { DedupError } from '../errors.js';
import { formatFromPath } from '../read/input-format.js';
import { writeScanFiles } from '../write/write-scan-files.js';
import { scanCorpus, type ScanSummary } from './scan-corpus.js';
import { checkRejects } from './reject-limit.js';
import { fillScanOptions, type ScanOptions } from './scan-options.js';

export type { ScanSummary } from './scan-corpus.js';

export async function runScan(options: ScanOptions): Promise<ScanSummary> {
  const { input, outDir, format, ...settings } = options;
  if (typeof input !== 'string' || input === '') throw new DedupError('E_BAD_ARGS', `options.input must be a file path, got ${JSON.stringify(input)}`);
  if (typeof outDir !== 'string' || outDir === '') throw new DedupError('E_BAD_ARGS', `options.outDir must be a directory path, got ${JSON.stringify(outDir)}`);
  const fmt = format ?? formatFromPath(input);
  if (!fmt) throw new DedupError('E_BAD_ARGS', `cannot tell the format of ${input}: name it .ndjson, .jsonl or .csv`, { file: input });
  const result = await scanCorpus({ kind: 'file', path: input, format: fmt }, settings);
  checkRejects(input, result.summary.counts, fillScanOptions(settings).maxRejects, result.rejects);
  return writeScanFiles(result, outDir);
}
