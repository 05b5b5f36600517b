/**
 * Sketch parameters, the seeded permutations derived from them, and the signature contract every
 * MinHash variant shares (`SignatureFunction`, `EMPTY_SLOT`).
 *
 * As in datasketch, permutations come from an explicit seed, never from Math.random: every worker and
 * every later process that builds `permutationsFor(params)` from equal params gets bit-identical
 * permutations, so signatures computed anywhere are comparable. `SketchParams` is plain JSON; store it
 * beside any persisted signature or band key, and `assertCompatible` before comparing two of them.
 */

import { DedupError } from '../errors.js';
import { fmix32 } from './shingles.js';
import { optimalLshParams } from './lsh-params.js';

/** `k-perm`: classic MinHash, numPerm independent hash-permutations (Broder 1997).
 * `oph`: one-permutation hashing with optimal densification (Shrivastava 2017).
 * `c-minhash`: circulant MinHash, two permutations (Li & Li 2021). */
export type MinHashVariant = 'k-perm' | 'oph' | 'c-minhash';
export const MINHASH_VARIANTS: readonly MinHashVariant[] = ['k-perm', 'oph', 'c-minhash'];

export interface SketchParams {
  readonly variant: MinHashVariant;
  /** Signature length in uint32 slots. */
  readonly numPerm: number;
  /** uint32 seed of every permutation. */
  readonly seed: number;
  /** Shingle width in characters (code points). */
  readonly shingleK: number;
  /** LSH bands; bands * rows <= numPerm. */
  readonly bands: number;
  /** Signature slots per band. */
  readonly rows: number;
}

export interface SketchOptions {
  /** k-perm: on 2-30 character strings (a dozen shingles) it is as accurate as c-minhash at the same
   * speed, and OPH's densification (O(numPerm²/shingles)) makes it slower from 128 slots up
   * (bench/sketch.bench.ts).
   * @default 'k-perm' */
  variant?: MinHashVariant;
  /** @default 128 */
  numPerm?: number;
  /** @default 1 (datasketch's default seed) */
  seed?: number;
  /** Bigrams: a 4-character name has 3 bigrams but only 2 trigrams, and one edit removes both.
   * @default 2 */
  shingleK?: number;
  /** Jaccard threshold that `bands`/`rows` are chosen for when not given explicitly.
   * @default 0.5 */
  threshold?: number;
  /** Give both `bands` and `rows`, or neither (then `optimalLshParams(threshold, numPerm)` picks them).
   * @default chosen from threshold */
  bands?: number;
  /** @default chosen from threshold */
  rows?: number;
}

/** Beyond 1024 slots the estimate's error (~1/sqrt(numPerm)) barely improves while signature memory
 * (4 bytes × numPerm × tens of millions of records) grows linearly; OPH bin indices also fit Uint16. */
export const MAX_NUM_PERM = 1024;
/** Wider shingles than 8 characters would be most of a 2-15 character name: a record sketch of one. */
export const MAX_SHINGLE_K = 8;
const UINT32_MAX = 0xffff_ffff;

function badOption(field: string, must: string, got: unknown): DedupError {
  return new DedupError('E_BAD_ARGS', `options.${field} must be ${must}, got ${JSON.stringify(got)}`, { field });
}

function intIn(options: Record<string, unknown>, field: string, lo: number, hi: number, fallback: number): number {
  const v = options[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw badOption(field, `an integer in [${lo}, ${hi}]`, v);
  }
  return v;
}

/**
 * Validates `options` (or a `SketchParams` read back from JSON) and returns filled, frozen params.
 * @throws DedupError E_BAD_ARGS naming the offending option.
 */
export function createSketchParams(options: SketchOptions = {}): SketchParams {
  const o = options as Record<string, unknown>;
  const variant = options.variant ?? 'k-perm';
  if (!MINHASH_VARIANTS.includes(variant)) throw badOption('variant', `one of ${MINHASH_VARIANTS.join(', ')}`, variant);
  const numPerm = intIn(o, 'numPerm', 1, MAX_NUM_PERM, 128);
  const seed = intIn(o, 'seed', 0, UINT32_MAX, 1);
  const shingleK = intIn(o, 'shingleK', 1, MAX_SHINGLE_K, 2);
  let bands: number;
  let rows: number;
  if (options.bands === undefined && options.rows === undefined) {
    const threshold = options.threshold ?? 0.5;
    if (typeof threshold !== 'number' || !(threshold > 0 && threshold < 1)) {
      throw badOption('threshold', 'a number in (0, 1)', threshold);
    }
    ({ bands, rows } = optimalLshParams(threshold, numPerm));
  } else {
    if (options.bands === undefined || options.rows === undefined) {
      const missing = options.bands === undefined ? 'bands' : 'rows';
      throw badOption(missing, 'given together with the other of bands/rows (or neither)', undefined);
    }
    bands = intIn(o, 'bands', 1, numPerm, 0);
    rows = intIn(o, 'rows', 1, numPerm, 0);
    if (bands * rows > numPerm) throw badOption('bands', `such that bands * rows <= numPerm (${numPerm})`, bands);
  }
  return Object.freeze({ variant, numPerm, seed, shingleK, bands, rows });
}

/** What must agree: `signature` for comparing signatures, `band-keys` also for comparing band keys. */
export type CompatibilityScope = 'signature' | 'band-keys';

const SIGNATURE_FIELDS = ['variant', 'numPerm', 'seed', 'shingleK'] as const;
const BAND_KEY_FIELDS = [...SIGNATURE_FIELDS, 'bands', 'rows'] as const;

/**
 * Refuses to compare sketches built with different parameters: their slots measure different
 * permutations, and any "similarity" between them is noise.
 * @throws DedupError E_SKETCH_MISMATCH with `details.differences` as { field: [a, b] }.
 */
export function assertCompatible(a: SketchParams, b: SketchParams, scope: CompatibilityScope = 'band-keys'): void {
  const differences: Record<string, [unknown, unknown]> = {};
  for (const field of scope === 'signature' ? SIGNATURE_FIELDS : BAND_KEY_FIELDS) {
    if (a[field] !== b[field]) differences[field] = [a[field], b[field]];
  }
  const fields = Object.keys(differences);
  if (fields.length === 0) return;
  const list = fields.map((f) => `${f} ${String(differences[f]![0])} vs ${String(differences[f]![1])}`).join(', ');
  throw new DedupError(
    'E_SKETCH_MISMATCH',
    `sketches were built with different parameters (${list}); rebuild them with the same sketch parameters`,
    { differences },
  );
}

/**
 * Seeded permutations of the 32-bit shingle-hash universe: π_i(x) = fmix32(a_i·x + b_i mod 2^32).
 * With a_i odd, x ↦ a_i·x + b_i is a bijection of uint32 and fmix32 is one too, so each π_i is a true
 * permutation; the fmix32 breaks the linear structure a bare multiply-add leaves in the low bits.
 * `k-perm` uses all numPerm pairs; `oph` and `c-minhash` use pairs 0 and 1 (see one-permutation.ts).
 */
export interface Permutations {
  readonly params: SketchParams;
  /** Odd multipliers, length max(numPerm, MIN_PERMUTATION_PAIRS). */
  readonly a: Uint32Array;
  /** Offsets, same length as `a`. */
  readonly b: Uint32Array;
  /** `oph` only (empty otherwise): row `bin` holds the first DENSIFY_TABLE_DEPTH bins that optimal
   * densification probes for an empty `bin`, i.e. densifyCandidate(seed, bin, 1..depth, numPerm).
   * The probe sequence is data-independent, so it is computed once here instead of per record. */
  readonly densify: Uint16Array;
}

/** C-MinHash needs σ and π even for a 1-slot signature. */
const MIN_PERMUTATION_PAIRS = 2;

/** Probes cached per bin. OPH of a set with m non-empty bins probes numPerm/m times on average per
 * empty bin; 64 covers m >= 2 at numPerm 128 and costs 16 KiB there. Deeper probes are computed. */
export const DENSIFY_TABLE_DEPTH = 64;

/** Golden-ratio increment of SplitMix: consecutive counters land far apart before mixing. */
const SPLITMIX_GAMMA = 0x9e37_79b9;
/** Distinct streams for a and b, so a_i and b_i are not the same draw. */
const STREAM_A = 0x5a5a_0001;
const STREAM_B = 0xa5a5_0002;
const STREAM_DENSIFY = 0x3c3c_0003;
const UINT32_RANGE = 0x1_0000_0000;

/** The i-th draw of a counter-based SplitMix32 stream: fmix32 of seed ^ stream + i·gamma. Random
 * access and bit-identical everywhere; distinct i give distinct outputs (fmix32 is a bijection). */
export function seededUint32(seed: number, stream: number, i: number): number {
  return fmix32(((seed ^ stream) + Math.imul(i + 1, SPLITMIX_GAMMA)) | 0);
}

/**
 * The bin that optimal densification probes at `attempt` (1-based) for empty `bin`: a hash of
 * (seed, bin, attempt) mapped to [0, numPerm). It must not depend on the data, so that two sets with
 * the same non-empty bins copy from the same source (Shrivastava 2017, Algorithm 1).
 */
export function densifyCandidate(seed: number, bin: number, attempt: number, numPerm: number): number {
  const h = seededUint32(seededUint32(seed, STREAM_DENSIFY, bin), 0, attempt);
  // h < 2^32 and numPerm <= 2^10, so the product is an exact integer below 2^42.
  return Math.floor((h * numPerm) / UINT32_RANGE);
}

export function permutationsFor(params: SketchParams): Permutations {
  const { numPerm, seed } = params;
  const pairs = Math.max(numPerm, MIN_PERMUTATION_PAIRS);
  const a = new Uint32Array(pairs);
  const b = new Uint32Array(pairs);
  for (let i = 0; i < pairs; i++) {
    a[i] = seededUint32(seed, STREAM_A, i) | 1;
    b[i] = seededUint32(seed, STREAM_B, i);
  }
  const densify = new Uint16Array(params.variant === 'oph' ? numPerm * DENSIFY_TABLE_DEPTH : 0);
  for (let bin = 0; bin < densify.length / DENSIFY_TABLE_DEPTH; bin++) {
    for (let t = 0; t < DENSIFY_TABLE_DEPTH; t++) {
      densify[bin * DENSIFY_TABLE_DEPTH + t] = densifyCandidate(seed, bin, t + 1, numPerm);
    }
  }
  return { params, a, b, densify };
}

/** Slot value of an empty set (and the initial minimum). Empty sets must not reach LSH: all of them
 * would share every band key. */
export const EMPTY_SLOT = 0xffff_ffff;

/** Every variant's entry point: writes the signature of hashes[0..count) at out[offset..). */
export type SignatureFunction = (
  hashes: Uint32Array,
  count: number,
  perms: Permutations,
  out: Uint32Array,
  offset: number,
) => void;

/** @throws RangeError when the input or output range does not fit its array. */
export function checkSignatureRanges(hashes: Uint32Array, count: number, out: Uint32Array, offset: number, numPerm: number): void {
  if (!Number.isInteger(count) || count < 0 || count > hashes.length) {
    throw new RangeError(`count must be an integer in [0, ${hashes.length}], got ${count}`);
  }
  if (!Number.isInteger(offset) || offset < 0 || offset + numPerm > out.length) {
    throw new RangeError(`a ${numPerm}-slot signature at offset ${offset} does not fit in out (length ${out.length})`);
  }
}
