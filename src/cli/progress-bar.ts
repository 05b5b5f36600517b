/**
 * A one-line progress bar per phase on a terminal (stderr), with records per second; silent when stderr
 * is not a terminal, so logs of scheduled runs stay clean.
 */
const BAR_WIDTH = 28;
/** Redraw at most this often. */
const REDRAW_MS = 100;

export class ProgressBar {
  private phase = '';
  private started = 0;
  private lastDraw = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  static forStderr(): ProgressBar | null {
    return process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
  }

  /** `records`: records read so far (ingest) or in the corpus (later phases), for the rate shown. */
  update(phase: string, done: number, total: number, records: number): void {
    const now = performance.now();
    if (phase !== this.phase) {
      if (this.phase) this.stream.write('\n');
      this.phase = phase;
      this.started = now;
    } else if (now - this.lastDraw < REDRAW_MS && done < total) {
      return;
    }
    this.lastDraw = now;
    const frac = total === 0 ? 1 : done / total;
    const filled = Math.round(frac * BAR_WIDTH);
    const secs = (now - this.started) / 1000;
    // Later phases go through the whole corpus: their rate is the share of it covered so far.
    const covered = phase === 'ingest' ? records : records * frac;
    const rate = secs > 0 ? Math.round(covered / secs).toLocaleString('en-US') : '–';
    this.stream.write(`\r${phase.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.round(frac * 100)}% ${rate} records/s`);
  }

  finish(): void {
    if (this.phase) this.stream.write('\n');
    this.phase = '';
  }
}
