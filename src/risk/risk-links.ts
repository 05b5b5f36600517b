/**
 * The per-key work of risk alerts, for one key partition (run in a worker): every identifier key shared
 * by merchants of two or more entities becomes edges of the risk graph; the graph itself is joined by
 * the coordinator (build-alerts.ts).
 *
 * It reuses the scan's exact-key buckets: the partition's blocking keys (already hashed, by partition, and
 * in a scan already sorted by the blocking worker) are filtered to the identifier kinds, joined by the
 * person keys, and walked bucket by bucket. Members are counted as
 * entities (a duplicate cluster is one entity), so re-registrations of one shop never link it to itself.
 * The person key (legal person + birth date) is not a blocking key: records whose legal-person hash falls
 * in this partition contribute it here.
 *
 * A key held by more than `cap` records is a placeholder or a national chain's account: it is counted and
 * reported, never linked (it would join thousands of unrelated shops into one alert). Its members are
 * counted, not collected, so memory stays bounded by the partition's keys however large one key is.
 */
import type { PartitionInput } from '../candidates/gather-entries.js';
import { kindOf } from '../candidates/key-kinds.js';
import { NumColumn, TextColumn } from '../store/feature-columns.js';
import { numOf, textStart, type FeatureStore } from '../store/feature-store.js';
import { GrowableU32 } from '../store/growable-array.js';
import { isRiskKind } from './risk-key-kinds.js';
import { personKeyHash } from './risk-keys.js';
import { BucketMembers, gatherBucket, skippedAny, sortEntries } from '../candidates/bucket-members.js';

/** Birth date digits in a resident id (GB 11643): characters 6..13. */
const BIRTH_START = 6;
const BIRTH_DIGITS = 8;
const ZERO = 0x30;

/** Words per linking bucket in `buckets`: hi, lo, representative record, entities, records. */
export const BUCKET_WORDS = 5;
/** Words per capped key in `capped`: hi, lo, representative record, records. */
export const CAPPED_WORDS = 4;

export interface RiskLinks {
  /** Flat [entityA, entityB, …]: entity = record index of the entity's canonical record. */
  edges: Uint32Array;
  /** Keys that link 2+ entities: [hi, lo, rep, entities, records] each. */
  buckets: Uint32Array;
  /** Keys over the cap: [hi, lo, rep, records] each. */
  capped: Uint32Array;
}

export interface RiskLinksInput {
  partition: number;
  partitions: number;
  parts: readonly PartitionInput[];
  store: FeatureStore;
  skip: Uint8Array;
  /** Entity of each record: its cluster's canonical record, or itself. */
  entity: Uint32Array;
  /** Largest number of records a key may hold and still link them. */
  cap: number;
}

export function riskLinks(input: RiskLinksInput): RiskLinks {
  const entries = gatherRiskEntries(input);
  const { hi, lo, n } = entries;
  const { skip, entity, cap } = input;
  const edges = new GrowableU32();
  const buckets = new GrowableU32();
  const capped = new GrowableU32();
  const bucket = new BucketMembers();
  const skipping = skippedAny(skip);
  let i = 0;
  while (i < n) {
    const h = hi[i]!;
    const l = lo[i]!;
    i = gatherBucket(entries, skipping, i, bucket);
    const records = bucket.count;
    const members = bucket.list;
    const rep = records > 0 ? members[0]! : -1;
    if (records > cap) {
      capped.push2(h, l);
      capped.push2(rep, records);
      continue;
    }
    const m = records;
    // Most identifier values belong to one record: nothing to link, and no entity to look up.
    if (m < 2) continue;
    for (let x = 0; x < m; x++) members[x] = entity[members[x]!]!;
    // Distinct entities, in ascending order: the edges are then the same whatever the shard layout.
    const sorted = m === 2 ? orderTwo(members) : members.subarray(0, m).sort();
    let distinct = 1;
    for (let x = 1; x < m; x++) {
      if (sorted[x] === sorted[x - 1]) continue;
      edges.push2(sorted[0]!, sorted[x]!);
      distinct++;
    }
    if (distinct < 2) continue;
    buckets.push3(h, l, rep);
    buckets.push2(distinct, records);
  }
  return { edges: edges.toShared(), buckets: buckets.toShared(), capped: capped.toShared() };
}

/** The first two members in ascending order, in place (most linking buckets hold two records). */
function orderTwo(members: Int32Array): Int32Array {
  const x = members[0]!;
  const y = members[1]!;
  if (y < x) {
    members[0] = y;
    members[1] = x;
  }
  return members;
}

type Entries = { hi: Uint32Array; lo: Uint32Array; rec: Uint32Array; n: number };

/**
 * The partition's identifier keys with global record indices, plus the person keys that fall in it, sorted
 * by key (stable: in record order within a key). The identifier keys usually come already sorted (the
 * blocking workers hand them back, scan-corpus.ts): then only the person keys are sorted, and the two runs
 * merged. A person key never equals an identifier key (its kind is its own), so the merge is the stable
 * sort of the two together.
 */
function gatherRiskEntries(input: RiskLinksInput): Entries {
  const ids = identifierEntries(input.parts);
  const persons = sortEntries(personEntries(input));
  return merged(ids.sorted ? ids : sortEntries(ids), persons);
}

/** The identifier-kind entries of `parts`, records made global, and whether they are sorted by key. */
function identifierEntries(parts: readonly PartitionInput[]): Entries & { sorted: boolean } {
  // Sized by a counting pass: no regrowth (and no garbage) for the few million entries of a large run.
  let n = 0;
  for (const { entries } of parts) for (let k = 0; k + 2 < entries.length; k += 3) if (isRiskKind(kindOf(entries[k]!))) n++;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const rec = new Uint32Array(n);
  let at = 0;
  let sorted = true;
  for (const { entries, base } of parts) {
    for (let k = 0; k + 2 < entries.length; k += 3) {
      const h = entries[k]!;
      if (!isRiskKind(kindOf(h))) continue;
      const l = entries[k + 1]!;
      const r = entries[k + 2]! + base;
      if (at > 0 && sorted) {
        const ph = hi[at - 1]!;
        const pl = lo[at - 1]!;
        sorted = ph < h || (ph === h && (pl < l || (pl === l && rec[at - 1]! <= r)));
      }
      hi[at] = h;
      lo[at] = l;
      rec[at++] = r;
    }
  }
  return { hi, lo, rec, n, sorted };
}

/** The person keys of the records whose legal-person hash falls in this partition, in record order. */
function personEntries(input: RiskLinksInput): Entries {
  const { store, partition, partitions } = input;
  let n = 0;
  for (let g = 0; g < store.count; g++) if (hasPersonKey(store, g, partition, partitions)) n++;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const rec = new Uint32Array(n);
  const key = new Uint32Array(2);
  let at = 0;
  for (let g = 0; g < store.count; g++) {
    if (!hasPersonKey(store, g, partition, partitions)) continue;
    // The id column holds valid ids only: 18 characters whose birth date digits are digits.
    const from = textStart(store, g, TextColumn.IdNumber) + BIRTH_START;
    let birth = 0;
    for (let k = 0; k < BIRTH_DIGITS; k++) birth = birth * 10 + (store.text[from + k]! - ZERO);
    personKeyHash(numOf(store, g, NumColumn.LegalPersonHash), birth, key);
    hi[at] = key[0]!;
    lo[at] = key[1]!;
    rec[at++] = g;
  }
  return { hi, lo, rec, n };
}

/** Two runs sorted by key merged into one; at equal keys the first run's entries come first. */
function merged(a: Entries, b: Entries): Entries {
  if (b.n === 0) return a;
  if (a.n === 0) return b;
  const n = a.n + b.n;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const rec = new Uint32Array(n);
  let i = 0;
  let j = 0;
  for (let p = 0; p < n; p++) {
    const takeA = j >= b.n || (i < a.n && (a.hi[i]! < b.hi[j]! || (a.hi[i] === b.hi[j] && a.lo[i]! <= b.lo[j]!)));
    if (takeA) {
      hi[p] = a.hi[i]!;
      lo[p] = a.lo[i]!;
      rec[p] = a.rec[i++]!;
    } else {
      hi[p] = b.hi[j]!;
      lo[p] = b.lo[j]!;
      rec[p] = b.rec[j++]!;
    }
  }
  return { hi, lo, rec, n };
}

/**
 * A record has a person key when it has a legal person and a valid id; it belongs to the partition of
 * its name hash, so every record of one name meets in one partition whatever its birth date.
 */
function hasPersonKey(store: FeatureStore, g: number, partition: number, partitions: number): boolean {
  const nameHash = numOf(store, g, NumColumn.LegalPersonHash);
  if (nameHash !== nameHash || nameHash % partitions !== partition) return false;
  const idHash = numOf(store, g, NumColumn.IdNumberHash);
  return idHash === idHash;
}
