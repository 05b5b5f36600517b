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
import { sortKeyOrder } from '../candidates/sort-keys.js';
import { NumColumn, TextColumn } from '../store/feature-columns.js';
import { numOf, textOf, type FeatureStore } from '../store/feature-store.js';
import { GrowableU32 } from '../store/growable-array.js';
import { isRiskKind, PERSON_KEY_KIND } from './risk-key-kinds.js';
import { personKeyText, riskKeyOf } from './risk-keys.js';

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
  const { hi, lo, rec, n } = gatherRiskEntries(input);
  const order = sortKeyOrder(hi, lo, n);
  const { skip, entity, cap } = input;
  const edges = new GrowableU32();
  const buckets = new GrowableU32();
  const capped = new GrowableU32();
  let members = new Uint32Array(64);
  let i = 0;
  while (i < n) {
    const e0 = order[i]!;
    const h = hi[e0]!;
    const l = lo[e0]!;
    let records = 0;
    let m = 0;
    let rep = -1;
    let j = i;
    for (; j < n; j++) {
      const e = order[j]!;
      if (hi[e] !== h || lo[e] !== l) break;
      const g = rec[e]!;
      if (skip[g] === 1) continue;
      records++;
      if (rep < 0) rep = g;
      if (records > cap) continue;
      if (m === members.length) {
        const grown = new Uint32Array(m * 2);
        grown.set(members);
        members = grown;
      }
      members[m++] = entity[g]!;
    }
    i = j;
    if (records > cap) {
      capped.push2(h, l);
      capped.push2(rep, records);
      continue;
    }
    if (m < 2) continue;
    // Distinct entities, in ascending order: the edges are then the same whatever the shard layout.
    const sorted = members.subarray(0, m).sort();
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

/** The partition's identifier keys with global record indices, plus the person keys that fall in it. */
function gatherRiskEntries(input: RiskLinksInput): { hi: Uint32Array; lo: Uint32Array; rec: Uint32Array; n: number } {
  const hi = new GrowableU32();
  const lo = new GrowableU32();
  const rec = new GrowableU32();
  for (const { entries, base } of input.parts) {
    for (let k = 0; k + 2 < entries.length; k += 3) {
      const h = entries[k]!;
      if (!isRiskKind(kindOf(h))) continue;
      hi.push(h);
      lo.push(entries[k + 1]!);
      rec.push(entries[k + 2]! + base);
    }
  }
  const { store, partition, partitions } = input;
  for (let g = 0; g < store.count; g++) {
    const nameHash = numOf(store, g, NumColumn.LegalPersonHash);
    // NaN (no legal person) or no valid id: no person key. Partition by the name hash alone, so every
    // record of one name meets in one partition whatever its birth date.
    if (nameHash !== nameHash || numOf(store, g, NumColumn.IdNumberHash) !== numOf(store, g, NumColumn.IdNumberHash)) continue;
    if (nameHash % partitions !== partition) continue;
    const text = personKeyText(textOf(store, g, TextColumn.LegalPerson), textOf(store, g, TextColumn.IdNumber));
    if (text === '') continue;
    const key = riskKeyOf(PERSON_KEY_KIND, text);
    hi.push(key.hi);
    lo.push(key.lo);
    rec.push(g);
  }
  const n = rec.length;
  return { hi: hi.data.subarray(0, n), lo: lo.data.subarray(0, n), rec: rec.data.subarray(0, n), n };
}
