/**
 * risk_alerts.csv and risk_members.csv in the contract's format ("Risk alerts"); the values are
 * risk/risk-rows.ts's, shared with the PostgreSQL tables.
 */
import { alertValues, RISK_ALERTS_HEADER, RISK_MEMBERS_HEADER } from '../risk/risk-rows.js';
import type { RiskResult } from '../risk/build-alerts.js';
import { NumColumn, TextColumn } from '../store/feature-columns.js';
import { numOf, textEnd, textStart, type FeatureStore } from '../store/feature-store.js';
import { ByteRows } from './byte-rows.js';
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

/** Bytes of risk_members.csv gathered before each (awaited) write. */
const MEMBER_CHUNK_BYTES = 1 << 17;
const COMMA = 0x2c;
const LF = 0x0a;

/**
 * risk_members.csv written straight into UTF-8 bytes (byte-rows.ts): the same text as `csvRow` of
 * risk-rows.ts's `memberValues`, which the PostgreSQL rows use, without an array, a merchant_id string and a
 * row string per member (~47k members at 1M records, on the coordinator after the alerts are joined).
 */
export async function writeRiskMembers(file: BufferedFile, store: FeatureStore, risk: RiskResult, clusterIds: readonly string[]): Promise<void> {
  const out = new ByteRows(MEMBER_CHUNK_BYTES + 1024);
  out.ascii(csvRow(RISK_MEMBERS_HEADER));
  for (const a of risk.alerts) {
    for (let k = 0; k < a.members.length; k++) {
      const g = a.members[k]!;
      out.csvString(a.alertId);
      out.byte(COMMA);
      out.csvUnits(store.text, textStart(store, g, TextColumn.MerchantId), textEnd(store, g, TextColumn.MerchantId));
      out.byte(COMMA);
      const c = risk.clusterOf[g]!;
      if (c >= 0) out.csvString(clusterIds[c]!);
      out.byte(COMMA);
      const created = numOf(store, g, NumColumn.CreatedAt);
      if (created === created) out.ascii(new Date(created).toISOString());
      out.byte(COMMA);
      out.ascii(a.inBurst[k] === 1 ? 'true' : 'false');
      out.byte(LF);
      if (out.length >= MEMBER_CHUNK_BYTES) {
        await file.write(out.bytes());
        out.length = 0;
      }
    }
  }
  await file.write(out.bytes());
}
