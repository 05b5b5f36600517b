import { hashSeed } from './prng.js';

/**
 * Merchant ids `M` + 9 digits. File position p goes through a keyed permutation of [0, 10^9): a
 * 4-round Feistel network on 30 bits (two 15-bit halves) with cycle walking (re-apply while the
 * result is ≥ 10^9; 2^30 / 10^9 ≈ 1.07 rounds on average). A permutation, so ids are unique; keyed by
 * the seed, so they look random and say nothing about which records are duplicates.
 */
const ID_SPACE = 1_000_000_000;
const ID_DIGITS = 9;
const HALF_BITS = 15;
const HALF_MASK = (1 << HALF_BITS) - 1;
const FEISTEL_ROUNDS = 4;
const KEY_STREAM = 0x1d5;

export type MerchantIdKeys = readonly number[];

export function merchantIdKeys(seed: number): MerchantIdKeys {
  return Array.from({ length: FEISTEL_ROUNDS }, (_, i) => hashSeed(hashSeed(seed, KEY_STREAM), i));
}

function feistel(x: number, keys: MerchantIdKeys): number {
  let left = x >>> HALF_BITS;
  let right = x & HALF_MASK;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    // Round function: murmur3 finaliser of right ⊕ key, truncated to a half.
    let h = Math.imul((right ^ k) >>> 0, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    const next = left ^ ((h ^ (h >>> 16)) & HALF_MASK);
    left = right;
    right = next;
  }
  return left * (HALF_MASK + 1) + right;
}

export function merchantIdAt(keys: MerchantIdKeys, position: number): string {
  let v = feistel(position, keys);
  while (v >= ID_SPACE) v = feistel(v, keys);
  return 'M' + String(v).padStart(ID_DIGITS, '0');
}
