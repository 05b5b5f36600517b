import type { Command } from 'commander';
import { join } from 'node:path';
import { formatEvalReport, runEval } from '../eval/run-eval.js';
import { generateCorpus } from '../generate/index.js';
import { runScan } from '../scan/run-scan.js';
import { oneLine } from './scan-command.js';
import { positiveInt } from './option-parsers.js';

/** Records in the demo corpus: big enough to show the speed, small enough to run in seconds. */
const DEMO_RECORDS = 200_000;

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(`Generate ${DEMO_RECORDS.toLocaleString('en-US')} merchants with planted duplicates, scan them and score the result`)
    .option('--n <count>', 'records to generate', positiveInt('--n'), DEMO_RECORDS)
    .option('--out <dir>', 'working directory', join('out', 'demo'))
    .action(async (opts: { n: number; out: string }) => {
      const corpus = join(opts.out, 'corpus');
      const results = join(opts.out, 'scan');
      process.stdout.write(`generating ${opts.n.toLocaleString('en-US')} merchants → ${corpus}\n`);
      await generateCorpus({ n: opts.n, seed: 1, outDir: corpus });
      const summary = await runScan({ input: join(corpus, 'merchants.ndjson'), outDir: results });
      process.stdout.write(oneLine(summary, results) + '\n');
      const report = await runEval({ truth: join(corpus, 'truth.csv'), pairs: join(results, 'pairs.csv') });
      process.stdout.write(formatEvalReport(report) + '\n');
    });
}
