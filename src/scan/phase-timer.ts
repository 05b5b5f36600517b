/**
 * Wall-clock time per named phase of a run, in whole milliseconds, recorded even when the phase throws.
 */

export interface PhaseTimer {
  /** Milliseconds per phase name; the object passed in, when one was. */
  phases: Record<string, number>;
  /** Runs `f` and records its duration under `name`. */
  timed<T>(name: string, f: () => Promise<T>): Promise<T>;
}

export function phaseTimer(phases: Record<string, number> = {}): PhaseTimer {
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    try {
      return await f();
    } finally {
      phases[name] = Math.round(performance.now() - s);
    }
  };
  return { phases, timed };
}
