/**
 * `merchant-dedup plan`: DIR/merge_plan.csv (header MERGE_PLAN_HEADER, one row per merchant to retire) and
 * DIR/merge_plan_summary.json (the rule, the counts of planned and skipped clusters).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../db/database.js';
import { csvRow } from '../write/csv-format.js';
import { buildMergePlan, MERGE_PLAN_HEADER, type MergePlanSummary } from './merge-plan.js';

export async function writeMergePlan(db: Database, schema: string, outDir: string): Promise<MergePlanSummary> {
  const { rows, summary } = await db.withClient((c) => buildMergePlan(c, schema));
  await mkdir(outDir, { recursive: true });
  let csv = csvRow(MERGE_PLAN_HEADER);
  for (const r of rows) csv += csvRow(MERGE_PLAN_HEADER.map((k) => r[k]));
  await writeFile(join(outDir, 'merge_plan.csv'), csv);
  await writeFile(join(outDir, 'merge_plan_summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}
