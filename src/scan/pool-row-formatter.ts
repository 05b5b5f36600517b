/**
 * The write phase's rows formatted on the scan's worker pool (write/row-formatter.ts): ranges of pairs.csv
 * and clusters.csv rows go to the workers, which read the shared store and pairs and send back UTF-8; the
 * coordinator only writes the bytes, in order. The coordinator's serial tail shrinks to file I/O.
 */
import type { WorkerPool } from '../pool/worker-pool.js';
import { FORMAT_HERE, type RowFormatter } from '../write/row-formatter.js';

/** Rows (or clusters) per task: large enough that a task's start-up is nothing beside its formatting. */
const ROWS_PER_TASK = 16_384;
/** Ranges pending per thread: one formatting while the previous one is written. */
const IN_FLIGHT_PER_THREAD = 2;

/** `rowsPerTask`: smaller only in tests, to make many ranges of a small result. */
export function poolRowFormatter(pool: WorkerPool, threads: number, rowsPerTask = ROWS_PER_TASK): RowFormatter {
  return {
    inFlight: threads * IN_FLIGHT_PER_THREAD,
    rowsPerRange: rowsPerTask,
    pairRows: async (store, pairs, order, from, to) => {
      // Pairs not on shared memory would be copied whole into every task: format them here instead.
      if (!(pairs.a.buffer instanceof SharedArrayBuffer)) return FORMAT_HERE.pairRows(store, pairs, order, from, to);
      return (await pool.run('pairRows', { store, pairs, order: order.slice(from, to) }, `pairs.csv rows ${from}–${to}`)).bytes;
    },
    clusterRows: async (store, c, from, to, firstMember, endMember) => {
      const task = { store, members: c.members.slice(firstMember, endMember), sizes: c.sizes.slice(from, to), ids: c.ids.slice(from, to) };
      return (await pool.run('clusterRows', task, `clusters.csv clusters ${from}–${to}`)).bytes;
    },
  };
}
