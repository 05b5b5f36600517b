import type { Command } from 'commander';
import { DedupError } from '../errors.js';
import { DEFAULT_SWEEP, formatEvalReport, formatSweepReport, runEval, runSweep } from '../eval/run-eval.js';
import { unitInterval } from './option-parsers.js';

function parseSources(value: string): [string, string] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new DedupError('E_BAD_ARGS', `--sources must be two id prefixes like dp,gd, got "${value}"`);
  return [parts[0], parts[1]];
}

function parseThresholds(value: string): number[] {
  const each = unitInterval('--sweep');
  const out = value.split(',').map((s) => each(s.trim()));
  if (out.length === 0) throw new DedupError('E_BAD_ARGS', '--sweep needs thresholds like 0.5,0.9,0.99, or none for the default');
  return out;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('Score predicted pairs against ground truth: pair, closure and B-cubed precision/recall/F1')
    .requiredOption('--truth <file>', 'truth.csv (merchant_id,entity_id) or labelled pairs (a_id,b_id,label)')
    .requiredOption('--pairs <file>', 'pairs.csv with a_id,b_id')
    .option('--sources <a,b>', 'linkage mode: id prefixes of the two sources (default: inferred)', parseSources)
    .option('--min-score <t>', 'ignore pairs scoring below t', unitInterval('--min-score'))
    .option('--sweep [thresholds]', `precision/recall/F1 at each threshold (default ${DEFAULT_SWEEP.join(',')}); the last line is one JSON object`, parseThresholds)
    .action(async (opts: { truth: string; pairs: string; sources?: [string, string]; minScore?: number; sweep?: number[] | true }) => {
      const files = { truth: opts.truth, pairs: opts.pairs, ...(opts.sources && { sources: opts.sources }) };
      if (opts.sweep !== undefined) {
        if (opts.minScore !== undefined) throw new DedupError('E_BAD_ARGS', 'give --sweep or --min-score, not both');
        const rows = await runSweep(files, opts.sweep === true ? DEFAULT_SWEEP : opts.sweep);
        process.stdout.write(formatSweepReport(rows) + '\n');
        return;
      }
      const report = await runEval({ ...files, ...(opts.minScore !== undefined && { minScore: opts.minScore }) });
      process.stdout.write(formatEvalReport(report) + '\n');
    });
}
