export { fmix32, murmurRound, shingleCapacity, shingleHashes, SHINGLE_HASH_SEED } from './shingles.js';
export {
  assertCompatible,
  checkSignatureRanges,
  createSketchParams,
  DENSIFY_TABLE_DEPTH,
  densifyCandidate,
  EMPTY_SLOT,
  MAX_NUM_PERM,
  MAX_SHINGLE_K,
  MINHASH_VARIANTS,
  permutationsFor,
  seededUint32,
} from './minhash-params.js';
export type {
  CompatibilityScope,
  MinHashVariant,
  Permutations,
  SignatureFunction,
  SketchOptions,
  SketchParams,
} from './minhash-params.js';
export { kPermSignature, signatureFunction } from './minhash.js';
export { cMinHashSignature, ophSignature } from './one-permutation.js';
export { collisionProbability, DEFAULT_LSH_WEIGHTS, optimalLshParams } from './lsh-params.js';
export type { LshParams, LshWeights } from './lsh-params.js';
export { BAND_KEY_WORDS, bandKeys, bandKeyToHex, bandKeyToNumber } from './band-keys.js';
export { estimatedJaccard, exactJaccard } from './jaccard.js';
