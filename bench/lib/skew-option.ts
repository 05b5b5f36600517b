/** The generator's name skew as benchmarks take it: a level name (low, default, high) or a number. */
import { MAX_SKEW, SKEW_LEVELS } from '../../src/generate/index.js';

export function skewValue(label: string): number {
  const named = (SKEW_LEVELS as Record<string, number>)[label];
  const v = named ?? Number(label);
  if (!Number.isFinite(v) || v < 0 || v > MAX_SKEW) throw new RangeError(`--skew: low, default, high or a number in [0, ${MAX_SKEW}], got ${label}`);
  return v;
}
