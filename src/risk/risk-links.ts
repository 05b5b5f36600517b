/**
 * The per-key work of risk alerts, for one key partition (run in a worker): every identifier key shared
 * by merchants of two or more entities becomes edges of the risk graph; the graph itself is joined by
 * the coordinator (build-alerts.ts).
 *
 * It reuses the scan's exact-key buckets: the partition's blocking keys (already hashed, by partition)
 * are filtered to the identifier kinds, radix-sorted, and walked bucket by bucket. Members are counted as
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
  const entries = sortEntries(gatherRiskEntries(input));
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

/** The partition's identifier keys with global record indices, plus the person keys that fall in it. */
function gatherRiskEntries(input: RiskLinksInput): { hi: Uint32Array; lo: Uint32Array; rec: Uint32Array; n: number } {
  const { store, partition, partitions } = input;
  // Sized by a counting pass: no regrowth (and no garbage) for the few million entries of a large run.
  let n = 0;
  for (const { entries } of input.parts) for (let k = 0; k + 2 < entries.length; k += 3) if (isRiskKind(kindOf(entries[k]!))) n++;
  for (let g = 0; g < store.count; g++) if (hasPersonKey(store, g, partition, partitions)) n++;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const rec = new Uint32Array(n);
  let at = 0;
  for (const { entries, base } of input.parts) {
    for (let k = 0; k + 2 < entries.length; k += 3) {
      const h = entries[k]!;
      if (!isRiskKind(kindOf(h))) continue;
      hi[at] = h;
      lo[at] = entries[k + 1]!;
      rec[at++] = entries[k + 2]! + base;
    }
  }
  const key = new Uint32Array(2);
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
