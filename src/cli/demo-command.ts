import type { Command } from 'commander';
import { join } from 'node:path';
import { Database } from '../db/database.js';
import { loadTable } from '../db/load-table.js';
import { runDbScan } from '../db/run-db-scan.js';
import { DEMO_SCHEMA, DEMO_TABLE, markDemoTable, prepareDemoSpace } from '../db/demo-space.js';
import { formatEvalReport, runEval } from '../eval/run-eval.js';
import { generateCorpus } from '../generate/index.js';
import { runScan } from '../scan/run-scan.js';
import { psqlHint } from './db-command.js';
import { oneLine } from './scan-command.js';
import { positiveInt } from './option-parsers.js';

/** Records in the demo corpus: big enough to show the speed, small enough to run in seconds. */
const DEMO_RECORDS = 200_000;

interface DemoOptions {
  n: number;
  out: string;
  files?: boolean;
  db?: string;
  wait: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      `Generate ${DEMO_RECORDS.toLocaleString('en-US')} merchants with planted duplicates, load them into the ${DEMO_SCHEMA} schema of PostgreSQL ` +
        '(an embedded server unless --db names one: DATABASE_URL is not followed), scan them and score the result; --files scans the files instead',
    )
    .option('--n <count>', 'records to generate', positiveInt('--n'), DEMO_RECORDS)
    .option('--out <dir>', 'working directory', join('out', 'demo'))
    .option('--files', 'the file-only demo: scan the generated file to files, no database')
    .option('--db <url>', `a PostgreSQL server to run the demo on, in its own ${DEMO_SCHEMA} schema (default: an embedded server in .tmp/pgdata; DATABASE_URL is not used)`)
    .option('--no-wait', 'stop the embedded server at the end even on a terminal')
    .action(async (opts: DemoOptions) => {
      const corpus = join(opts.out, 'corpus');
      const results = join(opts.out, 'scan');
      process.stdout.write(`generating ${opts.n.toLocaleString('en-US')} merchants → ${corpus}\n`);
      await generateCorpus({ n: opts.n, seed: 1, outDir: corpus });
      const score = async (): Promise<void> => {
        const report = await runEval({ truth: join(corpus, 'truth.csv'), pairs: join(results, 'pairs.csv') });
        process.stdout.write(formatEvalReport(report) + '\n');
      };
      if (opts.files) {
        const summary = await runScan({ input: join(corpus, 'merchants.ndjson'), outDir: results });
        process.stdout.write(oneLine(summary, results) + '\n');
        await score();
      } else {
        await databaseDemo(opts, join(corpus, 'merchants.ndjson'), results, score);
      }
    });
}

async function databaseDemo(opts: DemoOptions, file: string, results: string, score: () => Promise<void>): Promise<void> {
  // Only an explicit --db: a shell's DATABASE_URL points at real data the demo has no business in ('' = embedded).
  const db = await Database.open({ url: opts.db ?? '' });
  let waiting = false;
  try {
    process.stdout.write(`database: ${db.describe()}\n`);
    const table = DEMO_TABLE;
    await db.withClient(prepareDemoSpace);
    const loaded = await loadTable(db, { file, table });
    await db.withClient(markDemoTable);
    process.stdout.write(`loaded ${loaded.loaded.toLocaleString('en-US')} merchants into table ${loaded.table} with COPY in ${(loaded.ms / 1000).toFixed(1)} s\n`);
    // Synthetic data is regenerated each time: its clusters are new every run, which the churn guard is not about.
    const report = await runDbScan(db, { table, schema: DEMO_SCHEMA, outDir: results, maxChurn: 100 });
    process.stdout.write(oneLine(report.summary, `schema ${report.schema}, generation ${report.generation} (and ${results})`) + '\n');
    await score();
    process.stdout.write(`look at the results:\n  ${psqlHint(db.url, DEMO_SCHEMA, db.embedded)}\n`);
    process.stdout.write(`  (tables: ${DEMO_SCHEMA}.pairs, clusters, rejects, dedup_keys, runs, current_generation; the corpus: ${DEMO_SCHEMA}.merchants)\n`);
    waiting = db.embedded && opts.wait && process.stdout.isTTY === true && process.stdin.isTTY === true;
    if (db.embedded && !waiting) process.stdout.write('the embedded server stops now; `merchant-dedup db serve` starts it again on the same data\n');
  } finally {
    if (!waiting) await db.close();
  }
  if (waiting) {
    process.stdout.write('the embedded server keeps running for that; press Ctrl-C to stop it\n');
    // The server's signal handler stops it and exits the process.
    await new Promise<never>(() => setInterval(() => undefined, 1 << 30));
  }
}
