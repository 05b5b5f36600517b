/**
 * What a long run tells a progress display: each phase starts, advances and ends. Every source and
 * phase reports in the unit its work is counted in (records read, candidate pairs verified, partitions
 * done), so a display can print a rate in that unit and, when the size of the work is known, a share and
 * an estimated time left. Produced by the scan, the database writer and `load`; drawn by
 * cli/progress-reporter.ts.
 */

export type ProgressUnit = 'records' | 'pairs' | 'partitions' | 'rows' | 'tables';

export interface ProgressEvent {
  phase: string;
  kind: 'start' | 'update' | 'end';
  /** Share of the phase done, in [0, 1]; null when the size of the work is not known (a stream). */
  fraction: number | null;
  /** Units done so far in this phase. */
  count: number;
  unit: ProgressUnit;
}

export type ProgressListener = (event: ProgressEvent) => void;
