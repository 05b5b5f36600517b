/**
 * pairs.csv, clusters.csv, rejects.csv and warnings.csv in the contract's formats (docs/contract.md).
 */
import type { Clusters } from '../cluster/build-clusters.js';
import { flatMembers } from '../cluster/cluster-task.js';
import type { RecordWarning, Reject } from '../record/merchant-record.js';
import type { FeatureStore } from '../store/feature-store.js';
import type { VerifiedPairs } from '../verify/verified-pairs.js';
import { csvRow } from './csv-format.js';
import { CLUSTERS_HEADER, PAIRS_HEADER, type ClusterColumns } from './csv-rows.js';
import type { BufferedFile } from './output-files.js';
import { FORMAT_HERE, writeRanges, type RowFormatter } from './row-formatter.js';

export { CLUSTERS_HEADER, PAIRS_HEADER } from './csv-rows.js';
export const REJECTS_HEADER = ['line', 'merchant_id', 'field', 'reason'] as const;
export const WARNINGS_HEADER = ['line', 'merchant_id', 'field', 'reason'] as const;

/** Lines are gathered into chunks of about this many UTF-16 units before each (awaited) write. */
const CHUNK = 1 << 16;

/**
 * pairs.csv: the pairs in `order` (indices into `pairs`), formatted by `rows` (this thread unless a scan
 * hands its worker pool).
 */
export async function writePairs(file: BufferedFile, store: FeatureStore, pairs: VerifiedPairs, order: Int32Array, rows: RowFormatter = FORMAT_HERE): Promise<void> {
  await file.write(csvRow(PAIRS_HEADER));
  await writeRanges(order.length, rows.rowsPerRange, rows.inFlight, (from, to) => rows.pairRows(store, pairs, order, from, to), (chunk) => file.write(chunk));
}

/** clusters.csv, canonical member first in each cluster. */
export async function writeClusters(file: BufferedFile, store: FeatureStore, columns: ClusterColumns, rows: RowFormatter = FORMAT_HERE): Promise<void> {
  await file.write(csvRow(CLUSTERS_HEADER));
  const count = columns.sizes.length;
  // Ranges of clusters; each starts at its first member.
  const firstMember = new Uint32Array(count + 1);
  for (let c = 0; c < count; c++) firstMember[c + 1] = firstMember[c]! + columns.sizes[c]!;
  await writeRanges(
    count,
    rows.rowsPerRange,
    rows.inFlight,
    (from, to) => rows.clusterRows(store, columns, from, to, firstMember[from]!, firstMember[to]!),
    (chunk) => file.write(chunk),
  );
}

/** Clusters as flat columns (csv-rows.ts), so that ranges of them cross to workers as typed arrays. */
export function clusterColumns(clusters: Clusters, clusterIds: readonly string[]): ClusterColumns {
  return { ...flatMembers(clusters.members), ids: clusterIds };
}

/** rejects.csv, or warnings.csv with `header` WARNINGS_HEADER: both rows are (line, merchant_id, field, reason). */
export async function writeRejects(file: BufferedFile, rejects: readonly (Reject | RecordWarning)[], header: readonly string[] = REJECTS_HEADER): Promise<void> {
  let chunk = csvRow(header);
  for (const r of rejects) {
    chunk += csvRow([r.line, r.merchant_id, r.field, r.reason]);
    if (chunk.length >= CHUNK) {
      await file.write(chunk);
      chunk = '';
    }
  }
  await file.write(chunk);
}
