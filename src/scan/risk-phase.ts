/**
 * The risk phase of a scan, after clusters: per key partition, the workers walk the identifier buckets
 * (risk/risk-links.ts); the coordinator joins the links into alerts (risk/build-alerts.ts). It reads the
 * scan's store, keys and clusters and changes none of them.
 */
import type { PartitionInput } from '../candidates/gather-entries.js';
import type { Clusters } from '../cluster/build-clusters.js';
import type { WorkerPool } from '../pool/worker-pool.js';
import { buildAlerts, entityOf, type RiskResult } from '../risk/build-alerts.js';
import type { FeatureStore } from '../store/feature-store.js';

export interface RiskPhaseInput {
  store: FeatureStore;
  skip: Uint8Array;
  clusters: Clusters;
  /** The scan's identifier keys by key partition (other kinds are passed over), best sorted (risk-links.ts). */
  keys: PartitionInput[][];
  cap: number;
}

export async function riskPhase(pool: WorkerPool, input: RiskPhaseInput): Promise<RiskResult> {
  const { store, skip, clusters, keys, cap } = input;
  const { entity, clusterOf } = entityOf(store.count, clusters);
  const partitions = keys.length;
  const links = await Promise.all(
    keys.map((parts, p) => pool.run('riskLinks', { partition: p, partitions, parts, store, skip, entity, cap }, `risk key partition ${p}`)),
  );
  return buildAlerts(store, clusters, clusterOf, links, cap);
}
