import type { Command } from 'commander';
import { runDbScan, DEFAULT_KEEP, type DbScanOptions, type DbScanReport } from '../db/run-db-scan.js';
import { DEFAULT_TABLE, parseTableName } from '../db/sql-names.js';
import { DEFAULT_MAX_CHURN_PERCENT, parseChurnLimit } from '../db/churn-limit.js';
import { DedupError } from '../errors.js';
import { parseEncoding, type InputEncoding } from '../read/input-encoding.js';
import { DEFAULT_MAX_REJECTS, formatRejectLimit, parseRejectLimit, type RejectLimit } from '../scan/reject-limit.js';
import type { ColumnMap } from '../record/validate-record.js';
import { runScan, type ScanSummary } from '../scan/run-scan.js';
import { parseColumnMap } from './column-map-option.js';
import { addDbOptions, withDatabase } from './db-command.js';
import { positiveInt, unitInterval } from './option-parsers.js';
import { ProgressBar } from './progress-bar.js';

/** Parsed options of a PostgreSQL scan, shared by `scan --db` and `rebuild`. */
export interface DbScanCliOptions {
  db?: string;
  table?: string;
  query?: string;
  schema: string;
  keep: number;
  keys: boolean;
  unordered?: boolean;
  threads?: number;
  threshold?: number;
  map?: ColumnMap;
  maxRejects?: RejectLimit;
  maxChurn?: number;
  quiet?: boolean;
  json?: boolean;
}

interface ScanCliOptions extends DbScanCliOptions {
  input?: string;
  encoding?: InputEncoding;
  out?: string;
  stopOnError?: boolean;
}

/** Options of a PostgreSQL scan shared by `scan --db` and `rebuild`. */
export function addDbScanOptions(command: Command): Command {
  return addDbOptions(command)
    .option('--table <name>', `merchant table or view, optionally schema-qualified (default: ${DEFAULT_TABLE})`)
    .option('--query <sql>', 'a SELECT returning merchant columns, instead of --table')
    .option('--keep <k>', 'generations of results to keep, the new one included', positiveInt('--keep'), DEFAULT_KEEP)
    .option('--no-keys', 'do not persist the dedup index (blocking keys per merchant) of this generation')
    .option('--unordered', 'read the table in its physical order instead of merchant_id order (faster; record order may change between runs)')
    .option(
      '--max-churn <P%>',
      `fail, publishing nothing, when more than P% of the current generation's clusters would change or dissolve (default: ${DEFAULT_MAX_CHURN_PERCENT}%)`,
      (v: string) => parseChurnLimit(v),
    );
}

/** The reject guard's option, shared by every scan. */
export function addMaxRejectsOption(command: Command): Command {
  return command.option(
    '--max-rejects <N|P%>',
    `fail, publishing nothing, when more than N records (or P% of those read) are rejected (default: ${formatRejectLimit(DEFAULT_MAX_REJECTS)})`,
    (v: string) => parseRejectLimit(v),
  );
}

function addScanSettings(command: Command): Command {
  return addMaxRejectsOption(command)
    .option('--threads <n>', 'worker threads (default: available cores)', positiveInt('--threads'))
    .option('--threshold <t>', 'match score threshold in [0,1] (default 0.5)', unitInterval('--threshold'))
    .option('--map <pairs>', 'column mapping, e.g. name=shop_name,phone=tel', parseColumnMap)
    .option('--stop-on-error', 'stop at the first rejected record')
    .option('--quiet', 'print nothing on success')
    .option('--json', 'print the summary as one JSON object');
}

export function registerScan(program: Command): void {
  const command = program
    .command('scan')
    .description(
      'Find duplicate merchants in a corpus file (--input, writes pairs.csv, clusters.csv, rejects.csv, summary.json to --out) ' +
        'or in a PostgreSQL table (--db/--table/--query or DATABASE_URL, writes a new generation of result tables, and files with --out)',
    )
    .option('--input <file>', 'merchant corpus, .ndjson/.jsonl or .csv')
    .option('--out <dir>', 'output directory (created if missing)')
    .option('--encoding <name>', 'text encoding of --input: utf-8 (default) or gb18030 (also gbk, the usual Excel export in China)', (v: string) => parseEncoding(v));
  addScanSettings(addDbScanOptions(command)).action(async (opts: ScanCliOptions) => {
    const namesTable = opts.db !== undefined || opts.table !== undefined || opts.query !== undefined;
    if (opts.input !== undefined && namesTable) throw new DedupError('E_BAD_ARGS', 'give --input FILE or a table (--db, --table, --query), not both');
    const fromDb = opts.input === undefined && (namesTable || !!process.env.DATABASE_URL);
    const bar = opts.quiet || opts.json ? null : ProgressBar.forStderr();
    if (fromDb) {
      const report = await withDatabase(opts, (db) =>
        runDbScan(db, { ...dbScanOptions(opts), ...(bar && { onProgress: (phase: string, done: number, total: number, records: number) => bar.update(phase, done, total, records) }) }),
      );
      bar?.finish();
      printDbReport(report, opts);
      return;
    }
    if (opts.input === undefined) throw new DedupError('E_BAD_ARGS', 'scan needs --input FILE (with --out DIR), or a table: --db URL / DATABASE_URL with --table or --query');
    if (opts.out === undefined) throw new DedupError('E_BAD_ARGS', 'scan --input needs --out DIR');
    const summary = await runScan({
      input: opts.input,
      outDir: opts.out,
      ...(opts.encoding !== undefined && { encoding: opts.encoding }),
      ...settingsOf(opts),
      ...(bar && { onProgress: (phase: string, done: number, total: number, records: number) => bar.update(phase, done, total, records) }),
    });
    bar?.finish();
    if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else if (!opts.quiet) process.stdout.write(oneLine(summary, opts.out) + '\n');
  });
}

function settingsOf(opts: ScanCliOptions): Pick<DbScanOptions, 'threads' | 'threshold' | 'columnMap' | 'stopOnError' | 'maxRejects'> {
  return {
    ...(opts.maxRejects !== undefined && { maxRejects: opts.maxRejects }),
    ...(opts.threads !== undefined && { threads: opts.threads }),
    ...(opts.threshold !== undefined && { threshold: opts.threshold }),
    ...(opts.map !== undefined && { columnMap: opts.map }),
    stopOnError: opts.stopOnError ?? false,
  };
}

export function dbScanOptions(opts: Omit<ScanCliOptions, 'input'>): DbScanOptions {
  if (opts.table !== undefined && opts.query !== undefined) throw new DedupError('E_BAD_ARGS', 'give --table or --query, not both');
  return {
    ...(opts.query !== undefined ? { query: opts.query } : { table: parseTableName(opts.table ?? DEFAULT_TABLE) }),
    schema: opts.schema,
    keep: opts.keep,
    writeKeys: opts.keys,
    ...(opts.unordered && { ordered: false }),
    ...(opts.maxChurn !== undefined && { maxChurn: opts.maxChurn }),
    ...(opts.out !== undefined && { outDir: opts.out }),
    ...settingsOf(opts as ScanCliOptions),
  };
}

export function printDbReport(r: DbScanReport, opts: { json?: boolean; quiet?: boolean }): void {
  if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
  else if (!opts.quiet) process.stdout.write(oneLine(r.summary, `${r.schema} generation ${r.generation} (run ${r.runId})`) + '\n');
}

export function oneLine(s: ScanSummary, out: string): string {
  const c = s.counts;
  return (
    `scanned ${c.read.toLocaleString('en-US')} records (${c.rejected} rejected) in ${(s.phases_ms.total! / 1000).toFixed(1)} s ` +
    `(${s.records_per_second.toLocaleString('en-US')}/s, ${s.threads} threads): ` +
    `${c.verified_pairs.toLocaleString('en-US')} duplicate pairs in ${c.clusters.toLocaleString('en-US')} clusters → ${out}`
  );
}
