/**
 * A worker's result whose own buffers are moved to the coordinator rather than shared or copied.
 *
 * A SharedArrayBuffer made in a worker stays alive until that worker's next garbage collection, whatever
 * the coordinator does with it: an idle worker keeps every buffer it ever returned. A moved buffer leaves
 * the worker detached, so the coordinator holds the only reference and frees it when it is done with it
 * (the shard stores, copied into the merged store and dropped one by one). Piscina moves what a result
 * lists under its transferable symbol.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';

/** `value`, to be posted with `buffers` moved (not copied); typed as `value`, which is what the caller receives. */
export function moved<T extends object>(value: T, buffers: readonly ArrayBufferLike[]): T {
  const own = [...new Set(buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer))];
  return move({ [transferableSymbol]: own, [valueSymbol]: value } as unknown as Parameters<typeof move>[0]) as unknown as T;
}
