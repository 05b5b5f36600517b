/**
 * Stable radix sort of 64-bit keys held as (hi, lo) uint32 pairs: returns the permutation that orders them.
 * Stability matters: entries with equal keys keep their input order, which is global record order, so bucket
 * members come out sorted by record.
 *
 * Memory access decides the cost, not the arithmetic. An LSD sort over the whole array scatters every
 * element to one of 65,536 places four times and reads the key of each element at a random place, and a
 * random access to a large array costs a cache and TLB miss (hundreds of ns on a virtual machine). So: one
 * MSD pass on the highest 8 bits that differ anywhere splits the keys into 256 runs, carrying each key with
 * its index (sequential reads, 256 write streams); then each run, small enough to stay in cache, is finished
 * by LSD passes of 11 bits over the whole key, carrying keys again, a pass skipped when its digit is the same
 * for the whole run.
 */
const MSD_BITS = 8;
const MSD_RADIX = 1 << MSD_BITS;
/** LSD digits within a run, low word then high word: (word, shift, bits), covering all 64 bits. */
const LSD_DIGITS: readonly (readonly [word: 0 | 1, shift: number, bits: number])[] = [
  [0, 0, 11],
  [0, 11, 11],
  [0, 22, 10],
  [1, 0, 11],
  [1, 11, 11],
  [1, 22, 10],
];
const LSD_RADIX = 1 << 11;

/** Keys in sorted order, each with its value: the payload given, or its input index. */
export interface SortedKeys {
  hi: Uint32Array;
  lo: Uint32Array;
  values: Uint32Array;
}

/** The permutation that orders the first n keys. */
export function sortKeyOrder(hi: Uint32Array, lo: Uint32Array, n: number): Int32Array {
  const { values } = sortKeys(hi, lo, n);
  return new Int32Array(values.buffer, values.byteOffset, values.length);
}

/**
 * The first n keys sorted, carrying `payload[i]` (or i) with key i: walks over buckets then read all three
 * arrays in order instead of reading keys through a permutation.
 */
export function sortKeys(hi: Uint32Array, lo: Uint32Array, n: number, payload: Uint32Array | null = null): SortedKeys {
  const order = new Uint32Array(n);
  const keyHi = new Uint32Array(n);
  const keyLo = new Uint32Array(n);
  // The MSD digit: the 8 bits ending at the highest bit where any two keys differ (bits above it are constant).
  let diffHi = 0;
  let diffLo = 0;
  const hi0 = hi[0]!;
  const lo0 = lo[0]!;
  for (let i = 1; i < n; i++) {
    diffHi |= hi[i]! ^ hi0;
    diffLo |= lo[i]! ^ lo0;
  }
  const { useHi, shift } = msdDigit(diffHi, diffLo);
  const top = useHi ? hi : lo;
  const starts = new Int32Array(MSD_RADIX + 1);
  for (let i = 0; i < n; i++) starts[((top[i]! >>> shift) & (MSD_RADIX - 1)) + 1]!++;
  const fill = runStarts(starts);
  for (let i = 0; i < n; i++) {
    const p = fill[(top[i]! >>> shift) & (MSD_RADIX - 1)]!++;
    order[p] = payload ? payload[i]! : i;
    keyHi[p] = hi[i]!;
    keyLo[p] = lo[i]!;
  }
  sortRuns(starts, order, keyHi, keyLo);
  return { hi: keyHi, lo: keyLo, values: order };
}

/**
 * The same sort for keys held as [hi, lo, value] triples in several arrays (a worker's blocking keys of one
 * partition, shard by shard), each value offset by its part's base: the keys are read straight from the
 * triples into the MSD runs, with no gathered copy first.
 */
export function sortKeyTriples(parts: readonly { entries: Uint32Array; base: number }[], scratch: KeySortScratch | null = null): SortedKeys & { n: number } {
  let n = 0;
  for (const p of parts) n += Math.floor(p.entries.length / 3);
  const order = scratch ? scratch.take(SortBuffer.Order, n) : new Uint32Array(n);
  const keyHi = scratch ? scratch.take(SortBuffer.Hi, n) : new Uint32Array(n);
  const keyLo = scratch ? scratch.take(SortBuffer.Lo, n) : new Uint32Array(n);
  if (n === 0) return { hi: keyHi, lo: keyLo, values: order, n };
  let diffHi = 0;
  let diffLo = 0;
  const first = parts.find((p) => p.entries.length >= 3)!.entries;
  const hi0 = first[0]!;
  const lo0 = first[1]!;
  for (const { entries } of parts) {
    for (let k = 0; k + 2 < entries.length; k += 3) {
      diffHi |= entries[k]! ^ hi0;
      diffLo |= entries[k + 1]! ^ lo0;
    }
  }
  const { useHi, shift } = msdDigit(diffHi, diffLo);
  const word = useHi ? 0 : 1;
  const starts = new Int32Array(MSD_RADIX + 1);
  for (const { entries } of parts) for (let k = 0; k + 2 < entries.length; k += 3) starts[((entries[k + word]! >>> shift) & (MSD_RADIX - 1)) + 1]!++;
  const fill = runStarts(starts);
  for (const { entries, base } of parts) {
    for (let k = 0; k + 2 < entries.length; k += 3) {
      const p = fill[(entries[k + word]! >>> shift) & (MSD_RADIX - 1)]!++;
      keyHi[p] = entries[k]!;
      keyLo[p] = entries[k + 1]!;
      order[p] = entries[k + 2]! + base;
    }
  }
  sortRuns(starts, order, keyHi, keyLo, scratch);
  return { hi: keyHi, lo: keyLo, values: order, n };
}

/** The buffers a KeySortScratch keeps: the sorted output, and the LSD passes' ping-pong arrays. */
const SortBuffer = { Order: 0, Hi: 1, Lo: 2, RunOrder: 3, RunHi: 4, RunLo: 5 } as const;
type SortBuffer = (typeof SortBuffer)[keyof typeof SortBuffer];
/** Growth of a kept buffer too small for the next sort: partitions of one scan differ by a few percent. */
const SCRATCH_GROWTH = 1.25;

/**
 * The arrays of `sortKeyTriples` kept for the next sort on the same thread: a worker sorts one key partition
 * after another, and new arrays each time were 12 bytes an entry of fresh memory, every page of it a
 * fault (first touches are slow on a virtual machine: bench/results/memory.md). What a sort with a scratch
 * returns is views of its buffers, valid until the next sort with it; drop the scratch to free them.
 */
export class KeySortScratch {
  private readonly buffers: Uint32Array[] = [];

  /** A view of `n` elements of buffer `which` (contents undefined: every sort writes before it reads). */
  take(which: SortBuffer, n: number): Uint32Array {
    let b = this.buffers[which];
    if (b === undefined || b.length < n) {
      b = new Uint32Array(Math.ceil(n * SCRATCH_GROWTH));
      this.buffers[which] = b;
    }
    return b.subarray(0, n);
  }
}

/** Which word, and which shift in it, holds the 8 bits ending at the highest differing bit. */
function msdDigit(diffHi: number, diffLo: number): { useHi: boolean; shift: number } {
  const useHi = diffHi !== 0;
  const topBit = 31 - Math.clz32(useHi ? diffHi : diffLo);
  return { useHi, shift: Math.max(0, topBit - MSD_BITS + 1) };
}

/** Turns digit counts (at d + 1) into run starts in place; returns a copy to fill from. */
function runStarts(starts: Int32Array): Int32Array {
  for (let d = 0; d < MSD_RADIX; d++) starts[d + 1]! += starts[d]!;
  return starts.slice(0, MSD_RADIX);
}

/** LSD-sorts every MSD run, with scratch sized to the longest. */
function sortRuns(starts: Int32Array, order: Uint32Array, keyHi: Uint32Array, keyLo: Uint32Array, kept: KeySortScratch | null = null): void {
  let longest = 0;
  for (let d = 0; d < MSD_RADIX; d++) longest = Math.max(longest, starts[d + 1]! - starts[d]!);
  const scratch = kept
    ? { order: kept.take(SortBuffer.RunOrder, longest), hi: kept.take(SortBuffer.RunHi, longest), lo: kept.take(SortBuffer.RunLo, longest) }
    : { order: new Uint32Array(longest), hi: new Uint32Array(longest), lo: new Uint32Array(longest) };
  const counts = new Int32Array(LSD_RADIX);
  for (let d = 0; d < MSD_RADIX; d++) {
    const from = starts[d]!;
    const m = starts[d + 1]! - from;
    if (m > 1) sortRun(order.subarray(from, from + m), keyHi.subarray(from, from + m), keyLo.subarray(from, from + m), scratch, counts);
  }
}

interface RunScratch {
  order: Uint32Array;
  hi: Uint32Array;
  lo: Uint32Array;
}

/** LSD-sorts one run in place (its arrays are views of the whole), ping-ponging with the scratch arrays. */
function sortRun(runOrder: Uint32Array, runHi: Uint32Array, runLo: Uint32Array, scratch: RunScratch, counts: Int32Array): void {
  const m = runOrder.length;
  let aO = runOrder;
  let aH = runHi;
  let aL = runLo;
  let bO = scratch.order;
  let bH = scratch.hi;
  let bL = scratch.lo;
  for (const [word, shift, bits] of LSD_DIGITS) {
    const mask = (1 << bits) - 1;
    const src = word === 1 ? aH : aL;
    counts.fill(0, 0, 1 << bits);
    for (let i = 0; i < m; i++) counts[(src[i]! >>> shift) & mask]!++;
    if (counts[(src[0]! >>> shift) & mask] === m) continue;
    let sum = 0;
    for (let k = 0, radix = 1 << bits; k < radix; k++) {
      const c = counts[k]!;
      counts[k] = sum;
      sum += c;
    }
    for (let i = 0; i < m; i++) {
      const p = counts[(src[i]! >>> shift) & mask]!++;
      bO[p] = aO[i]!;
      bH[p] = aH[i]!;
      bL[p] = aL[i]!;
    }
    const o = aO;
    aO = bO;
    bO = o;
    const h = aH;
    aH = bH;
    bH = h;
    const l = aL;
    aL = bL;
    bL = l;
  }
  if (aO !== runOrder) {
    runOrder.set(aO.subarray(0, m));
    runHi.set(aH.subarray(0, m));
    runLo.set(aL.subarray(0, m));
  }
}
