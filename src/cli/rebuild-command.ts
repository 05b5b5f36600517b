import type { Command } from 'commander';
import { runDbScan } from '../db/run-db-scan.js';
import { withDatabase } from './db-command.js';
import { addDbScanOptions, addMaxRejectsOption, dbScanOptions, printDbReport, type DbScanCliOptions } from './scan-command.js';
import { positiveInt, unitInterval } from './option-parsers.js';
import { parseColumnMap } from './column-map-option.js';

export function registerRebuild(program: Command): void {
  addMaxRejectsOption(addDbScanOptions(
    program
      .command('rebuild')
      .description(
        'The scheduled job: scan the merchant table, write a new generation, make it current, keep the last --keep. ' +
          'Exit 0 done, 1 failed (the previous generation stays current), 2 bad arguments, 3 another run holds the lock (nothing done)',
      ),
  ))
    .option('--threads <n>', 'worker threads (default: available cores)', positiveInt('--threads'))
    .option('--threshold <t>', 'match score threshold in [0,1] (default 0.5)', unitInterval('--threshold'))
    .option('--map <pairs>', 'column mapping, e.g. name=shop_name,phone=tel', parseColumnMap)
    .option('--quiet', 'print nothing on success')
    .option('--json', 'print the run report as one JSON object')
    .action(async (opts: DbScanCliOptions) => {
      const report = await withDatabase(opts, (db) => runDbScan(db, dbScanOptions(opts)));
      printDbReport(report, opts);
      if (!opts.json && !opts.quiet) {
        const c = report.changes;
        process.stdout.write(
          `clusters since generation ${report.previousGeneration ?? '-'}: ${c.created} created, ${c.merged} merged, ${c.split} split, ` +
            `${c.unchanged} unchanged, ${c.changed} changed, ${c.dissolved} dissolved` +
            (report.pruned.length > 0 ? `; dropped generation ${report.pruned.join(', ')}` : '') +
            '\n',
        );
        const d = report.summary.decision_overrides;
        if (d.pairs_dropped + d.links_added + d.members_kept_apart + d.canonical_chosen + d.unknown_ids > 0) {
          process.stdout.write(
            `review decisions honoured: ${d.pairs_dropped} pairs kept apart, ${d.links_added} links added, ${d.members_kept_apart} members set aside, ` +
              `${d.canonical_chosen} canonicals chosen, ${d.unknown_ids} merchants no longer present\n`,
          );
        }
      }
    });
}
