import type { Command } from 'commander';
import { runDbScan } from '../db/run-db-scan.js';
import { withDatabase } from './db-command.js';
import { addDbScanOptions, addScanSettings, dbScanOptions, printDbReport, reporterFor, withConfig, type DbScanCliOptions } from './scan-command.js';

export function registerRebuild(program: Command): void {
  addScanSettings(
    addDbScanOptions(
      program
        .command('rebuild')
        .description(
          'The scheduled job: scan the merchant table, write a new generation, make it current, keep the last --keep. ' +
            'Exit 0 done, 1 failed (the previous generation stays current), 2 bad arguments or configuration, 3 another run holds the lock (nothing done)',
        ),
    ),
  ).action(async (cliOpts: DbScanCliOptions, cmd: Command) => {
    const opts = withConfig(cliOpts, cmd);
    const progress = reporterFor(opts);
    let report;
    try {
      report = await withDatabase(opts, (db) => runDbScan(db, { ...dbScanOptions(opts), ...(progress && { onProgress: progress.listener }) }));
    } finally {
      progress?.finish();
    }
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
