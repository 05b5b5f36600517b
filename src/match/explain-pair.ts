/**
 * A pair's score as a waterfall: each comparison verification made, the two values it compared, what it
 * found and the log-odds it added. Built from the same `verifyPair` call the scan makes (the weights are
 * the evidence's own, not recomputed), so the total is the scan's score.
 */
import { TextColumn } from '../store/feature-columns.js';
import { numOf, textOf, type FeatureStore } from '../store/feature-store.js';
import { NumColumn } from '../store/feature-columns.js';
import { placeKindNames } from '../normalize/place-kind.js';
import type { MatchContext } from '../verify/match-context.js';
import { scoreText } from '../verify/score-digits.js';
import { AGREEMENT_NAMES, BRANCH_NAMES, emptyEvidence, NAME_EDIT_NAMES, Term, TERM_NAMES, verifyPair, type PairEvidence } from '../verify/verify-pair.js';

export interface ExplainedField {
  field: (typeof TERM_NAMES)[number];
  a: string | number | null;
  b: string | number | null;
  comparison: string;
  /** Log-odds this comparison added (negative: evidence against). */
  weight: number;
}

export interface ExplainedPair {
  fields: ExplainedField[];
  /** The sum of the weights. */
  logOdds: number;
  /** As pairs.csv writes it. */
  score: number;
  evidence: PairEvidence;
}

const text = (store: FeatureStore, i: number, col: TextColumn): string | null => {
  const s = textOf(store, i, col);
  return s === '' ? null : s;
};

const coordinates = (store: FeatureStore, i: number): string | null => {
  const lat = numOf(store, i, NumColumn.Lat);
  const lng = numOf(store, i, NumColumn.Lng);
  return lat === lat && lng === lng ? `${lat.toFixed(6)},${lng.toFixed(6)}` : null;
};

const round = (x: number): number => Math.round(x * 1000) / 1000;

export function explainPair(store: FeatureStore, ctx: MatchContext, a: number, b: number): ExplainedPair {
  const ev = verifyPair(store, ctx, a, b, emptyEvidence());
  const agreement = (x: number): string => AGREEMENT_NAMES[x] ?? String(x);
  const sim = (x: number): string => (x === x ? `similarity ${x.toFixed(3)}` : 'missing');
  const values: Record<Term, [string | number | null, string | number | null, string]> = {
    [Term.Prior]: [null, null, 'before any comparison'],
    [Term.Phone]: [text(store, a, TextColumn.Phones), text(store, b, TextColumn.Phones), agreement(ev.phone)],
    [Term.Uscc]: [text(store, a, TextColumn.Uscc), text(store, b, TextColumn.Uscc), agreement(ev.uscc)],
    [Term.IdNumber]: [text(store, a, TextColumn.IdNumber), text(store, b, TextColumn.IdNumber), agreement(ev.idNumber)],
    [Term.BankAccount]: [text(store, a, TextColumn.BankAccount), text(store, b, TextColumn.BankAccount), agreement(ev.bankAccount)],
    [Term.Terminal]: [text(store, a, TextColumn.Terminals), text(store, b, TextColumn.Terminals), agreement(ev.terminal)],
    [Term.Mcc]: [text(store, a, TextColumn.Mcc), text(store, b, TextColumn.Mcc), agreement(ev.mcc)],
    [Term.LegalPerson]: [text(store, a, TextColumn.LegalPerson), text(store, b, TextColumn.LegalPerson), agreement(ev.legalPerson)],
    [Term.Name]: [text(store, a, TextColumn.NameCore), text(store, b, TextColumn.NameCore), sim(ev.nameSim)],
    [Term.NameFrequency]: [ctx.nameFrequency[a]!, ctx.nameFrequency[b]!, 'distinct records sharing the name in the city'],
    [Term.NameEdit]: [text(store, a, TextColumn.NameCore), text(store, b, TextColumn.NameCore), NAME_EDIT_NAMES[ev.nameEdit] ?? String(ev.nameEdit)],
    [Term.Branch]: [text(store, a, TextColumn.Branch), text(store, b, TextColumn.Branch), BRANCH_NAMES[ev.branch] ?? String(ev.branch)],
    [Term.Address]: [text(store, a, TextColumn.Address), text(store, b, TextColumn.Address), sim(ev.addressSim)],
    [Term.SameStreet]: [text(store, a, TextColumn.Street), text(store, b, TextColumn.Street), ev.sameStreet ? 'match' : 'no'],
    [Term.Distance]: [coordinates(store, a), coordinates(store, b), ev.distance === ev.distance ? `${Math.round(ev.distance)} m apart (wgs84)` : 'missing'],
    [Term.PlaceKind]: [placeKindNames(numOf(store, a, NumColumn.PlaceKind)), placeKindNames(numOf(store, b, NumColumn.PlaceKind)), agreement(ev.placeKind)],
  };
  const fields: ExplainedField[] = [];
  let logOdds = 0;
  for (let k = 0; k < TERM_NAMES.length; k++) {
    const [va, vb, comparison] = values[k as Term];
    const weight = ev.weights[k]!;
    logOdds += weight;
    fields.push({ field: TERM_NAMES[k]!, a: va, b: vb, comparison, weight: round(weight) });
  }
  return { fields, logOdds, score: Number(scoreText(ev.score)), evidence: ev };
}

/** The waterfall as text a person reads: one comparison a line, the running total, the score. */
export function formatExplained(idA: string, idB: string, x: ExplainedPair): string {
  const rows = x.fields.filter((f) => f.weight !== 0 || f.field === 'prior');
  const width = Math.max(...rows.map((f) => f.field.length));
  let total = 0;
  const lines = [`${idA} ~ ${idB}`];
  for (const f of rows) {
    total += f.weight;
    const vs = f.field === 'prior' ? '' : `  ${String(f.a ?? '∅')} | ${String(f.b ?? '∅')}`;
    lines.push(`  ${f.field.padEnd(width)}  ${((f.weight >= 0 ? '+' : '') + f.weight.toFixed(2)).padStart(6)}  = ${total.toFixed(2).padStart(6)}  ${f.comparison}${vs}`);
  }
  lines.push(`  score = logistic(${x.logOdds.toFixed(3)}) = ${x.score.toFixed(4)}`);
  return lines.join('\n');
}
