/**
 * The memory addon (src/native/malloc-trim.c, built by `npm install` with node-gyp): malloc_trim, and the
 * transparent-huge-page advice for large columns. Found under build/Release, walking up from this file;
 * where it is not built or does not load, each function here is null and callers go on without it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface MemoryAddon {
  mallocTrim: (() => boolean) | null;
  adviseHugePages: ((view: ArrayBufferView) => boolean) | null;
}

/** Where `npm install` builds the addon: build/Release under the package root. */
const ADDON = join('build', 'Release', 'malloc_trim.node');

let addon: MemoryAddon | undefined;

function load(): MemoryAddon {
  if (addon !== undefined) return addon;
  addon = { mallocTrim: null, adviseHugePages: null };
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; ) {
    const path = join(dir, ADDON);
    if (existsSync(path)) {
      try {
        const a = createRequire(import.meta.url)(path) as Record<string, unknown>;
        if (typeof a.mallocTrim === 'function') addon.mallocTrim = a.mallocTrim as () => boolean;
        if (typeof a.adviseHugePages === 'function') addon.adviseHugePages = a.adviseHugePages as (v: ArrayBufferView) => boolean;
      } catch {
        // Not loadable here (another platform's build): go on without it.
      }
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return addon;
}

/** The addon's mallocTrim, or null where it is not built or does not load. */
export function mallocTrim(): (() => boolean) | null {
  return load().mallocTrim;
}

/**
 * Smaller buffers are left alone: advised too, blocking's sort and pair buffers (4 MB and up) took fewer faults
 * but no less system time, the kernel zeroing whole 2 MB pages (bench/results/memory.md).
 */
const HUGE_PAGE_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Asks for transparent huge pages on a large buffer not yet written (a merged column): one page fault per
 * 2 MB instead of per 4 KB when it is first filled. On a virtual machine a page fault costs ~12 µs, and
 * filling the merged columns at 1M records took ~160k of them in the coordinator. Where the addon, THP
 * or Linux is missing, nothing happens. Returns the column as given.
 */
export function withHugePages<T extends ArrayBufferView>(column: T): T {
  if (column.byteLength >= HUGE_PAGE_MIN_BYTES) load().adviseHugePages?.(column);
  return column;
}
