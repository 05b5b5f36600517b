/**
 * Concatenates the verifiers' results into one column set. Each pair appears in exactly one verifier
 * (pairs are routed by pair hash), so no de-duplication is needed here.
 */
import { CODES_PER_PAIR, NUMBERS_PER_PAIR, sharedVerifiedPairs, type VerifiedPairs } from '../verify/verified-pairs.js';

export function mergeVerified(parts: readonly VerifiedPairs[]): VerifiedPairs {
  let count = 0;
  for (const p of parts) count += p.count;
  // On shared memory: the write phase's workers read the pairs in place (scan/pool-row-formatter.ts).
  const out = sharedVerifiedPairs(count);
  const { a, b, score, numbers, codes } = out;
  let at = 0;
  for (const p of parts) {
    a.set(p.a.subarray(0, p.count), at);
    b.set(p.b.subarray(0, p.count), at);
    score.set(p.score.subarray(0, p.count), at);
    numbers.set(p.numbers.subarray(0, p.count * NUMBERS_PER_PAIR), at * NUMBERS_PER_PAIR);
    codes.set(p.codes.subarray(0, p.count * CODES_PER_PAIR), at * CODES_PER_PAIR);
    at += p.count;
  }
  return out;
}
