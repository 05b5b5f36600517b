import type { Command } from 'commander';
import { generateCorpus } from '../generate/index.js';
import { nonNegativeInt, positiveInt } from './option-parsers.js';

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Write a deterministic synthetic corpus with planted duplicates: merchants.ndjson, merchants.csv, truth.csv')
    .requiredOption('--n <count>', 'number of merchant records', positiveInt('--n'))
    .option('--seed <seed>', 'random seed; same seed and n give the same bytes', nonNegativeInt('--seed'), 1)
    .requiredOption('--out <dir>', 'output directory (created if missing)')
    .action(async (opts: { n: number; seed: number; out: string }) => {
      const summary = await generateCorpus({ n: opts.n, seed: opts.seed, outDir: opts.out });
      process.stdout.write(JSON.stringify(summary) + '\n');
    });
}
