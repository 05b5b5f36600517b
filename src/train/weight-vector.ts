/**
 * The weights table as a vector, and a pair's evidence as the matching feature vector, so that a pair's
 * log-odds is their dot product: every weight enters the score linearly (a curve's value is a mix of the
 * weights of its two nearest points, a step's is its one weight, an agreement's its match or conflict
 * weight), which makes fitting the table a logistic regression (fit-logistic.ts).
 *
 * `featuresOf(…) · vectorOf(weights) = Σ evidence.weights` for a pair verified without early exit: the
 * test pins that, so training fits exactly what verification scores.
 */
import { NUM_COLUMNS, NumColumn } from '../store/feature-columns.js';
import type { FeatureStore } from '../store/feature-store.js';
import { PlaceKind } from '../normalize/place-kind.js';
import type { MatchContext } from '../verify/match-context.js';
import type { AgreementWeights, MatchWeights, WeightPoints } from '../verify/match-weights.js';
import { Agreement, BranchEvidence, NameEdit, nameFrequencyLog, type PairEvidence } from '../verify/verify-pair.js';

/** Where each weight of the table sits in the vector, with a readable name (`name_curve[3]`, `phone.match`). */
export interface WeightLayout {
  names: string[];
  size: number;
}

const AGREEMENT_FIELDS = ['phone', 'uscc', 'id_number', 'bank_account', 'terminal', 'mcc', 'legal_person'] as const;
const BRANCH_LEVELS = ['same', 'one_missing', 'differ', 'differ_at_same_street'] as const;
const AGREEMENT_OF: Record<(typeof AGREEMENT_FIELDS)[number], keyof PairEvidence> = {
  phone: 'phone',
  uscc: 'uscc',
  id_number: 'idNumber',
  bank_account: 'bankAccount',
  terminal: 'terminal',
  mcc: 'mcc',
  legal_person: 'legalPerson',
};

/**
 * Visits every weight of a table in vector order. The curves' x values, the name frequency's cap and the
 * distance bounds are the table's shape: they stay as the base table has them.
 */
function visit(w: Readonly<MatchWeights>, at: (name: string, get: () => number, set: (v: number) => void) => void, target: MatchWeights | null): void {
  at('prior', () => w.prior, (v) => (target!.prior = v));
  const points = (key: 'name_curve' | 'address_curve' | 'distance_steps'): void => {
    w[key].forEach((p, i) => at(`${key}[${i}]`, () => p[1], (v) => (target![key][i]![1] = v)));
  };
  points('name_curve');
  at('name_substitution', () => w.name_substitution, (v) => (target!.name_substitution = v));
  at('name_frequency.weight', () => w.name_frequency.weight, (v) => (target!.name_frequency.weight = v));
  for (const level of BRANCH_LEVELS) at(`branch.${level}`, () => w.branch[level], (v) => (target!.branch[level] = v));
  points('address_curve');
  at('same_street', () => w.same_street, (v) => (target!.same_street = v));
  points('distance_steps');
  at('place_kind.conflict', () => w.place_kind.conflict, (v) => (target!.place_kind.conflict = v));
  at('place_kind.entrance_only', () => w.place_kind.entrance_only, (v) => (target!.place_kind.entrance_only = v));
  for (const f of AGREEMENT_FIELDS) {
    const aw: AgreementWeights = w[f];
    at(`${f}.match`, () => aw.match, (v) => (target![f].match = v));
    at(`${f}.conflict`, () => aw.conflict, (v) => (target![f].conflict = v));
  }
}

export function layoutOf(w: Readonly<MatchWeights>): WeightLayout {
  const names: string[] = [];
  visit(w, (name) => names.push(name), null);
  return { names, size: names.length };
}

export function vectorOf(w: Readonly<MatchWeights>): Float64Array {
  const out: number[] = [];
  visit(w, (_, get) => out.push(get()), null);
  return Float64Array.from(out);
}

/** A table shaped like `base` holding the weights of `v`. */
export function weightsOf(v: Float64Array, base: Readonly<MatchWeights>): MatchWeights {
  const target = structuredClone(base) as MatchWeights;
  let i = 0;
  visit(base, (_, __, set) => set(round(v[i++]!)), target);
  return target;
}

/** Fitted weights are written to four decimals: more says nothing the data can support. */
function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** The hat functions of a piecewise-linear curve at x: its value is Σ basis × point weights. */
function curveBasis(points: WeightPoints, x: number, out: Float64Array, at: number): void {
  if (x <= points[0]![0]) {
    out[at] = 1;
    return;
  }
  for (let i = 1; i < points.length; i++) {
    const x1 = points[i]![0];
    if (x <= x1) {
      const x0 = points[i - 1]![0];
      const t = (x - x0) / (x1 - x0);
      out[at + i - 1] = 1 - t;
      out[at + i] = t;
      return;
    }
  }
  out[at + points.length - 1] = 1;
}

function stepIndex(steps: WeightPoints, x: number): number {
  for (let i = 0; i < steps.length; i++) if (x <= steps[i]![0]) return i;
  return steps.length - 1;
}

/**
 * The feature vector of a verified pair (`ev` from verifyPair with no early exit), in the layout of
 * `ctx.weights`, written into `out` (zeroed first).
 */
export function featuresOf(store: FeatureStore, ctx: MatchContext, a: number, b: number, ev: PairEvidence, out: Float64Array): Float64Array {
  const w = ctx.weights;
  out.fill(0);
  let i = 0;
  out[i++] = 1;
  curveBasis(w.name_curve, ev.nameSim, out, i);
  i += w.name_curve.length;
  out[i++] = ev.nameEdit === NameEdit.Substitution ? 1 : 0;
  out[i++] = -nameFrequencyLog(ctx, a, b, ev.nameSim, w.name_frequency.max_log);
  out[i++] = ev.branch === BranchEvidence.Same ? 1 : 0;
  out[i++] = ev.branch === BranchEvidence.OneMissing ? 1 : 0;
  out[i++] = ev.branch === BranchEvidence.Differ && !ev.sameStreet ? 1 : 0;
  out[i++] = ev.branch === BranchEvidence.Differ && ev.sameStreet ? 1 : 0;
  if (ev.addressSim === ev.addressSim) curveBasis(w.address_curve, ev.addressSim, out, i);
  i += w.address_curve.length;
  out[i++] = ev.sameStreet ? 1 : 0;
  if (ev.distance === ev.distance) out[i + stepIndex(w.distance_steps, ev.distance)] = 1;
  i += w.distance_steps.length;
  const kinds = store.nums[a * NUM_COLUMNS + NumColumn.PlaceKind]! ^ store.nums[b * NUM_COLUMNS + NumColumn.PlaceKind]!;
  out[i++] = kinds !== 0 && kinds !== PlaceKind.Entrance ? 1 : 0;
  out[i++] = kinds === PlaceKind.Entrance ? 1 : 0;
  for (const f of AGREEMENT_FIELDS) {
    const agreement = ev[AGREEMENT_OF[f]] as Agreement;
    out[i++] = agreement === Agreement.Match ? 1 : 0;
    out[i++] = agreement === Agreement.Conflict ? 1 : 0;
  }
  return out;
}
