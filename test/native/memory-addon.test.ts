import { describe, expect, it } from 'vitest';
import { mallocTrim, withHugePages } from '../../src/native/memory-addon.js';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The addon as npm install built it, loaded directly: the module under test must find this same file. */
const built = createRequire(import.meta.url)(join(fileURLToPath(new URL('../../', import.meta.url)), 'build', 'Release', 'malloc_trim.node')) as {
  adviseHugePages: (v: unknown) => boolean;
};

describe('memory addon', () => {
  it('is found and offers both functions', () => {
    expect(mallocTrim()).toBeTypeOf('function');
    expect(built.adviseHugePages).toBeTypeOf('function');
  });

  it('advises huge pages on a large column, on shared memory or not, and refuses what is not one', () => {
    // On Linux with transparent huge pages (always or madvise), as on the machines the scan runs on.
    expect(built.adviseHugePages(new Uint32Array(new SharedArrayBuffer(16 << 20)))).toBe(true);
    expect(built.adviseHugePages(new Float64Array(16 << 17))).toBe(true);
    // Smaller than one aligned huge page, or not a typed array: nothing to advise.
    expect(built.adviseHugePages(new Uint8Array(4096))).toBe(false);
    expect(built.adviseHugePages(new SharedArrayBuffer(16 << 20))).toBe(false);
    expect(built.adviseHugePages(3)).toBe(false);
  });

  it('leaves a column advised by withHugePages as any other: zeroed, then holding what is written', () => {
    const column = withHugePages(new Uint32Array(new SharedArrayBuffer(12 << 20)));
    expect(column.every((v) => v === 0)).toBe(true);
    for (let i = 0; i < column.length; i++) column[i] = i ^ 0x5a5a;
    let bad = 0;
    for (let i = 0; i < column.length; i++) if (column[i] !== (i ^ 0x5a5a)) bad++;
    expect(bad).toBe(0);
  });
});
