import type { Command } from 'commander';
import { DedupError } from '../errors.js';
import { generateCorpus, MAX_SKEW, SKEW_LEVELS } from '../generate/index.js';
import { nonNegativeInt, positiveInt } from './option-parsers.js';

/** `--skew`: a named level (low, default, high) or a number between 0 and MAX_SKEW. */
function skewValue(value: string): number {
  const named = (SKEW_LEVELS as Record<string, number>)[value];
  if (named !== undefined) return named;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n < 0 || n > MAX_SKEW) {
    throw new DedupError('E_BAD_ARGS', `--skew must be low, default, high or a number between 0 and ${MAX_SKEW}, got "${value}"`);
  }
  return n;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Write a deterministic synthetic corpus with planted duplicates: merchants.ndjson, merchants.csv, truth.csv')
    .requiredOption('--n <count>', 'number of merchant records', positiveInt('--n'))
    .option('--seed <seed>', 'random seed; same seed and n give the same bytes', nonNegativeInt('--seed'), 1)
    .requiredOption('--out <dir>', 'output directory (created if missing)')
    .option(
      '--skew <level>',
      `name skew: low (0, uniform names), default (${SKEW_LEVELS.default}), high (${SKEW_LEVELS.high}) or a number up to ${MAX_SKEW}; ` +
        'Zipf exponent of trade names and products, share of generic names (沙县小吃), chain size',
      skewValue,
      SKEW_LEVELS.default,
    )
    .action(async (opts: { n: number; seed: number; out: string; skew: number }) => {
      const summary = await generateCorpus({ n: opts.n, seed: opts.seed, outDir: opts.out, skew: opts.skew });
      process.stdout.write(JSON.stringify(summary) + '\n');
    });
}
