/**
 * Gives the memory a phase has just dropped back to the system, in two steps:
 *
 * 1. A full garbage collection of the coordinator's heap, so that the large buffers it dropped (shard
 *    stores once merged, candidate pair lists once verified) are freed now. The coordinator's heap is a few
 *    MB of small objects: left alone, V8 may not collect it for the rest of the run. `gc` is exposed at run
 *    time (`--expose-gc` cannot be asked of every caller's `node`); the function comes from a fresh context,
 *    where V8 installs it once the flag is set.
 * 2. malloc_trim (src/native/malloc-trim.c, built by `npm install`, loaded by native/memory-addon.ts): the
 *    freed buffers' pages go back to the system from every thread's allocator arena. Without it glibc keeps them: at 1M records about 550 MB
 *    stayed resident after ingest, freed but held, beside everything the next phases allocate.
 *
 * Either step is skipped where the runtime does not offer it (no gc, no addon built, not glibc): the scan
 * runs as before, with a higher peak.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mallocTrim } from '../native/memory-addon.js';

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

/** Collects garbage and trims the allocator now; each step a no-op where the runtime does not allow it. */
export function releaseMemory(): void {
  exposedGc()?.();
  mallocTrim()?.();
}

/**
 * Trims the allocator only: for the moment a worker task has finished, when what it allocated and freed is
 * still held by its thread's arena, and the coordinator's own heap has nothing new to collect.
 */
export function trimAllocator(): void {
  mallocTrim()?.();
}
