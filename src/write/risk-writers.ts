/**
 * risk_alerts.csv and risk_members.csv in the contract's format ("Risk alerts"); the values are
 * risk/risk-rows.ts's, shared with the PostgreSQL tables.
 */
import { alertValues, memberValues, RISK_ALERTS_HEADER, RISK_MEMBERS_HEADER } from '../risk/risk-rows.js';
import type { RiskResult } from '../risk/build-alerts.js';
import type { FeatureStore } from '../store/feature-store.js';
import { csvRow } from './csv-format.js';
import type { BufferedFile } from './output-files.js';

/** Lines are gathered into chunks of about this many UTF-16 units before each (awaited) write. */
const CHUNK = 1 << 16;

export async function writeRiskAlerts(file: BufferedFile, risk: RiskResult): Promise<void> {
  let chunk = csvRow(RISK_ALERTS_HEADER);
  for (const a of risk.alerts) {
    chunk += csvRow(alertValues(a));
    if (chunk.length >= CHUNK) {
      await file.write(chunk);
      chunk = '';
    }
  }
  await file.write(chunk);
}

export async function writeRiskMembers(file: BufferedFile, store: FeatureStore, risk: RiskResult, clusterIds: readonly string[]): Promise<void> {
  let chunk = csvRow(RISK_MEMBERS_HEADER);
  for (const row of memberValues(store, risk, clusterIds)) {
    chunk += csvRow(row);
    if (chunk.length >= CHUNK) {
      await file.write(chunk);
      chunk = '';
    }
  }
  await file.write(chunk);
}
