/**
 * tinybench, the way every stage benchmark here uses it: each task is one pass over a whole corpus, and
 * the figure reported is items per second (`perIteration` items per pass).
 */
import { Bench } from 'tinybench';

export interface OpsOptions {
  /** Time budget per task in ms. @default 1500 */
  timeMs?: number;
  /** Passes per task at the least, whatever the time. @default 5 */
  minIterations?: number;
}

export async function opsPerSecond(tasks: Record<string, () => void>, perIteration: number, o: OpsOptions = {}): Promise<Map<string, number>> {
  const bench = new Bench({ time: o.timeMs ?? 1500, iterations: o.minIterations ?? 5, throws: true });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  const out = new Map<string, number>();
  for (const t of bench.tasks) {
    const r = t.result;
    if (r.state !== 'completed') throw new Error(`${t.name}: ${r.state}`);
    out.set(t.name, (perIteration * 1000) / r.period);
  }
  return out;
}
