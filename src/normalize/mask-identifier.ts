/**
 * An identifier as it may appear in an output a person reads (summary.json, risk alerts, logs): enough of
 * it to recognise and look up, never the whole. Resident ids, licences, accounts and phones are personal
 * or sensitive data (PIPL, 个人信息保护法), and outputs travel further than the database.
 */

/** Characters kept at each end; the middle becomes '*'. Short values keep less so most stays hidden. */
const KEEP_HEAD = 3;
const KEEP_TAIL = 2;

export function maskIdentifier(value: string): string {
  const n = value.length;
  if (n <= 2) return '*'.repeat(n);
  if (n <= KEEP_HEAD + KEEP_TAIL + 2) return value[0] + '*'.repeat(n - 2) + value[n - 1];
  return value.slice(0, KEEP_HEAD) + '*'.repeat(n - KEEP_HEAD - KEEP_TAIL) + value.slice(n - KEEP_TAIL);
}
