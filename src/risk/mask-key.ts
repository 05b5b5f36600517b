/**
 * Masked key values for outputs a person reads (risk_alerts.csv, summary.json, the onboarding check):
 * identifiers as normalize/mask-identifier.ts masks them everywhere (never a whole id or account number),
 * and the person key as surname and birth year only (a whole name beside a birth date identifies someone).
 */
import { maskIdentifier } from '../normalize/mask-identifier.js';
import { PERSON_KEY_KIND } from './risk-key-kinds.js';

const MASK = '*';

/** The value of a key of `kind` as an output may show it. */
export function maskKey(kind: number, value: string): string {
  if (kind !== PERSON_KEY_KIND) return maskIdentifier(value);
  // name|yyyymmdd → 张*伟 b.1985
  const bar = value.lastIndexOf('|');
  const name = bar < 0 ? value : value.slice(0, bar);
  const year = bar < 0 ? '' : value.slice(bar + 1, bar + 5);
  const masked = name.length <= 1 ? name : name[0]! + MASK.repeat(Math.max(1, name.length - 2)) + (name.length > 2 ? name[name.length - 1]! : '');
  return year === '' ? masked : `${masked} b.${year}`;
}
