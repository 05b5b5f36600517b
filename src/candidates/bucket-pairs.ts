/**
 * Candidate pairs from sorted blocking keys. Every bucket (run of equal keys) of at most `cap` members
 * emits all its pairs (the cap and window are per key kind: name and address keys use smaller ones, bucket-policy.ts). A giant bucket (a chain brand, one mall address, 兰州拉面, a ring's shared phone)
 * would emit O(m²): instead it is sorted by each neighbourhood order and each member is paired with the
 * next `window` members in that order (sorted neighbourhood, Hernández & Stolfo 1995; the multi-pass
 * variant: one pass per order, a pair found by two passes emitted once). Orders sort by a primary value
 * and break ties by a secondary one (position, then name; the name's min-hash, then position; street, then position),
 * so that the near neighbours of a record, not an arbitrary slice of its cell, fill its window. The pairs
 * the walk skips are counted (`avoided`, every pair of a capped bucket not emitted); the pairs a dense key
 * leaves out of a bucket within its cap because the two records stand apart are not.
 *
 * A dense key (name, address: bucket-policy.ts) pairs only records that are near: never two whose known
 * positions are far apart (a kilometre; one spot for lookalike names), and in a capped bucket only
 * neighbours that are near in the order walked (the same name min-hash, the same street, one spot). A neighbour that is not near is not a candidate:
 * one name or one building is evidence only where the two records also agree on place, and the number of
 * near neighbours depends on how crowded a spot is, not on how many records the corpus holds.
 *
 * A pair slot is emitted once per pair where the keys allow it to be known locally: a NameBand bucket
 * leaves out the pairs of two records with the same name core in the same known city, because those two
 * always share a NameCity key too (record-keys.ts emits one for every named record of a known city), whose
 * bucket decides them (all pairs within its cap, near neighbours above it). Near-identical names share most of their LSH bands, and without this rule a pair of
 * equal names took nine slots (eight bands and NameCity) for one candidate.
 *
 * Pairs leave here routed to a verification partition by a hash of the pair, so that each pair, found by
 * however many keys in however many key partitions, meets its twins in exactly one verifier.
 */
import { NUM_COLUMNS, NumColumn } from '../store/feature-columns.js';
import type { GrowableU32 } from '../store/growable-array.js';
import { BucketMembers, gatherBucket, skippedAny } from './bucket-members.js';
import { bucketLimits, Reach, type OrderFacet } from './bucket-policy.js';
import { KEY_KIND_COUNT, KeyKind, kindOf } from './key-kinds.js';

/**
 * What blocking learns about the corpus while it walks the buckets, for verification and the persisted
 * index (verify/match-context.ts): bucket sizes are key frequencies, counted in distinct records (records
 * of equal content count once: store/content-hash.ts), so that a shop copied many times
 * over neither makes its own name common nor its own identifiers generic.
 */
export interface BucketFacts {
  /** Per global record: the distinct records of its NameCity bucket (one NameCity key per record: one writer per slot). */
  nameFrequency: Uint32Array;
  /** The store's number columns, for each member's NumColumn.Content; null counts every record as distinct. */
  recordNums: Float64Array | null;
  /** Per global record: bit `1 << kind` for a generic identifier value (set with Atomics.or: several writers). */
  generic: Uint8Array;
  /** Identifier kinds whose values can be generic, as a bit mask over key kinds. */
  identifierMask: number;
  /** Buckets of more distinct records than this are generic (identifier kinds only). */
  genericMin: number;
  /**
   * [hi, lo, records, distinct records] of every bucket of 2+ members: the key counts persisted with the
   * generation. Distinct records are counted where the match context reads them (NameCity and identifier
   * keys); for other kinds they equal the records. null: not kept.
   */
  counts: GrowableU32 | null;
  /** [hi, lo, size, firstMember] of every generic bucket. */
  genericBuckets: GrowableU32;
}

/** The scan's bucket_cap and window; name and address kinds use smaller ones (bucket-policy.ts). */
export interface BucketOptions {
  /** Largest bucket whose pairs are all emitted. */
  cap: number;
  /** Neighbours each member of a capped bucket is paired with, per neighbourhood order. */
  window: number;
}

export interface BucketStats {
  /** Per key kind: buckets of 2+ members. */
  buckets: number[];
  /** Per key kind: buckets over the cap. */
  capped: number[];
  /** Per key kind: the largest bucket. */
  largest: number[];
  /** Per key kind: pairs emitted (before de-duplication across keys). */
  emitted: number[];
  /** Per key kind: pairs a full comparison of capped buckets would have made but that were skipped. */
  avoided: number[];
}

export function emptyBucketStats(): BucketStats {
  const z = (): number[] => new Array<number>(KEY_KIND_COUNT).fill(0);
  return { buckets: z(), capped: z(), largest: z(), emitted: z(), avoided: z() };
}

export function mergeBucketStats(into: BucketStats, from: BucketStats): void {
  for (let k = 0; k < KEY_KIND_COUNT; k++) {
    into.buckets[k]! += from.buckets[k]!;
    into.capped[k]! += from.capped[k]!;
    into.largest[k] = Math.max(into.largest[k]!, from.largest[k]!);
    into.emitted[k]! += from.emitted[k]!;
    into.avoided[k]! += from.avoided[k]!;
  }
}

/** Verification partition of pair (a, b): a 32-bit mix, so partitions get even shares. */
export function pairPartition(a: number, b: number, partitions: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) % partitions;
}

/** A sorted-neighbourhood order: per record, a primary value and a tie-breaking secondary (NaN sorts last). */
export interface NeighbourhoodOrder {
  /** Record r's value at [r * stride]. */
  primary: Float64Array;
  secondary: Float64Array | null;
  /** Distance between two records' values in `primary` and `secondary` (rows of block-partition.ts's order columns). @default 1 */
  stride?: number;
  /**
   * When two neighbours in this order are near in its own terms, for a dense key's capped bucket, which
   * pairs only near neighbours (bucket-policy.ts). Absent: every neighbour is.
   */
  near?: NearRule;
  /** What the order sorts by first, for the kinds that skip it (bucket-policy.ts `skips`). Absent: never skipped. */
  facet?: OrderFacet;
}

/** What near means for neighbours in one order (BlockRecords.place gives the distances). */
export const NearRule = {
  /** Every neighbour is near. */
  Any: 0,
  /**
   * Within `neighbourDegrees` of each other; without a position, an equal secondary value (the name),
   * when the bucket's secondary values are not all one (in a NameCity bucket an equal name says nothing).
   */
  Position: 1,
  /** An equal primary value (a name min-hash, a street), and not far apart. */
  Equal: 2,
} as const;
export type NearRule = (typeof NearRule)[keyof typeof NearRule];

/** Where records stand, for the dense keys' near rules. */
export interface RecordPlaces {
  /** [lat, lng] of record g at stride·g, stride·g + 1; NaN without a position. */
  latLng: Float64Array;
  /** @default 2 */
  stride?: number;
  /**
   * Two records whose positions differ by more than this on either axis are far apart (a kind of
   * Reach.Spot reads the smaller of this and `neighbourDegrees`: bucket-policy.ts).
   */
  apartDegrees: number;
  /** Neighbours in a Position order are near within this on both axes. */
  neighbourDegrees: number;
}

/** What blocking reads of each record besides its keys (block-partition.ts builds it from the store). */
export interface BlockRecords {
  orders: readonly NeighbourhoodOrder[];
  /**
   * Whether records a and b share their NameCity key (equal name core, one known city): such a pair is left
   * out of NameBand buckets. null leaves nothing out.
   */
  sameNameCity: ((a: number, b: number) => boolean) | null;
  /**
   * Where records stand: a dense key never pairs two records far apart, and in a capped bucket only
   * neighbours near in the order walked (bucket-policy.ts). Absent or null: every pair is near.
   */
  place?: RecordPlaces | null;
}

export interface KeyEntries {
  hi: Uint32Array;
  lo: Uint32Array;
  /** Global record index of each entry. */
  rec: Uint32Array;
  n: number;
}

/**
 * Walks `sorted` (entries sorted by key, stable in record order: gather-entries.ts `sortedEntries`) and emits candidate pairs (a < b) into
 * `out[pairPartition(a, b)]`. `skip[g] = 1` excludes record g (a rejected duplicate merchant_id).
 * `records` gives the sorted-neighbourhood orders of capped buckets and the NameBand pair rule.
 */
export function emitBucketPairs(
  sorted: KeyEntries,
  skip: Uint8Array,
  records: BlockRecords,
  options: BucketOptions,
  out: GrowableU32[],
  stats: BucketStats,
  facts: BucketFacts | null = null,
): void {
  const { hi, lo, n } = sorted;
  const partitions = out.length;
  const bucket = new BucketMembers();
  const skipping = skippedAny(skip);
  const { caps, windows, reach, skips } = bucketLimits(options);
  const scratch = new NeighbourhoodScratch();
  // The places as each reach reads them: a spot's records are far apart beyond the neighbour distance.
  const area = records.place ?? null;
  const spot = area === null ? null : { ...area, apartDegrees: Math.min(area.apartDegrees, area.neighbourDegrees) };
  let i = 0;
  while (i < n) {
    const h = hi[i]!;
    const l = lo[i]!;
    i = gatherBucket(sorted, skipping, i, bucket);
    const members = bucket.list;
    // One record can emit the same key twice (e.g. two equal phones); keep one.
    let m = 0;
    for (let x = 0; x < bucket.count; x++) if (m === 0 || members[m - 1] !== members[x]) members[m++] = members[x]!;
    const kind = kindOf(h);
    if (m < 2) continue;
    if (facts) recordFacts(facts, kind, h, l, members, m);
    stats.buckets[kind]!++;
    if (m > stats.largest[kind]!) stats.largest[kind] = m;
    const sameName = kind === KeyKind.NameBand ? records.sameNameCity : null;
    const place = reach[kind] === Reach.Any ? null : reach[kind] === Reach.Spot ? spot : area;
    if (m <= caps[kind]!) {
      // Members arrive in record order (entries are gathered in shard order); order each pair anyway so
      // the a < b invariant never rests on the caller.
      let emitted = 0;
      for (let x = 0; x < m; x++) {
        const p = members[x]!;
        for (let y = x + 1; y < m; y++) {
          const q = members[y]!;
          if (sameName !== null && sameName(p, q)) continue;
          if (place !== null && farApart(place, p, q)) continue;
          const a = p < q ? p : q;
          const b = p < q ? q : p;
          out[pairPartition(a, b, partitions)]!.push2(a, b);
          emitted++;
        }
      }
      stats.emitted[kind]! += emitted;
      continue;
    }
    stats.capped[kind]!++;
    if (sameName !== null && allSameNameCity(sameName, members, m)) {
      // Every pair of this bucket shares a NameCity key, whose bucket decides them: the walk would emit none.
      stats.avoided[kind]! += (m * (m - 1)) / 2;
      continue;
    }
    const emitted = sortedNeighbourhood(members, m, records.orders, skips[kind]!, sameName, place, windows[kind]!, out, scratch);
    stats.emitted[kind]! += emitted;
    stats.avoided[kind]! += Math.max(0, (m * (m - 1)) / 2 - emitted);
  }
}

function recordFacts(facts: BucketFacts, kind: KeyKind, hi: number, lo: number, members: Int32Array, m: number): void {
  const name = kind === KeyKind.NameCity;
  const identifier = ((1 << kind) & facts.identifierMask) !== 0;
  // Identifiers: counted where it decides genericity here, and for every bucket whose counts are kept,
  // since the online check adds an applicant to them (a stored count of records would cross the limit
  // where the batch's distinct records do not).
  const counted = name || (identifier && (m > facts.genericMin || facts.counts !== null));
  const distinct = counted ? distinctRecordsOf(facts.recordNums, members, m) : m;
  if (facts.counts !== null) {
    facts.counts.push2(hi, lo);
    facts.counts.push2(m, distinct);
  }
  if (name) {
    for (let x = 0; x < m; x++) facts.nameFrequency[members[x]!] = distinct;
  } else if (identifier && distinct > facts.genericMin) {
    for (let x = 0; x < m; x++) Atomics.or(facts.generic, members[x]!, 1 << kind);
    facts.genericBuckets.push(hi);
    facts.genericBuckets.push3(lo, m, members[0]!);
  }
}

/** Buckets up to this many members count distinct values pair by pair; larger ones sort. */
const SMALL_DISTINCT = 16;
/** Content values of a bucket's members, to count the distinct ones (grown as needed). */
let contentScratch = new Float64Array(64);

/**
 * Distinct records among members[0, m) (store/content-hash.ts): m less the records whose content repeats
 * another member's. A record without a content value (NaN) counts on its own.
 */
export function distinctRecordsOf(nums: Float64Array | null, members: Int32Array, m: number): number {
  if (nums === null) return m;
  const at = NumColumn.Content;
  if (m === 2) {
    return nums[members[0]! * NUM_COLUMNS + at] === nums[members[1]! * NUM_COLUMNS + at] ? 1 : 2;
  }
  if (contentScratch.length < m) contentScratch = new Float64Array(Math.max(m, contentScratch.length * 2));
  const v = contentScratch;
  for (let x = 0; x < m; x++) v[x] = nums[members[x]! * NUM_COLUMNS + at]!;
  let distinct = 0;
  if (m <= SMALL_DISTINCT) {
    // Each value against the ones before it: no view, no builtin call (NaN equals nothing, so counts).
    for (let x = 0; x < m; x++) {
      let y = 0;
      while (y < x && v[y] !== v[x]) y++;
      if (y === x) distinct++;
    }
    return distinct;
  }
  const sorted = v.subarray(0, m).sort();
  distinct = 1;
  for (let x = 1; x < m; x++) if (!(sorted[x] === sorted[x - 1])) distinct++;
  return distinct;
}

/**
 * Whether every member shares the first one's NameCity key (an equal name core in one known city; the
 * relation is an equality, so checking against the first member decides every pair): a chain's bucket in
 * one city, whose sorted neighbourhood would skip every pair it met.
 */
function allSameNameCity(sameName: (a: number, b: number) => boolean, members: Int32Array, m: number): boolean {
  const first = members[0]!;
  for (let x = 1; x < m; x++) if (!sameName(first, members[x]!)) return false;
  return true;
}

/** Ascending by primary, then secondary, then record index; NaN after every number. */
function compareBy(key: Float64Array, x: number, y: number): number {
  const kx = key[x]!;
  const ky = key[y]!;
  if (kx === ky || (kx !== kx && ky !== ky)) return 0;
  if (kx !== kx) return 1;
  if (ky !== ky) return -1;
  return kx - ky;
}

/** Buckets of at most this many members are sorted by insertion and their pairs met marked in a bit table. */
const SMALL_BUCKET = 64;

/** Per-bucket copies of what the walk reads of each member, reused across buckets (grown for a larger one). */
class NeighbourhoodScratch {
  /** Positions into the bucket's members, in the order of the current pass. */
  pos = new Int32Array(SMALL_BUCKET);
  /** The current order's primary and secondary value of each position, read once from the record columns. */
  primary = new Float64Array(SMALL_BUCKET);
  secondary = new Float64Array(SMALL_BUCKET);
  /** Each position's latitude and longitude (dense keys only). */
  lat = new Float64Array(SMALL_BUCKET);
  lng = new Float64Array(SMALL_BUCKET);
  /** Whether the current pass's secondary values differ across the bucket (an equal name then says something). */
  secondaryVaries = true;
  /** seen[i * m + j]: the pair of positions i < j was already met by an earlier pass (buckets up to SMALL_BUCKET). */
  readonly seen = new Uint8Array(SMALL_BUCKET * SMALL_BUCKET);

  ensure(m: number): void {
    if (m <= this.pos.length) return;
    let size = this.pos.length;
    while (size < m) size *= 2;
    this.pos = new Int32Array(size);
    this.primary = new Float64Array(size);
    this.secondary = new Float64Array(size);
    this.lat = new Float64Array(size);
    this.lng = new Float64Array(size);
  }
}

/** Whether v[0, m) holds one value (NaN equal to NaN). */
function allEqual(v: Float64Array, m: number): boolean {
  const first = v[0]!;
  if (first !== first) {
    for (let p = 1; p < m; p++) if (v[p] === v[p]) return false;
    return true;
  }
  for (let p = 1; p < m; p++) if (v[p] !== first) return false;
  return true;
}

/** Whether records a and b both have positions, more than `apartDegrees` apart on either axis. */
function farApart(place: RecordPlaces, a: number, b: number): boolean {
  const ll = place.latLng;
  const stride = place.stride ?? 2;
  const pa = stride * a;
  const pb = stride * b;
  const dLat = Math.abs(ll[pa]! - ll[pb]!);
  const dLng = Math.abs(ll[pa + 1]! - ll[pb + 1]!);
  return apartBy(dLat, dLng, place.apartDegrees);
}

/** Whether position differences dLat, dLng exceed `degrees` on either axis; NaN (a position missing) is not apart. */
function apartBy(dLat: number, dLng: number, degrees: number): boolean {
  return dLat > degrees || dLng > degrees;
}

/** The total order of a pass (primary, then secondary, then record index) over a bucket's local copies: positions u and v of `members`. */
function comparePositions(prim: Float64Array, sec: Float64Array, members: Int32Array, u: number, v: number): number {
  return compareBy(prim, u, v) || compareBy(sec, u, v) || members[u]! - members[v]!;
}

/**
 * Whether positions i and j of the bucket are near under `rule`, on the local copies (sortedNeighbourhood):
 * the primary and secondary values of the order walked, and the positions.
 */
function nearIn(rule: NearRule, s: NeighbourhoodScratch, place: RecordPlaces, i: number, j: number): boolean {
  const dLat = Math.abs(s.lat[i]! - s.lat[j]!);
  const dLng = Math.abs(s.lng[i]! - s.lng[j]!);
  if (rule === NearRule.Position) {
    // Without a position the order is by its secondary value (the name): near when equal.
    if (dLat !== dLat || dLng !== dLng) return s.secondaryVaries && s.secondary[i] === s.secondary[j];
    return dLat <= place.neighbourDegrees && dLng <= place.neighbourDegrees;
  }
  if (rule === NearRule.Equal) return s.primary[i] === s.primary[j] && !apartBy(dLat, dLng, place.apartDegrees);
  return true;
}

/**
 * The sorted neighbourhood of one capped bucket (members[0, m)): per order, the members sorted by it (ties
 * by record index, so the result never depends on sort stability or threads) and each paired with the
 * next `window`; a pair met by an earlier pass is not emitted again, and an order whose facet is in
 * `skips` (bit `1 << facet`: bucket-policy.ts) is not walked. With `place` (a dense key) a
 * neighbour is paired only when near in the order walked (NearRule), and one that is not may still be by
 * a later pass. Each member's order values and position are read from the record columns once a pass into local
 * copies: sorting and the near rules then touch no record memory (a cache miss each at scale).
 */
function sortedNeighbourhood(
  members: Int32Array,
  m: number,
  orders: readonly NeighbourhoodOrder[],
  skips: number,
  sameName: ((a: number, b: number) => boolean) | null,
  place: RecordPlaces | null,
  window: number,
  out: GrowableU32[],
  s: NeighbourhoodScratch,
): number {
  const partitions = out.length;
  s.ensure(m);
  const { pos, seen } = s;
  const prim = s.primary;
  const sec = s.secondary;
  const small = m <= SMALL_BUCKET;
  // Pairs met by an earlier pass: a bit table for a small bucket, a set of i·m + j for a larger one.
  if (small) seen.fill(0, 0, m * m);
  const seenLarge = small ? null : new Set<number>();
  if (place !== null) {
    const ll = place.latLng;
    const stride = place.stride ?? 2;
    for (let p = 0; p < m; p++) {
      const r = stride * members[p]!;
      s.lat[p] = ll[r]!;
      s.lng[p] = ll[r + 1]!;
    }
  }
  const byOrder = (u: number, v: number): number => comparePositions(prim, sec, members, u, v);
  let emitted = 0;
  for (let o = 0; o < orders.length; o++) {
    const { primary, secondary, facet } = orders[o]!;
    if (facet !== undefined && ((skips >>> facet) & 1) === 1) continue;
    const stride = orders[o]!.stride ?? 1;
    const rule = place === null ? NearRule.Any : (orders[o]!.near ?? NearRule.Any);
    for (let p = 0; p < m; p++) {
      const r = stride * members[p]!;
      prim[p] = primary[r]!;
      sec[p] = secondary === null ? 0 : secondary[r]!;
    }
    s.secondaryVaries = rule === NearRule.Position && !allEqual(sec, m);
    if (small) {
      for (let p = 0; p < m; p++) {
        let q = p - 1;
        while (q >= 0 && byOrder(pos[q]!, p) > 0) {
          pos[q + 1] = pos[q]!;
          q--;
        }
        pos[q + 1] = p;
      }
    } else {
      for (let p = 0; p < m; p++) pos[p] = p;
      pos.subarray(0, m).sort(byOrder);
    }
    for (let p = 0; p < m; p++) {
      const end = Math.min(m, p + 1 + window);
      for (let q = p + 1; q < end; q++) {
        const i = pos[p]! < pos[q]! ? pos[p]! : pos[q]!;
        const j = pos[p]! < pos[q]! ? pos[q]! : pos[p]!;
        const id = i * m + j;
        if (small ? seen[id] !== 0 : seenLarge!.has(id)) continue;
        // A neighbour that is not near in this order may still be near in another: not marked met.
        if (rule !== NearRule.Any && !nearIn(rule, s, place!, i, j)) continue;
        if (small) seen[id] = 1;
        else seenLarge!.add(id);
        const x = members[i]!;
        const y = members[j]!;
        const a = x < y ? x : y;
        const b = x < y ? y : x;
        if (sameName !== null && sameName(a, b)) continue;
        out[pairPartition(a, b, partitions)]!.push2(a, b);
        emitted++;
      }
    }
  }
  return emitted;
}
