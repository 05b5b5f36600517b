/**
 * Turns a run's phases into progress events (progress-event.ts): start, updates, end, each with the
 * phase's unit. A run makes one and hands `onPhase` to its phase timer, so every timed phase starts and
 * ends on the display, and calls `update` where a phase knows how far it is.
 */
import type { ProgressListener, ProgressUnit } from './progress-event.js';

/** The unit each phase counts its work in; phases not listed count records. */
const PHASE_UNITS: Readonly<Record<string, ProgressUnit>> = {
  duplicate_ids: 'partitions',
  block: 'partitions',
  verify: 'pairs',
  cluster: 'pairs',
  write: 'rows',
  write_tables: 'tables',
};

export class PhaseProgress {
  private phase = '';
  private count = 0;

  constructor(private readonly listener: ProgressListener | null) {}

  /** For phaseTimer: a timed phase starts or ends. */
  readonly onPhase = (name: string, kind: 'start' | 'end'): void => {
    if (kind === 'start') this.start(name);
    else this.end();
  };

  start(phase: string): void {
    this.phase = phase;
    this.count = 0;
    this.listener?.({ phase, kind: 'start', fraction: 0, count: 0, unit: unitOf(phase) });
  }

  /** `count` units done so far; `fraction` of the phase done, or null when its size is unknown. */
  update(count: number, fraction: number | null): void {
    this.count = count;
    this.listener?.({ phase: this.phase, kind: 'update', fraction, count, unit: unitOf(this.phase) });
  }

  /** Ends the phase with the last count given (or `count`, when the phase knows its total only now). */
  end(count = this.count): void {
    if (this.phase === '') return;
    this.listener?.({ phase: this.phase, kind: 'end', fraction: 1, count, unit: unitOf(this.phase) });
    this.phase = '';
  }
}

function unitOf(phase: string): ProgressUnit {
  return PHASE_UNITS[phase] ?? 'records';
}
