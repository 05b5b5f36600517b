/**
 * Wall-clock time per named phase of a run, in whole milliseconds, recorded even when the phase throws.
 */

export interface PhaseTimer {
  /** Milliseconds per phase name; the object passed in, when one was. */
  phases: Record<string, number>;
  /** Runs `f` and records its duration under `name`. */
  timed<T>(name: string, f: () => Promise<T>): Promise<T>;
}

/**
 * `onPhase`, when given, is told as each phase starts and as it ends (not when it throws), so that a
 * display prints a line per phase even for phases that report nothing in between.
 */
export function phaseTimer(phases: Record<string, number> = {}, onPhase?: (name: string, kind: 'start' | 'end') => void): PhaseTimer {
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    onPhase?.(name, 'start');
    try {
      const result = await f();
      phases[name] = Math.round(performance.now() - s);
      onPhase?.(name, 'end');
      return result;
    } finally {
      phases[name] = Math.round(performance.now() - s);
    }
  };
  return { phases, timed };
}
