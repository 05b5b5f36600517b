import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entriesOfKinds } from '../../src/candidates/block-partition.js';
import type { PartitionInput } from '../../src/candidates/gather-entries.js';
import { sortedEntries } from '../../src/candidates/gather-entries.js';
import { KEY_KIND_COUNT, kindOf } from '../../src/candidates/key-kinds.js';
import { generateCorpus } from '../../src/generate/index.js';
import { RISK_BLOCKING_KIND_MASK, isRiskKind } from '../../src/risk/risk-key-kinds.js';
import { linkEntities, personKeys, riskBuckets, type RiskLinks } from '../../src/risk/risk-links.js';
import { ingestShard } from '../../src/scan/ingest-shard.js';
import { createSketchParams } from '../../src/sketch/index.js';
import type { FeatureStore } from '../../src/store/feature-store.js';
import { MergedStoreBuilder } from '../../src/store/merged-store-builder.js';

const PARTITIONS = 3;
const SHARDS = 4;

let store: FeatureStore;
/** Per partition, each shard's key triples with its base: the layout of the shards as ingested. */
let shardParts: PartitionInput[][];

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'risk-links-'));
  await generateCorpus({ n: 4_000, seed: 11, outDir: dir, ringShare: 0.05 });
  const bytes = await readFile(join(dir, 'merchants.ndjson'));
  const merged = new MergedStoreBuilder(bytes.length);
  shardParts = Array.from({ length: PARTITIONS }, () => []);
  let start = 0;
  let line = 1;
  for (let s = 0; s < SHARDS; s++) {
    let end = s === SHARDS - 1 ? bytes.length : bytes.indexOf(10, Math.floor(((s + 1) * bytes.length) / SHARDS)) + 1;
    if (end <= start) end = bytes.length;
    const chunk = bytes.subarray(start, end);
    const r = ingestShard({
      shard: s, source: { bytes: chunk }, file: 'merchants.ndjson', format: 'ndjson', firstLine: line, header: null, columnMap: null,
      sketch: createSketchParams({}), keyPartitions: PARTITIONS, stopOnError: true, keepRecords: false,
    });
    const base = merged.size;
    merged.append(r.store, chunk.length);
    r.keys.forEach((k, p) => shardParts[p]!.push({ entries: k, base }));
    for (const b of chunk) if (b === 10) line++;
    start = end;
  }
  store = merged.finish();
});

/** The partition's buckets, the person keys computed over `ranges` record ranges. */
function bucketsOf(parts: readonly PartitionInput[], partition: number, ranges = 1) {
  const step = Math.ceil(store.count / ranges);
  const persons = Array.from({ length: ranges }, (_, r) => personKeys(store, r * step, Math.min((r + 1) * step, store.count), PARTITIONS)[partition]!);
  return riskBuckets({ parts, persons, skip: new Uint8Array(store.count), cap: 1000 });
}

function linksOf(parts: readonly PartitionInput[], partition: number, entity = Uint32Array.from({ length: store.count }, (_, g) => g)): RiskLinks {
  return linkEntities(bucketsOf(parts, partition), entity);
}

describe('risk links from the identifier keys the blocking workers hand back sorted', () => {
  it('entriesOfKinds keeps exactly the identifier entries, in the sorted order', () => {
    const sorted = sortedEntries(shardParts[0]!);
    const kept = entriesOfKinds(sorted, RISK_BLOCKING_KIND_MASK);
    const want: number[] = [];
    for (let i = 0; i < sorted.n; i++) if (isRiskKind(kindOf(sorted.hi[i]!))) want.push(sorted.hi[i]!, sorted.lo[i]!, sorted.rec[i]!);
    expect(want.length).toBeGreaterThan(0);
    expect(Array.from(kept)).toEqual(want);
    expect(kept.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(entriesOfKinds(sorted, 0).length).toBe(0);
    // Any one kind, and every kind: each is one run of the sorted entries.
    for (const mask of [...Array.from({ length: KEY_KIND_COUNT }, (_, k) => 1 << k), (1 << KEY_KIND_COUNT) - 1]) {
      const one: number[] = [];
      for (let i = 0; i < sorted.n; i++) if ((mask >>> kindOf(sorted.hi[i]!)) & 1) one.push(sorted.hi[i]!, sorted.lo[i]!, sorted.rec[i]!);
      expect(Array.from(entriesOfKinds(sorted, mask))).toEqual(one);
    }
  });

  it('gives the same edges, buckets and capped keys as from the shards’ unsorted keys', () => {
    let edges = 0;
    for (let p = 0; p < PARTITIONS; p++) {
      const fromShards = linksOf(shardParts[p]!, p);
      const kept = entriesOfKinds(sortedEntries(shardParts[p]!), RISK_BLOCKING_KIND_MASK);
      const fromBlocking = linksOf([{ entries: kept, base: 0 }], p);
      expect(Array.from(fromBlocking.edges)).toEqual(Array.from(fromShards.edges));
      expect(Array.from(fromBlocking.buckets)).toEqual(Array.from(fromShards.buckets));
      expect(Array.from(fromBlocking.capped)).toEqual(Array.from(fromShards.capped));
      edges += fromShards.edges.length;
    }
    // The corpus has rings: the comparison is over real links.
    expect(edges).toBeGreaterThan(100);
  });

  it('finds the same buckets whatever the record ranges the person keys were computed over', () => {
    for (let p = 0; p < PARTITIONS; p++) {
      const one = bucketsOf(shardParts[p]!, p, 1);
      const three = bucketsOf(shardParts[p]!, p, 3);
      expect(Array.from(three.shared)).toEqual(Array.from(one.shared));
      expect(Array.from(three.capped)).toEqual(Array.from(one.capped));
    }
    // Person keys are split by partition: every record with one lands in exactly one list.
    const lists = personKeys(store, 0, store.count, PARTITIONS);
    const records = lists.flatMap((l) => Array.from(l.filter((_, k) => k % 3 === 2)));
    expect(records.length).toBeGreaterThan(0);
    expect(new Set(records).size).toBe(records.length);
  });

  it('links entities, not records: a bucket held by one entity links nothing', () => {
    const p = 0;
    const buckets = bucketsOf(shardParts[p]!, p);
    const { shared } = buckets;
    // Make every bucket's records one entity (its first member): no edges, no linking keys.
    const entity = Uint32Array.from({ length: store.count }, (_, g) => g);
    for (let i = 0; i < shared.length; ) {
      const m = shared[i + 2]!;
      for (let x = i + 3; x < i + 3 + m; x++) entity[shared[x]!] = shared[i + 3]!;
      i += 3 + m;
    }
    const asRecords = linkEntities(buckets, Uint32Array.from({ length: store.count }, (_, g) => g));
    expect(asRecords.edges.length).toBeGreaterThan(0);
    // Buckets overlap (a record holds several keys), so some may still link: only those that do not share a first member.
    const merged = linkEntities(buckets, entity);
    expect(merged.edges.length).toBeLessThan(asRecords.edges.length);
    for (let k = 0; k < merged.edges.length; k += 2) expect(merged.edges[k]).not.toBe(merged.edges[k + 1]);
  });
});
