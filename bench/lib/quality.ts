/**
 * Quality beside speed: a pairs file scored with the project's own `runEval` (the `merchant-dedup eval`
 * command), reduced to the figures the tables show.
 */
import { runEval } from '../../src/eval/run-eval.js';

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export interface Quality {
  mode: 'entities' | 'linkage';
  predicted_pairs: number;
  true_pairs: number;
  pairs: Prf;
  closure: Prf;
  /** Entities mode only. */
  bcubed: Prf | null;
}

const prf = (m: Prf): Prf => ({ precision: m.precision, recall: m.recall, f1: m.f1 });

export async function scorePairs(truth: string, pairs: string): Promise<Quality> {
  const r = await runEval({ truth, pairs });
  return {
    mode: r.mode,
    predicted_pairs: r.pairs.predicted,
    true_pairs: r.pairs.actual,
    pairs: prf(r.pairs),
    closure: prf(r.closure),
    bcubed: r.mode === 'entities' ? prf(r.bcubed) : null,
  };
}

/** "P 99.40 / R 100.00 / F1 99.70" */
export function prfText(m: Prf): string {
  return `P ${(100 * m.precision).toFixed(2)} / R ${(100 * m.recall).toFixed(2)} / F1 ${(100 * m.f1).toFixed(2)}`;
}
