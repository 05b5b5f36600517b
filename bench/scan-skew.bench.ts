/**
 * Candidate generation against name skew and corpus size (`npm run bench:skew -- --skew low,default,high
 * --n 250000,1000000 --threads 2 [--bucket-cap 100,32]`): for each skew setting of the generator (generate/name-skew.ts) and each
 * corpus size (and each bucket cap asked for), one scan in a child process of its own, and from its summary the figures that say whether
 * blocking stays bounded: candidate pairs per record, pair slots per record (pairs emitted by all keys
 * before de-duplication), block and verify time, wall time against the read + JSON.parse floor, peak RSS;
 * beside them the quality of pairs.csv against the generator's truth (recall must not pay for the bound).
 *
 * Appends one JSON record to bench/results/skew-runs.jsonl and rewrites bench/results/skew-latest.md (skew.md is
 * the written account of the measured figures). Hold the
 * benchmark lock around it on a shared machine: `flock .tmp/bench.lock npm run bench:skew`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { skewValue } from './lib/skew-option.js';
import { grouped, seconds } from './lib/format.js';
import { provenance } from './lib/machine.js';
import { DIST_BENCH, REPO_ROOT, RESULTS, SCRATCH } from './lib/paths.js';
import { prfText, scorePairs, type Quality } from './lib/quality.js';
import { appendResult } from './lib/results-log.js';
import { runChild } from './lib/run-child.js';
import { cachedCorpus } from './scan/corpus-cache.js';
import type { FloorChildResult } from './scan/floor-child.js';
import type { ScanChildResult } from './scan/scan-child.js';

const DEFAULT_SKEWS = ['low', 'default', 'high'];
const DEFAULT_N = [250_000, 1_000_000];
const DEFAULT_THREADS = 2;
const DEFAULT_SEED = 1;
const SCAN_CHILD = join(DIST_BENCH, 'scan', 'scan-child.js');
const FLOOR_CHILD = join(DIST_BENCH, 'scan', 'floor-child.js');
const RESULTS_FILE = 'skew-runs.jsonl';

interface SkewRun {
  skew: string;
  skew_value: number;
  n: number;
  /** null: the scan's default. */
  bucket_cap: number | null;
  threads: number;
  wall_ms: number;
  floor_ms: number | null;
  peak_rss_mb: number;
  candidate_pairs: number;
  pair_slots: number;
  candidates_per_record: number;
  slots_per_record: number;
  block_ms: number;
  verify_ms: number;
  /** Per key kind: buckets over the cap and the largest bucket. */
  capped: Record<string, { capped: number; largest: number; pairs_emitted: number }>;
  quality: Quality;
}

const { values: argv } = parseArgs({ options: { skew: { type: 'string' }, n: { type: 'string' }, threads: { type: 'string' }, seed: { type: 'string' }, 'bucket-cap': { type: 'string' } } });

const skews = (argv.skew ?? DEFAULT_SKEWS.join(',')).split(',').map((s) => ({ label: s, value: skewValue(s) }));
const ns = argv.n ? argv.n.split(',').map((x) => Number(x.replace(/_/g, ''))) : DEFAULT_N;
if (ns.some((x) => !Number.isSafeInteger(x) || x < 1)) throw new RangeError(`--n must be a comma-separated list of positive integers, got ${argv.n}`);
const caps: (number | null)[] = argv['bucket-cap'] ? argv['bucket-cap'].split(',').map(Number) : [null];
if (caps.some((c) => c !== null && (!Number.isSafeInteger(c) || c < 2))) throw new RangeError(`--bucket-cap must be a comma-separated list of integers >= 2, got ${argv['bucket-cap']}`);
const threads = argv.threads ? Number(argv.threads) : DEFAULT_THREADS;
const seed = argv.seed ? Number(argv.seed) : DEFAULT_SEED;
const command = `npm run bench:skew -- ${process.argv.slice(2).join(' ')}`.trim();
const log = (line: string): void => console.log(line);

const runs: SkewRun[] = [];
const failures: string[] = [];
for (const { label, value } of skews) {
  for (const n of ns) {
    log(`\nskew ${label} (${value}), ${grouped(n)} records`);
    const corpus = await cachedCorpus(n, seed, log, value);
    const floor = await runChild<FloorChildResult>(FLOOR_CHILD, { file: corpus.ndjson });
    for (const cap of caps) {
      const outDir = join(SCRATCH, 'out', `skew-${label}-n${n}-cap${cap ?? 'default'}`);
      rmSync(outDir, { recursive: true, force: true });
      const run = await runChild<ScanChildResult>(SCAN_CHILD, { input: corpus.ndjson, outDir, threads, ...(cap !== null && { bucketCap: cap }) });
      if (!run.result) {
        failures.push(`skew ${label} n ${n} cap ${cap ?? 'default'}: ${run.error}`);
        log(`  FAILED: ${run.error}`);
        continue;
      }
      const { summary, wall_ms, max_rss_kb } = run.result;
      const quality = await scorePairs(corpus.truth, join(outDir, 'pairs.csv'));
      rmSync(outDir, { recursive: true, force: true });
      const capped = Object.fromEntries(Object.entries(summary.capped).map(([k, c]) => [k, { capped: c.capped, largest: c.largest, pairs_emitted: c.pairs_emitted }]));
      const slots = Object.values(summary.capped).reduce((s, c) => s + c.pairs_emitted, 0);
      const r: SkewRun = {
        skew: label,
        skew_value: value,
        n,
        bucket_cap: cap ?? Number(summary.parameters['bucket_cap']),
        threads,
        wall_ms,
        floor_ms: floor.result ? floor.result.read_parse_ms : null,
        peak_rss_mb: Math.round(max_rss_kb / 1024),
        candidate_pairs: summary.counts.candidate_pairs,
        pair_slots: slots,
        candidates_per_record: summary.counts.candidate_pairs / n,
        slots_per_record: slots / n,
        block_ms: summary.phases_ms.block ?? NaN,
        verify_ms: summary.phases_ms.verify ?? NaN,
        capped,
        quality,
      };
      runs.push(r);
      log(`  bucket cap ${r.bucket_cap}: ${seconds(wall_ms)} s (floor ${r.floor_ms === null ? '?' : seconds(r.floor_ms)} s), ${grouped(r.candidate_pairs)} candidates (${r.candidates_per_record.toFixed(2)} a record), ` +
        `${grouped(slots)} pair slots (${r.slots_per_record.toFixed(2)} a record), block ${seconds(r.block_ms)} s, verify ${seconds(r.verify_ms)} s, ` +
        `peak RSS ${grouped(r.peak_rss_mb)} MB; pairs ${prfText(quality.pairs)}`);
    }
  }
}

const pct = (x: number): string => (100 * x).toFixed(2);
const lines = [
  '# Candidate generation against name skew and corpus size',
  '',
  `\`${command}\` at ${new Date().toISOString()}; ${threads} threads, seed ${seed}. Skew: \`generate --skew\` (src/generate/name-skew.ts).`,
  '',
  '| skew | records | bucket cap | candidates / record | pair slots / record | block s | verify s | wall s | wall / floor | peak RSS MB | P | R | F1 |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...runs.map((r) => `| ${r.skew} (${r.skew_value}) | ${grouped(r.n)} | ${r.bucket_cap} | ${r.candidates_per_record.toFixed(2)} | ${r.slots_per_record.toFixed(2)} | ` +
    `${seconds(r.block_ms)} | ${seconds(r.verify_ms)} | ${seconds(r.wall_ms)} | ${r.floor_ms ? (r.wall_ms / r.floor_ms).toFixed(2) + 'x' : '?'} | ` +
    `${grouped(r.peak_rss_mb)} | ${pct(r.quality.pairs.precision)} | ${pct(r.quality.pairs.recall)} | ${pct(r.quality.pairs.f1)} |`),
  ...(failures.length > 0 ? ['', 'Failures:', ...failures.map((f) => `- ${f}`)] : []),
  '',
];
const provenanceOf = provenance(REPO_ROOT);
appendResult(RESULTS_FILE, { bench: 'skew', command, ...provenanceOf, runs, failures });
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'skew-latest.md'), lines.join('\n'));
log(`\nwrote bench/results/skew-latest.md and appended to bench/results/${RESULTS_FILE}`);
