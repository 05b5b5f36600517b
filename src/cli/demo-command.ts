import type { Command } from 'commander';
import { join } from 'node:path';
import { Database } from '../db/database.js';
import { loadTable } from '../db/load-table.js';
import { runDbScan } from '../db/run-db-scan.js';
import { DEFAULT_SCHEMA, DEFAULT_TABLE, parseTableName } from '../db/sql-names.js';
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
      `Generate ${DEMO_RECORDS.toLocaleString('en-US')} merchants with planted duplicates, load them into PostgreSQL (embedded unless --db or DATABASE_URL), ` +
        'scan the table into the merchant_dedup schema and score the result; --files scans the files instead',
    )
    .option('--n <count>', 'records to generate', positiveInt('--n'), DEMO_RECORDS)
    .option('--out <dir>', 'working directory', join('out', 'demo'))
    .option('--files', 'the file-only demo: scan the generated file to files, no database')
    .option('--db <url>', 'PostgreSQL connection string (default: DATABASE_URL, else an embedded server in .tmp/pgdata)')
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
  const db = await Database.open({ url: opts.db });
  let waiting = false;
  try {
    process.stdout.write(`database: ${db.describe()}\n`);
    const table = parseTableName(DEFAULT_TABLE);
    const loaded = await loadTable(db, { file, table, replace: true });
    process.stdout.write(`loaded ${loaded.loaded.toLocaleString('en-US')} merchants into table ${loaded.table} with COPY in ${(loaded.ms / 1000).toFixed(1)} s\n`);
    const report = await runDbScan(db, { table, schema: DEFAULT_SCHEMA, outDir: results });
    process.stdout.write(oneLine(report.summary, `schema ${report.schema}, generation ${report.generation} (and ${results})`) + '\n');
    await score();
    process.stdout.write(`look at the results:\n  ${psqlHint(db.url, DEFAULT_SCHEMA)}\n`);
    process.stdout.write(`  (tables: ${DEFAULT_SCHEMA}.pairs, clusters, rejects, dedup_keys, runs, current_generation)\n`);
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
