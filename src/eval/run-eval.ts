/**
 * `merchant-dedup eval`: scores a pairs file against ground truth. Two truth formats:
 * - entities: `merchant_id,entity_id` (records with one entity_id are duplicates of each other);
 * - linkage: `a_id,b_id,label` labelled pairs between two sources (as in public matching datasets): only
 *   pairs with one record from each source are scored, and every unlabelled cross pair is a non-match.
 */
import { DedupError } from '../errors.js';
import { IdIndex } from './id-index.js';
import { evaluateEntities, evaluateLinkage, type EntityEvaluation, type LinkageEvaluation } from './metrics.js';
import { readCsvTable } from './read-csv-table.js';
import { inferSources } from './source-prefixes.js';

export interface EvalOptions {
  truth: string;
  pairs: string;
  /** Linkage mode: id prefixes of the two sources. @default inferred from the truth's a_id and b_id */
  sources?: [string, string];
  /** Ignore predicted pairs scoring below this (needs a `score` column). @default none */
  minScore?: number;
}

export type EvalReport =
  | ({ mode: 'entities'; unknown_ids: number } & EntityEvaluation)
  | ({ mode: 'linkage'; sources: [string, string] } & LinkageEvaluation);

interface Predicted {
  /** Flat [a, b, …] interned ids. */
  pairs: Int32Array;
  /** Score of each pair; NaN when the file has no score column. */
  scores: Float64Array;
}

async function readPredicted(path: string, ids: IdIndex, needScores: boolean): Promise<Predicted> {
  const t = await readCsvTable(path, ['a_id', 'b_id', 'score']);
  const a = t.columns.get('a_id');
  const b = t.columns.get('b_id');
  if (!a || !b) throw new DedupError('E_INPUT', `${path}: needs the columns a_id and b_id`, { file: path });
  const score = t.columns.get('score');
  if (needScores && !score) throw new DedupError('E_BAD_ARGS', `${path}: --min-score and --sweep need a score column`);
  const pairs = new Int32Array(2 * t.rows);
  const scores = new Float64Array(t.rows);
  for (let i = 0; i < t.rows; i++) {
    pairs[2 * i] = ids.intern(a[i]!);
    pairs[2 * i + 1] = ids.intern(b[i]!);
    scores[i] = score ? Number(score[i]) : NaN;
  }
  return { pairs, scores };
}

/** The pairs scoring at least `minScore` (all of them without one). */
function atLeast(p: Predicted, minScore: number | undefined): Int32Array {
  if (minScore === undefined) return p.pairs;
  const out: number[] = [];
  for (let i = 0; i < p.scores.length; i++) if (p.scores[i]! >= minScore) out.push(p.pairs[2 * i]!, p.pairs[2 * i + 1]!);
  return Int32Array.from(out);
}

export async function runEval(o: EvalOptions): Promise<EvalReport> {
  const evaluate = await prepareEval(o, o.minScore !== undefined);
  return evaluate(o.minScore);
}

/**
 * Reads the truth and the predicted pairs once, and returns a function that scores the predicted pairs
 * at or above a score (all of them when undefined): what one eval and a threshold sweep both need.
 */
async function prepareEval(o: Omit<EvalOptions, 'minScore'>, needScores: boolean): Promise<(minScore: number | undefined) => EvalReport> {
  const truth = await readCsvTable(o.truth, ['merchant_id', 'entity_id', 'a_id', 'b_id', 'label']);
  const ids = new IdIndex();
  if (truth.columns.has('merchant_id') && truth.columns.has('entity_id')) {
    const mids = truth.columns.get('merchant_id')!;
    const eids = truth.columns.get('entity_id')!;
    const entityIndex = new IdIndex();
    const entityOf: number[] = [];
    for (let i = 0; i < truth.rows; i++) {
      const r = ids.intern(mids[i]!);
      if (r !== entityOf.length) throw new DedupError('E_INPUT', `${o.truth}:${i + 2}: merchant_id ${mids[i]} appears twice`, { file: o.truth, line: i + 2 });
      entityOf.push(entityIndex.intern(eids[i]!));
    }
    const truthRecords = ids.size;
    const predicted = await readPredicted(o.pairs, ids, needScores);
    // Predicted ids missing from the truth: each its own entity.
    let entities = entityIndex.size;
    for (let i = truthRecords; i < ids.size; i++) entityOf.push(entities++);
    const entityArray = Int32Array.from(entityOf);
    return (minScore) => ({ mode: 'entities', unknown_ids: ids.size - truthRecords, ...evaluateEntities(entityArray, entities, truthRecords, atLeast(predicted, minScore)) });
  }
  if (truth.columns.has('a_id') && truth.columns.has('b_id')) {
    const a = truth.columns.get('a_id')!;
    const b = truth.columns.get('b_id')!;
    const label = truth.columns.get('label');
    const positives: number[] = [];
    for (let i = 0; i < truth.rows; i++) {
      if (label && Number(label[i]) !== 1) continue;
      positives.push(ids.intern(a[i]!), ids.intern(b[i]!));
    }
    const sources = o.sources ?? inferSources(a, b);
    if (sources[0] === sources[1]) {
      throw new DedupError('E_BAD_ARGS', `cannot tell the two sources apart by id prefix ("${sources[0]}"): pass --sources A,B`);
    }
    const predicted = await readPredicted(o.pairs, ids, needScores);
    const source = new Int8Array(ids.size);
    for (let i = 0; i < ids.size; i++) {
      const id = ids.name(i);
      source[i] = id.startsWith(sources[0]) ? 0 : id.startsWith(sources[1]) ? 1 : -1;
    }
    const positiveArray = Int32Array.from(positives);
    return (minScore) => ({ mode: 'linkage', sources, ...evaluateLinkage(source, positiveArray, atLeast(predicted, minScore)) });
  }
  throw new DedupError('E_INPUT', `${o.truth}: a truth file needs merchant_id,entity_id or a_id,b_id[,label] columns`, { file: o.truth });
}

/** Thresholds of a sweep when none are given: the useful range of a score in [0, 1], finer near the top. */
export const DEFAULT_SWEEP = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999] as const;

export interface SweepRow {
  threshold: number;
  report: EvalReport;
}

/** `eval --sweep`: the evaluation at each threshold, ascending; one read of both files. */
export async function runSweep(o: Omit<EvalOptions, 'minScore'>, thresholds: readonly number[] = DEFAULT_SWEEP): Promise<SweepRow[]> {
  const evaluate = await prepareEval(o, true);
  return [...thresholds].sort((x, y) => x - y).map((threshold) => ({ threshold, report: evaluate(threshold) }));
}

/**
 * The sweep as a table (precision, recall and F1 of pairs and of their closure at each threshold) and,
 * as the last line, one JSON object: `{"sweep": [{threshold, pair_precision, …}, …], "best_pair_f1": {…}}`.
 * Pairs below the scan's own threshold are not in pairs.csv: a sweep can only raise the threshold.
 */
export function formatSweepReport(rows: readonly SweepRow[]): string {
  const lines = ['threshold  predicted   pair P   pair R  pair F1  closure P  closure R  closure F1'];
  const json = rows.map(({ threshold, report: r }) => ({ threshold, predicted_pairs: r.pairs.predicted, ...pairAndClosure(r) }));
  for (const j of json) {
    lines.push(
      `${String(j.threshold).padEnd(9)}  ${String(j.predicted_pairs).padStart(9)}  ${pct(j.pair_precision)}  ${pct(j.pair_recall)}  ${pct(j.pair_f1)}` +
        `    ${pct(j.closure_precision)}    ${pct(j.closure_recall)}     ${pct(j.closure_f1)}`,
    );
  }
  const best = json.reduce<(typeof json)[number] | null>((b, j) => (b === null || j.pair_f1 > b.pair_f1 ? j : b), null);
  lines.push(JSON.stringify({ sweep: json, best_pair_f1: best }));
  return lines.join('\n');
}

/** The pair and closure figures of a report under the names of the JSON line (eval and its sweep). */
function pairAndClosure(r: EvalReport): Record<'pair_precision' | 'pair_recall' | 'pair_f1' | 'closure_precision' | 'closure_recall' | 'closure_f1', number> {
  return {
    pair_precision: r.pairs.precision,
    pair_recall: r.pairs.recall,
    pair_f1: r.pairs.f1,
    closure_precision: r.closure.precision,
    closure_recall: r.closure.recall,
    closure_f1: r.closure.f1,
  };
}

const pct = (x: number): string => (100 * x).toFixed(2).padStart(6) + '%';

/** Human-readable lines, then one JSON object as the last line (the contract). */
export function formatEvalReport(r: EvalReport): string {
  const lines: string[] = [];
  const row = (label: string, m: { precision: number; recall: number; f1: number }): string =>
    `${label.padEnd(18)} precision ${pct(m.precision)}  recall ${pct(m.recall)}  F1 ${pct(m.f1)}`;
  if (r.mode === 'entities') {
    lines.push(`records ${r.records}, true pairs ${r.pairs.actual}, predicted pairs ${r.pairs.predicted}` + (r.unknown_ids ? `, ids not in truth ${r.unknown_ids}` : ''));
    lines.push(row('pairs', r.pairs), row('closure pairs', r.closure), row('B-cubed', r.bcubed));
  } else {
    lines.push(`linkage ${r.sources[0]}* × ${r.sources[1]}*: labelled matches ${r.positives}, predicted cross pairs ${r.pairs.predicted}`);
    lines.push(row('pairs', r.pairs), row('closure pairs', r.closure));
  }
  const json: Record<string, unknown> = {
    mode: r.mode,
    ...pairAndClosure(r),
    predicted_pairs: r.pairs.predicted,
    true_positives: r.pairs.truePositives,
    actual_pairs: r.pairs.actual,
  };
  if (r.mode === 'entities') {
    json.bcubed_precision = r.bcubed.precision;
    json.bcubed_recall = r.bcubed.recall;
    json.bcubed_f1 = r.bcubed.f1;
    json.unknown_ids = r.unknown_ids;
  } else {
    json.sources = r.sources;
  }
  lines.push(JSON.stringify(json));
  return lines.join('\n');
}
