/**
 * cluster_id: `C` + 16 hex digits of the 64-bit key hash of the canonical record's merchant_id. It depends
 * only on the canonical record, so a rerun over the same input gives the same ids, whatever the threads.
 */
import { hashKey64 } from '../candidates/key-hash.js';

/** Salt separating cluster ids from blocking keys of the same text. */
const CLUSTER_ID_SALT = 0xc1d5;
const scratch = new Uint32Array(2);

export function clusterIdOf(canonicalMerchantId: string): string {
  hashKey64(canonicalMerchantId, CLUSTER_ID_SALT, scratch, 0);
  return 'C' + scratch[0]!.toString(16).padStart(8, '0') + scratch[1]!.toString(16).padStart(8, '0');
}
