/**
 * The risk-alert benchmark (`npm run bench:risk -- --n 1000000 --threads 2`):
 *
 *   1. a generated corpus (cached, as bench:scan's), scanned once in a child process: the risk phase's
 *      time against the whole scan's (target ≤ 20%), and the alerts scored against the planted rings:
 *      ring recall and alert precision (the definitions, src/eval/ring-metrics.ts);
 *   2. the same corpus with one phone keyed in for `--placeholder` merchants (a generic value): the
 *      risk phase's time and the process's peak RSS beside the first run's, and the capped key counted.
 *
 * Appends one JSON record to bench/results/risk-runs.jsonl. Minutes, not seconds: not part of
 * `npm run bench`. On a shared machine, hold the benchmark lock around it.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { runRingEval } from '../src/eval/run-ring-eval.js';
import { provenance } from './lib/machine.js';
import { DIST_BENCH, REPO_ROOT, SCRATCH } from './lib/paths.js';
import { appendResult } from './lib/results-log.js';
import { runChild } from './lib/run-child.js';
import { cachedCorpus } from './scan/corpus-cache.js';
import type { ScanChildResult } from './scan/scan-child.js';

const SCAN_CHILD = join(DIST_BENCH, 'scan', 'scan-child.js');
/** The memory case: one key shared by 100,000 merchants. */
const DEFAULT_PLACEHOLDER = 100_000;
const PLACEHOLDER_PHONE = '13800000000';
const MB = 1024;

const { values: argv } = parseArgs({
  options: { n: { type: 'string' }, threads: { type: 'string' }, seed: { type: 'string' }, placeholder: { type: 'string' } },
});
const n = Number(argv.n ?? 1_000_000);
const threads = Number(argv.threads ?? 2);
const seed = Number(argv.seed ?? 1);
const placeholder = argv.placeholder === 'none' ? 0 : Number(argv.placeholder ?? DEFAULT_PLACEHOLDER);
for (const [name, v] of [['n', n], ['threads', threads], ['seed', seed], ['placeholder', placeholder]] as const) {
  if (!Number.isSafeInteger(v) || v < 0 || (name !== 'seed' && name !== 'placeholder' && v < 1)) throw new RangeError(`--${name} must be a positive integer, got ${String(v)}`);
}
const log = (line: string): void => console.log(line);

async function scan(input: string, outDir: string): Promise<ScanChildResult> {
  rmSync(outDir, { recursive: true, force: true });
  const run = await runChild<ScanChildResult>(SCAN_CHILD, { input, outDir, threads });
  if (!run.result) throw new Error(`scan of ${input} failed: ${run.error ?? 'no result'}`);
  return run.result;
}

/** The corpus with the phone of its first `count` records replaced by one placeholder value. */
async function withPlaceholder(src: string, dest: string, count: number): Promise<void> {
  const out = createWriteStream(dest);
  let k = 0;
  for await (const line of createInterface({ input: createReadStream(src), crlfDelay: Infinity })) {
    if (line === '') continue;
    const text = k++ < count ? JSON.stringify({ ...(JSON.parse(line) as object), phone: PLACEHOLDER_PHONE }) : line;
    if (!out.write(text + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function figures(r: ScanChildResult): Record<string, number> {
  const risk = r.summary.phases_ms.risk ?? NaN;
  const total = r.summary.phases_ms.total ?? NaN;
  return { scan_wall_ms: r.wall_ms, scan_total_ms: total, risk_ms: risk, risk_share: Math.round((risk / total) * 1000) / 1000, max_rss_mb: Math.round(r.max_rss_kb / MB) };
}

const corpus = await cachedCorpus(n, seed, log);
const out = join(SCRATCH, 'risk');
mkdirSync(out, { recursive: true });
log(`scan of ${n.toLocaleString('en-US')} records, ${threads} threads (load ${loadavg()[0]!.toFixed(1)})`);
const base = await scan(corpus.ndjson, join(out, 'base'));
const quality = await runRingEval({ truth: corpus.truth, alerts: join(out, 'base', 'risk_alerts.csv'), members: join(out, 'base', 'risk_members.csv') });
const record: Record<string, unknown> = {
  ...provenance(REPO_ROOT),
  n,
  seed,
  threads,
  load_before: loadavg()[0],
  base: { ...figures(base), alerts: base.summary.risk.alerts, alerts_high: base.summary.risk.alerts_high, capped_keys: base.summary.risk.capped_keys.count },
  rings: quality,
};
log(`  scan ${(base.summary.phases_ms.total! / 1000).toFixed(1)} s, risk ${(base.summary.phases_ms.risk! / 1000).toFixed(2)} s (${(100 * (figures(base).risk_share ?? 0)).toFixed(1)}% of the scan), peak RSS ${figures(base).max_rss_mb} MB`);
log(`  rings ${quality.rings}: recall ${(100 * quality.ringRecall).toFixed(2)}%; alerts ≥ 0.5: ${quality.alertsHigh}, precision ${(100 * quality.alertPrecision).toFixed(2)}%`);

if (placeholder > 0) {
  const file = join(out, `placeholder-${n}-${placeholder}.ndjson`);
  if (!existsSync(file)) await withPlaceholder(corpus.ndjson, file, Math.min(placeholder, n));
  const p = await scan(file, join(out, 'placeholder'));
  record.placeholder = { merchants: placeholder, ...figures(p), capped_keys: p.summary.risk.capped_keys };
  log(`  with one phone on ${placeholder.toLocaleString('en-US')} merchants: risk ${(p.summary.phases_ms.risk! / 1000).toFixed(2)} s, peak RSS ${figures(p).max_rss_mb} MB, capped keys ${p.summary.risk.capped_keys.count} (largest ${p.summary.risk.capped_keys.largest[0]?.merchants ?? 0})`);
}
log(`recorded in ${appendResult('risk-runs.jsonl', record)}`);
