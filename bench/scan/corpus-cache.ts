/**
 * Generated corpora, cached under .tmp/bench/corpus/ by record count, seed and a fingerprint of the
 * compiled generator: a rerun reuses the files, a changed generator makes new ones. A directory counts
 * only once its `generate.json` exists (written last), so an interrupted generation is never reused.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateCorpus, SKEW_LEVELS, type GenerateSummary } from '../../src/generate/index.js';
import { DIST_BENCH, SCRATCH } from '../lib/paths.js';

export interface CachedCorpus {
  n: number;
  seed: number;
  /** Name skew of the generator (generate/name-skew.ts). */
  skew: number;
  dir: string;
  ndjson: string;
  csv: string;
  truth: string;
  /** ms spent generating in this run; 0 when the cache served it. */
  generatedMs: number;
  summary: Omit<GenerateSummary, 'files'>;
}

const MARKER = 'generate.json';
/** Fingerprint characters in the directory name: plenty to tell generator builds apart. */
const FINGERPRINT_CHARS = 10;

/** Hash of the compiled generator's files (dist/src/generate/*.js). */
function generatorFingerprint(): string {
  const dir = resolve(DIST_BENCH, '..', 'src', 'generate');
  const h = createHash('sha1');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.js')).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, FINGERPRINT_CHARS);
}

export async function cachedCorpus(n: number, seed: number, log: (line: string) => void, skew: number = SKEW_LEVELS.default): Promise<CachedCorpus> {
  const root = join(SCRATCH, 'corpus');
  const prefix = `n${n}-seed${seed}-${skew === SKEW_LEVELS.default ? '' : `skew${skew}-`}`;
  const dir = join(root, prefix + generatorFingerprint());
  const files = { ndjson: join(dir, 'merchants.ndjson'), csv: join(dir, 'merchants.csv'), truth: join(dir, 'truth.csv') };
  const marker = join(dir, MARKER);
  let generatedMs = 0;
  if (!existsSync(marker)) {
    // Corpora of an older generator build for the same n and seed are stale: free their disk space.
    // (The default skew's prefix also begins the other skews' names: those are not stale.)
    const stale = (d: string): boolean => d.startsWith(prefix) && /^[0-9a-f]+$/.test(d.slice(prefix.length));
    if (existsSync(root)) for (const d of readdirSync(root)) if (stale(d)) rmSync(join(root, d), { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    log(`generating ${n.toLocaleString('en-US')} records (seed ${seed}, skew ${skew}) → ${dir}`);
    const { files: _files, ...summary } = await generateCorpus({ n, seed, outDir: dir, skew });
    generatedMs = summary.ms;
    writeFileSync(marker, JSON.stringify(summary, null, 2) + '\n');
  }
  const summary = JSON.parse(readFileSync(marker, 'utf8')) as Omit<GenerateSummary, 'files'>;
  return { n, seed, skew, dir, ...files, generatedMs, summary };
}
