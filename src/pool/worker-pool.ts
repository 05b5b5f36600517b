/**
 * The one module that knows about threads. It owns a piscina pool running workers/scan-worker.js and turns
 * a worker's failure into a DedupError naming the shard or partition it was working on.
 *
 * Workers always run compiled JavaScript from dist/ (a worker thread cannot load TypeScript); under the
 * test runner, which loads this file as TypeScript, the compiled worker is found beside the sources' root.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { DedupError } from '../errors.js';
import type { WorkerTasks } from './messages.js';

/** Worker nursery size, measured on the ingest phase (bench/scan). */
const YOUNG_GENERATION_MB = 64;

export interface PoolOptions {
  /**
   * Worker threads.
   * @default os.availableParallelism()
   */
  threads?: number;
}

function workerFile(): string {
  const here = import.meta.url;
  // Compiled: dist/src/pool/worker-pool.js → dist/workers/scan-worker.js
  const compiled = new URL('../../workers/scan-worker.js', here);
  if (here.endsWith('.js') && existsSync(fileURLToPath(compiled))) return compiled.href;
  // Sources: src/pool/worker-pool.ts → dist/workers/scan-worker.js
  const fromSources = new URL('../../dist/workers/scan-worker.js', here);
  if (existsSync(fileURLToPath(fromSources))) return fromSources.href;
  throw new DedupError('E_WORKER', 'compiled worker not found: run `npm run build` first');
}

export function defaultThreads(): number {
  return availableParallelism();
}

export class WorkerPool {
  readonly threads: number;
  private readonly pool: Piscina;

  constructor(options: PoolOptions = {}) {
    const threads = options.threads ?? defaultThreads();
    if (!Number.isInteger(threads) || threads < 1) {
      throw new DedupError('E_BAD_ARGS', `options.threads must be a positive integer, got ${String(threads)}`);
    }
    this.threads = threads;
    this.pool = new Piscina({
      filename: workerFile(),
      minThreads: threads,
      maxThreads: threads,
      // Phases follow each other closely; keep threads (and their loaded tables) warm between them.
      idleTimeout: 60_000,
      // A larger young generation: ingest allocates many short-lived objects (parsed records, normalized
      // fields), and a 16 MB nursery promotes some of them before they die.
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      // Tasks start in the order they were queued. By default piscina puts a task it could not hand to a
      // busy worker back at the tail of its queue, so a burst of ingest shards ran out of order: at 1M
      // records shard 3 ran after shard 110, and the coordinator held ~90 finished shards waiting for it
      // (it merges in shard order), and none of the workers' scratch sets came back to them.
      stricterFIFO: true,
    });
  }

  /** Runs the worker export `name` on `task`; `where` names the shard or partition for error messages. */
  async run<K extends keyof WorkerTasks>(name: K, task: WorkerTasks[K]['task'], where: string): Promise<WorkerTasks[K]['result']> {
    try {
      return (await this.pool.run(task, { name })) as WorkerTasks[K]['result'];
    } catch (err) {
      const e = err as { message?: string; code?: unknown };
      if (typeof e?.code === 'string' && e.code.startsWith('E_') && e.code !== 'E_WORKER') {
        // A domain error raised inside the worker (bad input with stop-on-error, …): keep its code.
        throw new DedupError(e.code as 'E_RECORD', `${where}: ${e.message ?? String(err)}`, { where }, { cause: err });
      }
      throw new DedupError('E_WORKER', `worker failed on ${where}: ${e?.message ?? String(err)}`, { where }, { cause: err });
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
