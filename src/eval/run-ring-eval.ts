/**
 * `merchant-dedup eval --truth truth.csv --alerts risk_alerts.csv --members risk_members.csv`: scores a
 * scan's risk alerts against a truth file with a `ring_id` column (ring-metrics.ts).
 */
import { DedupError } from '../errors.js';
import { IdIndex } from './id-index.js';
import { readCsvTable } from './read-csv-table.js';
import { evaluateRings, type AlertInput, type RingEvaluation } from './ring-metrics.js';

/** The contract's threshold: at or above it the risk team should look. */
export const DEFAULT_MIN_SEVERITY = 0.5;

export interface RingEvalOptions {
  truth: string;
  alerts: string;
  members: string;
  /** @default 0.5 */
  minSeverity?: number;
}

function column(t: { columns: Map<string, string[]> }, name: string, file: string): string[] {
  const c = t.columns.get(name);
  if (!c) throw new DedupError('E_INPUT', `${file}: needs a ${name} column`, { file, field: name });
  return c;
}

export async function runRingEval(o: RingEvalOptions): Promise<RingEvaluation> {
  const truth = await readCsvTable(o.truth, ['merchant_id', 'ring_id', 'kind']);
  const mids = column(truth, 'merchant_id', o.truth);
  const rids = column(truth, 'ring_id', o.truth);
  const kinds = truth.columns.get('kind');
  const ids = new IdIndex();
  const rings = new IdIndex();
  const ringOf: number[] = [];
  const kindOf: string[] = [];
  for (let i = 0; i < truth.rows; i++) {
    if (ids.intern(mids[i]!) !== ringOf.length) throw new DedupError('E_INPUT', `${o.truth}:${i + 2}: merchant_id ${mids[i]} appears twice`, { file: o.truth, line: i + 2 });
    ringOf.push(rids[i] ? rings.intern(rids[i]!) : -1);
    kindOf.push(kinds?.[i] ?? '');
  }
  const alertTable = await readCsvTable(o.alerts, ['alert_id', 'severity']);
  const alertIds = column(alertTable, 'alert_id', o.alerts);
  const severities = column(alertTable, 'severity', o.alerts);
  const byId = new Map<string, AlertInput & { members: number[] }>();
  for (let i = 0; i < alertTable.rows; i++) {
    const severity = Number(severities[i]);
    if (!Number.isFinite(severity)) throw new DedupError('E_INPUT', `${o.alerts}:${i + 2}: severity ${JSON.stringify(severities[i])} is not a number`, { file: o.alerts, line: i + 2, field: 'severity' });
    byId.set(alertIds[i]!, { severity, members: [] });
  }
  const memberTable = await readCsvTable(o.members, ['alert_id', 'merchant_id']);
  const ma = column(memberTable, 'alert_id', o.members);
  const mm = column(memberTable, 'merchant_id', o.members);
  for (let i = 0; i < memberTable.rows; i++) {
    const a = byId.get(ma[i]!);
    if (!a) throw new DedupError('E_INPUT', `${o.members}:${i + 2}: alert_id ${ma[i]} is not in ${o.alerts}`, { file: o.members, line: i + 2, field: 'alert_id' });
    // A member missing from the truth is in no ring.
    a.members.push(ids.intern(mm[i]!));
  }
  while (ringOf.length < ids.size) {
    ringOf.push(-1);
    kindOf.push('');
  }
  return evaluateRings(Int32Array.from(ringOf), kindOf, [...byId.values()], o.minSeverity ?? DEFAULT_MIN_SEVERITY);
}

const pct = (x: number): string => (100 * x).toFixed(2).padStart(6) + '%';

/** Human-readable lines; the JSON fields for the report's last line. */
export function formatRingEval(r: RingEvaluation): { lines: string[]; json: Record<string, unknown> } {
  const wrong = Object.entries(r.wrongByKind).map(([k, n]) => `${k} ${n}`).join(', ');
  return {
    lines: [
      `rings ${r.rings}, alerts ${r.alerts} (${r.alertsHigh} at or above the threshold)`,
      `ring recall        ${pct(r.ringRecall)}  (${r.ringsFound} of ${r.rings} rings found)`,
      `alert precision    ${pct(r.alertPrecision)}  (${r.alertsRight} of ${r.alertsHigh} alerts right${wrong ? `; wrong: ${wrong}` : ''})`,
    ],
    json: {
      rings: r.rings,
      rings_found: r.ringsFound,
      ring_recall: r.ringRecall,
      alerts: r.alerts,
      alerts_high: r.alertsHigh,
      alerts_right: r.alertsRight,
      alert_precision: r.alertPrecision,
      wrong_alerts_by_kind: r.wrongByKind,
    },
  };
}
