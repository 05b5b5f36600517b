/**
 * Remembers every merchant_id seen and the line it was first seen on, and turns a repeat into a reject:
 * the contract says an id is never reused, so the second registration with an id is the broken one.
 *
 * The parallel scan partitions ids by hash across workers and keeps one tracker per partition; the
 * streaming reader keeps one for the whole file. Ids are held in several Maps chosen by a string hash
 * because one V8 Map holds at most 2^24 entries, fewer than the records of a multi-GB corpus.
 */
import type { Reject } from '../record/merchant-record.js';

/** Shards of the id table: 16 × 2^24 ≈ 268 million ids, enough for any single corpus we expect. */
const SHARD_BITS = 4;
const SHARD_MASK = (1 << SHARD_BITS) - 1;
/** FNV-1a 32-bit offset basis and prime (http://www.isthe.com/chongo/tech/comp/fnv/). */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class DuplicateIds {
  private readonly shards: Map<string, number>[] = Array.from({ length: 1 << SHARD_BITS }, () => new Map());
  private count = 0;

  /** Ids remembered. */
  get size(): number {
    return this.count;
  }

  /** Remembers `id` as seen on `line` if it is new and returns 0; otherwise returns the first line. */
  firstLineOf(id: string, line: number): number {
    const shard = this.shards[shardOf(id)]!;
    const first = shard.get(id);
    if (first !== undefined) return first;
    // Copy the id before keeping it: a CSV field is a slice of its whole chunk's text and would keep
    // that text alive. Flattening a concatenation allocates a fresh string; the slice then refers to it.
    shard.set((id + ' ').slice(0, -1), line);
    this.count++;
    return 0;
  }

  /** A reject for the record `id` on `line` if the id was seen before, else null (and remembers it). */
  check(id: string, line: number): Reject | null {
    const first = this.firstLineOf(id, line);
    if (first === 0) return null;
    return { line, merchant_id: id, field: 'merchant_id', reason: `merchant_id: duplicate of line ${first}` };
  }
}

function shardOf(id: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), FNV_PRIME);
  // Fold the high bits in: FNV-1a's low bits alone are weak for short, similar keys.
  return ((h >>> 16) ^ h) & SHARD_MASK;
}
