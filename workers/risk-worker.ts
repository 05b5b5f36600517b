/**
 * Worker-thread entry of the risk phase: glue only (see scan-worker.ts, which re-exports it so one pool
 * serves every phase).
 */
import type { RiskLinksResult, RiskLinksTask } from '../src/pool/messages.js';
import { riskLinks as linksOf } from '../src/risk/risk-links.js';
import { adoptStore } from '../src/store/feature-store.js';

export function riskLinks(task: RiskLinksTask): RiskLinksResult {
  return linksOf({ ...task, store: adoptStore(task.store) });
}
