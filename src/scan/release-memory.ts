/**
 * A full garbage collection of the coordinator's heap, so that the large buffers a phase has just dropped
 * (shard stores once merged, candidate pair lists once verified) are given back now. The coordinator's
 * heap is a few MB of small objects: left alone, V8 may not collect it for the rest of the run, and every
 * dropped buffer would stay resident beside the next phase's (peak RSS is the sum of the phases, not the
 * largest). A full collection of so small a heap costs a few milliseconds.
 *
 * `gc` is exposed at run time (`--expose-gc` cannot be asked of every caller's `node`); the function comes
 * from a fresh context, where V8 installs it once the flag is set. If that ever stops working the scan
 * runs as before, with a higher peak.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

function exposedGc(): (() => void) | null {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const f: unknown = runInNewContext('typeof gc === "function" ? gc : null');
      gc = typeof f === 'function' ? (f as () => void) : null;
    } catch {
      gc = null;
    }
  }
  return gc;
}

/** Collects garbage now; a no-op where the runtime does not allow it. */
export function releaseMemory(): void {
  exposedGc()?.();
}
