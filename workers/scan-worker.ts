/**
 * Worker-thread entry: glue only. Each export decodes a task, calls pure functions of src/ and returns
 * typed arrays on shared memory (see src/pool/messages.ts).
 */
import { blockPartition, neighbourhoodOrders } from '../src/candidates/block-partition.js';
import { findDuplicateIds } from '../src/candidates/find-duplicate-ids.js';
import type {
  BlockResult,
  BlockTask,
  DuplicateIdsResult,
  DuplicateIdsTask,
  IngestResult,
  IngestTask,
  VerifyResult,
  VerifyTask,
} from '../src/pool/messages.js';
import { ingestShard } from '../src/scan/ingest-shard.js';
import { verifyPartition } from '../src/verify/verify-partition.js';

export function ingest(task: IngestTask): IngestResult {
  return ingestShard(task);
}

export function duplicateIds(task: DuplicateIdsTask): DuplicateIdsResult {
  return { duplicates: findDuplicateIds(task.parts, task.store, task.skip) };
}

export function block(task: BlockTask): BlockResult {
  return blockPartition(task.parts, task.store, task.skip, neighbourhoodOrders(task.store), task.bucket, task.verifyPartitions);
}

export function verify(task: VerifyTask): VerifyResult {
  return verifyPartition(task.parts, task.store, task.threshold);
}
