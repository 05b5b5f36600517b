/**
 * risk_alerts and risk_members as COPY text rows for a generation's tables: the values of
 * risk/risk-rows.ts (the same as the CSV files), encoded for COPY.
 */
import type { RiskResult } from '../risk/build-alerts.js';
import { alertValues, memberValues, type RowValue } from '../risk/risk-rows.js';
import type { FeatureStore } from '../store/feature-store.js';
import { COPY_NULL, copyText } from './copy-text.js';

/** Rows per yielded batch, as result-rows.ts. */
const ROWS_PER_BATCH = 1000;

function copyValue(v: RowValue): string {
  if (v === null) return COPY_NULL;
  if (typeof v === 'number') return v === v ? String(v) : COPY_NULL;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return copyText(v);
}

function* batched(rows: Iterable<RowValue[]>): Generator<string> {
  let batch = '';
  let n = 0;
  for (const row of rows) {
    batch += row.map(copyValue).join('\t') + '\n';
    if (++n % ROWS_PER_BATCH === 0) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}

export function riskAlertRows(risk: RiskResult): Generator<string> {
  return batched(risk.alerts.map(alertValues));
}

export function riskMemberRows(store: FeatureStore, risk: RiskResult, clusterIds: readonly string[]): Generator<string> {
  return batched(memberValues(store, risk, clusterIds));
}
