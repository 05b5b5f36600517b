/**
 * What a planted group of entities is. `entity` is an ordinary merchant; the next four are hard
 * negatives (look alike, are not the same business); `ring` is a malicious registration ring (many
 * unlike merchants behind one identity, account, phone or terminal, often rotating them: distinct
 * entities, flagged by ring_id); `owner` is one person's two or three shops (legitimate key sharing).
 * Appended, never renumbered: the kind's index is part of a seed's corpus.
 */
export const ENTITY_KINDS = ['entity', 'chain_branch', 'mall', 'generic', 'family', 'ring', 'owner'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const KIND_ENTITY = 0;
export const KIND_CHAIN = 1;
export const KIND_MALL = 2;
export const KIND_GENERIC = 3;
export const KIND_FAMILY = 4;
export const KIND_RING = 5;
export const KIND_OWNER = 6;

/** Entities per group of each kind: [min, max]; sizes are skewed toward the minimum. */
export const GROUP_SIZE_RANGE: readonly (readonly [number, number])[] = [
  [1, 1],
  [3, 40],
  [20, 200],
  [3, 20],
  [2, 4],
  [5, 30],
  [2, 3],
];
