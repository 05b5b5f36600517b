/**
 * Worker-thread entry of the risk phase: glue only (see scan-worker.ts, which re-exports it so one pool
 * serves every phase). Person keys and buckets run while another worker clusters; the links and the
 * alerts once the clusters are known (src/scan/risk-phase.ts).
 */
import type {
  PersonKeysResult,
  RiskAlertsResult,
  RiskAlertsTask,
  PersonKeysTask,
  RiskBucketsResult,
  RiskBucketsTask,
  RiskLinksResult,
  RiskLinksTask,
} from '../src/pool/messages.js';
import { linkEntities, personKeys as personKeysOf, riskBuckets as bucketsOf } from '../src/risk/risk-links.js';
import { adoptStore } from '../src/store/feature-store.js';
import { membersOf } from '../src/cluster/cluster-task.js';
import { buildAlerts } from '../src/risk/build-alerts.js';

export function personKeys(task: PersonKeysTask): PersonKeysResult {
  return personKeysOf(adoptStore(task.store), task.from, task.to, task.partitions);
}

export function riskBuckets(task: RiskBucketsTask): RiskBucketsResult {
  return bucketsOf(task);
}

export function riskLinks(task: RiskLinksTask): RiskLinksResult {
  return linkEntities(task.buckets, task.entity);
}

export function riskAlerts(task: RiskAlertsTask): RiskAlertsResult {
  const clusters = { members: membersOf(task.members, task.sizes) };
  return buildAlerts(adoptStore(task.store), clusters, task.clusterOf, task.links, task.cap);
}
