/**
 * Worker-thread entry: glue only. Each export decodes a task, calls pure functions of src/ and returns
 * typed arrays on shared memory (see src/pool/messages.ts).
 */
import { blockPartition, blockRecordsOf, fillOrderColumns } from '../src/candidates/block-partition.js';
import { findDuplicateIds } from '../src/candidates/find-duplicate-ids.js';
import { KeySortScratch } from '../src/candidates/sort-keys.js';
import type {
  BlockResult,
  BlockTask,
  ClusterRowsTask,
  DuplicateIdsResult,
  DuplicateIdsTask,
  IngestResult,
  IngestTask,
  OrdersTask,
  PairRowsTask,
  RowsResult,
  VerifyResult,
  VerifyTask,
} from '../src/pool/messages.js';
import { moved } from '../src/pool/moved.js';
import { releaseMemory } from '../src/scan/release-memory.js';
import { ingestShard } from '../src/scan/ingest-shard.js';
import { clustersTask, type ClustersTask, type FlatClusters } from '../src/cluster/cluster-task.js';
import { dropShardScratch } from '../src/scan/shard-scratch.js';
import { adoptStore } from '../src/store/feature-store.js';
import { adoptContext } from '../src/verify/match-context.js';
import { verifyPartition } from '../src/verify/verify-partition.js';
import { clusterRowsBytes, pairRowsBytes } from '../src/write/csv-rows.js';

/**
 * Structured clone keeps only an Error's name, message and stack: `code` and `details` would be lost on
 * the way to the coordinator. A plain object crosses whole.
 */
function cloneable<T, R>(f: (task: T) => R): (task: T) => R {
  return (task) => {
    try {
      return f(task);
    } catch (err) {
      const e = err as { name?: string; message?: string; code?: unknown; details?: unknown; stack?: string };
      throw { name: e.name ?? 'Error', message: e.message ?? String(err), code: e.code, details: e.details, stack: e.stack };
    }
  };
}

/** The task kind this worker ran last. */
let phase = '';

/** The block tasks' sort arrays, kept from one key partition to the next on this thread (sort-keys.ts). */
let sortScratch: KeySortScratch | null = null;

/**
 * At a worker's first task of a phase: collect its heap and trim the allocator. The tasks of the phase
 * before have finished everywhere by then, and a shared buffer they were handed (the blocking keys, the
 * candidate pair lists) is freed only once every thread that saw it has collected it. Once a phase, not
 * once a task: a full collection of a worker's heap costs tens of milliseconds.
 */
function enterPhase(name: string): void {
  if (name === phase) return;
  phase = name;
  dropShardScratch();
  sortScratch = null;
  releaseMemory();
}

export const ingest = cloneable((task: IngestTask): IngestResult => {
  const result = ingestShard(task, true);
  const s = result.store;
  return moved(result, [s.text.buffer, s.offsets.buffer, s.nums.buffer, ...result.keys.map((k) => k.buffer), ...result.ids.map((k) => k.buffer)]);
});

export const duplicateIds = cloneable((task: DuplicateIdsTask): DuplicateIdsResult => ({
  duplicates: findDuplicateIds(task.parts, adoptStore(task.store), task.skip),
}));

export const orders = cloneable((task: OrdersTask): null => {
  fillOrderColumns(adoptStore(task.store), task.orders, task.from, task.to);
  return null;
});

export const block = cloneable((task: BlockTask): BlockResult => {
  enterPhase('block');
  sortScratch ??= new KeySortScratch();
  return blockPartition(task.parts, task.skip, blockRecordsOf(task.orders), task.bucket, task.verifyPartitions, task.facts, task.keptKinds, sortScratch);
});

export const verify = cloneable((task: VerifyTask): VerifyResult => (enterPhase('verify'), verifyPartition(task.parts, adoptStore(task.store), adoptContext(task.context), task.threshold)));

export const clusters = cloneable((task: ClustersTask): FlatClusters => {
  const verify = task.verify && { ...task.verify, context: adoptContext(task.verify.context) };
  const flat = clustersTask({ ...task, store: adoptStore(task.store), ...(verify && { verify }) });
  return moved(flat, [flat.members.buffer, flat.sizes.buffer]);
});

export { personKeys, riskAlerts, riskBuckets, riskLinks } from './risk-worker.js';

/** A range's rows (a buffer of their own: ByteRows.bytes), moved to the coordinator. */
function rowsResult(bytes: Uint8Array): RowsResult {
  return moved({ bytes }, [bytes.buffer]);
}

export const pairRows = cloneable((task: PairRowsTask): RowsResult =>
  rowsResult(pairRowsBytes(adoptStore(task.store), task.pairs, task.order, 0, task.order.length)),
);

export const clusterRows = cloneable((task: ClusterRowsTask): RowsResult =>
  rowsResult(clusterRowsBytes(adoptStore(task.store), { members: task.members, sizes: task.sizes, ids: task.ids }, 0, task.sizes.length, 0)),
);
