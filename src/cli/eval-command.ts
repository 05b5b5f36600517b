import type { Command } from 'commander';
import { DedupError } from '../errors.js';
import { DEFAULT_SWEEP, formatEvalReport, formatSweepReport, runEval, runSweep } from '../eval/run-eval.js';
import { formatRingEval, runRingEval } from '../eval/run-ring-eval.js';
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

interface EvalFlags {
  truth: string;
  pairs?: string;
  sources?: [string, string];
  minScore?: number;
  alerts?: string;
  members?: string;
  minSeverity?: number;
  sweep?: number[] | true;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('Score predicted pairs (pair, closure and B-cubed precision/recall/F1) and/or risk alerts (ring recall, alert precision) against ground truth')
    .requiredOption('--truth <file>', 'truth.csv (merchant_id,entity_id[,ring_id]) or labelled pairs (a_id,b_id,label)')
    .option('--pairs <file>', 'pairs.csv with a_id,b_id')
    .option('--sources <a,b>', 'linkage mode: id prefixes of the two sources (default: inferred)', parseSources)
    .option('--min-score <t>', 'ignore pairs scoring below t', unitInterval('--min-score'))
    .option('--sweep [thresholds]', `precision/recall/F1 at each threshold (default ${DEFAULT_SWEEP.join(',')}); the last line is one JSON object`, parseThresholds)
    .option('--alerts <file>', 'risk_alerts.csv (alert_id,severity); needs --members and a truth with ring_id')
    .option('--members <file>', 'risk_members.csv (alert_id,merchant_id)')
    .option('--min-severity <s>', 'alerts at or above s count (default 0.5)', unitInterval('--min-severity'))
    .action(async (opts: EvalFlags) => {
      if (opts.pairs === undefined && opts.alerts === undefined) throw new DedupError('E_BAD_ARGS', 'eval needs --pairs, or --alerts with --members, or both');
      if ((opts.alerts === undefined) !== (opts.members === undefined)) throw new DedupError('E_BAD_ARGS', '--alerts and --members go together');
      if (opts.sweep !== undefined) {
        if (opts.pairs === undefined || opts.alerts !== undefined || opts.minScore !== undefined) {
          throw new DedupError('E_BAD_ARGS', '--sweep scores --pairs alone: give it without --min-score and --alerts');
        }
        const rows = await runSweep(
          { truth: opts.truth, pairs: opts.pairs, ...(opts.sources && { sources: opts.sources }) },
          opts.sweep === true ? DEFAULT_SWEEP : opts.sweep,
        );
        process.stdout.write(formatSweepReport(rows) + '\n');
        return;
      }
      const lines: string[] = [];
      let json: Record<string, unknown> = {};
      if (opts.pairs !== undefined) {
        const report = await runEval({
          truth: opts.truth,
          pairs: opts.pairs,
          ...(opts.sources && { sources: opts.sources }),
          ...(opts.minScore !== undefined && { minScore: opts.minScore }),
        });
        const text = formatEvalReport(report).split('\n');
        json = JSON.parse(text.pop()!) as Record<string, unknown>;
        lines.push(...text);
      }
      if (opts.alerts !== undefined) {
        const rings = formatRingEval(
          await runRingEval({ truth: opts.truth, alerts: opts.alerts, members: opts.members!, ...(opts.minSeverity !== undefined && { minSeverity: opts.minSeverity }) }),
        );
        lines.push(...rings.lines);
        json = { ...json, ...rings.json };
      }
      lines.push(JSON.stringify(json));
      process.stdout.write(lines.join('\n') + '\n');
    });
}
