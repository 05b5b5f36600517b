/**
 * Orders on stored records that the outputs depend on, so every run sorts the same way.
 */
import { NumColumn, TextColumn } from '../store/feature-columns.js';
import { numOf, textEnd, textStart, type FeatureStore } from '../store/feature-store.js';

/** merchant_id order of records a and b (code-unit order, as JS compares strings). */
export function compareIds(store: FeatureStore, a: number, b: number): number {
  const t = store.text;
  const as = textStart(store, a, TextColumn.MerchantId);
  const ae = textEnd(store, a, TextColumn.MerchantId);
  const bs = textStart(store, b, TextColumn.MerchantId);
  const be = textEnd(store, b, TextColumn.MerchantId);
  const n = Math.min(ae - as, be - bs);
  for (let k = 0; k < n; k++) {
    const d = t[as + k]! - t[bs + k]!;
    if (d !== 0) return d;
  }
  return ae - as - (be - bs);
}

/**
 * Canonical preference: the record to keep. Earliest created_at (missing last), then the most complete,
 * then the smallest merchant_id. Negative when a is preferred.
 */
export function compareCanonical(store: FeatureStore, a: number, b: number): number {
  const ta = numOf(store, a, NumColumn.CreatedAt);
  const tb = numOf(store, b, NumColumn.CreatedAt);
  const aHas = ta === ta;
  const bHas = tb === tb;
  if (aHas !== bHas) return aHas ? -1 : 1;
  if (aHas && ta !== tb) return ta - tb;
  const ca = numOf(store, a, NumColumn.Completeness);
  const cb = numOf(store, b, NumColumn.Completeness);
  if (ca !== cb) return cb - ca;
  return compareIds(store, a, b);
}
