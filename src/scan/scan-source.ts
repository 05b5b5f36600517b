/**
 * Where a scan's records come from. A file is cut into byte ranges that workers read themselves; a stream
 * (a database COPY, a pipe) arrives as chunks cut at record boundaries that are handed to workers.
 */
import type { InputFormat } from '../read/input-format.js';

export interface RecordChunk {
  /** Whole records, in the source's format. */
  bytes: Uint8Array;
  /** Line (or row) number of the chunk's first record, for rejects. */
  firstLine: number;
}

export type ScanSource =
  | { kind: 'file'; path: string; format: InputFormat }
  | {
      kind: 'stream';
      /** Named in messages and in summary.json, e.g. `postgres:public.merchants`. */
      name: string;
      format: InputFormat;
      /** CSV column names of every chunk (chunks carry no header row). */
      header: string[] | null;
      /** About how many records the stream holds (a table's planner estimate), for progress; null when unknown. */
      expectedRecords?: number | null;
      chunks: AsyncIterable<RecordChunk>;
    };

export function sourceName(s: ScanSource): string {
  return s.kind === 'file' ? s.path : s.name;
}
