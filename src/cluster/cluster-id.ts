/**
 * cluster_id: `C` + 16 hex digits of the 64-bit key hash of the canonical record's merchant_id. It depends
 * only on the canonical record, so a rerun over the same input gives the same ids, whatever the threads.
 */
import { hashKey64, hashUnits64 } from '../candidates/key-hash.js';
import { TextColumn } from '../store/feature-columns.js';
import { textEnd, textStart, type FeatureStore } from '../store/feature-store.js';

/** Salt separating cluster ids from blocking keys of the same text. */
const CLUSTER_ID_SALT = 0xc1d5;
const scratch = new Uint32Array(2);
const HEX = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** `C` and the 16 hex digits of the id being written. */
const codes = new Uint16Array(17);
codes[0] = 0x43; // C

export function clusterIdOf(canonicalMerchantId: string): string {
  hashKey64(canonicalMerchantId, CLUSTER_ID_SALT, scratch, 0);
  return idText();
}

/** clusterIdOf(merchant_id of record g), read from the store's text without making the merchant_id string. */
export function clusterIdAt(store: FeatureStore, g: number): string {
  hashUnits64(store.text, textStart(store, g, TextColumn.MerchantId), textEnd(store, g, TextColumn.MerchantId), CLUSTER_ID_SALT, scratch, 0);
  return idText();
}

function idText(): string {
  for (let w = 0; w < 2; w++) {
    const v = scratch[w]!;
    for (let k = 0; k < 8; k++) codes[1 + w * 8 + k] = HEX[(v >>> (28 - 4 * k)) & 15]!;
  }
  return String.fromCharCode.apply(null, codes as unknown as number[]);
}
