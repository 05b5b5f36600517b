/**
 * Candidate generation for one key partition: gather the shards' entries, sort by key, emit bucket pairs
 * routed to verification partitions. Pure: the worker calls it, tests call it without threads.
 */
import { NUM_COLUMNS, NumColumn, TextColumn } from '../store/feature-columns.js';
import { textEnd, textStart, type FeatureStore } from '../store/feature-store.js';
import { GrowableU32 } from '../store/growable-array.js';
import { fmix32 } from '../sketch/shingles.js';
import { hashUnits64 } from './key-hash.js';
import { TRADE_WORDS } from './trade-words.js';
import {
  emitBucketPairs, emptyBucketStats, NearRule, type BlockRecords, type BucketFacts, type BucketOptions, type BucketStats, type KeyEntries,
} from './bucket-pairs.js';
import { KEY_KIND_COUNT, KEY_KIND_SHIFT } from './key-kinds.js';
import { OrderFacet } from './bucket-policy.js';
import { sortedEntries, type PartitionInput } from './gather-entries.js';
import type { KeySortScratch } from './sort-keys.js';
import { withHugePages } from '../native/memory-addon.js';

export interface BlockResult {
  /** Per verification partition: flat [a, b, …] candidate pairs (a < b), on shared memory. */
  pairs: Uint32Array[];
  stats: BucketStats;
  /** [hi, lo, records, distinct records] of every bucket of 2+ members (bucket-pairs.ts BucketFacts.counts). */
  keyCounts: Uint32Array;
  /** [hi, lo, size, firstMember] of every generic identifier bucket. */
  genericBuckets: Uint32Array;
  /** The entries of the kept kinds, sorted by key then record: [hi, lo, record] triples (see blockPartition). */
  kept: Uint32Array;
}

/** Where blocking writes what it learns of each record (verify/match-context.ts), and the generic rule. */
export interface FactsOutput {
  nameFrequency: Uint32Array;
  /** The store's number columns (each record's content value), or null: every record distinct. */
  recordNums: Float64Array | null;
  generic: Uint8Array;
  identifierMask: number;
  genericMin: number;
  /** Whether to hand back every key's counts (BlockResult.keyCounts; empty without). */
  keepCounts: boolean;
}

/**
 * Position grid of the neighbourhood order: 0.001° (≈ 100 m), fine enough that two listings of one shop
 * (coordinates a few metres to a few hundred metres apart, after datum conversion) sort next to each other,
 * where the 1 km geo cells of store/geo-cell.ts put a whole downtown block in one tie.
 */
const POSITION_GRID_DEGREES = 0.001;
// 360 / 0.001 = 360,000 < 2^19 cells an axis: the interleaved code has 38 bits, exact in a double.

/**
 * Z-order (Morton) code of a position: cells close on the map get close codes, in both directions (a
 * row-major cell number sends the cell north of a record a whole row away). NaN without coordinates.
 */
export function positionCode(lat: number, lng: number): number {
  if (lat !== lat || lng !== lng) return NaN;
  const y = Math.floor((lat + 90) / POSITION_GRID_DEGREES);
  const x = Math.floor((lng + 180) / POSITION_GRID_DEGREES);
  // Low 16 bits of each axis interleave into the low 32 bits of the code, the rest above them.
  const low = (spreadBits(x & 0xffff) | (spreadBits(y & 0xffff) << 1)) >>> 0;
  const high = spreadBits(x >>> 16) | (spreadBits(y >>> 16) << 1);
  return high * 0x100000000 + low;
}

/** The 16 low bits of v moved to the even bit positions of a 32-bit word ("part 1 by 1"). */
function spreadBits(v: number): number {
  let w = v & 0xffff;
  w = (w | (w << 8)) & 0x00ff00ff;
  w = (w | (w << 4)) & 0x0f0f0f0f;
  w = (w | (w << 2)) & 0x33333333;
  w = (w | (w << 1)) & 0x55555555;
  return w;
}

/** Trade words (trade-words.ts) as two UTF-16 code units in one number: c1·2^16 + c2. */
const TRADE_BIGRAMS = new Set(TRADE_WORDS.map((w) => w.charCodeAt(0) * 0x10000 + w.charCodeAt(1)));
/** Salt of the name order's bigram hash: a min-hash of its own, unrelated to the sketch's permutations. */
const NAME_ORDER_SALT = 0x6b43a9b5;

/**
 * The name's smallest hashed bigram other than trade words (one MinHash value, Broder 1997): two names
 * with Jaccard similarity J share it with probability J, so in a giant bucket sorted by it similar names
 * sit together (秘制花甲 / 荷记花甲秘制花甲 at one mall address), where a hash of the whole name only brings
 * equal names together. Names of trade words only use all their bigrams; a one-character name its
 * character; no name is NaN (sorts last).
 */
function nameOrderValue(text: Uint16Array, start: number, end: number): number {
  let min = NaN;
  let minAll = NaN;
  for (let k = start; k + 1 < end; k++) {
    const bigram = text[k]! * 0x10000 + text[k + 1]!;
    const h = fmix32((bigram ^ NAME_ORDER_SALT) >>> 0);
    if (!(h >= minAll)) minAll = h;
    if (!TRADE_BIGRAMS.has(bigram) && !(h >= min)) min = h;
  }
  if (min === min) return min;
  if (minAll === minAll) return minAll;
  return end > start ? fmix32((text[start]! ^ NAME_ORDER_SALT) >>> 0) : NaN;
}

/**
 * Two records are near, for the dense keys' pair rule (bucket-policy.ts), when their positions differ by
 * at most this on both axes: 0.01° ≈ 1.1 km north-south, 0.9–1 km east-west in China. Two listings of one
 * shop sit metres to a few hundred metres apart after datum conversion; on the real Hangzhou data a few
 * labelled pairs sit 500 m to 1 km apart, none farther.
 */
export const NEAR_DEGREES = 0.01;
/**
 * Neighbours in the position order of a dense key's capped bucket are near within this on both axes
 * (0.003° ≈ 300 m): the order's point is the spot a record stands on. A pair farther apart, up to
 * NEAR_DEGREES, is still met through the name and street orders.
 */
const NEIGHBOUR_DEGREES = 0.003;

/**
 * The per-record sort keys of capped buckets, filled once per scan (fillOrderColumns): one row of
 * ORDER_STRIDE numbers a record, [position, name, similar, street, city, lat, lng, name-city]. The last
 * holds two uint32 words, not a number: a 64-bit hash of the name core salted with the city (NameCity
 * identity, for the NameBand pair rule without reading the text). One row is one
 * or two cache lines: the sorted-neighbourhood walk reads every member of a capped bucket in three orders
 * and its position, and with a column per key each read was a cache miss of its own.
 */
export interface OrderColumns {
  rows: Float64Array;
}

/** Numbers in a record's row of the order columns, and where each key sits in it. */
export const ORDER_STRIDE = 8;
const Slot = { Position: 0, Name: 1, Similar: 2, Street: 3, City: 4, Lat: 5, Lng: 6, NameCity: 7 } as const;
/** Salt of the name-city identity's hash (the city code is folded in after it). */
const NAME_CITY_SALT = 0x4e43;

/** Order columns for `n` records on shared memory, for the workers to fill by ranges and every block task to read. */
export function sharedOrderColumns(n: number): OrderColumns {
  return { rows: withHugePages(new Float64Array(new SharedArrayBuffer(Math.max(n, 1) * ORDER_STRIDE * 8))) };
}

/** Fills records [from, to) of the order columns from the store. */
export function fillOrderColumns(store: FeatureStore, cols: OrderColumns, from: number, to: number): void {
  const nums = store.nums;
  const rows = cols.rows;
  const words = wordsOf(rows);
  for (let i = from; i < to; i++) {
    const row = i * NUM_COLUMNS;
    const at = i * ORDER_STRIDE;
    const lat = nums[row + NumColumn.Lat]!;
    const lng = nums[row + NumColumn.Lng]!;
    const city = nums[row + NumColumn.CityCode]!;
    const nameFrom = textStart(store, i, TextColumn.NameCore);
    const nameTo = textEnd(store, i, TextColumn.NameCore);
    rows[at + Slot.Position] = positionCode(lat, lng);
    rows[at + Slot.Name] = nums[row + NumColumn.NameHash]!;
    rows[at + Slot.Similar] = nameOrderValue(store.text, nameFrom, nameTo);
    rows[at + Slot.Street] = nums[row + NumColumn.StreetHash]!;
    rows[at + Slot.City] = city;
    rows[at + Slot.Lat] = lat;
    rows[at + Slot.Lng] = lng;
    const w = 2 * (at + Slot.NameCity);
    if (city === city) {
      hashUnits64(store.text, nameFrom, nameTo, NAME_CITY_SALT ^ city, words, w);
    } else {
      words[w] = 0;
      words[w + 1] = 0;
    }
  }
}

/** The order rows as uint32 words (two a number): the name-city slot's view. */
function wordsOf(rows: Float64Array): Uint32Array {
  return new Uint32Array(rows.buffer, rows.byteOffset, rows.length * 2);
}

/**
 * What blocking reads of each record: the sorted-neighbourhood orders of capped buckets (position then name,
 * name's min-hash then position, street then position), what near means in each, the NameBand pair rule
 * and the far-apart rule of dense keys (bucket-pairs.ts, bucket-policy.ts). The
 * columns are computed once per scan and shared by every block task (they were once rebuilt by each).
 */
export function blockRecordsOf(cols: OrderColumns): BlockRecords {
  const rows = cols.rows;
  // Each key as a view starting at its slot: record r's value at [r * ORDER_STRIDE].
  const [position, name, similar, street] = [Slot.Position, Slot.Name, Slot.Similar, Slot.Street].map((k) => rows.subarray(k)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  const stride = ORDER_STRIDE;
  const words = wordsOf(rows);
  // An equal name core in one known city: the 64-bit name-city hash decides, from the row alone (a text
  // compare was a cache miss or two for every neighbour of a chain's bucket).
  const sameNameCity = (a: number, b: number): boolean => {
    const ra = a * ORDER_STRIDE;
    const rb = b * ORDER_STRIDE;
    const c = rows[ra + Slot.City]!;
    const wa = 2 * (ra + Slot.NameCity);
    const wb = 2 * (rb + Slot.NameCity);
    return c === c && c === rows[rb + Slot.City] && words[wa] === words[wb] && words[wa + 1] === words[wb + 1];
  };
  return {
    orders: [
      { primary: position, secondary: name, stride, near: NearRule.Position, facet: OrderFacet.Position },
      { primary: similar, secondary: position, stride, near: NearRule.Equal, facet: OrderFacet.Name },
      { primary: street, secondary: position, stride, near: NearRule.Equal, facet: OrderFacet.Street },
    ],
    sameNameCity,
    place: { latLng: rows.subarray(Slot.Lat), stride, apartDegrees: NEAR_DEGREES, neighbourDegrees: NEIGHBOUR_DEGREES },
  };
}

/** blockRecordsOf with the columns computed here, on this thread (benches and tests). */
export function neighbourhoodOrders(store: FeatureStore): BlockRecords {
  const cols = sharedOrderColumns(store.count);
  fillOrderColumns(store, cols, 0, store.count);
  return blockRecordsOf(cols);
}

/**
 * `keptKinds`: a bit mask of key kinds (bit k for kind k) whose entries are handed back sorted, as
 * [hi, lo, record] triples on shared memory (the risk phase walks the identifier keys' buckets again, and
 * then needs neither the other kinds nor a second sort).
 */
export function blockPartition(
  parts: readonly PartitionInput[],
  skip: Uint8Array,
  records: BlockRecords,
  options: BucketOptions,
  verifyPartitions: number,
  factsOut: FactsOutput,
  keptKinds = 0,
  scratch: KeySortScratch | null = null,
): BlockResult {
  const entries = sortedEntries(parts, scratch);
  // On shared memory from the start: each list crosses to its verifier as a view, not a copy (the pages
  // of the capacity it never filled are never touched, so never resident).
  const out = Array.from({ length: verifyPartitions }, () => new GrowableU32(Math.max(1024, entries.n / verifyPartitions), true));
  const stats = emptyBucketStats();
  const { keepCounts, ...given } = factsOut;
  const facts: BucketFacts = { ...given, counts: keepCounts ? new GrowableU32(1024) : null, genericBuckets: new GrowableU32(16) };
  emitBucketPairs(entries, skip, records, options, out, stats, facts);
  return {
    pairs: out.map((g) => g.data.subarray(0, g.length)),
    stats,
    keyCounts: facts.counts === null ? new Uint32Array(0) : facts.counts.toShared(),
    genericBuckets: facts.genericBuckets.toShared(),
    kept: entriesOfKinds(entries, keptKinds),
  };
}

/**
 * The sorted entries whose kind is in `kinds` (a bit mask), as triples on shared memory, in the same order.
 * A key's kind is its top bits, so sorted entries come kind by kind: each kind kept is one run, found by
 * binary search and copied without looking at the other kinds' entries.
 */
export function entriesOfKinds(entries: KeyEntries, kinds: number): Uint32Array {
  const { hi, lo, rec, n } = entries;
  const runs: number[] = [];
  let count = 0;
  for (let k = 0; k < KEY_KIND_COUNT; k++) {
    if (((kinds >>> k) & 1) === 0) continue;
    const from = firstAtLeast(hi, n, k * KIND_STEP);
    const to = firstAtLeast(hi, n, (k + 1) * KIND_STEP);
    if (to > from) {
      runs.push(from, to);
      count += to - from;
    }
  }
  const out = new Uint32Array(new SharedArrayBuffer(count * 3 * 4));
  let p = 0;
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) {
      out[p] = hi[i]!;
      out[p + 1] = lo[i]!;
      out[p + 2] = rec[i]!;
      p += 3;
    }
  }
  return out;
}

/** The first key word of kind k is at least k · KIND_STEP (the kind in the top bits, key-kinds.ts). */
const KIND_STEP = 2 ** KEY_KIND_SHIFT;

/** The first index of hi[0, n) (ascending) whose value is at least `value`, or n. */
function firstAtLeast(hi: Uint32Array, n: number, value: number): number {
  let a = 0;
  let b = n;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (hi[m]! < value) a = m + 1;
    else b = m;
  }
  return a;
}
