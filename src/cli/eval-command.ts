import type { Command } from 'commander';
import { DedupError } from '../errors.js';
import { formatEvalReport, runEval } from '../eval/run-eval.js';
import { unitInterval } from './option-parsers.js';

function parseSources(value: string): [string, string] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new DedupError('E_BAD_ARGS', `--sources must be two id prefixes like dp,gd, got "${value}"`);
  return [parts[0], parts[1]];
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('Score predicted pairs against ground truth: pair, closure and B-cubed precision/recall/F1')
    .requiredOption('--truth <file>', 'truth.csv (merchant_id,entity_id) or labelled pairs (a_id,b_id,label)')
    .requiredOption('--pairs <file>', 'pairs.csv with a_id,b_id')
    .option('--sources <a,b>', 'linkage mode: id prefixes of the two sources (default: inferred)', parseSources)
    .option('--min-score <t>', 'ignore pairs scoring below t', unitInterval('--min-score'))
    .action(async (opts: { truth: string; pairs: string; sources?: [string, string]; minScore?: number }) => {
      const report = await runEval({
        truth: opts.truth,
        pairs: opts.pairs,
        ...(opts.sources && { sources: opts.sources }),
        ...(opts.minScore !== undefined && { minScore: opts.minScore }),
      });
      process.stdout.write(formatEvalReport(report) + '\n');
    });
}
