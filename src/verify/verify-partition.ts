/**
 * Verification for one pair partition: the candidate pairs routed here by every key partition are
 * de-duplicated (a pair found by several keys is verified once), verified against the shared feature
 * store, and those scoring at or above the threshold are kept with their evidence.
 */
import { uniquePairs } from '../candidates/unique-pairs.js';
import { NUM_COLUMNS, TEXT_COLUMNS } from '../store/feature-columns.js';
import type { FeatureStore } from '../store/feature-store.js';
import type { MatchContext } from './match-context.js';
import { VerifiedPairsBuilder, type VerifiedPairs } from './verified-pairs.js';
import { emptyEvidence, verifyPair } from './verify-pair.js';

export interface VerifyResult {
  /** Distinct candidate pairs verified. */
  candidates: number;
  verified: VerifiedPairs;
}

export function verifyPartition(parts: readonly Uint32Array[], store: FeatureStore, ctx: MatchContext, threshold: number): VerifyResult {
  let total = 0;
  for (const p of parts) total += p.length;
  const flat = new Uint32Array(total);
  let at = 0;
  for (const p of parts) {
    flat.set(p, at);
    at += p.length;
  }
  const unique = uniquePairs(flat);
  const ev = emptyEvidence();
  const out = new VerifiedPairsBuilder();
  const { nums, offsets, text } = store;
  const n = unique.length;
  let touched = 0;
  for (let i = 0; i < n; i += 2) {
    const a = unique[i]!;
    const b = unique[i + 1]!;
    // Pairs come sorted by a, so b is a random record: a cache miss for each of its rows. Reading the rows of
    // the b a few pairs ahead, with nothing waiting on the loads, lets those misses overlap this pair's work.
    const ahead = i + LOOKAHEAD_WORDS;
    if (ahead < n) {
      const c = unique[ahead + 1]!;
      const at = offsets[c * TEXT_COLUMNS]!;
      touched ^= at ^ text[at]! ^ (nums[c * NUM_COLUMNS]! > 0 ? 1 : 0) ^ (nums[c * NUM_COLUMNS + NUM_COLUMNS - 1]! > 0 ? 2 : 0);
    }
    verifyPair(store, ctx, a, b, ev, threshold);
    if (ev.score >= threshold) out.add(a, b, ev);
  }
  sink = touched;
  return { candidates: n >>> 1, verified: out.toShared() };
}

/** Words ([a, b] per pair) ahead whose second record is read early. */
const LOOKAHEAD_WORDS = 2 * 6;
/** Where the early reads go, so that they are not optimised away. */
export let sink = 0;
