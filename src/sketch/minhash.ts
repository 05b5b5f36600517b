/**
 * Classic k-permutation MinHash (Broder, "On the resemblance and containment of documents", 1997):
 * slot i of the signature is min over the set of π_i(x), so two sets agree in slot i with probability
 * equal to their Jaccard similarity, and the fraction of agreeing slots estimates it.
 *
 * π_i(x) = fmix32((a_i·x + b_i) mod 2^32) (see `Permutations`), all in Math.imul/int32 arithmetic.
 * Not `(a*x + b) % p` in doubles as the `minhash` npm package does: with a and x near 2^32 the product
 * needs 64 bits and a double keeps 53, so the low bits the modulus depends on are already rounded away.
 *
 * Signature layout, shared by every variant: numPerm uint32 slots at out[offset..offset+numPerm);
 * nothing else in `out` is touched, so one flat Uint32Array can hold the signatures of a whole batch.
 */

import { checkSignatureRanges, EMPTY_SLOT, type Permutations, type SignatureFunction } from './minhash-params.js';
import { cMinHashSignature, ophSignature } from './one-permutation.js';
import { fmix32 } from './shingles.js';

export const kPermSignature: SignatureFunction = (hashes, count, perms, out, offset) => {
  const numPerm = perms.params.numPerm;
  checkSignatureRanges(hashes, count, out, offset, numPerm);
  const { a, b } = perms;
  // Slot-outer: the running minimum stays in a register and out is written once per slot; the
  // shingle hashes (at most a few dozen) stay in L1 across slots.
  for (let i = 0; i < numPerm; i++) {
    const ai = a[i]!;
    const bi = b[i]!;
    let min = EMPTY_SLOT;
    for (let j = 0; j < count; j++) {
      const h = fmix32((Math.imul(ai, hashes[j]!) + bi) | 0);
      if (h < min) min = h;
    }
    out[offset + i] = min;
  }
};

/** The signature function of `perms.params.variant`. Resolve it once per batch, not per record. */
export function signatureFunction(perms: Permutations): SignatureFunction {
  switch (perms.params.variant) {
    case 'k-perm':
      return kPermSignature;
    case 'oph':
      return ophSignature;
    case 'c-minhash':
      return cMinHashSignature;
  }
}
