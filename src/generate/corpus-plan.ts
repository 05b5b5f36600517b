import { GROUP_SIZE_RANGE, KIND_CHAIN, KIND_ENTITY, KIND_FAMILY, KIND_GENERIC, KIND_MALL, KIND_OWNER, KIND_RING } from './entity-kind.js';
import type { ResolvedGenerateOptions } from './generate-options.js';
import { chainSizeRange } from './name-skew.js';
import { hashSeed, Prng } from './prng.js';
import { WeightedTable } from './weighted-table.js';

/**
 * The layout of a corpus before any record exists: groups of entities, the number of registrations of
 * each entity, and the shuffled output order. Typed arrays only (≈ 9 bytes a record), so that records
 * can be generated one at a time, in output order, by regenerating their entity from its seed.
 */
export interface CorpusPlan {
  readonly records: number;
  readonly entities: number;
  readonly groups: number;
  readonly groupKind: Uint8Array;
  readonly groupFirstEntity: Uint32Array;
  /** Ring ordinal of ring groups, -1 for the others. */
  readonly groupRing: Int32Array;
  readonly entityGroup: Uint32Array;
  readonly entityCopies: Uint8Array;
  /** Output position → entity. */
  readonly recordEntity: Uint32Array;
  /** Output position → which registration of the entity (0 = the original). */
  readonly recordCopy: Uint8Array;
  readonly rings: number;
  readonly duplicateEntities: number;
}

/** How hard negatives divide among their kinds (share of hard-negative entities). */
const HARD_NEGATIVE_SPLIT: readonly (readonly [number, number])[] = [
  [KIND_CHAIN, 0.3], [KIND_MALL, 0.3], [KIND_GENERIC, 0.2], [KIND_FAMILY, 0.12], [KIND_OWNER, 0.08],
];
/** Registrations of a duplicated entity: mostly two, rarely five. */
const COPIES_TABLE = new WeightedTable([[2, 60], [3, 25], [4, 10], [5, 5]] as const);
const PLAN_STREAM = 0x91a7;

/** Entities per group of a kind: chains grow with the name skew (name-skew.ts). */
function sizeRange(kind: number, skew: number): readonly [number, number] {
  return kind === KIND_CHAIN ? chainSizeRange(skew) : GROUP_SIZE_RANGE[kind]!;
}

/** Group sizes are min + ⌊(max − min + 1)·u²⌋: many small groups, a few large. */
function groupSize(prng: Prng, kind: number, skew: number): number {
  const [min, max] = sizeRange(kind, skew);
  const u = prng.float();
  return min + Math.floor((max - min + 1) * u * u);
}

/** Exact mean of `groupSize`: min + Σ_{j=1}^{k-1} P(k·u² ≥ j), k = max − min + 1. */
function meanGroupSize(kind: number, skew: number): number {
  const [min, max] = sizeRange(kind, skew);
  const k = max - min + 1;
  let mean = min;
  for (let j = 1; j < k; j++) mean += 1 - Math.sqrt(j / k);
  return mean;
}

export function planCorpus(o: ResolvedGenerateOptions): CorpusPlan {
  const n = o.n;
  const prng = new Prng(hashSeed(o.seed, PLAN_STREAM));
  // Group kinds drawn so that each kind's share of *entities* matches the options.
  const entityShares: [number, number][] = [[KIND_ENTITY, Math.max(0, 1 - o.hardNegativeShare - o.ringShare)], [KIND_RING, o.ringShare]];
  for (const [k, s] of HARD_NEGATIVE_SPLIT) entityShares.push([k, o.hardNegativeShare * s]);
  const positive = entityShares.filter(([, s]) => s > 0);
  const kinds = new WeightedTable(positive.map(([k, s]) => [k, s / meanGroupSize(k, o.skew)] as const));

  const groupKind = new Uint8Array(n);
  const groupFirstEntity = new Uint32Array(n);
  const groupRing = new Int32Array(n);
  const entityGroup = new Uint32Array(n);
  const entityCopies = new Uint8Array(n);
  let groups = 0;
  let entities = 0;
  let used = 0;
  let rings = 0;
  let duplicateEntities = 0;
  while (used < n) {
    let kind = kinds.pick(prng);
    let size = groupSize(prng, kind, o.skew);
    if (sizeRange(kind, o.skew)[0] > n - used) {
      kind = KIND_ENTITY;
      size = 1;
    }
    size = Math.min(size, n - used);
    const g = groups++;
    groupKind[g] = kind;
    groupFirstEntity[g] = entities;
    groupRing[g] = kind === KIND_RING ? rings++ : -1;
    used += size;
    for (let i = 0; i < size; i++) {
      const e = entities++;
      entityGroup[e] = g;
      let copies = 1;
      if (kind !== KIND_RING && prng.chance(o.duplicateShare)) copies = Math.min(COPIES_TABLE.pick(prng), 1 + n - used);
      if (copies > 1) duplicateEntities++;
      entityCopies[e] = copies;
      used += copies - 1;
    }
  }

  const recordEntity = new Uint32Array(n);
  const recordCopy = new Uint8Array(n);
  for (let e = 0, r = 0; e < entities; e++) {
    for (let c = 0; c < entityCopies[e]!; c++, r++) {
      recordEntity[r] = e;
      recordCopy[r] = c;
    }
  }
  // Fisher–Yates: duplicates end up anywhere in the file, never adjacent by construction.
  for (let i = n - 1; i > 0; i--) {
    const j = prng.int(i + 1);
    const te = recordEntity[i]!;
    recordEntity[i] = recordEntity[j]!;
    recordEntity[j] = te;
    const tc = recordCopy[i]!;
    recordCopy[i] = recordCopy[j]!;
    recordCopy[j] = tc;
  }
  return {
    records: n, entities, groups,
    groupKind: groupKind.subarray(0, groups),
    groupFirstEntity: groupFirstEntity.subarray(0, groups),
    groupRing: groupRing.subarray(0, groups),
    entityGroup: entityGroup.subarray(0, entities), entityCopies: entityCopies.subarray(0, entities),
    recordEntity, recordCopy, rings, duplicateEntities,
  };
}
