/**
 * Who formats the rows of the large result files: this thread, or the worker pool (scan/pool-row-formatter.ts),
 * range by range. Writers keep at most `inFlight` ranges pending and write them in order, so the file is
 * the same whoever formats it, and memory holds only those ranges' text.
 */
import type { FeatureStore } from '../store/feature-store.js';
import type { VerifiedPairs } from '../verify/verified-pairs.js';
import { clusterRowsBytes, pairRowsBytes, type ClusterColumns } from './csv-rows.js';

export interface RowFormatter {
  /** Ranges formatted at once. */
  inFlight: number;
  /** Rows a range holds. */
  rowsPerRange: number;
  pairRows(store: FeatureStore, pairs: VerifiedPairs, order: Int32Array, from: number, to: number): Promise<string | Uint8Array>;
  /** Clusters [from, to), whose members are clusters.members[firstMember, endMember). */
  clusterRows(store: FeatureStore, clusters: ClusterColumns, from: number, to: number, firstMember: number, endMember: number): Promise<string | Uint8Array>;
}

/** Rows formatted per write on this thread: ~64 KB of text. */
const ROWS_HERE = 512;

/** Formats on the calling thread, one range at a time. */
export const FORMAT_HERE: RowFormatter = {
  inFlight: 1,
  rowsPerRange: ROWS_HERE,
  pairRows: (store, pairs, order, from, to) => Promise.resolve(pairRowsBytes(store, pairs, order, from, to)),
  clusterRows: (store, clusters, from, to, first) => Promise.resolve(clusterRowsBytes(store, clusters, from, to, first)),
};

/**
 * Writes `count` units in ranges of `size`: `format(from, to)` gives a range's text, `write` takes it; at
 * most `inFlight` ranges are pending, written in range order.
 */
export async function writeRanges(
  count: number,
  size: number,
  inFlight: number,
  format: (from: number, to: number) => Promise<string | Uint8Array>,
  write: (chunk: string | Uint8Array) => Promise<void>,
): Promise<void> {
  const pending: Promise<string | Uint8Array>[] = [];
  let next = 0;
  const launch = (): void => {
    while (pending.length < inFlight && next < count) {
      const from = next;
      next = Math.min(count, next + size);
      pending.push(format(from, next));
    }
  };
  launch();
  while (pending.length > 0) {
    const chunk = await pending.shift()!;
    launch();
    await write(chunk);
  }
}
