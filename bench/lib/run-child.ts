/**
 * Runs one measurement in a child Node process, so each run has its own heap and its own peak RSS
 * (`process.resourceUsage().maxRSS` covers the process and its worker threads), and one run's garbage
 * never slows the next. The child prints exactly one JSON line on stdout as its last line: its result.
 */
import { spawn } from 'node:child_process';

export interface ChildRun<T> {
  /** The child's JSON result; null when it failed or timed out. */
  result: T | null;
  /** Wall time from spawn to exit, Node start-up included. */
  processMs: number;
  /** Why there is no result. */
  error: string | null;
  timedOut: boolean;
}

export interface ChildOptions {
  /** Kill the child after this long. @default no limit */
  timeoutMs?: number;
  /** Extra Node flags, e.g. --max-old-space-size. @default none */
  nodeFlags?: string[];
}

export function runChild<T>(script: string, input: unknown, o: ChildOptions = {}): Promise<ChildRun<T>> {
  const started = performance.now();
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [...(o.nodeFlags ?? []), script, JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    // Kept, not shown: a failing child's message goes into the report; progress noise stays out of it.
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = o.timeoutMs === undefined ? null : setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const processMs = performance.now() - started;
      const last = out.trimEnd().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) {
        resolvePromise({ result: JSON.parse(last) as T, processMs, error: null, timedOut });
        return;
      }
      const why = timedOut ? `timed out after ${Math.round((o.timeoutMs ?? 0) / 1000)} s` : `exit ${code ?? signal}: ${lastLines(err || out, 6)}`;
      resolvePromise({ result: null, processMs, error: why, timedOut });
    });
  });
}

function lastLines(s: string, n: number): string {
  return s.trimEnd().split('\n').slice(-n).join(' / ');
}
