/**
 * The coordinator of a scan. It drives the phases and merges small results; the per-record work runs in
 * the worker pool:
 *
 *   split file into byte ranges ─► ingest (parse, validate, normalize, sketch; per range)
 *     ─► merge shard stores into one shared store
 *     ─► duplicate merchant_id check (per id partition)
 *     ─► blocking (per key partition: sort keys, bucket pairs, route pairs by pair hash)
 *     ─► verification (per pair partition: de-duplicate, verify, keep matches)
 *     ─► clusters, outputs (coordinator)
 *
 * The coordinator never holds a per-record object graph: records live in the shared feature store, keys
 * and pairs in typed arrays. Results are independent of thread and partition counts: global record order
 * is input order, buckets are sorted by record, pairs are verified by a pure function, outputs are sorted.
 */
import { stat } from 'node:fs/promises';
import { DedupError } from '../errors.js';
import { mergeBucketStats, emptyBucketStats, type BucketStats } from '../candidates/bucket-pairs.js';
import { KEY_KIND_NAMES, KEY_KIND_COUNT, type KeyKind } from '../candidates/key-kinds.js';
import { buildClusters } from '../cluster/build-clusters.js';
import { clusterIdOf } from '../cluster/cluster-id.js';
import { compareIds } from '../cluster/compare-records.js';
import { WorkerPool } from '../pool/worker-pool.js';
import type { IngestResult } from '../pool/messages.js';
import type { Reject } from '../record/merchant-record.js';
import { formatFromPath } from '../read/input-format.js';
import { splitRanges } from '../read/split-ranges.js';
import { NumColumn, TextColumn } from '../store/feature-columns.js';
import { mergeStores, numOf, textOf, type FeatureStore } from '../store/feature-store.js';
import type { VerifiedPairs } from '../verify/verified-pairs.js';
import { OutputSet } from '../write/output-files.js';
import { writeClusters, writePairs, writeRejects } from '../write/result-writers.js';
import { fillScanOptions, type FilledScanOptions, type ScanOptions } from './scan-options.js';
import { mergeVerified } from './merge-verified.js';

/** Partitions per thread: more than one, so a slow partition does not leave a thread idle at the end. */
const PARTITIONS_PER_THREAD = 4;

export interface ScanSummary {
  input: string;
  counts: {
    read: number;
    accepted: number;
    rejected: number;
    candidate_pairs: number;
    verified_pairs: number;
    clusters: number;
    clustered_records: number;
  };
  phases_ms: Record<string, number>;
  records_per_second: number;
  threads: number;
  parameters: Record<string, unknown>;
  /** Giant buckets per key kind, and the comparisons the cap avoided. */
  capped: Record<string, { buckets: number; capped: number; largest: number; pairs_emitted: number; pairs_avoided: number }>;
  /** Records split off chained clusters by the cluster guard. */
  cluster_split_off: number;
}

export async function runScan(options: ScanOptions): Promise<ScanSummary> {
  const o = fillScanOptions(options);
  const format = o.format ?? formatFromPath(o.input);
  if (!format) {
    throw new DedupError('E_BAD_ARGS', `cannot tell the format of ${o.input}: name it .ndjson, .jsonl or .csv`, { file: o.input });
  }
  let size: number;
  try {
    size = (await stat(o.input)).size;
  } catch (err) {
    throw new DedupError('E_INPUT', `cannot read ${o.input}: ${(err as Error).message}`, { file: o.input }, { cause: err });
  }
  const t0 = performance.now();
  const phases: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    try {
      return await f();
    } finally {
      phases[name] = Math.round(performance.now() - s);
    }
  };

  const pool = new WorkerPool({ threads: o.threads });
  const outputs = await OutputSet.create(o.outDir);
  try {
    const keyPartitions = o.threads * PARTITIONS_PER_THREAD;
    const verifyPartitions = o.threads * PARTITIONS_PER_THREAD;

    const split = await timed('split', () => splitRanges(o.input, format, Math.max(o.threads, Math.ceil(size / o.shardBytes))));
    const shards = await timed('ingest', () => ingestAll(pool, o, format, split, keyPartitions));

    const bases: number[] = [];
    let read = 0;
    const rejects: Reject[] = [];
    let total = 0;
    for (const s of shards) {
      bases.push(total);
      total += s.store.count;
      read += s.read;
      for (const r of s.rejects) rejects.push(r);
    }
    const store = await timed('merge', async () => mergeStores(shards.map((s) => s.store)));
    const skip = new Uint8Array(new SharedArrayBuffer(Math.max(store.count, 1)));

    const duplicateIds = await timed('duplicate_ids', () =>
      Promise.all(
        range(keyPartitions).map((p) =>
          pool.run('duplicateIds', { partition: p, parts: shards.map((s, i) => ({ entries: s.ids[p]!, base: bases[i]! })), store, skip }, `id partition ${p}`),
        ),
      ),
    );
    for (const { duplicates } of duplicateIds) {
      for (let i = 0; i < duplicates.length; i += 2) {
        const g = duplicates[i]!;
        const first = duplicates[i + 1]!;
        rejects.push({
          line: numOf(store, g, NumColumn.Line),
          merchant_id: textOf(store, g, TextColumn.MerchantId),
          field: 'merchant_id',
          reason: `merchant_id: duplicate of line ${numOf(store, first, NumColumn.Line)}`,
        });
      }
    }
    const duplicateCount = duplicateIds.reduce((n, d) => n + d.duplicates.length / 2, 0);
    if (o.stopOnError && duplicateCount > 0) {
      const first = rejects[rejects.length - 1]!;
      throw new DedupError('E_RECORD', `${o.input}:${first.line}: ${first.reason}`, { file: o.input, line: first.line, field: 'merchant_id' });
    }

    const stats = emptyBucketStats();
    const blocks = await timed('block', () =>
      Promise.all(
        range(keyPartitions).map((p) =>
          pool.run(
            'block',
            {
              partition: p,
              parts: shards.map((s, i) => ({ entries: s.keys[p]!, base: bases[i]! })),
              store,
              skip,
              bucket: { cap: o.bucketCap, window: o.window },
              verifyPartitions,
            },
            `key partition ${p}`,
          ),
        ),
      ),
    );
    for (const b of blocks) mergeBucketStats(stats, b.stats);

    const verified = await timed('verify', () =>
      Promise.all(
        range(verifyPartitions).map((q) =>
          pool.run('verify', { partition: q, parts: blocks.map((b) => b.pairs[q]!), store, threshold: o.threshold }, `pair partition ${q}`),
        ),
      ),
    );
    const candidates = verified.reduce((n, v) => n + v.candidates, 0);

    const { pairs, clusters } = await timed('cluster', async () => {
      const pairs = mergeVerified(store, verified.map((v) => v.verified));
      return { pairs, clusters: buildClusters(store, pairs.a, pairs.b) };
    });

    await timed('write', async () => {
      rejects.sort((x, y) => x.line - y.line);
      await writePairs(outputs.open('pairs.csv'), store, pairs, pairOrder(store, pairs));
      const ids = clusters.members.map((m) => clusterIdOf(textOf(store, m[0]!, TextColumn.MerchantId)));
      await writeClusters(outputs.open('clusters.csv'), store, clusters, ids);
      await writeRejects(outputs.open('rejects.csv'), rejects);
    });

    const totalMs = performance.now() - t0;
    phases.total = Math.round(totalMs);
    const summary: ScanSummary = {
      input: o.input,
      counts: {
        read,
        accepted: store.count - duplicateCount,
        rejected: rejects.length,
        candidate_pairs: candidates,
        verified_pairs: pairs.count,
        clusters: clusters.members.length,
        clustered_records: clusters.members.reduce((n, m) => n + m.length, 0),
      },
      phases_ms: phases,
      records_per_second: Math.round(read / (totalMs / 1000)),
      threads: o.threads,
      parameters: parametersOf(o),
      capped: cappedOf(stats),
      cluster_split_off: clusters.splitOff,
    };
    const summaryFile = outputs.open('summary.json');
    await summaryFile.write(JSON.stringify(summary, null, 2) + '\n');
    await outputs.commit();
    return summary;
  } catch (err) {
    await outputs.discard();
    throw err;
  } finally {
    await pool.close();
  }
}

async function ingestAll(
  pool: WorkerPool,
  o: FilledScanOptions,
  format: 'ndjson' | 'csv',
  split: Awaited<ReturnType<typeof splitRanges>>,
  keyPartitions: number,
): Promise<IngestResult[]> {
  let done = 0;
  const total = split.ranges.length;
  o.onProgress?.('ingest', 0, total);
  return Promise.all(
    split.ranges.map(async (r, shard) => {
      const result = await pool.run(
        'ingest',
        {
          shard,
          source: { file: o.input, start: r.start, end: r.end },
          file: o.input,
          format,
          firstLine: r.firstLine,
          header: split.header,
          columnMap: o.columnMap,
          sketch: o.sketch,
          keyPartitions,
          stopOnError: o.stopOnError,
        },
        `shard ${shard} (bytes ${r.start}-${r.end}, from line ${r.firstLine})`,
      );
      o.onProgress?.('ingest', ++done, total);
      return result;
    }),
  );
}

/** Pairs ordered by (a_id, b_id) as strings, the order of pairs.csv. */
function pairOrder(store: FeatureStore, pairs: VerifiedPairs): Int32Array {
  const lowFirst = (i: number): [number, number] => {
    const a = pairs.a[i]!;
    const b = pairs.b[i]!;
    return compareIds(store, a, b) <= 0 ? [a, b] : [b, a];
  };
  const order = Array.from({ length: pairs.count }, (_, i) => i);
  order.sort((x, y) => {
    const [xa, xb] = lowFirst(x);
    const [ya, yb] = lowFirst(y);
    return compareIds(store, xa, ya) || compareIds(store, xb, yb);
  });
  return Int32Array.from(order);
}

function parametersOf(o: FilledScanOptions): Record<string, unknown> {
  return {
    threshold: o.threshold,
    bucket_cap: o.bucketCap,
    window: o.window,
    sketch: o.sketch,
    shard_bytes: o.shardBytes,
    column_map: o.columnMap,
  };
}

function cappedOf(stats: BucketStats): ScanSummary['capped'] {
  const out: ScanSummary['capped'] = {};
  for (let k = 0; k < KEY_KIND_COUNT; k++) {
    out[KEY_KIND_NAMES[k as KeyKind]] = {
      buckets: stats.buckets[k]!,
      capped: stats.capped[k]!,
      largest: stats.largest[k]!,
      pairs_emitted: stats.emitted[k]!,
      pairs_avoided: stats.avoided[k]!,
    };
  }
  return out;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
