/**
 * PostgreSQL benchmark: COPY throughput both ways, and a whole scan from a table to result tables
 * against the same scan from a file to files, in one run on one machine.
 *   (a) COPY FROM STDIN of pair rows through the generation writer's row formatter (target >= 500k/s),
 *       and of merchant rows through `load` (file parse and validation included);
 *   (b) COPY TO STDOUT of the merchant table through the scan's table source (rows/s read, chunks cut);
 *   (c) `merchant-dedup scan` on N records: file → files (baseline) vs table → tables (with and without
 *       the dedup index), each a fresh CLI process, wall time (target: table → tables <= 1.3x baseline),
 *       and the CPU time of each CLI process and, for the embedded server, of the server's processes
 *       meanwhile: their sum over the cores is the least wall time the run could take on this machine.
 * Run compiled, on an otherwise idle machine:
 *   npm run build && flock .tmp/bench.lock node dist/bench/db.bench.js [--records 1000000] [--threads N] [--scan-only] [--repeat R]
 * `--scan-only` skips (a) and (b) (the table is still loaded); `--repeat R` runs the file scan and the
 * table scan with the index R times, alternately, and reports the median of each (a shared machine's load
 * changes from one minute to the next: alternating spreads it over both).
 * Uses DATABASE_URL when set, else an embedded server with default settings in .tmp/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Database, inTransaction } from '../src/db/database.js';
import { loadTable } from '../src/db/load-table.js';
import { merchantIdsOf, pairRows, type MerchantIds } from '../src/db/result-rows.js';
import { copyIn } from '../src/db/copy-stream.js';
import { createIndexSqls, createTableSql, generationTable } from '../src/db/generation-tables.js';
import { parseTableName, quoteIdent } from '../src/db/sql-names.js';
import { openTableSource } from '../src/db/table-source.js';
import { generateCorpus } from '../src/generate/index.js';
import { CODES_PER_PAIR, NUMBERS_PER_PAIR, type VerifiedPairs } from '../src/verify/verified-pairs.js';
import { postmasterPid, processTreeCpuMs, reapedChildrenCpuMs } from './lib/process-cpu.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..', '..');
const BIN = join(root, 'dist', 'src', 'cli', 'bin.js');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]!.replace(/_/g, ''));
}

/** Records of the scan comparison: the issue's 1M. */
const RECORDS = arg('records', 1_000_000);
const THREADS = arg('threads', 0);
const SCAN_ONLY = process.argv.includes('--scan-only');
const REPEAT = arg('repeat', 1);
/** Pair rows of the write benchmark: several times a 1M corpus's ~370k verified pairs, for a stable rate. */
const PAIR_ROWS = 2_000_000;
const CORPUS_SEED = 1;
const SCHEMA = 'merchant_dedup_bench';
const TABLE = `${SCHEMA}_src.merchants`;
const MERCHANT_ID_SPACE = 1_000_000;

function round(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms);
}

function rate(rows: number, ms: number): string {
  return `${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s`;
}

/** Synthetic verified pairs with realistic ids and evidence, for the write rate alone. */
function syntheticPairs(n: number): { ids: MerchantIds; pairs: VerifiedPairs; order: Int32Array } {
  const raw = Array.from({ length: MERCHANT_ID_SPACE }, (_, i) => `M${String((i * 7919) % 1_000_000_007).padStart(10, '0')}`);
  const ids = merchantIdsOf(raw);
  const a = new Uint32Array(n);
  const b = new Uint32Array(n);
  const score = new Float32Array(n);
  const numbers = new Float32Array(n * NUMBERS_PER_PAIR);
  const codes = new Uint8Array(n * CODES_PER_PAIR);
  for (let i = 0; i < n; i++) {
    a[i] = i % MERCHANT_ID_SPACE;
    b[i] = (i * 31 + 17) % MERCHANT_ID_SPACE;
    score[i] = 0.5 + (i % 500) / 1000;
    numbers[i * 3] = 0.9;
    numbers[i * 3 + 1] = i % 7 === 0 ? NaN : 0.75;
    numbers[i * 3 + 2] = i % 5 === 0 ? NaN : (i % 3000) + 0.4;
    for (let x = 0; x < CODES_PER_PAIR; x++) codes[i * CODES_PER_PAIR + x] = (i + x) % 3;
  }
  return { ids, pairs: { count: n, a, b, score, numbers, codes }, order: Int32Array.from({ length: n }, (_, i) => i) };
}

/** The run of median wall time (the later of the two middle ones for an even count). */
function median<T extends { ms: number }>(runs: readonly T[]): T {
  return [...runs].sort((x, y) => x.ms - y.ms)[Math.floor(runs.length / 2)]!;
}

/** SQLSTATE of a statement the role may not run (CHECKPOINT without pg_checkpoint). */
const INSUFFICIENT_PRIVILEGE = '42501';

/** The embedded server's postmaster, whose process tree's CPU time the scans are charged with; null for a server elsewhere. */
let serverPid: number | null = null;

interface CliRun {
  ms: number;
  out: string;
  /** CPU time of the CLI process (every thread); null where it cannot be read. */
  cpuMs: number | null;
  /** CPU time the database server spent meanwhile (every process of it); null for a server not on this machine. */
  serverCpuMs: number | null;
}

function timeCli(args: string[]): CliRun {
  const cpu0 = reapedChildrenCpuMs();
  const server0 = serverPid === null ? null : processTreeCpuMs(serverPid);
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 26 });
  const ms = performance.now() - started;
  const cpu1 = reapedChildrenCpuMs();
  const server1 = serverPid === null ? null : processTreeCpuMs(serverPid);
  if (r.status !== 0) throw new Error(`merchant-dedup ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return {
    ms,
    out: r.stdout.trim(),
    cpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0,
    serverCpuMs: server0 === null || server1 === null ? null : server1 - server0,
  };
}

/**
 * What the runs' CPU time says of the ratio: the table scan's CPU, its own and the server's, spread perfectly
 * over the machine's cores, takes no less than their sum over the cores.
 */
function cpuLine(label: string, run: CliRun, file: CliRun): string | null {
  if (run.cpuMs === null || file.cpuMs === null) return null;
  const cores = availableParallelism();
  const server = run.serverCpuMs ?? 0;
  const least = (run.cpuMs + server) / cores;
  return `  CPU ${label}: scan ${(run.cpuMs / 1000).toFixed(1)} s + server ${run.serverCpuMs === null ? '? (not on this machine)' : `${(server / 1000).toFixed(1)} s`}, ` +
    `against ${(file.cpuMs / 1000).toFixed(1)} s for file → files: on ${cores} cores no less than ${(least / 1000).toFixed(1)} s = ${(least / file.ms).toFixed(2)}x the file scan's wall`;
}

async function main(): Promise<void> {
  const dataDir = join(root, '.tmp', `bench-pgdata-${process.pid}`);
  const db = await Database.open({ embedded: { dataDir, ephemeral: true } });
  serverPid = db.embedded ? postmasterPid(dataDir) : null;
  // The CLI children use the same server.
  process.env.DATABASE_URL = db.url;
  const lines: string[] = [];
  const report: Record<string, unknown> = { records: RECORDS };
  try {
    const corpusDir = join(root, '.tmp', 'bench-db', String(RECORDS));
    const csv = join(corpusDir, 'merchants.csv');
    if (!existsSync(csv)) {
      await mkdir(corpusDir, { recursive: true });
      await generateCorpus({ n: RECORDS, seed: CORPUS_SEED, outDir: corpusDir });
    }

    // (a) pair rows written by COPY.
    if (!SCAN_ONLY) await db.withClient(async (c) => {
      await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(SCHEMA)} CASCADE`);
      await c.query(`CREATE SCHEMA ${quoteIdent(SCHEMA)}`);
      const { ids, pairs, order } = syntheticPairs(PAIR_ROWS);
      const table = `${quoteIdent(SCHEMA)}.${quoteIdent(generationTable('pairs', 0))}`;
      // As the generation writer does it: table created in the COPY's transaction, rows frozen.
      const t0 = performance.now();
      const n = await inTransaction(c, 'bench', async () => {
        await c.query(createTableSql(SCHEMA, 'pairs', 0));
        return copyIn(c, `COPY ${table} FROM STDIN (FREEZE)`, pairRows(ids, pairs, order), 'bench');
      });
      const ms = performance.now() - t0;
      const t1 = performance.now();
      for (const sql of createIndexSqls(SCHEMA, 'pairs', 0)) await c.query(sql);
      await c.query(`ANALYZE ${table}`);
      const indexMs = performance.now() - t1;
      report.pairs_written_per_s = Math.round(n / (ms / 1000));
      report.pairs_with_indexes_per_s = Math.round(n / ((ms + indexMs) / 1000));
      lines.push(`pair rows written (format + COPY FROM STDIN): ${n.toLocaleString('en-US')} in ${(ms / 1000).toFixed(2)} s = ${rate(n, ms)}`);
      lines.push(`  then 2 indexes + ANALYZE: ${(indexMs / 1000).toFixed(2)} s; all together ${rate(n, ms + indexMs)}`);
      await c.query(`DROP SCHEMA ${quoteIdent(SCHEMA)} CASCADE`);
    });

    // (a') merchant rows loaded from the CSV (parse + validate + COPY).
    const load = await loadTable(db, { file: csv, table: parseTableName(TABLE), replace: true });
    report.merchants_loaded_per_s = Math.round(load.loaded / (load.ms / 1000));
    lines.push(`load (read CSV + validate + COPY FROM STDIN + primary key): ${load.loaded.toLocaleString('en-US')} in ${(load.ms / 1000).toFixed(2)} s = ${rate(load.loaded, load.ms)}`);

    // (b) merchant rows read by COPY TO STDOUT through the table source, cut into chunks.
    for (const ordered of SCAN_ONLY ? [] : [false, true]) {
      const t0 = performance.now();
      const src = await openTableSource(db, { table: parseTableName(TABLE), chunkBytes: 4 << 20, ordered });
      let bytes = 0;
      let chunks = 0;
      try {
        for await (const chunk of src.source.chunks) {
          bytes += chunk.bytes.length;
          chunks++;
        }
      } finally {
        await src.close();
      }
      const ms = performance.now() - t0;
      report[ordered ? 'rows_read_ordered_per_s' : 'rows_read_per_s'] = Math.round(src.rows() / (ms / 1000));
      lines.push(
        `COPY TO STDOUT${ordered ? ' ORDER BY merchant_id' : ''}, merchant rows into ${chunks} chunks (${(bytes / 2 ** 20).toFixed(0)} MiB): ` +
          `${src.rows().toLocaleString('en-US')} in ${(ms / 1000).toFixed(2)} s = ${rate(src.rows(), ms)}`,
      );
    }

    // (c) the whole scan: file → files vs table → tables.
    const threads = THREADS > 0 ? ['--threads', String(THREADS)] : [];
    const out = join(root, '.tmp', 'bench-db', 'out');
    const fileRuns: CliRun[] = [];
    const tableRuns: CliRun[] = [];
    // Each run starts on a server with no dirty pages left by the one before (its checkpoint would
    // otherwise fall in the next run, and be charged to it). A role that may not checkpoint goes without.
    // Autovacuum may still visit the last run's tables; their pages were written frozen, so it finds little.
    const settled = async (args: string[]): Promise<CliRun> => {
      await db.withClient((c) => c.query('CHECKPOINT')).catch((err: unknown) => {
        if ((err as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw err;
      });
      return timeCli(args);
    };
    for (let r = 0; r < REPEAT; r++) {
      fileRuns.push(await settled(['scan', '--input', csv, '--out', join(out, 'file'), '--json', ...threads]));
      tableRuns.push(await settled(['scan', '--table', TABLE, '--schema', SCHEMA, '--json', ...threads]));
    }
    const file = median(fileRuns);
    const table = median(tableRuns);
    const tableNoKeys = await settled(['scan', '--table', TABLE, '--schema', SCHEMA, '--no-keys', '--json', ...threads]);
    const unordered = await settled(['scan', '--table', TABLE, '--schema', SCHEMA, '--no-keys', '--unordered', '--json', ...threads]);
    if (REPEAT > 1) {
      report.scan_file_runs_ms = fileRuns.map((r) => Math.round(r.ms));
      report.scan_table_runs_ms = tableRuns.map((r) => Math.round(r.ms));
    }
    const phases = (o: string): Record<string, number> => (JSON.parse(o) as { summary?: { phases_ms: Record<string, number> }; phases_ms?: Record<string, number> }).summary?.phases_ms ?? (JSON.parse(o) as { phases_ms: Record<string, number> }).phases_ms;
    report.scan_file_ms = Math.round(file.ms);
    report.scan_table_no_keys_ms = Math.round(tableNoKeys.ms);
    report.scan_table_ms = Math.round(table.ms);
    report.ratio_no_keys = +(tableNoKeys.ms / file.ms).toFixed(3);
    report.ratio_with_keys = +(table.ms / file.ms).toFixed(3);
    report.scan_table_unordered_no_keys_ms = Math.round(unordered.ms);
    report.ratio_unordered_no_keys = +(unordered.ms / file.ms).toFixed(3);
    report.phases = { file: phases(file.out), table_no_keys: phases(tableNoKeys.out), table: phases(table.out), table_unordered_no_keys: phases(unordered.out) };
    lines.push(`scan ${RECORDS.toLocaleString('en-US')} records, file → files:                        ${(file.ms / 1000).toFixed(1)} s (baseline${REPEAT > 1 ? `, median of ${REPEAT}` : ''})`);
    lines.push(`scan, table → result tables (pairs, clusters, rejects, run):    ${(tableNoKeys.ms / 1000).toFixed(1)} s = ${(tableNoKeys.ms / file.ms).toFixed(2)}x`);
    lines.push(`scan, table → result tables + dedup index:                      ${(table.ms / 1000).toFixed(1)} s = ${(table.ms / file.ms).toFixed(2)}x${REPEAT > 1 ? ` (median of ${REPEAT})` : ''}`);
    lines.push(`scan, table read --unordered → result tables:                   ${(unordered.ms / 1000).toFixed(1)} s = ${(unordered.ms / file.ms).toFixed(2)}x`);
    report.cpu_ms = {
      file: { scan: round(file.cpuMs) },
      table_no_keys: { scan: round(tableNoKeys.cpuMs), server: round(tableNoKeys.serverCpuMs) },
      table: { scan: round(table.cpuMs), server: round(table.serverCpuMs) },
    };
    for (const [label, run] of [['table → result tables', tableNoKeys], ['table → result tables + dedup index', table]] as const) {
      const line = cpuLine(label, run, file);
      if (line) lines.push(line);
    }
    await db.withClient((c) => c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(SCHEMA)} CASCADE; DROP SCHEMA IF EXISTS ${quoteIdent(`${SCHEMA}_src`)} CASCADE`));
  } finally {
    await db.close();
  }
  process.stdout.write(lines.join('\n') + '\n' + JSON.stringify(report) + '\n');
}

await main();
