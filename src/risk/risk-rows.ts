/**
 * The rows of risk_alerts and risk_members (the contract's "Risk alerts"), as values: one definition
 * that the CSV writer (write/risk-writers.ts) and the PostgreSQL COPY rows (db/risk-copy-rows.ts) both
 * encode. The contract's columns come first, then the severity's parts, so a reader can recompute it.
 */
import { NumColumn, TextColumn } from '../store/feature-columns.js';
import { numOf, textOf, type FeatureStore } from '../store/feature-store.js';
import type { RiskAlert, RiskResult } from './build-alerts.js';

export const RISK_ALERTS_HEADER = [
  'alert_id', 'kind', 'severity', 'entities', 'merchants', 'shared_keys', 'first_created_at', 'last_created_at', 'channels', 'reason',
  'burst_entities', 'burst_days', 'distinct_names', 'distinct_streets', 'cities', 'key_count',
  'part_burst', 'part_unlike', 'part_addresses', 'part_channel', 'part_cities',
] as const;
export const RISK_MEMBERS_HEADER = ['alert_id', 'merchant_id', 'cluster_id', 'created_at', 'in_burst'] as const;

export type RowValue = string | number | boolean | null;

const PART_DIGITS = 4;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Separator of list cells (shared_keys, channels), as the contract says. */
const LIST_SEPARATOR = ';';

const isoOrNull = (ms: number): string | null => (ms === ms ? new Date(ms).toISOString() : null);
const part = (x: number): number => Math.round(x * 10 ** PART_DIGITS) / 10 ** PART_DIGITS;

export function alertValues(a: RiskAlert): RowValue[] {
  return [
    a.alertId, a.kind, a.severity, a.entities, a.members.length, a.sharedKeys.join(LIST_SEPARATOR),
    isoOrNull(a.firstCreatedAt), isoOrNull(a.lastCreatedAt), a.channels.join(LIST_SEPARATOR), a.reason,
    a.burstEntities, part(a.burstSpanMs / DAY_MS), a.distinctNames, a.distinctStreets, a.cities, a.keyCount,
    part(a.parts.burst), part(a.parts.unlike), part(a.parts.addresses), part(a.parts.channel), part(a.parts.cities),
  ];
}

/** Every member row of every alert, in alert order then merchant_id order. */
export function* memberValues(store: FeatureStore, risk: RiskResult, clusterIds: readonly string[]): Generator<RowValue[]> {
  for (const a of risk.alerts) {
    for (let k = 0; k < a.members.length; k++) {
      const g = a.members[k]!;
      const c = risk.clusterOf[g]!;
      yield [a.alertId, textOf(store, g, TextColumn.MerchantId), c >= 0 ? clusterIds[c]! : null, isoOrNull(numOf(store, g, NumColumn.CreatedAt)), a.inBurst[k] === 1];
    }
  }
}
