import type { KeyEntries } from './bucket-pairs.js';

/** One shard's key entries for one partition: [hi, lo, localRecord] triples, and the shard's first record. */
export interface PartitionInput {
  entries: Uint32Array;
  base: number;
}

/** Concatenates shard inputs (in shard order) into columns with global record indices. */
export function gatherEntries(parts: readonly PartitionInput[]): KeyEntries {
  let n = 0;
  for (const p of parts) n += p.entries.length / 3;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const rec = new Uint32Array(n);
  let k = 0;
  for (const { entries, base } of parts) {
    for (let i = 0; i + 2 < entries.length; i += 3) {
      hi[k] = entries[i]!;
      lo[k] = entries[i + 1]!;
      rec[k] = entries[i + 2]! + base;
      k++;
    }
  }
  return { hi, lo, rec, n };
}
