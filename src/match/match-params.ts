/**
 * Everything a pair's keys and score depend on besides the two records and the corpus facts
 * (verify/match-context.ts), as one plain JSON object persisted with every generation of the dedup index.
 * Reading a generation with code whose key recipe or weights differ would look up keys that mean nothing
 * or score pairs differently from the scan that published it, so `assertMatchParams` refuses it, as
 * sketch/minhash-params.ts `assertCompatible` already refuses mismatched sketches (datasketch's habit).
 */
import { KEY_RECIPE_VERSION } from '../candidates/record-keys.js';
import { bucketLimits, DENSE_KEY_LIMITS, OrderFacet, Reach, type BucketLimits } from '../candidates/bucket-policy.js';
import { KEY_KIND_NAMES, type KeyKind } from '../candidates/key-kinds.js';
import { hashString32 } from '../candidates/key-hash.js';
import { DedupError } from '../errors.js';
import { createSketchParams, type SketchParams } from '../sketch/minhash-params.js';
import * as W from '../verify/match-weights.js';
import { checkWeights } from './weights-file.js';

export interface MatchParams {
  /** KEY_RECIPE_VERSION of the code that built the keys. */
  readonly key_recipe: number;
  /** Fingerprint of the weights table the scores were computed with, and of the code's similarity shapes. */
  readonly weights: string;
  /** The weights table itself (match-weights.ts), so the online check scores as the scan did. */
  readonly weights_table: W.MatchWeights;
  readonly sketch: SketchParams;
  /** Score at or above which a pair is a duplicate. */
  readonly threshold: number;
  /** Largest bucket whose pairs are all compared. */
  readonly bucket_cap: number;
  /** Sorted-neighbourhood window of capped buckets. */
  readonly window: number;
  /** Identifier values carried by more records than this are generic. */
  readonly generic_min: number;
  /** The dense kinds' own cap, window, reach and skipped orders (candidates/bucket-policy.ts), as the scan used them. */
  readonly dense_keys?: Readonly<Record<string, DenseKeyRecord>>;
  /**
   * What the scan counted as a key's frequency: 'distinct_records' (store/content-hash.ts; key_counts has
   * the column). Absent in generations written before: frequencies were records.
   */
  readonly frequency?: 'distinct_records';
}

const WEIGHTS_SALT = 0x77;

/** The shape constants of match-weights.ts (every exported number): how similarity is measured. */
const SHAPE = Object.fromEntries(Object.entries(W).filter(([, v]) => typeof v === 'number'));

/**
 * A weights table's fingerprint: a hash of its canonical JSON (keys sorted) and of the shape constants, so
 * any change to a weight or to how similarity is measured is noticed without a version to remember to bump.
 * Keys are sorted: a native module namespace lists them alphabetically, a transpiled one (the test
 * runner's) in declaration order, and the compiled CLI must accept a generation the tests wrote.
 */
export function weightsFingerprint(w: Readonly<W.MatchWeights>): string {
  return hashString32(canonicalJson({ shape: SHAPE, weights: w }), WEIGHTS_SALT).toString(16).padStart(8, '0');
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The default weights' fingerprint. */
export const WEIGHTS_FINGERPRINT = weightsFingerprint(W.DEFAULT_WEIGHTS);

export function matchParamsOf(o: { sketch: SketchParams; threshold: number; bucketCap: number; window: number; genericMin: number; weights: Readonly<W.MatchWeights> }): MatchParams {
  return {
    key_recipe: KEY_RECIPE_VERSION,
    weights: weightsFingerprint(o.weights),
    weights_table: o.weights as W.MatchWeights,
    sketch: o.sketch,
    threshold: o.threshold,
    bucket_cap: o.bucketCap,
    window: o.window,
    generic_min: o.genericMin,
    dense_keys: denseKeysOf(o.bucketCap, o.window),
    frequency: 'distinct_records',
  };
}

/** A dense kind's limits as a generation records them: cap and window, how near its records must stand, the orders its capped buckets skip. */
interface DenseKeyRecord extends BucketLimits {
  reach?: string;
  skips?: string[];
}

const REACH_NAMES: Record<Reach, string> = { [Reach.Any]: 'any', [Reach.Area]: 'area', [Reach.Spot]: 'spot' };
const FACET_NAMES: Record<OrderFacet, string> = { [OrderFacet.Position]: 'position', [OrderFacet.Name]: 'name', [OrderFacet.Street]: 'street' };

/**
 * The key_counts column holding the frequency a generation's scan scored with: distinct records, or records
 * for a generation written before they were counted (its key_counts has no distinct_records column).
 */
export function frequencyColumn(p: Pick<MatchParams, 'frequency'>): 'distinct_records' | 'records' {
  return p.frequency === 'distinct_records' ? 'distinct_records' : 'records';
}

function denseKeysOf(cap: number, window: number): Record<string, DenseKeyRecord> {
  const { caps, windows } = bucketLimits({ cap, window });
  const out: Record<string, DenseKeyRecord> = {};
  for (const k of Object.keys(DENSE_KEY_LIMITS).map(Number) as KeyKind[]) {
    const own = DENSE_KEY_LIMITS[k]!;
    out[KEY_KIND_NAMES[k]] = { cap: caps[k]!, window: windows[k]!, reach: REACH_NAMES[own.reach], skips: own.skips.map((f) => FACET_NAMES[f]) };
  }
  return out;
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
  // Absent: a generation written before distinct records were counted, read in records (online-index.ts).
  if (p.frequency !== undefined && p.frequency !== 'distinct_records') differences.push(`key frequencies in ${String(p.frequency)}`);
  let table: W.MatchWeights | null;
  try {
    table = p.weights_table === undefined ? null : checkWeights(p.weights_table, 'the generation');
  } catch {
    table = null;
  }
  const fingerprint = table === null ? null : weightsFingerprint(table);
  if (fingerprint !== p.weights) differences.push(`weights ${String(p.weights)} vs ${fingerprint ?? 'none this version can read'}`);
  if (differences.length > 0) {
    throw new DedupError('E_SKETCH_MISMATCH', `the generation was built by different matching code (${differences.join(', ')}); run \`merchant-dedup rebuild\` with this version`, {
      differences,
    });
  }
  return { ...p, sketch, weights_table: table! } as MatchParams;
}
