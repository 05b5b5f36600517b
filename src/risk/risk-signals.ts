/**
 * Risk signals of one applicant at onboarding (`POST /v1/check`, `merchant-dedup check`): a pure function
 * of the applicant's keys and what the service holds, so the batch rules and the online answer agree.
 *
 * - `shares_alert_key`: one of the applicant's keys links members of a current alert of severity ≥ 0.5
 *   (the applicant would join the ring).
 * - `registration_burst`: with the applicant, one key would have been used by `k` or more merchants
 *   registered within the burst window (7 days): the k-th registration on one key, the start of a ring
 *   before any batch has seen it. `k` is the burst at which severity's burst part reaches 1 (severity.ts).
 *
 * Values are masked (mask-key.ts): a signal never carries a whole id or account number.
 */
import { maskKey } from './mask-key.js';
import { RISK_KEY_NAMES } from './risk-key-kinds.js';
import { riskKeyId, type RiskKey } from './risk-keys.js';
import { ALERT_THRESHOLD, BURST_WINDOW_MS } from './severity.js';

/** Registrations on one key within the window (the applicant included) that make a burst signal. */
export const BURST_SIGNAL_AT = 5;

/** What the service knows of a current alert that holds a key. */
export interface AlertRef {
  alertId: string;
  severity: number;
  entities: number;
}

export interface KeyTimeline {
  /** Registration times (epoch ms) of the current merchants holding a key. */
  times(keyId: string): readonly number[];
}

export type RiskSignal =
  | { signal: 'shares_alert_key'; key_kind: string; key: string; alert_id: string; severity: number; entities: number }
  | { signal: 'registration_burst'; key_kind: string; key: string; registrations: number; window_days: number };

export interface ApplicantKeys {
  keys: readonly RiskKey[];
  /** The application's time (epoch ms); the service's clock when the record has no created_at. */
  at: number;
}

/**
 * @param alertsByKey current alerts by key id (riskKeyId of a member's key), any severity
 * @param timeline registration times of current merchants per key id
 */
export function riskSignalsFor(applicant: ApplicantKeys, alertsByKey: ReadonlyMap<string, readonly AlertRef[]>, timeline: KeyTimeline): RiskSignal[] {
  const out: RiskSignal[] = [];
  const seenAlerts = new Set<string>();
  for (const k of applicant.keys) {
    const id = riskKeyId(k.hi, k.lo);
    const kind = RISK_KEY_NAMES[k.kind] ?? String(k.kind);
    const masked = maskKey(k.kind, k.value);
    for (const a of alertsByKey.get(id) ?? []) {
      if (a.severity < ALERT_THRESHOLD || seenAlerts.has(a.alertId)) continue;
      seenAlerts.add(a.alertId);
      out.push({ signal: 'shares_alert_key', key_kind: kind, key: masked, alert_id: a.alertId, severity: a.severity, entities: a.entities });
    }
    let recent = 1;
    for (const t of timeline.times(id)) if (Math.abs(applicant.at - t) <= BURST_WINDOW_MS) recent++;
    if (recent >= BURST_SIGNAL_AT) {
      out.push({ signal: 'registration_burst', key_kind: kind, key: masked, registrations: recent, window_days: BURST_WINDOW_MS / (24 * 60 * 60 * 1000) });
    }
  }
  return out;
}
