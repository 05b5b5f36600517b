import type { Command } from 'commander';
import { writeMergePlan } from '../review/write-merge-plan.js';
import { addDbOptions, withDatabase, type DbCliOptions } from './db-command.js';

interface PlanOptions extends DbCliOptions {
  out: string;
}

export function registerPlan(program: Command): void {
  addDbOptions(
    program
      .command('plan')
      .description('Write the merge plan of the current generation: DIR/merge_plan.csv (merchant_id → survivor_id) and DIR/merge_plan_summary.json, from confirmed or high-confidence clusters only'),
  )
    .requiredOption('--out <dir>', 'output directory')
    .action(async (opts: PlanOptions) => {
      const s = await withDatabase(opts, (db) => writeMergePlan(db, opts.schema, opts.out));
      process.stdout.write(
        `merge plan of generation ${s.generation ?? '-'}: ${s.merchants_retired} merchants to retire in ${s.planned_clusters.confirmed} confirmed and ` +
          `${s.planned_clusters.high_confidence} high-confidence clusters; ${s.skipped_clusters.needs_review} clusters need review, ` +
          `${s.skipped_clusters.pending_rebuild} wait for a rebuild → ${opts.out}/merge_plan.csv\n`,
      );
    });
}
