/**
 * Everything a pair's keys and score depend on besides the two records and the corpus facts
 * (verify/match-context.ts), as one plain JSON object persisted with every generation of the dedup index.
 * Reading a generation with code whose key recipe or weights differ would look up keys that mean nothing
 * or score pairs differently from the scan that published it, so `assertMatchParams` refuses it, as
 * sketch/minhash-params.ts `assertCompatible` already refuses mismatched sketches (datasketch's habit).
 */
import { KEY_RECIPE_VERSION } from '../candidates/record-keys.js';
import { hashString32 } from '../candidates/key-hash.js';
import { DedupError } from '../errors.js';
import { createSketchParams, type SketchParams } from '../sketch/minhash-params.js';
import * as W from '../verify/match-weights.js';

export interface MatchParams {
  /** KEY_RECIPE_VERSION of the code that built the keys. */
  readonly key_recipe: number;
  /** Fingerprint of the weights table (match-weights.ts) the scores were computed with. */
  readonly weights: string;
  readonly sketch: SketchParams;
  /** Score at or above which a pair is a duplicate. */
  readonly threshold: number;
  /** Largest bucket whose pairs are all compared. */
  readonly bucket_cap: number;
  /** Sorted-neighbourhood window of capped buckets. */
  readonly window: number;
  /** Identifier values carried by more records than this are generic. */
  readonly generic_min: number;
}

const WEIGHTS_SALT = 0x77;

/**
 * The weights' fingerprint: a hash of every exported number and table of match-weights.ts, so any weight
 * change is noticed without a version to remember to bump. Keys are sorted first: a native module namespace
 * lists them alphabetically, a transpiled one (the test runner's) in declaration order, and the compiled CLI
 * must accept a generation the tests wrote.
 */
export const WEIGHTS_FINGERPRINT = hashString32(JSON.stringify(Object.fromEntries(Object.entries(W).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))), WEIGHTS_SALT).toString(16).padStart(8, '0');

export function matchParamsOf(o: { sketch: SketchParams; threshold: number; bucketCap: number; window: number; genericMin: number }): MatchParams {
  return { key_recipe: KEY_RECIPE_VERSION, weights: WEIGHTS_FINGERPRINT, sketch: o.sketch, threshold: o.threshold, bucket_cap: o.bucketCap, window: o.window, generic_min: o.genericMin };
}

/**
 * Checks parameters read back from a generation against the code about to use them, and returns them
 * filled (the threshold, caps and generic rule are the generation's: the online check decides as the scan
 * that published it did).
 * @throws DedupError E_SKETCH_MISMATCH naming what differs, and how to resolve it.
 */
export function assertMatchParams(stored: unknown): MatchParams {
  const p = stored as Partial<MatchParams> | null;
  if (p === null || typeof p !== 'object' || p.sketch === undefined) {
    throw new DedupError('E_SKETCH_MISMATCH', 'the generation carries no match parameters (written by an older version); run `merchant-dedup rebuild`', {});
  }
  const sketch = createSketchParams(p.sketch);
  const differences: string[] = [];
  if (p.key_recipe !== KEY_RECIPE_VERSION) differences.push(`key recipe ${String(p.key_recipe)} vs ${KEY_RECIPE_VERSION}`);
  if (p.weights !== WEIGHTS_FINGERPRINT) differences.push(`weights ${String(p.weights)} vs ${WEIGHTS_FINGERPRINT}`);
  if (differences.length > 0) {
    throw new DedupError('E_SKETCH_MISMATCH', `the generation was built by different matching code (${differences.join(', ')}); run \`merchant-dedup rebuild\` with this version`, {
      differences,
    });
  }
  return { ...p, sketch } as MatchParams;
}
