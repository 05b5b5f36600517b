/**
 * The end-to-end scan benchmark (`npm run bench:scan -- --n 250000,500000,1000000 --threads 1,2`):
 *
 *   1. for each corpus size: a generated corpus (cached under .tmp/bench/), the floor (read + JSON.parse
 *      on one thread), then one scan per thread count, each in a child process of its own: wall time,
 *      per-phase times, records/s, peak RSS, candidate pairs, capped buckets; quality of pairs.csv
 *      against the generator's truth, and whether pairs.csv is identical across thread counts;
 *   2. the real hangzhou-poi data beside the repository, when present: cross-source linkage quality;
 *   3. peers on the same corpus and truth: the `minhash` package's LshIndex, pg_trgm and exact-key joins
 *      in PostgreSQL; time, precision, recall, F1, and our ratio to each.
 *
 * Appends one JSON record to bench/results/scan-runs.jsonl and rewrites bench/results/latest.md and
 * latest.svg. Not part of `npm run bench` (minutes, not seconds; see run-all.ts).
 * `--skew low|default|high|S`: the generator's name skew (generate --skew; default: the generator's default).
 * `--one-thread-up-to N`: with several thread counts, the one-thread scan only at sizes up to N records.
 * On a shared machine, hold the benchmark lock around it: `flock .tmp/bench.lock npm run bench:scan`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { grouped, seconds } from './lib/format.js';
import { provenance } from './lib/machine.js';
import { DIST_BENCH, REPO_ROOT, RESULTS, SCRATCH, SHARED_DATA } from './lib/paths.js';
import { prfText, scorePairs, type Quality } from './lib/quality.js';
import { appendResult, readResults } from './lib/results-log.js';
import { runChild } from './lib/run-child.js';
import { skewValue } from './lib/skew-option.js';
import type { MinhashPeerResult } from './peers/minhash-peer-child.js';
import { startPostgres, type PostgresServer } from './peers/postgres-server.js';
import { runSqlPeers, trgmAvailable } from './peers/sql-peers.js';
import { cachedCorpus } from './scan/corpus-cache.js';
import type { FloorChildResult } from './scan/floor-child.js';
import type { ScanChildResult } from './scan/scan-child.js';
import type { PeerFigures, ScanBenchRecord, ScanRunFigures } from './scan/scan-record.js';
import { bestScanAt, markdownReport, svgReport } from './scan/scan-report.js';
import { skewOf } from './scan/skew-targets.js';

const DEFAULT_N = [250_000, 500_000, 1_000_000];
const DEFAULT_THREADS = [1, 2];
const DEFAULT_SEED = 1;
const DEFAULT_PEERS = [100_000];
/** Issue 5: a peer runs at a size only if it finishes within 10 minutes there. */
const DEFAULT_PEER_TIMEOUT_S = 600;
const SCAN_CHILD = join(DIST_BENCH, 'scan', 'scan-child.js');
const FLOOR_CHILD = join(DIST_BENCH, 'scan', 'floor-child.js');
const MINHASH_CHILD = join(DIST_BENCH, 'peers', 'minhash-peer-child.js');
const MB = 2 ** 20;
const RESULTS_FILE = 'scan-runs.jsonl';

function numberList(name: string, v: string | undefined, fallback: number[]): number[] {
  if (v === undefined) return fallback;
  if (v === 'none' || v === '') return [];
  const xs = v.split(',').map((x) => Number(x.replace(/_/g, '')));
  if (xs.some((x) => !Number.isSafeInteger(x) || x < 1)) throw new RangeError(`--${name} must be a comma-separated list of positive integers, got ${JSON.stringify(v)}`);
  return xs;
}

const { values: argv } = parseArgs({
  options: {
    n: { type: 'string' },
    threads: { type: 'string' },
    seed: { type: 'string' },
    skew: { type: 'string' },
    'one-thread-up-to': { type: 'string' },
    peers: { type: 'string' },
    'peer-timeout': { type: 'string' },
    'no-real': { type: 'boolean' },
    'report-only': { type: 'boolean' },
  },
});

/** `--report-only`: rewrite latest.md and latest.svg from the last recorded run (after a change to the report). */
function writeReport(r: ScanBenchRecord): string {
  // Beside this run's targets, those of the latest run at each other skew setting.
  const latest = new Map<string, ScanBenchRecord>();
  for (const x of readResults<ScanBenchRecord>(RESULTS_FILE)) if (x.options.skew !== undefined && x.date !== r.date) latest.set(skewOf(x), x);
  latest.delete(skewOf(r));
  const md = markdownReport(r, [...latest.values()]);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'latest.md'), md);
  writeFileSync(join(RESULTS, 'latest.svg'), svgReport(r));
  return md;
}
if (argv['report-only']) {
  const last = readResults<ScanBenchRecord>(RESULTS_FILE).pop();
  if (!last) throw new Error(`no run recorded in bench/results/${RESULTS_FILE} yet`);
  writeReport(last);
  console.log(`rewrote latest.md and latest.svg from the run of ${last.date}`);
  process.exit(0);
}
const ns = numberList('n', argv.n, DEFAULT_N);
const threadCounts = numberList('threads', argv.threads, DEFAULT_THREADS);
const seed = numberList('seed', argv.seed, [DEFAULT_SEED])[0] ?? DEFAULT_SEED;
const skewLabel = argv.skew ?? 'default';
/** One-thread scans only up to this many records (a 4M scan on one thread takes long and adds little). */
const oneThreadUpTo = numberList('one-thread-up-to', argv['one-thread-up-to'], [Number.MAX_SAFE_INTEGER])[0] ?? Number.MAX_SAFE_INTEGER;
const skew = skewValue(skewLabel);
const peerNs = numberList('peers', argv.peers, DEFAULT_PEERS);
const peerTimeoutMs = (numberList('peer-timeout', argv['peer-timeout'], [DEFAULT_PEER_TIMEOUT_S])[0] ?? DEFAULT_PEER_TIMEOUT_S) * 1000;
const maxThreads = Math.max(...threadCounts, 1);
const command = `npm run bench:scan -- ${process.argv.slice(2).join(' ')}`.trim();

const log = (line: string): void => console.log(line);
const record: ScanBenchRecord = {
  bench: 'scan',
  command,
  ...provenance(REPO_ROOT),
  options: { n: ns, threads: threadCounts, seed, peers: peerNs, skew: skewLabel },
  generator_ms: {},
  floors: [],
  scans: [],
  failures: [],
  quality: [],
  real: { skipped: null },
  postgres: { server: null, pg_trgm: null },
  peers: [],
};
log(`bench:scan at ${record.commit.slice(0, 12)}${record.dirty ? ' (uncommitted changes)' : ''}: ${record.machine.cpu}, ${record.machine.cores} cores, ` +
  `${record.machine.memory_gb} GB, Node ${record.machine.node}`);

const sha1 = (file: string): string => createHash('sha1').update(readFileSync(file)).digest('hex');
const outDirFor = (label: string): string => join(SCRATCH, 'out', label);

async function scanOnce(input: string, n: number, threads: number, label: string): Promise<{ figures: ScanRunFigures; outDir: string } | null> {
  const outDir = outDirFor(label);
  rmSync(outDir, { recursive: true, force: true });
  const load = loadavg()[0] ?? 0;
  const run = await runChild<ScanChildResult>(SCAN_CHILD, { input, outDir, threads });
  if (!run.result) {
    record.failures.push(`scan ${label}: ${run.error}`);
    log(`  scan ${label} FAILED: ${run.error}`);
    return null;
  }
  const { summary, wall_ms, max_rss_kb, cpu_ms } = run.result;
  const figures: ScanRunFigures = {
    n,
    threads,
    wall_ms,
    process_ms: Math.round(run.processMs),
    cpu_ms,
    phases_ms: summary.phases_ms,
    records_per_second: Math.round(summary.counts.read / (wall_ms / 1000)),
    peak_rss_mb: Math.round(max_rss_kb / 1024),
    counts: summary.counts,
    capped: summary.capped,
    pairs_sha1: sha1(join(outDir, 'pairs.csv')),
    load_before: Math.round(load * 100) / 100,
  };
  const phases = Object.entries(summary.phases_ms).filter(([k]) => k !== 'total').map(([k, v]) => `${k} ${seconds(v)}`).join(', ');
  log(`  ${threads} thread${threads > 1 ? 's' : ''}: ${seconds(wall_ms)} s (process ${seconds(run.processMs)} s, CPU ${seconds(cpu_ms)} s), ${grouped(figures.records_per_second)} records/s, ` +
    `peak RSS ${grouped(figures.peak_rss_mb)} MB, load ${load.toFixed(1)}, ${grouped(summary.counts.candidate_pairs)} candidates → ${grouped(summary.counts.verified_pairs)} pairs; ${phases}`);
  return { figures, outDir };
}

// ---------------------------------------------------------------- 1. generated corpora

for (const n of ns) {
  log(`\n${grouped(n)} records`);
  const corpus = await cachedCorpus(n, seed, log, skew);
  if (corpus.generatedMs) record.generator_ms[String(n)] = corpus.generatedMs;
  const floor = await runChild<FloorChildResult>(FLOOR_CHILD, { file: corpus.ndjson });
  if (floor.result) {
    const f = floor.result;
    record.floors.push({ n, bytes: f.bytes, read_ms: f.read_ms, read_parse_ms: f.read_parse_ms });
    log(`  floor: read ${(f.bytes / MB).toFixed(0)} MB in ${seconds(f.read_ms)} s; read + JSON.parse ${grouped(f.records)} lines in ${seconds(f.read_parse_ms)} s`);
  } else record.failures.push(`floor ${n}: ${floor.error}`);
  const outs: string[] = [];
  for (const t of threadCounts) {
    if (t === 1 && threadCounts.length > 1 && n > oneThreadUpTo) continue;
    const r = await scanOnce(corpus.ndjson, n, t, `n${n}-t${t}`);
    if (!r) continue;
    record.scans.push(r.figures);
    outs.push(r.outDir);
    const f = record.floors.find((x) => x.n === n);
    if (f) log(`    scan / floor = ${(r.figures.wall_ms / f.read_parse_ms).toFixed(2)}x`);
  }
  if (outs.length > 0) {
    const quality = await scorePairs(corpus.truth, join(outs[outs.length - 1]!, 'pairs.csv'));
    const hashes = new Set(record.scans.filter((s) => s.n === n).map((s) => s.pairs_sha1));
    record.quality.push({ n, quality, identical_across_threads: hashes.size === 1 });
    log(`  quality: pairs ${prfText(quality.pairs)}; closure ${prfText(quality.closure)}; B-cubed ${prfText(quality.bcubed!)}; ` +
      `pairs.csv identical across thread counts: ${hashes.size === 1 ? 'yes' : 'NO'}`);
    const [one, two] = [record.scans.find((s) => s.n === n && s.threads === 1), record.scans.find((s) => s.n === n && s.threads === maxThreads)];
    if (one && two && one !== two) {
      log(`  scaling 1 → ${maxThreads} threads: wall ${(one.wall_ms / two.wall_ms).toFixed(2)}x, sketch (ingest) phase ${((one.phases_ms.ingest ?? NaN) / (two.phases_ms.ingest ?? NaN)).toFixed(2)}x`);
    }
  }
  for (const o of outs) rmSync(o, { recursive: true, force: true });
}

// ---------------------------------------------------------------- 2. real data

const real = join(SHARED_DATA, 'hangzhou-poi');
const realInput = join(real, 'merchants.ndjson');
const realTruth = join(real, 'truth_pairs.csv');
log('\nreal data: hangzhou-poi');
if (argv['no-real']) {
  record.real = { skipped: 'not asked for (--no-real)' };
  log(`  skipped: ${record.real.skipped}`);
} else if (!existsSync(realInput) || !existsSync(realTruth)) {
  record.real = { skipped: '../shared/data/hangzhou-poi/merchants.ndjson and truth_pairs.csv are not present beside the repository' };
  log(`  skipped: ${record.real.skipped}`);
} else {
  const r = await scanOnce(realInput, 0, maxThreads, 'hangzhou-poi');
  if (r) {
    const quality = await scorePairs(realTruth, join(r.outDir, 'pairs.csv'));
    record.real = { skipped: null, records: r.figures.counts.read, wall_ms: r.figures.wall_ms, quality };
    log(`  ${grouped(r.figures.counts.read)} records in ${seconds(r.figures.wall_ms)} s: pairs ${prfText(quality.pairs)}; closure ${prfText(quality.closure)}`);
    rmSync(r.outDir, { recursive: true, force: true });
  } else record.real = { skipped: 'the scan failed (see failures)' };
}

// ---------------------------------------------------------------- 3. peers

let server: PostgresServer | null = null;
let trgm = false;
/** Each peer's last time (null: did not finish) and size, to decide whether to try a larger size. */
const lastRun = new Map<string, { n: number; ms: number | null }>();

/**
 * Why a peer is not run at n, or null to run it: it did not finish at a smaller size, or its time there,
 * grown quadratically (a self-join or an uncapped LSH bucket compares every pair within a block, and
 * blocks grow with the corpus), would exceed the timeout.
 */
function skipReason(system: string, n: number): string | null {
  const last = lastRun.get(system);
  if (!last || last.n >= n) return null;
  if (last.ms === null) return `not run: did not finish at ${grouped(last.n)} records`;
  const predicted = last.ms * (n / last.n) ** 2;
  if (predicted <= peerTimeoutMs) return null;
  return `not run: ${seconds(last.ms, 0)} s at ${grouped(last.n)} records, ~${Math.round(predicted / 60_000)} min at ${grouped(n)} growing quadratically, over the ${peerTimeoutMs / 60_000} min limit`;
}

async function scored(truth: string, file: string | null): Promise<Quality | null> {
  return file ? scorePairs(truth, file) : null;
}

function addPeer(p: PeerFigures): void {
  record.peers.push(p);
  lastRun.set(p.system, { n: p.n, ms: p.time_ms });
  const time = p.time_ms === null ? 'no time' : `${seconds(p.time_ms)} s`;
  log(`  ${p.system}: ${time}${p.quality ? `, pairs ${prfText(p.quality.pairs)}` : ''}${p.error ? ` (${p.error})` : ''}`);
}

for (const n of peerNs) {
  log(`\npeers, ${grouped(n)} records`);
  const corpus = await cachedCorpus(n, seed, log, skew);
  const peerDir = outDirFor(`peers-n${n}`);
  rmSync(peerDir, { recursive: true, force: true });
  mkdirSync(peerDir, { recursive: true });

  const oursName = `merchant-dedup scan (${maxThreads} threads)`;
  let ours: PeerFigures = { n, system: oursName, notes: 'LSH + exact keys, exact verification', time_ms: null, breakdown_ms: {}, candidate_pairs: null, quality: null, error: null };
  const known = bestScanAt(record, n);
  if (known && known.threads === maxThreads) {
    ours = { ...ours, time_ms: known.wall_ms, candidate_pairs: known.counts.candidate_pairs, quality: record.quality.find((q) => q.n === n)?.quality ?? null };
  } else {
    const r = await scanOnce(corpus.ndjson, n, maxThreads, `peers-ours-n${n}`);
    if (r) {
      ours = { ...ours, time_ms: r.figures.wall_ms, candidate_pairs: r.figures.counts.candidate_pairs, quality: await scorePairs(corpus.truth, join(r.outDir, 'pairs.csv')) };
      rmSync(r.outDir, { recursive: true, force: true });
    } else ours.error = 'scan failed';
  }
  addPeer(ours);

  const pkg = 'minhash package LshIndex';
  const withVerify = `${pkg} + our verifyPair`;
  const withEstimate = `${pkg} + its Jaccard estimate`;
  const rows: PeerFigures[] = [
    { n, system: withVerify, notes: 'name-core bigrams, 30 perms, 10 × 3, no city scope; our exact verification', time_ms: null, breakdown_ms: {}, candidate_pairs: null, quality: null, error: null },
    { n, system: withEstimate, notes: 'same candidates; estimated Jaccard >= 0.5', time_ms: null, breakdown_ms: {}, candidate_pairs: null, quality: null, error: null },
  ];
  const skipPkg = skipReason(withVerify, n);
  if (skipPkg) for (const r of rows) r.error = skipPkg;
  else {
    const run = await runChild<MinhashPeerResult>(MINHASH_CHILD, { input: corpus.ndjson, outDir: peerDir }, { timeoutMs: peerTimeoutMs });
    if (run.result) {
      const m = run.result.ms;
      const common = { ingest: m.ingest, signatures: m.signatures, query: m.query };
      const shared = m.ingest + m.signatures + m.query;
      for (const r of rows) r.candidate_pairs = run.result.candidate_pairs;
      rows[0]!.breakdown_ms = { ...common, verify: m.verify };
      rows[0]!.time_ms = shared + m.verify;
      rows[0]!.quality = await scored(corpus.truth, join(peerDir, 'pairs-verify.csv'));
      rows[1]!.breakdown_ms = { ...common, estimate: m.estimate };
      rows[1]!.time_ms = shared + m.estimate;
      rows[1]!.quality = await scored(corpus.truth, join(peerDir, 'pairs-estimate.csv'));
    } else {
      for (const r of rows) r.error = run.timedOut ? `did not finish within ${peerTimeoutMs / 60_000} min` : run.error;
    }
  }
  for (const r of rows) addPeer(r);

  if (server === null && record.postgres.server === null) {
    const s = await startPostgres();
    if (typeof s === 'string') {
      record.failures.push(`PostgreSQL: ${s}`);
      record.postgres.server = `none started: ${s}`;
      log(`  PostgreSQL peers skipped: ${s}`);
    } else {
      server = s;
      record.postgres.server = s.description;
      const t = await trgmAvailable(s);
      trgm = t.ok;
      record.postgres.pg_trgm = t.detail;
      log(`  PostgreSQL: ${s.description}; ${t.detail}`);
    }
  }
  if (server) {
    const runs = await runSqlPeers(server, corpus.csv, peerDir, {
      timeoutMs: peerTimeoutMs,
      trgm,
      skip: (system) => skipReason(system, n),
      onRun: (r) => log(`  (${r.system}: ${r.error ?? `${seconds(r.total_ms)} s; plan: ${r.plan}`})`),
    });
    for (const r of runs) {
      addPeer({
        n,
        system: r.system,
        notes: r.system.startsWith('pg_trgm') ? 'trigram similarity of the raw name' : 'raw field equality',
        time_ms: r.error ? null : r.total_ms,
        breakdown_ms: r.error ? {} : r.ms,
        candidate_pairs: null,
        quality: r.error ? null : await scored(corpus.truth, r.pairsFile),
        error: r.error,
      });
    }
  }
  rmSync(peerDir, { recursive: true, force: true });
}
if (server) await server.stop();

// ---------------------------------------------------------------- results

const jsonl = appendResult(RESULTS_FILE, record);
log('\n' + writeReport(record));
log(`appended to ${jsonl}; wrote latest.md and latest.svg beside it`);
if (record.failures.length) process.exitCode = 1;
