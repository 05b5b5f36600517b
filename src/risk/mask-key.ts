/**
 * Masked key values for outputs a person reads (risk_alerts.csv, the onboarding check): enough to tell
 * two keys apart and to find the record, never a whole resident id or account number. The shapes follow
 * what Chinese banks print on statements and receipts: an id as 4 + 4 characters (region prefix and the
 * last four, the birth date hidden), an account as its 6-digit BIN and last 4, a mobile as 3 + 4.
 */
import { KeyKind } from '../candidates/key-kinds.js';
import { PERSON_KEY_KIND } from './risk-key-kinds.js';

const MASK = '*';

/** `s` with all but its first `head` and last `tail` characters masked; short values keep less. */
export function maskMiddle(s: string, head: number, tail: number): string {
  // At least half of a value is always hidden, whatever its length.
  const keep = Math.min(head + tail, Math.floor(s.length / 2));
  const h = Math.min(head, Math.ceil(keep / 2));
  const t = keep - h;
  return s.slice(0, h) + MASK.repeat(s.length - h - t) + (t > 0 ? s.slice(s.length - t) : '');
}

/** The value of a key of `kind` as an output may show it. */
export function maskKey(kind: number, value: string): string {
  switch (kind) {
    case KeyKind.IdNumber:
      return maskMiddle(value, 4, 4);
    case KeyKind.BankAccount:
      return maskMiddle(value, 6, 4);
    case KeyKind.Phone:
      return value.length === 11 ? maskMiddle(value, 3, 4) : maskMiddle(value, 2, 2);
    case KeyKind.Uscc:
      return maskMiddle(value, 6, 4);
    case KeyKind.Terminal:
      return maskMiddle(value, 4, 4);
    case PERSON_KEY_KIND: {
      // name|yyyymmdd → 张*伟 b.1985: the surname and the birth year only.
      const bar = value.lastIndexOf('|');
      const name = bar < 0 ? value : value.slice(0, bar);
      const year = bar < 0 ? '' : value.slice(bar + 1, bar + 5);
      const masked = name.length <= 1 ? name : name[0]! + MASK.repeat(Math.max(1, name.length - 2)) + (name.length > 2 ? name[name.length - 1]! : '');
      return year === '' ? masked : `${masked} b.${year}`;
    }
    default:
      return maskMiddle(value, 2, 2);
  }
}
