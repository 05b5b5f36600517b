/**
 * The per-key work of risk alerts, for one key partition (run in workers): every identifier key shared
 * by merchants of two or more entities becomes edges of the risk graph; the graph itself is joined by
 * the coordinator (build-alerts.ts).
 *
 * It reuses the scan's exact-key buckets: the partition's blocking keys (already hashed, by partition, and
 * in a scan already sorted by the blocking worker) are filtered to the identifier kinds, joined by the
 * person keys, and walked bucket by bucket. Members are counted as entities (a duplicate cluster is one
 * entity), so re-registrations of one shop never link it to itself. The person key (legal person + birth
 * date) is not a blocking key: `personKeys` computes it once per record range, split by the partition of
 * the legal-person hash.
 *
 * Three steps, so that all but the last run while a worker clusters (scan/risk-phase.ts):
 *   personKeys (per record range) ─► riskBuckets (per partition: no clusters needed) ─► linkEntities
 *   (per partition, with each record's entity once the clusters are known).
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

/** A partition's buckets before entities are known (riskBuckets). */
export interface RiskBuckets {
  /** Keys held by 2..cap records: [hi, lo, records, member…] each, members in entry order. */
  shared: Uint32Array;
  /** Keys over the cap: [hi, lo, rep, records] each. */
  capped: Uint32Array;
}

export interface RiskBucketsInput {
  /** The partition's blocking keys (other kinds are passed over). */
  parts: readonly PartitionInput[];
  /** The partition's person keys, one triple list per record range in range order (personKeys). */
  persons: readonly Uint32Array[];
  skip: Uint8Array;
  /** Largest number of records a key may hold and still link them. */
  cap: number;
}

/** Triples [hi, lo, record] of the person keys of records [from, to), one list per partition, in record order. */
export function personKeys(store: FeatureStore, from: number, to: number, partitions: number): Uint32Array[] {
  const counts = new Int32Array(partitions);
  for (let g = from; g < to; g++) {
    const p = personPartition(store, g, partitions);
    if (p >= 0) counts[p]!++;
  }
  const out = Array.from({ length: partitions }, (_, p) => new Uint32Array(new SharedArrayBuffer(counts[p]! * 3 * 4)));
  const at = new Int32Array(partitions);
  const key = new Uint32Array(2);
  for (let g = from; g < to; g++) {
    const p = personPartition(store, g, partitions);
    if (p < 0) continue;
    // The id column holds valid ids only: 18 characters whose birth date digits are digits.
    const start = textStart(store, g, TextColumn.IdNumber) + BIRTH_START;
    let birth = 0;
    for (let k = 0; k < BIRTH_DIGITS; k++) birth = birth * 10 + (store.text[start + k]! - ZERO);
    personKeyHash(numOf(store, g, NumColumn.LegalPersonHash), birth, key);
    const list = out[p]!;
    let i = at[p]!;
    list[i++] = key[0]!;
    list[i++] = key[1]!;
    list[i++] = g;
    at[p] = i;
  }
  return out;
}

/** The partition's buckets of 2+ records, members as records (no entities yet), and its capped keys. */
export function riskBuckets(input: RiskBucketsInput): RiskBuckets {
  const entries = gatherRiskEntries(input);
  const { hi, lo, n } = entries;
  const { skip, cap } = input;
  const shared = new GrowableU32();
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
    if (records > cap) {
      capped.push2(h, l);
      capped.push2(members[0]!, records);
      continue;
    }
    // Most identifier values belong to one record: nothing to link.
    if (records < 2) continue;
    shared.push3(h, l, records);
    for (let x = 0; x < records; x++) shared.push(members[x]!);
  }
  return { shared: shared.toShared(), capped: capped.toShared() };
}

/** The edges and linking keys of a partition's buckets, once each record's entity is known. */
export function linkEntities(buckets: RiskBuckets, entity: Uint32Array): RiskLinks {
  const { shared } = buckets;
  const edges = new GrowableU32();
  const linking = new GrowableU32();
  const bucket = new BucketMembers();
  let i = 0;
  while (i < shared.length) {
    const h = shared[i]!;
    const l = shared[i + 1]!;
    const m = shared[i + 2]!;
    const from = i + 3;
    i = from + m;
    const rep = shared[from]!;
    bucket.count = 0;
    for (let x = from; x < i; x++) bucket.push(entity[shared[x]!]!);
    const members = bucket.list;
    // Distinct entities, in ascending order: the edges are then the same whatever the shard layout.
    const sorted = m === 2 ? orderTwo(members) : members.subarray(0, m).sort();
    let distinct = 1;
    for (let x = 1; x < m; x++) {
      if (sorted[x] === sorted[x - 1]) continue;
      edges.push2(sorted[0]!, sorted[x]!);
      distinct++;
    }
    if (distinct < 2) continue;
    linking.push3(h, l, rep);
    linking.push2(distinct, m);
  }
  return { edges: edges.toShared(), buckets: linking.toShared(), capped: buckets.capped };
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
 * The partition's identifier keys with global record indices, plus its person keys, sorted by key
 * (stable: in record order within a key). The identifier keys usually come already sorted (the blocking
 * workers hand them back, scan-corpus.ts): then only the person keys are sorted, and the two runs merged.
 * A person key never equals an identifier key (its kind is its own), so the merge is the stable sort of
 * the two together.
 */
function gatherRiskEntries(input: RiskBucketsInput): Entries {
  const ids = identifierEntries(input.parts);
  const persons = sortEntries(tripleEntries(input.persons));
  return merged(ids.sorted ? ids : sortEntries(ids), persons);
}

/** Triple lists [hi, lo, record]… as one run of entries, in list order. */
function tripleEntries(lists: readonly Uint32Array[]): Entries {
  let n = 0;
  for (const t of lists) n += t.length / 3;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const rec = new Uint32Array(n);
  let at = 0;
  for (const t of lists) {
    for (let k = 0; k + 2 < t.length; k += 3) {
      hi[at] = t[k]!;
      lo[at] = t[k + 1]!;
      rec[at++] = t[k + 2]!;
    }
  }
  return { hi, lo, rec, n };
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
 * The partition of record g's person key, or -1 when it has none: it has one when it has a legal person
 * and a valid id, and belongs to the partition of its name hash, so every record of one name meets in one
 * partition whatever its birth date.
 */
function personPartition(store: FeatureStore, g: number, partitions: number): number {
  const nameHash = numOf(store, g, NumColumn.LegalPersonHash);
  if (nameHash !== nameHash) return -1;
  const idHash = numOf(store, g, NumColumn.IdNumberHash);
  return idHash === idHash ? nameHash % partitions : -1;
}
