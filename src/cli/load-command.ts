import type { Command } from 'commander';
import { loadTable } from '../db/load-table.js';
import { DEFAULT_TABLE, parseTableName } from '../db/sql-names.js';
import type { RecordWarning, Reject } from '../record/merchant-record.js';
import type { InputEncoding } from '../read/input-encoding.js';
import type { ColumnMap } from '../record/validate-record.js';
import type { RejectLimit } from '../scan/reject-limit.js';
import { parseColumnMap } from './column-map-option.js';
import { addDbOptions, withDatabase } from './db-command.js';
import { positiveNumber } from './option-parsers.js';
import { ProgressReporter } from './progress-reporter.js';
import { addEncodingOption, addMaxRejectsOption, linesLine } from './scan-command.js';

/** Rejects and warnings printed on stderr, each; the counts are always printed. */
const REJECTS_SHOWN = 10;

interface LoadCliOptions {
  db?: string;
  table: string;
  map?: ColumnMap;
  replace?: boolean;
  json?: boolean;
  quiet?: boolean;
  heartbeat?: number;
  encoding?: InputEncoding;
  maxRejects?: RejectLimit;
}

export function registerLoad(program: Command): void {
  const command = addDbOptions(program.command('load'), false);
  // The file is read as a scan reads it: the same encoding option and reject guard.
  addMaxRejectsOption(addEncodingOption(command, 'the file'))
    .description('Load an NDJSON/CSV corpus into a PostgreSQL table with the contract columns (COPY; the table is created if missing)')
    .argument('<file>', 'merchant corpus, .ndjson/.jsonl or .csv')
    .option('--table <name>', 'table to load into, optionally schema-qualified', DEFAULT_TABLE)
    .option('--map <pairs>', "column mapping of the file, e.g. name=shop_name,phone=tel", parseColumnMap)
    .option('--replace', 'empty the table first')
    .option('--json', 'print the summary as one JSON object')
    .option('--quiet', 'no progress on stderr')
    .option('--heartbeat <seconds>', 'without a terminal, print a progress line this often (default 30)', positiveNumber('--heartbeat'))
    .action(async (file: string, opts: LoadCliOptions) => {
      const table = parseTableName(opts.table);
      let shown = 0;
      const onRejects = (rejects: readonly Reject[]): void => {
        for (const r of rejects) {
          if (shown++ < REJECTS_SHOWN) process.stderr.write(`rejected line ${r.line}${r.merchant_id ? ` (${r.merchant_id})` : ''}: ${r.reason}\n`);
        }
      };
      let warned = 0;
      const onWarnings = (warnings: readonly RecordWarning[]): void => {
        for (const w of warnings) {
          if (warned++ < REJECTS_SHOWN) process.stderr.write(`loaded line ${w.line} (${w.merchant_id}) without ${w.field}: ${w.reason}\n`);
        }
      };
      // The size of a file in records is unknown until it is read: the display shows count, rate and time.
      const progress = opts.quiet ? null : ProgressReporter.forStderr(opts.heartbeat);
      const tell = progress?.listener;
      let summary;
      try {
        summary = await withDatabase(opts, (db) => {
          tell?.({ phase: 'load', kind: 'start', fraction: null, count: 0, unit: 'records' });
          return loadTable(db, {
            file,
            table,
            ...(opts.map && { columnMap: opts.map }),
            replace: opts.replace === true,
            ...(opts.encoding !== undefined && { encoding: opts.encoding }),
            ...(opts.maxRejects !== undefined && { maxRejects: opts.maxRejects }),
            onRejects,
            onWarnings,
            ...(tell && { onProgress: (read: number) => tell({ phase: 'load', kind: 'update', fraction: null, count: read, unit: 'records' }) }),
          });
        });
        tell?.({ phase: 'load', kind: 'end', fraction: 1, count: summary.read, unit: 'records' });
      } finally {
        progress?.finish();
      }
      if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
      else {
        process.stdout.write(
          `loaded ${summary.loaded.toLocaleString('en-US')} of ${summary.read.toLocaleString('en-US')} records into ${summary.table}` +
            `${summary.created ? ' (created)' : ''} in ${(summary.ms / 1000).toFixed(1)} s; ${summary.rejected} rejected, ${summary.warnings} optional fields unreadable (loaded as null); ` +
            `${linesLine(summary.lines)}\n`,
        );
      }
    });
}
