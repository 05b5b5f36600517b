/**
 * Linkage between two sources (two map platforms, two acquiring channels): each source lists a place
 * about once, so a record's duplicates in the other source are usually one record. When a record pairs
 * with several records of the other source (a shop and its neighbour of a similar name, or a source's own
 * double listing), only the clearly best of them is the link. This keeps a cross-source pair only when
 * it is, for both its records, within BEST_MATCH_MARGIN log-odds of that record's best cross-source pair
 * (a mutual best match, ties kept). Pairs inside one source and records of neither source are untouched.
 *
 * Off by default (`scan --best-match A,B`): in deduplication within one registry, several duplicates of one
 * merchant are the normal case, and all of them are wanted.
 */
import { TextColumn } from '../store/feature-columns.js';
import { textOf, type FeatureStore } from '../store/feature-store.js';
import { CODES_PER_PAIR, NUMBERS_PER_PAIR, type VerifiedPairs } from './verified-pairs.js';

/**
 * How far below a record's best cross-source pair (in log-odds) another of its cross-source pairs may score
 * and still be kept: 0.5 is a likelihood ratio of about 1.6, "as good, within the noise of the weights".
 */
export const BEST_MATCH_MARGIN = 0.5;

function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  return Math.log(q / (1 - q));
}

/**
 * The pairs of `pairs` that survive the best-match rule for sources named by merchant_id prefixes
 * `sources`; a new column set, in the same order.
 */
export function keepBestCrossMatches(store: FeatureStore, pairs: VerifiedPairs, sources: readonly [string, string], margin = BEST_MATCH_MARGIN): VerifiedPairs {
  const sourceOf = new Int8Array(store.count).fill(-2);
  const source = (r: number): number => {
    if (sourceOf[r] === -2) {
      const id = textOf(store, r, TextColumn.MerchantId);
      sourceOf[r] = id.startsWith(sources[0]) ? 0 : id.startsWith(sources[1]) ? 1 : -1;
    }
    return sourceOf[r]!;
  };
  const cross = (i: number): boolean => {
    const sa = source(pairs.a[i]!);
    const sb = source(pairs.b[i]!);
    return sa >= 0 && sb >= 0 && sa !== sb;
  };
  const best = new Map<number, number>();
  for (let i = 0; i < pairs.count; i++) {
    if (!cross(i)) continue;
    const s = logit(pairs.score[i]!);
    for (const r of [pairs.a[i]!, pairs.b[i]!]) if (!(s <= (best.get(r) ?? -Infinity))) best.set(r, s);
  }
  const keep: number[] = [];
  for (let i = 0; i < pairs.count; i++) {
    if (cross(i)) {
      const s = logit(pairs.score[i]!);
      if (s < best.get(pairs.a[i]!)! - margin || s < best.get(pairs.b[i]!)! - margin) continue;
    }
    keep.push(i);
  }
  const n = keep.length;
  const out: VerifiedPairs = {
    count: n,
    a: new Uint32Array(n),
    b: new Uint32Array(n),
    score: new Float32Array(n),
    numbers: new Float32Array(n * NUMBERS_PER_PAIR),
    codes: new Uint8Array(n * CODES_PER_PAIR),
  };
  keep.forEach((i, j) => {
    out.a[j] = pairs.a[i]!;
    out.b[j] = pairs.b[i]!;
    out.score[j] = pairs.score[i]!;
    out.numbers.set(pairs.numbers.subarray(i * NUMBERS_PER_PAIR, (i + 1) * NUMBERS_PER_PAIR), j * NUMBERS_PER_PAIR);
    out.codes.set(pairs.codes.subarray(i * CODES_PER_PAIR, (i + 1) * CODES_PER_PAIR), j * CODES_PER_PAIR);
  });
  return out;
}
