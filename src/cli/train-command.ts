import type { Command } from 'commander';
import { basename } from 'node:path';
import { DedupError } from '../errors.js';
import { readWeightsFile, writeWeightsFile } from '../match/weights-file.js';
import type { ColumnMap } from '../record/validate-record.js';
import { buildTrainingSet } from '../train/training-set.js';
import { trainWeights, type Quality, type TrainReport } from '../train/train-weights.js';
import { DEFAULT_MATCH_THRESHOLD, DEFAULT_WEIGHTS } from '../verify/match-weights.js';
import { readDecisions } from '../db/decision-table.js';
import { decisionLabels } from '../train/decision-labels.js';
import { parseColumnMap } from './column-map-option.js';
import { addDbOptions, withDatabase } from './db-command.js';
import { parseSourcePrefixes, positiveInt, positiveNumber, unitInterval } from './option-parsers.js';

interface TrainFlags {
  labels?: string;
  decisions?: boolean;
  db?: string;
  schema: string;
  input: string;
  out: string;
  from?: string;
  sources?: [string, string];
  map?: ColumnMap;
  threads?: number;
  threshold?: number;
  folds?: number;
  priorSd?: number;
  json?: boolean;
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

function qualityLine(label: string, q: Quality): string {
  return `${label.padEnd(18)} precision ${pct(q.precision).padStart(7)}  recall ${pct(q.recall).padStart(7)}  F1 ${pct(q.f1).padStart(7)}  log-loss ${q.log_loss.toFixed(4)}`;
}

export function formatTrainReport(r: TrainReport, out: string): string {
  const cv = r.cross_validation;
  const lines = [
    `${r.examples.toLocaleString('en-US')} labelled pairs (${r.matches.toLocaleString('en-US')} matches), ${r.folds}-fold cross-validation grouped by entity, threshold ${r.threshold}:`,
    qualityLine('  hand-set weights', cv.default),
    qualityLine('  fitted weights', cv.trained),
    'calibration of the fitted score on held-out candidate pairs (score band: pairs, mean score, share that match):',
    ...cv.calibration.trained.filter((c) => c.pairs > 0).map((c) => `  [${c.from}, ${c.to})`.padEnd(16) + `${String(c.pairs).padStart(8)}  ${c.mean_score.toFixed(3)}  ${c.match_rate.toFixed(3)}`),
    r.changed.length === 0 ? 'no weight moved by more than 0.25 log-odds' : `weights moved most: ${r.changed.slice(0, 8).map((c) => `${c.weight} ${c.from} → ${c.to}`).join(', ')}`,
    `weights written to ${out}; use them with \`merchant-dedup scan --weights ${out}\``,
  ];
  return lines.join('\n');
}

export function registerTrain(program: Command): void {
  const command = program
    .command('train')
    .description('Fit the match weights to labelled pairs (or a truth file, or review decisions), report cross-validated precision/recall, and write a weights file for scan --weights')
    .option('--labels <file>', 'labelled pairs a_id,b_id[,label] (label 1/0, or duplicate/not_duplicate), or a truth file merchant_id,entity_id')
    .option('--decisions', 'instead of --labels: the review decisions in the database (--db, --schema); only decided pairs are examples')
    .requiredOption('--input <file>', 'the merchant corpus the labels refer to (.ndjson/.jsonl or .csv)')
    .requiredOption('--out <file>', 'weights file to write (JSON)')
    .option('--from <file>', 'start from this weights file instead of the hand-set weights')
    .option('--sources <a,b>', 'labels link two sources (merchant_id prefixes): only cross-source pairs are examples (default: inferred from the labels)', parseSourcePrefixes('--sources'))
    .option('--map <pairs>', 'column mapping of --input, e.g. name=shop_name,phone=tel', parseColumnMap)
    .option('--threads <n>', 'worker threads of the scan (default: available cores)', positiveInt('--threads'))
    .option('--threshold <t>', `score threshold the cross-validated precision and recall are measured at (default ${DEFAULT_MATCH_THRESHOLD})`, unitInterval('--threshold'))
    .option('--folds <k>', 'cross-validation folds (default 5)', positiveInt('--folds'))
    .option('--prior-sd <log-odds>', 'how far each weight may move from where it starts, as a prior standard deviation (default 1)', positiveNumber('--prior-sd'))
    .option('--json', 'print the report as one JSON object');
  addDbOptions(command).action(async (opts: TrainFlags) => {
    if (opts.folds !== undefined && opts.folds < 2) throw new DedupError('E_BAD_ARGS', '--folds must be at least 2');
    if ((opts.labels === undefined) === (opts.decisions === undefined)) throw new DedupError('E_BAD_ARGS', 'train needs --labels FILE or --decisions (with --db), one of them');
    const labels = opts.labels ?? decisionLabels(await withDatabase(opts, (db) => db.withClient((c) => readDecisions(c, opts.schema))));
    const labelsName = opts.labels === undefined ? `decisions of ${opts.schema}` : basename(opts.labels);
    const base = opts.from === undefined ? DEFAULT_WEIGHTS : readWeightsFile(opts.from).weights;
    const set = await buildTrainingSet({
      input: opts.input,
      labels,
      weights: base,
      ...(opts.sources && { sources: opts.sources }),
      ...(opts.map && { columnMap: opts.map }),
      ...(opts.threads !== undefined && { threads: opts.threads }),
    });
    if (set.y.every((y) => y === 0)) throw new DedupError('E_INPUT', `${labelsName}: no labelled match is among the accepted records of ${opts.input}`, { file: opts.labels ?? opts.input });
    const report = trainWeights(set, base, {
      threshold: opts.threshold ?? DEFAULT_MATCH_THRESHOLD,
      ...(opts.folds !== undefined && { folds: opts.folds }),
      ...(opts.priorSd !== undefined && { priorSd: opts.priorSd }),
    });
    const { weights, ...summary } = report;
    writeWeightsFile(opts.out, weights, {
      labels: labelsName,
      input: basename(opts.input),
      ...(opts.from !== undefined && { from: basename(opts.from) }),
      ...set.stats,
      ...summary,
    });
    process.stdout.write((opts.json ? JSON.stringify({ ...set.stats, ...report }) : formatTrainReport(report, opts.out)) + '\n');
  });
}
