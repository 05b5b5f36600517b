/**
 * How well risk alerts find planted rings (the definitions):
 * - ring recall: a ring is found when one alert of severity ≥ the threshold holds at least 80% of its
 *   records;
 * - alert precision: an alert of severity ≥ the threshold is right when most (more than half) of its
 *   records belong to one ring.
 * Inputs are dense integer ids (see id-index.ts): ring of each record (-1 for none), and per alert its
 * severity and member records.
 */

/** Share of a ring's records one alert must hold for the ring to count as found. */
export const RING_FOUND_SHARE = 0.8;
/** Share of an alert's records one ring must hold for the alert to count as right. */
export const ALERT_RIGHT_SHARE = 0.5;

export interface RingEvaluation {
  rings: number;
  ringsFound: number;
  ringRecall: number;
  alerts: number;
  alertsHigh: number;
  alertsRight: number;
  alertPrecision: number;
  /** Wrong high alerts by the most common truth kind of their records (chain_branch, mall, …). */
  wrongByKind: Record<string, number>;
}

export interface AlertInput {
  severity: number;
  members: readonly number[];
}

/**
 * @param ringOf ring of each record, -1 when the record is in no ring
 * @param kindOf truth kind of each record ('' when unknown), for the breakdown of wrong alerts
 */
export function evaluateRings(ringOf: Int32Array, kindOf: readonly string[], alerts: readonly AlertInput[], threshold: number): RingEvaluation {
  const ringSize = new Map<number, number>();
  for (const r of ringOf) if (r >= 0) ringSize.set(r, (ringSize.get(r) ?? 0) + 1);
  const found = new Set<number>();
  let high = 0;
  let right = 0;
  const wrongByKind: Record<string, number> = {};
  for (const a of alerts) {
    if (!(a.severity >= threshold)) continue;
    high++;
    const perRing = new Map<number, number>();
    for (const g of a.members) {
      const r = g < ringOf.length ? ringOf[g]! : -1;
      if (r >= 0) perRing.set(r, (perRing.get(r) ?? 0) + 1);
    }
    let best = 0;
    for (const [r, n] of perRing) {
      if (n >= RING_FOUND_SHARE * ringSize.get(r)!) found.add(r);
      if (n > best) best = n;
    }
    if (best > ALERT_RIGHT_SHARE * a.members.length) right++;
    else {
      const kinds = new Map<string, number>();
      for (const g of a.members) {
        const k = kindOf[g] || 'unknown';
        kinds.set(k, (kinds.get(k) ?? 0) + 1);
      }
      const top = [...kinds].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]![0];
      wrongByKind[top] = (wrongByKind[top] ?? 0) + 1;
    }
  }
  return {
    rings: ringSize.size,
    ringsFound: found.size,
    ringRecall: ringSize.size === 0 ? 1 : found.size / ringSize.size,
    alerts: alerts.length,
    alertsHigh: high,
    alertsRight: right,
    alertPrecision: high === 0 ? 1 : right / high,
    wrongByKind,
  };
}
