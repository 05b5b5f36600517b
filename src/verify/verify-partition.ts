/**
 * Verification for one pair partition: the candidate pairs routed here by every key partition are
 * de-duplicated (a pair found by several keys is verified once), verified against the shared feature
 * store, and those scoring at or above the threshold are kept with their evidence.
 */
import { uniquePairs } from '../candidates/unique-pairs.js';
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
  for (let i = 0; i < unique.length; i += 2) {
    const a = unique[i]!;
    const b = unique[i + 1]!;
    verifyPair(store, ctx, a, b, ev, threshold);
    if (ev.score >= threshold) out.add(a, b, ev);
  }
  return { candidates: unique.length >>> 1, verified: out.toShared() };
}
