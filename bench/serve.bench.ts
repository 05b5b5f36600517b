/**
 * The online check as a service, measured with a real HTTP client (autocannon) on loopback against a
 * 1,000,000-merchant index built by the tool's own rebuild, PostgreSQL on the same machine:
 *
 * - startup: spawn of `merchant-dedup serve` to the first 200 of /healthz;
 * - one client at a time: p50/p99 of single-record checks;
 * - a fixed offered load of TARGET_RATE checks/s: achieved rate and p99; and the unthrottled capacity;
 * - 10× that offered load: the share answered 503 with Retry-After, the peak RSS of the serve process;
 * - parity: 1,000 records left out of the index, checked, against the batch scan of the whole corpus.
 *
 * The index (embedded server data in .tmp/bench/serve-pgdata), the corpus and the batch reference are cached
 * between runs of one engine: the committed trees of src, workers and package-lock.json; another engine, or
 * uncommitted changes there, rebuilds them (a blocking change alters the batch's pairs without changing the key
 * recipe or the weights). Results: bench/results/serve.md.
 *
 *   npm run bench:serve            (wrap in the bench lock: only one benchmark at a time on this machine)
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { Database } from '../src/db/database.js';
import { loadTable } from '../src/db/load-table.js';
import { runDbScan } from '../src/db/run-db-scan.js';
import { parseTableName } from '../src/db/sql-names.js';
import { KEY_RECIPE_VERSION } from '../src/candidates/record-keys.js';
import { WEIGHTS_FINGERPRINT } from '../src/match/match-params.js';
import { cachedCorpus } from './scan/corpus-cache.js';
import { git } from './lib/machine.js';
import { REPO_ROOT, RESULTS, SCRATCH } from './lib/paths.js';

const N = Number(process.env.BENCH_SERVE_N ?? 1_000_000);
const SEED = 1;
const SAMPLE = 1000;
const SCHEMA = 'bench_serve';
const TABLE = 'public.bench_serve_merchants';
/** The throughput target, and the overload offered at ten times it. */
const TARGET_RATE = 2000;
const OVERLOAD_FACTOR = 10;
const SECONDS = Number(process.env.BENCH_SERVE_SECONDS ?? 10);
const BIN = join(REPO_ROOT, 'dist', 'src', 'cli', 'bin.js');
const DIR = join(SCRATCH, 'serve');

const log = (s: string): void => void process.stderr.write(`[bench:serve] ${s}\n`);

interface IndexMarker {
  corpus: string;
  fingerprint: string;
  sample: string[];
  buildMs: { load: number; rebuild: number; reference: number };
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const corpus = await cachedCorpus(N, SEED, log);
  const db = await Database.open({ url: process.env.BENCH_DATABASE_URL ?? '', embedded: { dataDir: join(SCRATCH, 'serve-pgdata') } });
  try {
    const marker = await ensureIndex(db, corpus.dir, corpus.ndjson);
    const partners = await referencePartners(new Set(marker.sample));
    const applicants = await sampleRecords(corpus.ndjson, new Set(marker.sample));
    const report = await measure(db.url, applicants, partners, marker);
    const md = render(report, marker);
    writeFileSync(join(RESULTS, 'serve.md'), md);
    process.stdout.write(md);
  } finally {
    await db.close();
  }
}

/** The engine's code as committed: git tree hashes of the paths a scan runs, or null when they have uncommitted changes or git cannot tell. */
function engineVersion(): string | null {
  const paths = ['src', 'workers', 'package-lock.json'];
  const changes = git(['status', '--porcelain', '--', ...paths], REPO_ROOT);
  const trees = git(['rev-parse', ...paths.map((p) => `HEAD:${p}`)], REPO_ROOT);
  return changes === '' && trees !== null ? trees.split('\n').join('.') : null;
}

/** Builds (or reuses) the index: the corpus without SAMPLE records, loaded and rebuilt; and the batch reference. */
async function ensureIndex(db: Database, corpusDir: string, ndjson: string): Promise<IndexMarker> {
  const file = join(DIR, 'index.json');
  const code = engineVersion();
  const fingerprint = `${corpusDir}|${KEY_RECIPE_VERSION}|${WEIGHTS_FINGERPRINT}|${code ?? 'uncommitted'}`;
  if (code !== null && existsSync(file)) {
    const m = JSON.parse(readFileSync(file, 'utf8')) as IndexMarker;
    const current = await db.withClient((c) => c.query(`SELECT to_regclass('${SCHEMA}.current_generation') IS NOT NULL AS ok`));
    if (m.fingerprint === fingerprint && current.rows[0].ok) {
      log('reusing the cached index');
      return m;
    }
  }
  rmSync(file, { force: true });
  // Every 1,000th line of a seeded shuffle would do; a stride through the file is as unbiased for a generated corpus.
  const stride = Math.floor(N / SAMPLE);
  const sample: string[] = [];
  const others = join(DIR, 'others.ndjson');
  const out = createWriteStream(others);
  let i = 0;
  for await (const line of createInterface({ input: createReadStream(ndjson) })) {
    if (line === '') continue;
    if (i % stride === stride >> 1 && sample.length < SAMPLE) sample.push((JSON.parse(line) as { merchant_id: string }).merchant_id);
    else if (!out.write(line + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
    i++;
  }
  await new Promise<void>((r) => out.end(() => r()));
  let t = performance.now();
  log(`loading ${(i - sample.length).toLocaleString('en-US')} merchants`);
  await loadTable(db, { file: others, table: parseTableName(TABLE), replace: true });
  const load = performance.now() - t;
  t = performance.now();
  log('rebuilding the index');
  await runDbScan(db, { table: parseTableName(TABLE), schema: SCHEMA, keep: 1 });
  const rebuild = performance.now() - t;
  t = performance.now();
  log('batch reference: scanning the whole corpus');
  const ref = spawnSync(process.execPath, [BIN, 'scan', '--input', ndjson, '--out', join(DIR, 'reference'), '--quiet'], { stdio: 'inherit' });
  if (ref.status !== 0) throw new Error('the reference scan failed');
  const m: IndexMarker = { corpus: corpusDir, fingerprint, sample, buildMs: { load, rebuild, reference: performance.now() - t } };
  writeFileSync(file, JSON.stringify(m) + '\n');
  return m;
}

/** sample id → (partner → score as pairs.csv writes it). */
async function referencePartners(sample: Set<string>): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  for (const id of sample) out.set(id, new Map());
  let header = true;
  for await (const line of createInterface({ input: createReadStream(join(DIR, 'reference', 'pairs.csv')) })) {
    if (header) {
      header = false;
      continue;
    }
    const [a, b, score] = line.split(',');
    if (sample.has(a!)) out.get(a!)!.set(b!, Number(score));
    if (sample.has(b!)) out.get(b!)!.set(a!, Number(score));
  }
  return out;
}

async function sampleRecords(ndjson: string, sample: Set<string>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const line of createInterface({ input: createReadStream(ndjson) })) {
    if (line === '') continue;
    const r = JSON.parse(line) as Record<string, unknown>;
    if (sample.has(r.merchant_id as string)) out.push(r);
  }
  return out;
}

interface Load {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  overloaded: number;
  errors: number;
  retryAfter: boolean;
}

function cannon(url: string, bodies: string[], o: { connections: number; rate?: number }): Promise<Load> {
  let next = 0;
  let retryAfter = false;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/v1/check`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        connections: o.connections,
        duration: SECONDS,
        ...(o.rate !== undefined && { overallRate: o.rate }),
        requests: [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length]! }) }],
      },
      (err, r) => {
        if (err) return reject(err);
        const overloaded = r.statusCodeStats?.['503']?.count ?? 0;
        resolve({ requests: r.requests.total, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, ok: r['2xx'], overloaded, errors: r.errors + r.timeouts, retryAfter });
      },
    );
    instance.on('response', (_client, status, _bytes, _ms) => {
      if (status === 503) retryAfter = true;
    });
  });
}

/** Peak resident memory of a process, sampled every 100 ms while `f` runs (VmRSS of /proc). */
async function peakRss<T>(pid: number, f: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = 0;
  const read = (): void => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // the process ended
    }
  };
  const timer = setInterval(read, 100);
  try {
    const value = await f();
    read();
    return { value, peakMb: Math.round(peak) };
  } finally {
    clearInterval(timer);
  }
}

interface Report {
  startupMs: number;
  generation: number;
  single: Load;
  target: Load;
  capacity: Load;
  overload: Load & { peakRssMb: number; rssBeforeMb: number };
  parity: { checked: number; withPartners: number; agree: number; missed: number; extra: number; scoreDiffs: number };
}

async function measure(dbUrl: string, applicants: Record<string, unknown>[], partners: Map<string, Map<string, number>>, _m: IndexMarker): Promise<Report> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--db', dbUrl, '--schema', SCHEMA, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let printed = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (printed += d));
    let url: string | undefined;
    let generation = 0;
    for (;;) {
      url ??= /http:\/\/[\d.]+:\d+/.exec(printed)?.[0];
      if (url !== undefined) {
        const h = await fetch(`${url}/healthz`).catch(() => null);
        if (h?.status === 200) {
          generation = ((await h.json()) as { generation: number }).generation;
          break;
        }
      }
      if (child.exitCode !== null) throw new Error('serve exited before it was ready');
      await new Promise((r) => setTimeout(r, 10));
    }
    const startupMs = performance.now() - t0;
    log(`serve ready in ${Math.round(startupMs)} ms at ${url}`);
    const bodies = applicants.map((r) => {
      const { merchant_id: _id, ...rest } = r;
      return JSON.stringify({ record: rest });
    });
    // Warm-up: JIT and the server's caches, not measured.
    await cannon(url, bodies, { connections: 4, rate: 500 });
    const single = await cannon(url, bodies, { connections: 1 });
    log(`single client: p50 ${single.p50} ms, p99 ${single.p99} ms`);
    const target = await cannon(url, bodies, { connections: 32, rate: TARGET_RATE });
    log(`offered ${TARGET_RATE}/s: ${target.rps}/s, p99 ${target.p99} ms`);
    const capacity = await cannon(url, bodies, { connections: 16 });
    log(`unthrottled: ${capacity.rps}/s, p99 ${capacity.p99} ms`);
    const rssBeforeMb = (await peakRss(child.pid!, async () => undefined)).peakMb;
    const over = await peakRss(child.pid!, () => cannon(url!, bodies, { connections: 256, rate: TARGET_RATE * OVERLOAD_FACTOR }));
    log(`offered ${TARGET_RATE * OVERLOAD_FACTOR}/s: ${over.value.ok} ok, ${over.value.overloaded} 503, peak RSS ${over.peakMb} MB`);
    const parity = await checkParity(url, applicants, partners);
    return { startupMs, generation, single, target, capacity, overload: { ...over.value, peakRssMb: over.peakMb, rssBeforeMb }, parity };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function checkParity(url: string, applicants: Record<string, unknown>[], partners: Map<string, Map<string, number>>): Promise<Report['parity']> {
  const p = { checked: 0, withPartners: 0, agree: 0, missed: 0, extra: 0, scoreDiffs: 0 };
  for (let from = 0; from < applicants.length; from += 100) {
    const batch = applicants.slice(from, from + 100);
    let r: Response;
    // Right after the overload run the service may still shed load: honour Retry-After.
    for (;;) {
      r = await fetch(`${url}/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: batch }) });
      if (r.status !== 503) break;
      await new Promise((res) => setTimeout(res, 1000 * Number(r.headers.get('retry-after') ?? 1)));
    }
    if (r.status !== 200) throw new Error(`parity check answered ${r.status}: ${await r.text()}`);
    const body = (await r.json()) as { results: { decision: string; matches: { merchant_id: string; score: number }[] }[] };
    batch.forEach((rec, i) => {
      const want = partners.get(rec.merchant_id as string)!;
      const got = new Map(body.results[i]!.matches.filter((m) => m.score >= 0.5).map((m) => [m.merchant_id, m.score]));
      p.checked++;
      if (want.size > 0) p.withPartners++;
      let same = want.size === got.size;
      for (const [id, s] of want) {
        if (!got.has(id)) {
          p.missed++;
          same = false;
        } else if (Math.abs(got.get(id)! - s) > 1e-4) {
          p.scoreDiffs++;
          same = false;
        }
      }
      for (const id of got.keys()) if (!want.has(id)) p.extra++;
      if (same) p.agree++;
    });
  }
  return p;
}

function render(r: Report, m: IndexMarker): string {
  const ms = (v: number): string => `${v} ms`;
  const machine = `${process.platform} ${process.arch}, ${(spawnSync('nproc').stdout?.toString().trim() || '?')} cores, Node ${process.version}`;
  return `# Online check service benchmark

\`npm run bench:serve\` (autocannon on loopback, ${SECONDS} s per load, ${N.toLocaleString('en-US')}-merchant corpus, index of all but ${SAMPLE} of them built by \`rebuild\`, embedded PostgreSQL on the same machine; ${machine}). Applicants are the ${SAMPLE} left-out records without their merchant_id, in turn. Run ${new Date().toISOString()}.

| measure | target | measured |
|---|---|---|
| startup: spawn → first 200 of /healthz | ≤ 10 s | ${ms(Math.round(r.startupMs))} |
| one client: p50 / p99 per check | ≤ 2 ms / ≤ 10 ms | ${ms(r.single.p50)} / ${ms(r.single.p99)} (${r.single.rps} checks/s) |
| offered ${TARGET_RATE} checks/s (32 connections): achieved, p99 | ≥ ${TARGET_RATE}/s, p99 ≤ 50 ms | ${r.target.rps}/s, p99 ${ms(r.target.p99)}, ${r.target.overloaded} × 503, ${r.target.errors} errors |
| unthrottled, 16 connections: capacity, p50 / p99 | | ${r.capacity.rps}/s, ${ms(r.capacity.p50)} / ${ms(r.capacity.p99)} |
| offered ${TARGET_RATE * OVERLOAD_FACTOR} checks/s (256 connections) | 503 + Retry-After, bounded memory | ${r.overload.ok} answered 200, ${r.overload.overloaded} answered 503 (Retry-After: ${r.overload.retryAfter ? 'yes' : 'no'}), ${r.overload.errors} errors/timeouts; RSS ${r.overload.rssBeforeMb} MB before, peak ${r.overload.peakRssMb} MB |
| parity: left-out records checked | every duplicate as the batch pairs it | ${r.parity.agree} of ${r.parity.checked} agree exactly (${r.parity.withPartners} have batch partners; ${r.parity.missed} batch pairs missed online, ${r.parity.extra} online duplicates the batch did not pair, ${r.parity.scoreDiffs} score differences > 1e-4) |

Index build (cached between runs): load ${Math.round(m.buildMs.load / 1000)} s, rebuild ${Math.round(m.buildMs.rebuild / 1000)} s, batch reference scan ${Math.round(m.buildMs.reference / 1000)} s; generation ${r.generation}.
`;
}

await main();
