import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { readWeightsFile } from '../match/weights-file.js';
import type { DbScanOptions, DbScanReport } from '../db/run-db-scan.js';
import { DEFAULT_KEEP } from '../db/keep-generations.js';
import { DEFAULT_SCHEMA, DEFAULT_TABLE, checkSchemaName, parseTableName } from '../db/sql-names.js';
import { DEFAULT_MAX_CHURN_PERCENT, parseChurnLimit } from '../db/churn-limit.js';
import { DedupError } from '../errors.js';
import { parseEncoding, type InputEncoding } from '../read/input-encoding.js';
import type { LineCounts } from '../read/parse-chunk.js';
import { DEFAULT_MAX_REJECTS, formatRejectLimit, parseRejectLimit, type RejectLimit } from '../scan/reject-limit.js';
import type { ColumnMap } from '../record/validate-record.js';
import { runScan, type ScanSummary } from '../scan/run-scan.js';
import { parseColumnMap } from './column-map-option.js';
import { readConfigFile, type ConfigFile } from './config-file.js';
import { addDbOptions, withDatabase } from './db-command.js';
import { parseSourcePrefixes, positiveInt, positiveNumber, unitInterval } from './option-parsers.js';
import { ProgressReporter } from './progress-reporter.js';

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
  bucketCap?: number;
  window?: number;
  bestMatch?: [string, string];
  map?: ColumnMap;
  stopOnError?: boolean;
  maxRejects?: RejectLimit;
  maxChurn?: number;
  config?: string;
  /** A weights file from `train`. */
  weights?: string;
  heartbeat?: number;
  quiet?: boolean;
  json?: boolean;
}

interface ScanCliOptions extends DbScanCliOptions {
  input?: string;
  encoding?: InputEncoding;
  out?: string;
  dryRun?: boolean;
  publish: boolean;
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

/** The input file's text encoding: `scan --input` and `load`. */
export function addEncodingOption(command: Command, what: string): Command {
  return command.option('--encoding <name>', `text encoding of ${what}: utf-8 (default) or gb18030 (also gbk, the usual Excel export in China)`, (v: string) => parseEncoding(v));
}

/** The reject guard's option, shared by every scan and by load. */
export function addMaxRejectsOption(command: Command): Command {
  return command.option(
    '--max-rejects <N|P%>',
    `fail, publishing nothing, when more than N records (or P% of those read) are rejected (default: ${formatRejectLimit(DEFAULT_MAX_REJECTS)})`,
    (v: string) => parseRejectLimit(v),
  );
}

/** How to scan, whatever the source: shared by `scan` and `rebuild`. */
export function addScanSettings(command: Command): Command {
  return addMaxRejectsOption(command)
    .option('--config <file>', 'JSON file of settings (threshold, threads, bucket_cap, window, map, stop_on_error, table, query, schema, keep, weights); flags win')
    .option('--weights <file>', 'score with a weights file fitted by `merchant-dedup train` (default: the hand-set weights)')
    .option('--threads <n>', 'worker threads (default: available cores)', positiveInt('--threads'))
    .option('--threshold <t>', 'match score threshold in [0,1] (default 0.5)', unitInterval('--threshold'))
    .option('--bucket-cap <n>', 'largest blocking bucket whose pairs are all compared; larger ones are windowed (default 100)', positiveInt('--bucket-cap'))
    .option('--window <n>', 'sorted-neighbourhood window in capped buckets (default 8)', positiveInt('--window'))
    .option('--best-match <a,b>', 'linkage of two sources (merchant_id prefixes): keep only each record\'s clearly best cross-source pairs (default: off)', parseSourcePrefixes('--best-match'))
    .option('--map <pairs>', 'column mapping, e.g. name=shop_name,phone=tel', parseColumnMap)
    .option('--stop-on-error', 'stop at the first rejected record')
    .option('--heartbeat <seconds>', 'without a terminal, print a progress line this often (default 30)', positiveNumber('--heartbeat'))
    .option('--quiet', 'print nothing on success, and no progress')
    .option('--json', 'print the summary as one JSON object (progress still goes to stderr)');
}

/** Config-file key → option name, for the settings a config file may give. */
const CONFIG_OPTIONS: Readonly<Record<keyof ConfigFile, keyof ScanCliOptions>> = {
  threshold: 'threshold',
  threads: 'threads',
  bucket_cap: 'bucketCap',
  window: 'window',
  map: 'map',
  stop_on_error: 'stopOnError',
  table: 'table',
  query: 'query',
  schema: 'schema',
  keep: 'keep',
  weights: 'weights',
};

/**
 * The options with the config file's settings filled in where the command line gave none (a flag wins,
 * a default does not). Validated once, here: a bad file fails before anything runs.
 */
export function withConfig<T extends DbScanCliOptions>(opts: T, command: Command): T {
  if (opts.config === undefined) return opts;
  const config = readConfigFile(opts.config);
  const out: Record<string, unknown> = { ...(opts as object) };
  for (const [key, option] of Object.entries(CONFIG_OPTIONS) as [keyof ConfigFile, string][]) {
    const value = config[key];
    if (value === undefined) continue;
    const source = command.getOptionValueSource(option);
    if (source === 'cli' || source === 'env') continue;
    // The file gives the table or the query; a flag for either wins over both.
    if ((key === 'table' || key === 'query') && (command.getOptionValueSource('table') === 'cli' || command.getOptionValueSource('query') === 'cli')) continue;
    out[option] =
      key === 'schema'
        ? checkSchemaName(value as string, `config file ${opts.config}: "schema"`)
        : key === 'weights'
          ? resolve(dirname(opts.config), value as string) // as a reader of the file expects: next to it
          : value;
  }
  return out as T;
}

/** The progress display of a command, or null with --quiet. */
export function reporterFor(opts: { quiet?: boolean; heartbeat?: number }): ProgressReporter | null {
  return opts.quiet ? null : ProgressReporter.forStderr(opts.heartbeat);
}

export function registerScan(program: Command): void {
  const command = program
    .command('scan')
    .description(
      'Find duplicate merchants in a corpus file (--input, writes pairs.csv, clusters.csv, rejects.csv, warnings.csv, summary.json to --out) ' +
        'or in a PostgreSQL table (--db/--table/--query or DATABASE_URL, writes a new generation of result tables, and files with --out)',
    )
    .option('--input <file>', 'merchant corpus, .ndjson/.jsonl or .csv')
    .option('--out <dir>', 'output directory (created if missing)')
    .option('--dry-run', 'database scans: read and scan, write files with --out, but write nothing to the database (the current generation stays)')
    .option('--no-publish', 'the same as --dry-run');
  addEncodingOption(command, '--input');
  addScanSettings(addDbScanOptions(command)).action(async (cliOpts: ScanCliOptions, cmd: Command) => {
    const opts = withConfig(cliOpts, cmd);
    const namesTable = opts.db !== undefined || opts.table !== undefined || opts.query !== undefined;
    if (opts.input !== undefined && namesTable) throw new DedupError('E_BAD_ARGS', 'give --input FILE or a table (--db, --table, --query), not both');
    const fromDb = opts.input === undefined && (namesTable || !!process.env.DATABASE_URL);
    const dryRun = opts.dryRun === true || opts.publish === false;
    if (fromDb) {
      const progress = reporterFor(opts);
      const options = { ...dbScanOptions(opts), ...(progress && { onProgress: progress.listener }) };
      try {
        if (dryRun) {
          const { runTrialScan } = await import('../db/trial-scan.js');
          const summary = await withDatabase(opts, (db) => runTrialScan(db, options));
          progress?.finish();
          if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
          else if (!opts.quiet) process.stdout.write(oneLine(summary, opts.out === undefined ? 'dry run: nothing written' : `${opts.out} (dry run: nothing written to the database)`) + '\n');
        } else {
          const { runDbScan } = await import('../db/run-db-scan.js');
          const report = await withDatabase(opts, (db) => runDbScan(db, options));
          progress?.finish();
          printDbReport(report, opts);
        }
      } finally {
        progress?.finish();
      }
      return;
    }
    if (dryRun) throw new DedupError('E_BAD_ARGS', '--dry-run and --no-publish apply to database scans; a file scan writes only its --out files');
    if (opts.input === undefined) throw new DedupError('E_BAD_ARGS', 'scan needs --input FILE (with --out DIR), or a table: --db URL / DATABASE_URL with --table or --query');
    if (opts.out === undefined) throw new DedupError('E_BAD_ARGS', 'scan --input needs --out DIR');
    const progress = reporterFor(opts);
    let summary: ScanSummary;
    try {
      summary = await runScan({
        input: opts.input,
        outDir: opts.out,
        ...(opts.encoding !== undefined && { encoding: opts.encoding }),
        ...settingsOf(opts),
        ...(progress && { onProgress: progress.listener }),
      });
    } finally {
      progress?.finish();
    }
    if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else if (!opts.quiet) process.stdout.write(oneLine(summary, opts.out) + '\n');
  });
}

function settingsOf(opts: DbScanCliOptions): Pick<DbScanOptions, 'threads' | 'threshold' | 'bucketCap' | 'window' | 'columnMap' | 'stopOnError' | 'maxRejects' | 'bestMatch' | 'weights'> {
  return {
    ...(opts.weights !== undefined && { weights: readWeightsFile(opts.weights).weights }),
    ...(opts.maxRejects !== undefined && { maxRejects: opts.maxRejects }),
    ...(opts.bestMatch !== undefined && { bestMatch: opts.bestMatch }),
    ...(opts.threads !== undefined && { threads: opts.threads }),
    ...(opts.threshold !== undefined && { threshold: opts.threshold }),
    ...(opts.bucketCap !== undefined && { bucketCap: opts.bucketCap }),
    ...(opts.window !== undefined && { window: opts.window }),
    ...(opts.map !== undefined && { columnMap: opts.map }),
    stopOnError: opts.stopOnError ?? false,
  };
}

export function dbScanOptions(opts: DbScanCliOptions & { out?: string }): DbScanOptions {
  if (opts.table !== undefined && opts.query !== undefined) throw new DedupError('E_BAD_ARGS', 'give --table or --query, not both');
  return {
    ...(opts.query !== undefined ? { query: opts.query } : { table: parseTableName(opts.table ?? DEFAULT_TABLE) }),
    schema: opts.schema ?? DEFAULT_SCHEMA,
    keep: opts.keep,
    writeKeys: opts.keys,
    ...(opts.unordered && { ordered: false }),
    ...(opts.maxChurn !== undefined && { maxChurn: opts.maxChurn }),
    ...(opts.out !== undefined && { outDir: opts.out }),
    ...settingsOf(opts),
  };
}

export function printDbReport(r: DbScanReport, opts: { json?: boolean; quiet?: boolean }): void {
  if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
  else if (!opts.quiet) process.stdout.write(oneLine(r.summary, `${r.schema} generation ${r.generation} (run ${r.runId})`) + '\n');
}

/** Every physical line accounted for: read = header + blank + lines of accepted + lines of rejected records. */
export function linesLine(l: LineCounts): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  return `${n(l.read)} lines = ${n(l.header)} header + ${n(l.blank)} blank + ${n(l.accepted)} in accepted + ${n(l.rejected)} in rejected records`;
}

export function oneLine(s: ScanSummary, out: string): string {
  const c = s.counts;
  const warned = c.warnings > 0 ? `, ${c.warnings.toLocaleString('en-US')} unreadable optional fields` : '';
  return (
    `scanned ${c.read.toLocaleString('en-US')} records (${c.rejected} rejected${warned}; ${linesLine(s.lines)}) in ${(s.phases_ms.total! / 1000).toFixed(1)} s ` +
    `(${s.records_per_second.toLocaleString('en-US')}/s, ${s.threads} threads): ` +
    `${c.verified_pairs.toLocaleString('en-US')} duplicate pairs in ${c.clusters.toLocaleString('en-US')} clusters → ${out}`
  );
}
