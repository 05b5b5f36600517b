/**
 * The risk phase of a scan, in two parts. `riskBucketsOf` needs no clusters, so it runs while a worker
 * clusters: the person keys once per record range, then per key partition the identifier buckets of two
 * or more records (risk/risk-links.ts). `riskPhase`, once the clusters are known, turns those buckets into
 * links between entities (per partition, in the workers) and the coordinator joins the links into alerts
 * (risk/build-alerts.ts). Neither changes the scan's store, keys or clusters.
 */
import type { PartitionInput } from '../candidates/gather-entries.js';
import type { WorkerPool } from '../pool/worker-pool.js';
import { entityOf, type RiskResult } from '../risk/build-alerts.js';
import type { RiskBuckets } from '../risk/risk-links.js';
import type { FeatureStore } from '../store/feature-store.js';

export interface RiskBucketsPhaseInput {
  store: FeatureStore;
  skip: Uint8Array;
  /** The scan's identifier keys by key partition (other kinds are passed over), best sorted (risk-links.ts). */
  keys: PartitionInput[][];
  cap: number;
}

/** Per key partition, its buckets of 2+ records and its capped keys (no clusters needed). */
export async function riskBucketsOf(pool: WorkerPool, input: RiskBucketsPhaseInput): Promise<RiskBuckets[]> {
  const { store, skip, keys, cap } = input;
  const partitions = keys.length;
  const ranges = pool.threads;
  const step = Math.ceil(store.count / ranges);
  const byRange = await Promise.all(
    Array.from({ length: ranges }, (_, r) => {
      const from = Math.min(r * step, store.count);
      const to = Math.min(from + step, store.count);
      return pool.run('personKeys', { store, from, to, partitions }, `person keys of records ${from}-${to}`);
    }),
  );
  return Promise.all(
    keys.map((parts, p) => pool.run('riskBuckets', { parts, persons: byRange.map((r) => r[p]!), skip, cap }, `risk key partition ${p}`)),
  );
}

export interface RiskPhaseInput {
  store: FeatureStore;
  /** The clusters as columns (the cluster task's): what crosses to the worker building the alerts. */
  columns: { members: Uint32Array; sizes: Uint32Array };
  /** riskBucketsOf's result. */
  buckets: RiskBuckets[];
  cap: number;
}

/**
 * `whileAlerts`: called once the alerts task is queued, for the caller's own work meanwhile (tasks it queues
 * run on the threads the alerts task leaves free, work on this thread while the alerts are joined).
 */
export async function riskPhase(pool: WorkerPool, input: RiskPhaseInput, whileAlerts: () => void = () => undefined): Promise<RiskResult> {
  const { store, columns, buckets, cap } = input;
  const { entity, clusterOf } = entityOf(store.count, columns);
  const links = await Promise.all(buckets.map((b, p) => pool.run('riskLinks', { buckets: b, entity }, `risk key partition ${p}`)));
  const alerts = pool.run('riskAlerts', { store, members: columns.members, sizes: columns.sizes, clusterOf, links, cap }, 'risk alerts');
  whileAlerts();
  return alerts;
}
