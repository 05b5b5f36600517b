/**
 * Where the benchmarks read and write, resolved from the compiled file's place (dist/bench/…), so the
 * commands work from any working directory.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root: dist/bench/lib → ../../.. */
export const REPO_ROOT = resolve(here, '..', '..', '..');
/** Compiled benchmark files (dist/bench). */
export const DIST_BENCH = resolve(here, '..');
/** Scratch space of the benchmarks: cached corpora, scan outputs, the benchmark database. Git-ignored. */
export const SCRATCH = join(REPO_ROOT, '.tmp', 'bench');
/** Committed results: one JSON record per run, latest.md, latest.svg. */
export const RESULTS = join(REPO_ROOT, 'bench', 'results');
/** Shared real data, beside the repository. */
export const SHARED_DATA = resolve(REPO_ROOT, '..', 'shared', 'data');
