import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { runScan, type ScanSummary } from '../scan/run-scan.js';
import { parseColumnMap } from './column-map-option.js';
import { positiveInt, unitInterval } from './option-parsers.js';
import { ProgressBar } from './progress-bar.js';

/** Average NDJSON record size, for the records/s estimate while ingesting by bytes. */
const APPROX_RECORD_BYTES = 340;

interface ScanCliOptions {
  input: string;
  out: string;
  threads?: number;
  threshold?: number;
  map?: Record<string, string>;
  stopOnError?: boolean;
  quiet?: boolean;
  json?: boolean;
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('Find duplicate merchants in a corpus: writes pairs.csv, clusters.csv, rejects.csv, summary.json')
    .requiredOption('--input <file>', 'merchant corpus, .ndjson/.jsonl or .csv')
    .requiredOption('--out <dir>', 'output directory (created if missing)')
    .option('--threads <n>', 'worker threads (default: available cores)', positiveInt('--threads'))
    .option('--threshold <t>', 'match score threshold in [0,1] (default 0.5)', unitInterval('--threshold'))
    .option('--map <pairs>', 'column mapping, e.g. name=shop_name,phone=tel', parseColumnMap)
    .option('--stop-on-error', 'stop at the first rejected record')
    .option('--quiet', 'print nothing on success')
    .option('--json', 'print the summary as one JSON object')
    .action(async (opts: ScanCliOptions) => {
      const bytes = (await stat(opts.input).catch(() => ({ size: 0 }))).size;
      const bar = opts.quiet || opts.json ? null : ProgressBar.forStderr(() => bytes / APPROX_RECORD_BYTES);
      const summary = await runScan({
        input: opts.input,
        outDir: opts.out,
        ...(opts.threads !== undefined && { threads: opts.threads }),
        ...(opts.threshold !== undefined && { threshold: opts.threshold }),
        ...(opts.map !== undefined && { columnMap: opts.map }),
        stopOnError: opts.stopOnError ?? false,
        ...(bar && { onProgress: (phase: string, done: number, total: number) => bar.update(phase, done, total) }),
      });
      bar?.finish();
      if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
      else if (!opts.quiet) process.stdout.write(oneLine(summary, opts.out) + '\n');
    });
}

export function oneLine(s: ScanSummary, out: string): string {
  const c = s.counts;
  return (
    `scanned ${c.read.toLocaleString('en-US')} records (${c.rejected} rejected) in ${(s.phases_ms.total! / 1000).toFixed(1)} s ` +
    `(${s.records_per_second.toLocaleString('en-US')}/s, ${s.threads} threads): ` +
    `${c.verified_pairs.toLocaleString('en-US')} duplicate pairs in ${c.clusters.toLocaleString('en-US')} clusters → ${out}`
  );
}
