/**
 * Everything that crosses the thread boundary, and nothing else. Bulk payloads are typed arrays on
 * SharedArrayBuffers (posting one shares memory, it is not copied); the few plain objects (options,
 * rejects, stats) are small.
 */
import type { RecordArena } from '../store/record-arena.js';
import type { FactsOutput, OrderColumns } from '../candidates/block-partition.js';
import type { ClustersTask, FlatClusters } from '../cluster/cluster-task.js';
import type { BucketOptions, BucketStats } from '../candidates/bucket-pairs.js';
import type { PartitionInput } from '../candidates/gather-entries.js';
import type { ColumnMap } from '../record/validate-record.js';
import type { RecordWarning, Reject } from '../record/merchant-record.js';
import type { RiskBuckets, RiskBucketsInput, RiskLinks } from '../risk/risk-links.js';
import type { RiskResult } from '../risk/build-alerts.js';
import type { InputFormat } from '../read/input-format.js';
import type { SketchParams } from '../sketch/minhash-params.js';
import type { FeatureStore } from '../store/feature-store.js';
import type { MatchContext } from '../verify/match-context.js';
import type { VerifiedPairs } from '../verify/verified-pairs.js';
import type { LineCounts } from '../read/parse-chunk.js';

/** Phase 1: parse, validate, normalize and sketch one byte range of the input. */
export interface IngestTask {
  shard: number;
  /** The range's bytes: read by the worker from `file`, or handed over (a database COPY chunk). */
  source: { file: string; start: number; end: number } | { bytes: Uint8Array };
  /** Input name for messages. */
  file: string;
  format: InputFormat;
  firstLine: number;
  header: string[] | null;
  columnMap: ColumnMap | null;
  sketch: SketchParams;
  keyPartitions: number;
  stopOnError: boolean;
  /** Also hand back each accepted record as contract JSON (scan/record-arena.ts); only a scan that writes a generation asks. */
  keepRecords: boolean;
}

export interface IngestResult {
  shard: number;
  read: number;
  rejects: Reject[];
  /** Optional fields of accepted records that could not be read (the record keeps them as null). */
  warnings: RecordWarning[];
  /** Views of the worker's scratch set (see `release`) or its own moved buffers: the coordinator merges it. */
  store: FeatureStore;
  /** Per key partition: blocking keys as [hi, lo, localRecord] triples, like `store`; merged by the coordinator. */
  keys: Uint32Array[];
  /** Per key partition: merchant_id hashes as [hi, lo, localRecord] triples, like `store`; merged by the coordinator. */
  ids: Uint32Array[];
  /**
   * Set when `store`, `keys` and `ids` are views of the worker's scratch set (scan/shard-scratch.ts):
   * the reader calls `releaseShard` with it once it has copied them, and must not read them after.
   */
  release: Int32Array | null;
  /** The shard's records as contract JSON, in store order, when the task asked for them. */
  records: RecordArena | null;
  /** Milliseconds spent in this task's steps. */
  ms: { parse: number; normalize: number; sketch: number };
  /** Where the range's physical lines went (header, blank, accepted and rejected records). */
  lineCounts: LineCounts;
  /** `[line, lines]` of accepted records spanning several lines: a repeated id moves them to rejected. */
  multiLine: Uint32Array;
}

/** Phase 2: duplicate merchant_id detection for one id partition. */
export interface DuplicateIdsTask {
  partition: number;
  parts: PartitionInput[];
  store: FeatureStore;
  /** Shared flags, one per record: set to 1 for a rejected duplicate. */
  skip: Uint8Array;
}

export interface DuplicateIdsResult {
  /** Flat [duplicate, original, …] global record indices. */
  duplicates: Uint32Array;
}

/** Phase 3: candidate pairs from one key partition. */
export interface BlockTask {
  partition: number;
  parts: PartitionInput[];
  skip: Uint8Array;
  bucket: BucketOptions;
  verifyPartitions: number;
  /** Shared outputs: what blocking learns of each record (verify/match-context.ts). */
  facts: FactsOutput;
  /** Shared sort keys of capped buckets, filled by the orders tasks before blocking. */
  orders: OrderColumns;
  /** Bit mask of the key kinds whose sorted entries come back in `kept` (the risk phase's identifier kinds). */
  keptKinds: number;
}

/** Before blocking: the order columns of records [from, to), written into shared memory. */
export interface OrdersTask {
  store: FeatureStore;
  orders: OrderColumns;
  from: number;
  to: number;
}

export interface BlockResult {
  pairs: Uint32Array[];
  stats: BucketStats;
  /** [hi, lo, records, distinct records] of every bucket of 2+ members (candidates/bucket-pairs.ts BucketFacts.counts). */
  keyCounts: Uint32Array;
  /** [hi, lo, size, firstMember] of every generic identifier bucket. */
  genericBuckets: Uint32Array;
  /** The partition's entries of the task's `keptKinds`, sorted by key then record: [hi, lo, record] triples. */
  kept: Uint32Array;
}

/** Phase 4: verify the candidate pairs of one pair partition. */
export interface VerifyTask {
  partition: number;
  parts: Uint32Array[];
  store: FeatureStore;
  /** nameFrequency and generic on shared memory; genericKeys small. */
  context: MatchContext;
  threshold: number;
}

export interface VerifyResult {
  candidates: number;
  verified: VerifiedPairs;
}

/** Phase 5 (while a worker clusters): the person keys of a record range, split by key partition. */
export interface PersonKeysTask {
  store: FeatureStore;
  from: number;
  to: number;
  partitions: number;
}

/** Per key partition: [hi, lo, record] triples on shared memory, in record order. */
export type PersonKeysResult = Uint32Array[];

/** Phase 5 (while a worker clusters): one key partition's identifier buckets, before entities are known. */
export type RiskBucketsTask = RiskBucketsInput;
export type RiskBucketsResult = RiskBuckets;

/** Phase 5 (after clusters): risk-graph links of one key partition's buckets. */
export interface RiskLinksTask {
  buckets: RiskBuckets;
  /** Entity (cluster canonical record, or the record itself) of each record, shared. */
  entity: Uint32Array;
}

export type RiskLinksResult = RiskLinks;

/** Phase 5 (last): the alerts, from every partition's links and the clusters as columns (cluster-task.ts). */
export interface RiskAlertsTask {
  store: FeatureStore;
  members: Uint32Array;
  sizes: Uint32Array;
  /** Cluster of each record, -1 when none (shared: it is the result's). */
  clusterOf: Int32Array;
  links: RiskLinks[];
  cap: number;
}

export type RiskAlertsResult = RiskResult;

/** Write phase: pairs.csv rows of the pairs in `order` (write/csv-rows.ts). */
export interface PairRowsTask {
  store: FeatureStore;
  /** On shared memory. */
  pairs: VerifiedPairs;
  /** This range's pair indices (a copy: small). */
  order: Int32Array;
}

/** Write phase: clusters.csv rows of a range of clusters, as flat columns (copies: small). */
export interface ClusterRowsTask {
  store: FeatureStore;
  members: Uint32Array;
  sizes: Uint32Array;
  ids: string[];
}

/** A range's rows as UTF-8, moved to the coordinator. */
export interface RowsResult {
  bytes: Uint8Array;
}

/** Worker exports by name, with their task and result types. */
export interface WorkerTasks {
  ingest: { task: IngestTask; result: IngestResult };
  duplicateIds: { task: DuplicateIdsTask; result: DuplicateIdsResult };
  orders: { task: OrdersTask; result: null };
  block: { task: BlockTask; result: BlockResult };
  verify: { task: VerifyTask; result: VerifyResult };
  personKeys: { task: PersonKeysTask; result: PersonKeysResult };
  riskBuckets: { task: RiskBucketsTask; result: RiskBucketsResult };
  riskLinks: { task: RiskLinksTask; result: RiskLinksResult };
  riskAlerts: { task: RiskAlertsTask; result: RiskAlertsResult };
  clusters: { task: ClustersTask; result: FlatClusters };
  pairRows: { task: PairRowsTask; result: RowsResult };
  clusterRows: { task: ClusterRowsTask; result: RowsResult };
}
