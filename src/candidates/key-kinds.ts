/**
 * Blocking key layout: 64 bits as two uint32 words. The top 4 bits of `hi` hold the key kind, the other
 * 60 bits a hash of the key text, so keys of different kinds never share a bucket and a 60-bit space keeps
 * accidental collisions below one in ~10^6 even with 10^9 keys (birthday bound 2^30).
 */
export const KEY_KIND_BITS = 4;
export const KEY_KIND_SHIFT = 32 - KEY_KIND_BITS;
export const KEY_HASH_MASK_HI = (1 << KEY_KIND_SHIFT) - 1;

/** The kinds of blocking key. Order is part of the index format: append, never renumber. */
export const KeyKind = {
  /** One MinHash LSH band of the name core. */
  NameBand: 0,
  Uscc: 1,
  IdNumber: 2,
  BankAccount: 3,
  Phone: 4,
  Terminal: 5,
  /** Exact normalized name core within one city. */
  NameCity: 6,
  /** Exact canonical street address (road + number) within one city. */
  AddressCity: 7,
  /**
   * The name's first distinctive bigram (not a trade word) within one geo cell (store/geo-cell.ts): finds
   * two listings of one place whose names share only a short distinctive part (湖州佬 / 湖州佬龙虾羊排),
   * which the name sketch misses, while the cell keeps the bucket to one neighbourhood.
   */
  NameCell: 8,
} as const;
export type KeyKind = (typeof KeyKind)[keyof typeof KeyKind];

export const KEY_KIND_NAMES: Readonly<Record<KeyKind, string>> = {
  0: 'name_band',
  1: 'uscc',
  2: 'id_number',
  3: 'bank_account',
  4: 'phone',
  5: 'terminal',
  6: 'name_city',
  7: 'address_city',
  8: 'name_cell',
};
export const KEY_KIND_COUNT = 9;

export function kindOf(hi: number): KeyKind {
  return (hi >>> KEY_KIND_SHIFT) as KeyKind;
}

export function withKind(kind: KeyKind, hashHi: number): number {
  return ((kind << KEY_KIND_SHIFT) | (hashHi & KEY_HASH_MASK_HI)) >>> 0;
}
