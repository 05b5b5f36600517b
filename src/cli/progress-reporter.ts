/**
 * Progress on stderr, for every phase of a run (scan, load, database writes), from its progress events
 * (scan/progress-event.ts).
 *
 * On a terminal: one line per phase, redrawn in place: a bar and the share done when the size of the
 * work is known, the count in the phase's unit (records, pairs, partitions), the rate in that unit, the
 * time elapsed and an estimate of the time left; the line stays, with the totals, when the phase ends.
 * Without a terminal (cron, CI, a log file): nothing is redrawn; each phase prints one line when it ends,
 * and while a phase runs a heartbeat line says where it is every `heartbeatSeconds`, so a log shows a run
 * that is alive and how far it is.
 */
import type { ProgressEvent, ProgressListener } from '../scan/progress-event.js';

const BAR_WIDTH = 24;
/** Redraw a terminal line at most this often. */
const REDRAW_MS = 100;
/** Heartbeat interval without a terminal: often enough for a cron log, rare enough to stay readable. */
export const DEFAULT_HEARTBEAT_SECONDS = 30;
const CLEAR_LINE = '\r\x1b[K';

export interface ReporterOptions {
  /** Draw in place (a terminal) or print lines (a log). */
  tty: boolean;
  /** Seconds between heartbeat lines without a terminal. @default DEFAULT_HEARTBEAT_SECONDS */
  heartbeatSeconds?: number;
}

export class ProgressReporter {
  private current: ProgressEvent | null = null;
  private startedAt = 0;
  private lastDraw = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly tty: boolean;
  private readonly heartbeatMs: number;

  constructor(
    private readonly write: (text: string) => void,
    options: ReporterOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tty = options.tty;
    this.heartbeatMs = (options.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS) * 1000;
  }

  /** The reporter of a command on stderr: in place on a terminal, lines otherwise. */
  static forStderr(heartbeatSeconds?: number): ProgressReporter {
    return new ProgressReporter((t) => process.stderr.write(t), {
      tty: process.stderr.isTTY === true,
      ...(heartbeatSeconds !== undefined && { heartbeatSeconds }),
    });
  }

  readonly listener: ProgressListener = (e) => {
    const t = this.now();
    if (e.kind === 'start') {
      this.endLine();
      this.current = e;
      this.startedAt = t;
      this.lastDraw = -Infinity;
      if (!this.tty) this.startHeartbeat();
    } else if (this.current === null || this.current.phase !== e.phase) {
      // An update or end of a phase that was never started: start it now.
      this.current = e;
      this.startedAt = t;
    } else {
      this.current = e;
    }
    if (e.kind === 'end') {
      this.endLine();
      return;
    }
    if (this.tty && t - this.lastDraw >= REDRAW_MS) {
      this.lastDraw = t;
      this.write(CLEAR_LINE + this.status(t));
    }
  };

  /** The heartbeat line now (also what the timer prints). */
  heartbeat(): void {
    if (this.current !== null) this.write(this.status(this.now()) + '\n');
  }

  /** Ends the line of a phase still open and stops the heartbeat; call when the command ends. */
  finish(): void {
    this.endLine();
    this.stopHeartbeat();
  }

  private endLine(): void {
    const e = this.current;
    if (e === null) return;
    this.current = null;
    const secs = (this.now() - this.startedAt) / 1000;
    const rate = secs > 0 && e.count > 0 ? ` (${count(Math.round(e.count / secs))} ${e.unit}/s)` : '';
    this.write(`${this.tty ? CLEAR_LINE : ''}${e.phase} done: ${count(e.count)} ${e.unit} in ${seconds(secs)}${rate}\n`);
  }

  private status(t: number): string {
    const e = this.current!;
    const secs = (t - this.startedAt) / 1000;
    const parts: string[] = [];
    if (e.fraction !== null) {
      const filled = Math.round(e.fraction * BAR_WIDTH);
      parts.push(`${e.phase} ${this.tty ? `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ` : ''}${Math.floor(e.fraction * 100)}%`);
    } else {
      parts.push(e.phase);
    }
    parts.push(`${count(e.count)} ${e.unit}`);
    if (secs > 0 && e.count > 0) parts.push(`${count(Math.round(e.count / secs))} ${e.unit}/s`);
    parts.push(`${seconds(secs)} elapsed`);
    if (e.fraction !== null && e.fraction > 0 && e.fraction < 1) parts.push(`about ${seconds((secs * (1 - e.fraction)) / e.fraction)} left`);
    return parts.join(', ');
  }

  private startHeartbeat(): void {
    if (this.timer !== null || !(this.heartbeatMs > 0)) return;
    this.timer = setInterval(() => this.heartbeat(), this.heartbeatMs);
    // A heartbeat never keeps the process alive on its own.
    this.timer.unref();
  }

  private stopHeartbeat(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `0.4 s`, `12.3 s`, `4 min 05 s`. */
function seconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.floor(s - m * 60)).padStart(2, '0')} s`;
}
