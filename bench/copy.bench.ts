/**
 * COPY row encoding benchmark: the engine's PostgreSQL text-format rows (`merchantCopyRow` in src/db,
 * what loading a corpus into a merchant table sends) against two baselines in the same run:
 *   - naive text format: every value through an always-on regex replace, then join('\t');
 *   - CSV format (COPY … WITH (FORMAT csv)) through the project's CSV writer `csvRow`.
 * Rows/s and MB/s of output, and whether the naive rows are byte-identical to ours.
 * src/db is loaded at run time: without it the bench prints that it skipped and why.
 * Run compiled: `npm run build && node dist/bench/copy.bench.js`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { MerchantRecord } from '../src/record/merchant-record.js';
import { MERCHANT_FIELDS } from '../src/record/merchant-record.js';
import { csvRow } from '../src/write/csv-format.js';
import { compact, pad, ratio } from './lib/format.js';
import { provenance } from './lib/machine.js';
import { opsPerSecond } from './lib/ops-per-second.js';
import { REPO_ROOT } from './lib/paths.js';
import { appendResult } from './lib/results-log.js';
import { cachedCorpus } from './scan/corpus-cache.js';

const RECORDS = 20_000;
const SEED = 1;
const BASELINE = 'naive text format';
/** Resolved at run time so the bench builds and runs whether or not src/db is there. */
const DB_MODULE = '../src/db/merchant-table.js';

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** The text format as a first version writes it: escape every value, no fast path. */
function naiveCopyRow(r: MerchantRecord): string {
  return MERCHANT_FIELDS.map((f) => {
    const v = r[f];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '\\N';
    const s = Array.isArray(v) ? `{${v.map((x: string) => `"${x.replace(/[\\"]/g, '\\$&')}"`).join(',')}}` : String(v);
    return s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!);
  }).join('\t') + '\n';
}

function csvCopyRow(r: MerchantRecord): string {
  return csvRow(MERCHANT_FIELDS.map((f) => {
    const v = r[f];
    return Array.isArray(v) ? `{${v.map((x: string) => `"${x}"`).join(',')}}` : v;
  }));
}

export async function runCopyBench(): Promise<void> {
  let merchantCopyRow: (r: MerchantRecord) => string;
  try {
    ({ merchantCopyRow } = (await import(DB_MODULE)) as { merchantCopyRow: (r: MerchantRecord) => string });
    if (typeof merchantCopyRow !== 'function') throw new Error('src/db/merchant-table has no merchantCopyRow export');
  } catch (err) {
    console.log(`COPY row encoding: skipped, src/db is not usable here (${(err as Error).message.split('\n')[0]})`);
    return;
  }
  const corpus = await cachedCorpus(RECORDS, SEED, (l) => console.log(l));
  const records = readFileSync(corpus.ndjson, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as MerchantRecord);
  const bytes = records.reduce((n, r) => n + Buffer.byteLength(merchantCopyRow(r)), 0);
  const identical = records.filter((r) => naiveCopyRow(r) === merchantCopyRow(r)).length;
  console.log(`corpus: ${records.length.toLocaleString('en-US')} generated records → ${(bytes / 2 ** 20).toFixed(1)} MB of COPY text rows`);

  let sink = 0;
  const r = await opsPerSecond({
    'merchantCopyRow (ours)': () => {
      for (const x of records) sink += merchantCopyRow(x).length;
    },
    [BASELINE]: () => {
      for (const x of records) sink += naiveCopyRow(x).length;
    },
    'CSV format (csvRow)': () => {
      for (const x of records) sink += csvCopyRow(x).length;
    },
  }, records.length);
  const base = r.get(BASELINE)!;
  console.log('\nrows/s on one core (MB/s of text-format output)');
  for (const [name, v] of r) console.log(`  ${pad(name, 24)} ${pad(compact(v), 8)} ${pad((v * bytes / records.length / 2 ** 20).toFixed(0) + ' MB/s', 10)} ${ratio(v / base)} the baseline`);
  console.log(`  naive rows byte-identical to ours: ${(100 * identical / records.length).toFixed(2)}%`);
  if (sink === 42) console.log('');
  appendResult('stages.jsonl', {
    bench: 'copy',
    ...provenance(REPO_ROOT),
    rows: records.length,
    rows_per_second: Object.fromEntries([...r].map(([k, v]) => [k, Math.round(v)])),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runCopyBench();
