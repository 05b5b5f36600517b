/**
 * The coordinator of a scan. It drives the phases and merges small results; the per-record work runs in
 * the worker pool:
 *
 *   source ─► ingest (parse, validate, normalize, sketch; per byte range or chunk)
 *     ─► merge shard stores into one shared store (as they arrive, while ingest runs: shard-merger.ts)
 *     ─► duplicate merchant_id check (per id partition)
 *     ─► blocking (per key partition: sort keys, bucket pairs, route pairs by pair hash)
 *     ─► verification (per pair partition: de-duplicate, verify, keep matches)
 *     ─► clusters (one worker task, while the caller may write pairs.csv: ScanHooks.onPairs)
 *
 * The coordinator never holds a per-record object graph: records live in the shared feature store, keys
 * and pairs in typed arrays. Results are independent of thread and partition counts: global record order
 * is input order, buckets are sorted by record, pairs are verified by a pure function, outputs are sorted.
 * Writing results (files, PostgreSQL) is the caller's: see run-scan.ts.
 */
import { stat } from 'node:fs/promises';
import { sharedOrderColumns } from '../candidates/block-partition.js';
import { emptyBucketStats, mergeBucketStats, type BucketStats } from '../candidates/bucket-pairs.js';
import type { PartitionInput } from '../candidates/gather-entries.js';
import { hashKey64 } from '../candidates/key-hash.js';
import { KEY_KIND_COUNT, KEY_KIND_NAMES, KeyKind, kindOf, withKind } from '../candidates/key-kinds.js';
import { sortKeyOrder } from '../candidates/sort-keys.js';
import type { ClusterOverrides, Clusters } from '../cluster/build-clusters.js';
import { unflatten } from '../cluster/cluster-task.js';
import type { ClusterColumns } from '../write/csv-rows.js';
import { NO_CONSTRAINTS, resolveConstraints, type ClusterConstraints } from '../cluster/cluster-constraints.js';
import { DedupError } from '../errors.js';
import type { IngestResult, IngestTask } from '../pool/messages.js';
import { WorkerPool } from '../pool/worker-pool.js';
import type { RecordWarning, Reject } from '../record/merchant-record.js';
import { parseChunk, type LineCounts } from '../read/parse-chunk.js';
import { splitRanges } from '../read/split-ranges.js';
import { DEFAULT_RISK_KEY_CAP, type RiskResult, type RiskSummary } from '../risk/build-alerts.js';
import { NumColumn, TextColumn } from '../store/feature-columns.js';
import { numOf, textOf, type FeatureStore } from '../store/feature-store.js';
import { matchParamsOf, type MatchParams } from '../match/match-params.js';
import { maskIdentifier } from '../normalize/mask-identifier.js';
import { identifierMask, keyId, sharedContext, type MatchContext } from '../verify/match-context.js';
import type { RecordArena } from '../store/record-arena.js';
import type { VerifiedPairs } from '../verify/verified-pairs.js';
import { keepBestCrossMatches } from '../verify/best-match.js';
import { releaseMemory, trimAllocator } from './release-memory.js';
import { ShardMerger } from './shard-merger.js';
import { mergeVerified } from './merge-verified.js';
import { PhaseProgress } from './phase-progress.js';
import { phaseTimer } from './phase-timer.js';
import { riskBucketsOf, riskPhase } from './risk-phase.js';
import type { RiskBuckets } from '../risk/risk-links.js';
import { RISK_BLOCKING_KIND_MASK } from '../risk/risk-key-kinds.js';
import { fillScanOptions, type FilledScanOptions, type ScanSettings } from './scan-options.js';
import { formatRejectLimit } from './reject-limit.js';
import { sourceName, type ScanSource } from './scan-source.js';

/** Partitions per thread: more than one, so a slow partition does not leave a thread idle at the end. */
const PARTITIONS_PER_THREAD = 4;
/** Stream chunks in flight per thread: enough to keep workers busy, few enough to bound memory. */
const CHUNKS_IN_FLIGHT_PER_THREAD = 2;

export interface ScanSummary {
  input: string;
  counts: {
    read: number;
    accepted: number;
    rejected: number;
    /** Optional fields of accepted records that could not be read and were treated as missing. */
    warnings: number;
    candidate_pairs: number;
    verified_pairs: number;
    clusters: number;
    clustered_records: number;
    risk_alerts: number;
    /** Risk alerts of severity ≥ 0.5. */
    risk_alerts_high: number;
  };
  phases_ms: Record<string, number>;
  /** Ingest work summed over all workers (thread time, not wall time), split by step. */
  ingest_thread_ms: { parse: number; normalize: number; sketch: number };
  records_per_second: number;
  threads: number;
  parameters: Record<string, unknown>;
  /** Buckets per key kind, giant ones capped, and the comparisons the cap avoided. */
  capped: Record<string, { buckets: number; capped: number; largest: number; pairs_emitted: number; pairs_avoided: number }>;
  /** Identifier values so common they stopped counting as evidence (masked), with how many records carry each. */
  generic_values: { kind: string; value: string; records: number }[];
  /** Records split off chained clusters by the cluster guard. */
  cluster_split_off: number;
  /** What review decisions (cluster constraints) changed in the clusters; zeros without decisions. */
  decision_overrides: ClusterOverrides;
  /** Field warnings per contract field: which optional fields a source writes in a form the engine cannot read. */
  warnings_by_field: Record<string, number>;
  /** Risk alerts: counts, linking keys per kind, and the capped (placeholder) keys. */
  risk: RiskSummary;
  /**
   * Where every physical line of the input went: `read = header + blank + accepted + rejected`, the last
   * two being the lines of accepted and of rejected records (a CSV record may span several lines; one
   * cut back to its first line by a stray quote counts that line). For a table: the lines of its COPY
   * stream, one a row unless a value holds a line feed.
   */
  lines: LineCounts;
}

export interface ScanResult {
  /** Every accepted record, plus duplicate-id rejects flagged in `skip`; record g is global index g. */
  store: FeatureStore;
  skip: Uint8Array;
  /** Verified pairs; `pairOrder` lists them in input order of their earlier, then later, record. */
  pairs: VerifiedPairs;
  pairOrder: Int32Array;
  clusters: Clusters;
  /** cluster_id of each cluster, parallel to clusters.members. */
  clusterIds: string[];
  /** Sorted by line. */
  rejects: Reject[];
  /** Unreadable optional fields of accepted records, sorted by line. */
  warnings: RecordWarning[];
  /** The blocking keys by key partition: the dedup index of this run; empty unless `keepKeys` (see ScanSettings). */
  keys: PartitionInput[][];
  /** Per key partition: [hi, lo, records, distinct records] of every key carried by 2+ records (persisted with the index); empty unless `keepKeyCounts`. */
  keyCounts: Uint32Array[];
  /** Per shard, in global record order from `recordBases`: accepted records as contract JSON; null unless `keepRecords`. */
  records: { arenas: RecordArena[]; bases: number[] } | null;
  /** The corpus facts verification scored with (name frequencies, generic values). */
  context: MatchContext;
  /** Everything a pair's keys and score depend on, versioned (persisted with the index). */
  params: MatchParams;
  /** Risk alerts over the identifier keys (they never change pairs or clusters). */
  risk: RiskResult;
  summary: ScanSummary;
}

/**
 * What a scan knows once its records are ingested and repeated merchant_ids resolved, before blocking;
 * later phases do not change it. A caller can write it while the workers block and verify (db/run-db-scan.ts:
 * the dedup index and the records of a generation).
 */
export type IngestedCorpus = Pick<ScanResult, 'store' | 'skip' | 'keys' | 'records' | 'rejects' | 'warnings'>;

export interface ScanHooks {
  /** Called once, between the duplicate-id check and blocking; must return at once and not throw. */
  onIngested?: (corpus: IngestedCorpus) => void;
  /**
   * Called once the verified pairs and their pairs.csv order are final, as clustering starts in a worker;
   * must return at once and not throw. The pairs (on shared memory) are the result's: read, never change.
   */
  onPairs?: (store: FeatureStore, pairs: VerifiedPairs, pairOrder: Int32Array) => void;
  /**
   * Called once the clusters and their ids are final, as a worker joins the risk alerts (the threads it
   * leaves free can format rows); must return at once and not throw. Read the columns, never change them.
   */
  onClusters?: (store: FeatureStore, clusters: ClusterColumns) => void;
}

/** `constraints`: review decisions to honour in the cluster phase (a file scan has none). */
/**
 * `pool`: a worker pool the caller owns and keeps for later work on the result (the file writer's rows);
 * without one the scan makes its own and closes it before returning. `hooks`: see ScanHooks.
 */
export async function scanCorpus(
  source: ScanSource,
  settings: ScanSettings,
  constraints: ClusterConstraints = NO_CONSTRAINTS,
  given: WorkerPool | null = null,
  hooks: ScanHooks = {},
): Promise<ScanResult> {
  const o = fillScanOptions(settings);
  const t0 = performance.now();
  const progress = new PhaseProgress(o.onProgress);
  const { phases, timed } = phaseTimer({}, progress.onPhase);
  const name = sourceName(source);
  const keyPartitions = o.threads * PARTITIONS_PER_THREAD;
  const verifyPartitions = o.threads * PARTITIONS_PER_THREAD;

  const pool = given ?? new WorkerPool({ threads: o.threads });
  try {
    const merger = new ShardMerger(source.kind === 'file' ? await inputSize(source.path) : null, keyPartitions);
    const { shards, headerLines } = await timed('ingest', async () =>
      source.kind === 'file'
        ? ingestFile(pool, o, source, keyPartitions, progress, merger)
        : { shards: await ingestStream(pool, o, source, keyPartitions, progress, merger), headerLines: 0 },
    );
    const lines = linesOf(shards, headerLines);

    let read = 0;
    const rejects: Reject[] = [];
    let warnings: RecordWarning[] = [];
    for (const s of shards) {
      read += s.read;
      for (const r of s.rejects) rejects.push(r);
      for (const w of s.warnings) warnings.push(w);
    }
    // Shards were merged while ingest ran (shard-merger.ts): what is left is to close the store.
    const merged = await timed('merge', async () => {
      const m = merger.finish(shards.length);
      progress.update(m.store.count, 1);
      return m;
    });
    const { store } = merged;
    // Let go of once blocking is done: the result keeps them only with keepKeys (the risk phase walks the
    // identifier keys the blocking workers hand back).
    let keys: PartitionInput[][] | null = merged.keys;
    const bases = merger.bases;
    const skip = new Uint8Array(new SharedArrayBuffer(Math.max(store.count, 1)));

    const duplicateIds = await timed('duplicate_ids', () =>
      allWithProgress(progress, range(keyPartitions).map((p) => pool.run('duplicateIds', { partition: p, parts: merged.ids[p]!, store, skip }, `id partition ${p}`))),
    );
    // The merchant_id hashes served their one phase.
    merged.ids = [];
    let duplicates = 0;
    let spans: Map<number, number> | null = null;
    for (const d of duplicateIds) {
      for (let i = 0; i < d.duplicates.length; i += 2) {
        const g = d.duplicates[i]!;
        const line = numOf(store, d.duplicates[i + 1]!, NumColumn.Line);
        const at = numOf(store, g, NumColumn.Line);
        rejects.push({ line: at, merchant_id: textOf(store, g, TextColumn.MerchantId), field: 'merchant_id', reason: `merchant_id: duplicate of line ${line}` });
        duplicates++;
        // The repeated record's lines move from accepted to rejected.
        spans ??= multiLineSpans(shards);
        const span = spans.get(at) ?? 1;
        lines.accepted -= span;
        lines.rejected += span;
      }
    }
    rejects.sort((x, y) => x.line - y.line);
    if (duplicates > 0) {
      // A record rejected as a repeated id is not in the results: neither are its field warnings.
      const rejectedLines = new Set(rejects.map((r) => r.line));
      warnings = warnings.filter((w) => !rejectedLines.has(w.line));
    }
    warnings.sort((x, y) => x.line - y.line);
    if (o.stopOnError && duplicates > 0) {
      const first = rejects.find((r) => r.field === 'merchant_id')!;
      throw new DedupError('E_RECORD', `${name}:${first.line}: ${first.reason}`, { file: name, line: first.line, field: 'merchant_id' });
    }
    const records = o.keepRecords ? { arenas: shards.map((s) => s.records!), bases } : null;
    hooks.onIngested?.({ store, skip, keys, records, rejects, warnings });

    // While a caller writes the ingested corpus (onIngested: the database path's dedup index and records),
    // the coordinator allocates and frees a COPY batch for every MB it sends. Trimming the allocator after
    // each block and verify task then handed those pages back only for the next batches to fault them in
    // again: ~1 s of a 17 s table scan at 250k, for no lower peak.
    const trimPerTask = hooks.onIngested === undefined;
    const stats = emptyBucketStats();
    const facts = { ...sharedContext(store.count), recordNums: store.nums, identifierMask: identifierMask(), genericMin: o.genericMin, keepCounts: o.keepKeyCounts };
    const blocks = await timed('block', async () => {
      // The sort keys of capped buckets, computed once by ranges on every thread, read by every block task.
      const orders = sharedOrderColumns(store.count);
      const step = Math.ceil(store.count / o.threads);
      await Promise.all(
        range(o.threads).map((t) => pool.run('orders', { store, orders, from: Math.min(t * step, store.count), to: Math.min((t + 1) * step, store.count) }, `order range ${t}`)),
      );
      return allWithProgress(
        progress,
        range(keyPartitions).map((p) =>
          pool.run(
            'block',
            { partition: p, parts: keys![p]!, skip, bucket: { cap: o.bucketCap, window: o.window }, verifyPartitions, facts, orders, keptKinds: RISK_BLOCKING_KIND_MASK },
            `key partition ${p}`,
          ),
        ),
        undefined,
        trimPerTask,
      );
    });
    for (const b of blocks) mergeBucketStats(stats, b.stats);
    // The risk phase walks the identifier keys' buckets again: the blocking workers handed them back sorted.
    let riskKeys: PartitionInput[][] | null = blocks.map((b) => [{ entries: b.kept, base: 0 }]);
    const keptKeys = o.keepKeys ? keys : [];
    keys = null;
    merged.keys = [];
    const generic = genericValuesOf(store, blocks.map((b) => b.genericBuckets));
    const context: MatchContext = { nameFrequency: facts.nameFrequency, generic: facts.generic, genericKeys: new Set(generic.map((g) => g.key)), weights: o.weights };

    // Verification is counted in candidate pairs: a partition's count is known once it is verified.
    let verifiedCandidates = 0;
    let riskBuckets: Promise<RiskBuckets[]> | null = null;
    const verified = await timed('verify', () =>
      allWithProgress(
        progress,
        range(verifyPartitions).map((q) => pool.run('verify', { partition: q, parts: blocks.map((b) => b.pairs[q]!), store, context, threshold: o.threshold }, `pair partition ${q}`)),
        (v) => (verifiedCandidates += v.candidates),
        trimPerTask,
      ),
    );

    // Each phase's structures go before the next: the candidate pair lists once verified, the verifiers'
    // results once merged (release-memory.ts).
    for (const b of blocks) b.pairs = [];
    const candidatePairs = verified.reduce((n, v) => n + v.candidates, 0);
    const { pairs, pairOrder, flat } = await timed('cluster', async () => {
      const merged = mergeVerified(verified.map((v) => v.verified));
      verified.length = 0;
      releaseMemory();
      const pairs = o.bestMatch ? keepBestCrossMatches(store, merged, o.bestMatch) : merged;
      const pairOrder = pairOrderOf(pairs);
      // The pairs are final: a caller may write them while a worker clusters (run-scan.ts).
      hooks.onPairs?.(store, pairs, pairOrder);
      // With --best-match the pairs are each record's best cross-source match only: the guard must not
      // verify back a pair that rule dropped, so it reads the pairs alone.
      const verify = o.bestMatch ? undefined : { context, threshold: o.threshold, window: o.window };
      const clustering = pool.run('clusters', { store, a: pairs.a, b: pairs.b, constraints: resolveConstraints(store, constraints), ...(verify && { verify }) }, 'clusters');
      // The risk buckets need no clusters: the other workers build them meanwhile (queued after the
      // cluster task, so it starts first). A failure surfaces when the risk phase awaits them.
      riskBuckets = riskBucketsOf(pool, { store, skip, keys: riskKeys!, cap: DEFAULT_RISK_KEY_CAP });
      riskBuckets.catch(() => undefined);
      const flat = await clustering;
      progress.update(pairs.count, 1);
      return { pairs, pairOrder, flat };
    });
    const clusterIds = flat.ids;
    // The clusters as one array each, for the result: made while a worker joins the risk alerts (150k
    // views at 1M records: the tasks queued before would wait on this thread meanwhile).
    let unflattened = null as Clusters | null;

    const risk = await timed('risk', async () => {
      const found = await riskPhase(pool, { store, columns: flat, buckets: await riskBuckets!, cap: DEFAULT_RISK_KEY_CAP }, () => {
        hooks.onClusters?.(store, flat);
        unflattened = unflatten(flat);
      });
      riskKeys = null;
      riskBuckets = null;
      for (const b of blocks) b.kept = new Uint32Array(0);
      progress.update(store.count, 1);
      return found;
    });
    const clusters = unflattened ?? unflatten(flat);
    // What the workers allocated for blocking, verification and the risk links is free by now.
    releaseMemory();

    const totalMs = performance.now() - t0;
    phases.total = Math.round(totalMs);
    const summary: ScanSummary = {
      input: name,
      counts: {
        read,
        accepted: store.count - duplicates,
        rejected: rejects.length,
        warnings: warnings.length,
        candidate_pairs: candidatePairs,
        verified_pairs: pairs.count,
        clusters: clusters.members.length,
        clustered_records: flat.members.length,
        risk_alerts: risk.summary.alerts,
        risk_alerts_high: risk.summary.alerts_high,
      },
      phases_ms: phases,
      ingest_thread_ms: ingestThreadMs(shards),
      records_per_second: Math.round(read / (totalMs / 1000)),
      threads: o.threads,
      parameters: parametersOf(o),
      capped: cappedOf(stats),
      generic_values: generic.map(({ kind, masked, records }) => ({ kind, value: masked, records })),
      cluster_split_off: clusters.splitOff,
      decision_overrides: clusters.overrides,
      warnings_by_field: warningsByField(warnings),
      risk: risk.summary,
      lines,
    };
    const keyCounts = blocks.map((b) => b.keyCounts);
    return { store, skip, pairs, pairOrder, clusters, clusterIds, rejects, warnings, keys: keptKeys, keyCounts, records, context, params: matchParamsOf(o), risk, summary };
  } finally {
    if (given === null) await pool.close();
  }
}

function ingestTask(o: FilledScanOptions, format: ScanSource['format'], name: string, keyPartitions: number, header: string[] | null): Omit<IngestTask, 'shard' | 'source' | 'firstLine'> {
  return { file: name, format, header, columnMap: o.columnMap, sketch: o.sketch, keyPartitions, stopOnError: o.stopOnError, keepRecords: o.keepRecords };
}

/** Sums the shards' line counts; `headerLines`: the lines before the first shard (a CSV file's header). */
function linesOf(shards: readonly IngestResult[], headerLines: number): LineCounts {
  const c: LineCounts = { read: headerLines, header: headerLines, blank: 0, accepted: 0, rejected: 0 };
  for (const s of shards) {
    const l = s.lineCounts;
    c.read += l.read;
    c.header += l.header;
    c.blank += l.blank;
    c.accepted += l.accepted;
    c.rejected += l.rejected;
  }
  return c;
}

/** Lines spanned by each accepted record that spans more than one, by its first line. */
function multiLineSpans(shards: readonly IngestResult[]): Map<number, number> {
  const spans = new Map<number, number>();
  for (const s of shards) {
    const m = s.multiLine;
    for (let i = 0; i < m.length; i += 2) spans.set(m[i]!, m[i + 1]!);
  }
  return spans;
}

async function inputSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    throw new DedupError('E_INPUT', `cannot read ${path}: ${(err as Error).message}`, { file: path }, { cause: err });
  }
}

async function ingestFile(
  pool: WorkerPool,
  o: FilledScanOptions,
  source: Extract<ScanSource, { kind: 'file' }>,
  keyPartitions: number,
  progress: PhaseProgress,
  merger: ShardMerger,
): Promise<{ shards: IngestResult[]; headerLines: number }> {
  const size = await inputSize(source.path);
  const split = await splitRanges(source.path, source.format, Math.max(o.threads, Math.ceil(size / o.shardBytes)));
  if (split.header) checkHeader(source.path, split.header, o);
  const common = ingestTask(o, source.format, source.path, keyPartitions, split.header);
  // The share done is the share of the file's bytes read: ranges differ in size, records in length.
  const bodyBytes = split.ranges.reduce((n, r) => n + r.end - r.start, 0);
  let bytesDone = 0;
  let records = 0;
  const shards = await inFileOrder(
    split.ranges.map(async (r, shard) => {
      const result = await pool.run(
        'ingest',
        { ...common, shard, source: { file: source.path, start: r.start, end: r.end }, firstLine: r.firstLine },
        `shard ${shard} (bytes ${r.start}-${r.end}, from line ${r.firstLine})`,
      );
      merger.add(result, r.end - r.start);
      records += result.read;
      bytesDone += r.end - r.start;
      progress.update(records, bodyBytes === 0 ? 1 : bytesDone / bodyBytes);
      return result;
    }),
  );
  return { shards, headerLines: split.headerLines };
}

/**
 * The share of a stream read is known only against an estimate of its size (a table's planner
 * statistics): it is capped below 1 until the stream ends, since the estimate may be low.
 */
const MAX_ESTIMATED_FRACTION = 0.99;

async function ingestStream(
  pool: WorkerPool,
  o: FilledScanOptions,
  source: Extract<ScanSource, { kind: 'stream' }>,
  keyPartitions: number,
  progress: PhaseProgress,
  merger: ShardMerger,
): Promise<IngestResult[]> {
  if (source.header) checkHeader(source.name, source.header, o);
  const common = ingestTask(o, source.format, source.name, keyPartitions, source.header);
  const results: Promise<IngestResult>[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const limit = o.threads * CHUNKS_IN_FLIGHT_PER_THREAD;
  const expected = source.expectedRecords ?? null;
  let records = 0;
  let shard = 0;
  let failed = false;
  for await (const chunk of source.chunks) {
    const s = shard++;
    const bytes = chunk.bytes.byteLength;
    const p = pool
      .run('ingest', { ...common, shard: s, source: { bytes: chunk.bytes }, firstLine: chunk.firstLine }, `chunk ${s} (from row ${chunk.firstLine})`)
      .then((r) => {
        merger.add(r, bytes);
        return r;
      });
    // Counted as each chunk is ingested, not as it is sent: a sent chunk is not read yet.
    void p.then((r) => {
      records += r.read;
      progress.update(records, expected === null || expected <= 0 ? null : Math.min(MAX_ESTIMATED_FRACTION, records / expected));
    }, () => undefined);
    results.push(p);
    // Settles either way: a failure is reported by inFileOrder, in file order, not by whichever wait sees it.
    const tracked: Promise<void> = p.then(
      () => undefined,
      () => {
        failed = true;
      },
    ).finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= limit) await Promise.race(inFlight);
    // Chunks after a failed one cannot hold an earlier error: stop reading.
    if (failed) break;
  }
  const all = await inFileOrder(results);
  progress.update(records, 1);
  return all;
}

/**
 * Promise.all over ingest tasks listed in file order, except for which failure it reports: the one of the
 * earliest task, not the first to happen. A worker stops at its own first bad record, so with
 * --stop-on-error the error names the first bad line of the file whatever the thread count and timing.
 */
async function inFileOrder<T>(tasks: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/**
 * The order of pairs.csv: by the input position of the pair's earlier record, then of the later one.
 * Input order does not depend on threads or partitions, and a radix sort of indices costs a fraction of
 * sorting by merchant_id strings.
 */
function pairOrderOf(pairs: VerifiedPairs): Int32Array {
  const first = new Uint32Array(pairs.count);
  const second = new Uint32Array(pairs.count);
  for (let i = 0; i < pairs.count; i++) {
    const a = pairs.a[i]!;
    const b = pairs.b[i]!;
    first[i] = a < b ? a : b;
    second[i] = a < b ? b : a;
  }
  return sortKeyOrder(first, second, pairs.count);
}

function ingestThreadMs(shards: readonly IngestResult[]): ScanSummary['ingest_thread_ms'] {
  const t = { parse: 0, normalize: 0, sketch: 0 };
  for (const s of shards) {
    t.parse += s.ms.parse;
    t.normalize += s.ms.normalize;
    t.sketch += s.ms.sketch;
  }
  return { parse: Math.round(t.parse), normalize: Math.round(t.normalize), sketch: Math.round(t.sketch) };
}

function warningsByField(warnings: readonly RecordWarning[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of warnings) out[w.field] = (out[w.field] ?? 0) + 1;
  return out;
}

function parametersOf(o: FilledScanOptions): Record<string, unknown> {
  const { weights_table: _table, ...params } = matchParamsOf(o);
  return { ...params, shard_bytes: o.shardBytes, column_map: o.columnMap, stop_on_error: o.stopOnError, max_rejects: formatRejectLimit(o.maxRejects), best_match: o.bestMatch };
}

interface GenericValue {
  kind: string;
  key: string;
  masked: string;
  records: number;
}

/** The generic identifier values named by the blocking workers, with the text read from one carrier. */
function genericValuesOf(store: FeatureStore, parts: readonly Uint32Array[]): GenericValue[] {
  const out: GenericValue[] = [];
  const scratch = new Uint32Array(2);
  for (const part of parts) {
    for (let i = 0; i + 3 < part.length; i += 4) {
      const hi = part[i]!;
      const lo = part[i + 1]!;
      const kind = kindOf(hi);
      const col = IDENTIFIER_COLUMNS[kind];
      if (col === undefined) continue;
      let value = textOf(store, part[i + 3]!, col);
      if (col === TextColumn.Phones || col === TextColumn.Terminals) {
        value =
          value.split(',').find((v) => {
            hashKey64(v, kind, scratch, 0);
            return withKind(kind, scratch[0]!) === hi && scratch[1] === lo;
          }) ?? '';
      }
      out.push({ kind: KEY_KIND_NAMES[kind], key: keyId(hi, lo), masked: maskIdentifier(value), records: part[i + 2]! });
    }
  }
  // Partitions finish in any order; name the values in one order (most carried first).
  return out.sort((x, y) => y.records - x.records || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

/** The store column holding each identifier key kind's values. */
const IDENTIFIER_COLUMNS: Partial<Record<KeyKind, TextColumn>> = {
  [KeyKind.Uscc]: TextColumn.Uscc,
  [KeyKind.IdNumber]: TextColumn.IdNumber,
  [KeyKind.BankAccount]: TextColumn.BankAccount,
  [KeyKind.Phone]: TextColumn.Phones,
  [KeyKind.Terminal]: TextColumn.Terminals,
};

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

/** Refuses a CSV header that lacks a required column (under the column mapping) before any worker starts. */
function checkHeader(name: string, header: string[], o: FilledScanOptions): void {
  parseChunk(new Uint8Array(0), { format: 'csv', firstLine: 2, header, ...(o.columnMap && { columnMap: o.columnMap }), file: name });
}

/**
 * Promise.all that reports each settled task: the count is tasks done, or what `count` adds up for each
 * result (candidate pairs verified); the share done is the share of tasks.
 */
function allWithProgress<T>(progress: PhaseProgress, tasks: Promise<T>[], count?: (result: T) => number, trim = true): Promise<T[]> {
  let done = 0;
  let counted = 0;
  return Promise.all(
    tasks.map((t) =>
      t.then((v) => {
        // A finished task's buffers are free: hand them back before the next task's join them.
        if (trim) trimAllocator();
        done++;
        counted = count === undefined ? done : count(v);
        progress.update(counted, done / tasks.length);
        return v;
      }),
    ),
  );
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
