/**
 * CSV parsing benchmark: the engine's RFC 4180 parser (`parseCsv`) against `csv-parse` (the common npm
 * parser, sync API) and a naive `split('\n')` / `split(',')`, on a generated corpus's merchants.csv, with
 * each one's rows checked against ours (the naive split breaks every row with a quoted comma or newline).
 * Run compiled: `npm run build && node dist/bench/csv.bench.js`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as csvParse } from 'csv-parse/sync';
import { parseCsv } from '../src/read/csv-parser.js';
import { parseChunk } from '../src/read/parse-chunk.js';
import { readRecords } from '../src/read/read-records.js';
import { splitRanges } from '../src/read/split-ranges.js';
import { compact, pad, ratio } from './lib/format.js';
import { provenance } from './lib/machine.js';
import { opsPerSecond } from './lib/ops-per-second.js';
import { REPO_ROOT } from './lib/paths.js';
import { appendResult } from './lib/results-log.js';
import { cachedCorpus } from './scan/corpus-cache.js';

const RECORDS = 20_000;
const SEED = 1;
const BASELINE = 'csv-parse/sync';

function oursRows(text: string): string[][] {
  const rows: string[][] = [];
  parseCsv(text, 1, {
    row: (fields, count) => void rows.push(fields.slice(0, count)),
    malformed: (line, reason) => {
      throw new Error(`line ${line}: ${reason}`);
    },
  });
  return rows;
}

const naiveRows = (text: string): string[][] => text.split('\n').filter((l) => l !== '').map((l) => l.replace(/\r$/, '').split(','));

function agreeing(rows: readonly (readonly string[])[], reference: readonly (readonly string[])[]): string {
  let same = 0;
  for (let i = 0; i < reference.length; i++) {
    const a = rows[i];
    const b = reference[i]!;
    if (a && a.length === b.length && a.every((x, k) => x === b[k])) same++;
  }
  return `${(100 * same / reference.length).toFixed(2)}% of rows (${rows.length} rows read, ${reference.length} expected)`;
}

/** Passes per second of an async task: the best of a few timed passes after one warm-up. */
async function passesPerSecond(task: () => Promise<void>, passes = 5): Promise<number> {
  await task();
  let best = Infinity;
  for (let i = 0; i < passes; i++) {
    const t0 = performance.now();
    await task();
    best = Math.min(best, performance.now() - t0);
  }
  return 1000 / best;
}

export async function runCsvBench(): Promise<void> {
  const corpus = await cachedCorpus(RECORDS, SEED, (l) => console.log(l));
  const text = readFileSync(corpus.csv, 'utf8');
  const bytes = Buffer.byteLength(text);
  const reference = oursRows(text);
  const quoted = text.split('\n').filter((l) => l.includes('"')).length;
  console.log(`corpus: ${(reference.length - 1).toLocaleString('en-US')} generated records + header, ${(bytes / 2 ** 20).toFixed(1)} MB CSV; ` +
    `${quoted} lines hold a quoted field (a comma, quote, line break or edge space inside)`);

  let sink = 0;
  const sinkRows = { row: (_f: readonly string[], count: number) => void (sink += count), malformed: () => void sink-- };
  const r = await opsPerSecond({
    'parseCsv (ours)': () => void parseCsv(text, 1, sinkRows),
    [BASELINE]: () => void (sink += (csvParse(text, { relax_column_count: false }) as string[][]).length),
    'naive split': () => void (sink += naiveRows(text).length),
  }, reference.length);
  const base = r.get(BASELINE)!;
  console.log('\nrows/s on one core (MB/s of CSV)');
  for (const [name, v] of r) console.log(`  ${pad(name, 18)} ${pad(compact(v), 8)} ${pad((v * bytes / reference.length / 2 ** 20).toFixed(0) + ' MB/s', 10)} ${ratio(v / base)} the baseline`);
  console.log(`  csv-parse rows equal to ours: ${agreeing(csvParse(text) as string[][], reference)}`);
  console.log(`  naive split rows equal to ours: ${agreeing(naiveRows(text), reference)}`);

  // The reader's whole path: records cut, decoded, parsed and validated; on the generated file and on a
  // copy with every field quoted (the cutter's quote path on every row, where the plain file has few).
  const quotedPath = join(dirname(corpus.csv), 'merchants-all-quoted.csv');
  writeFileSync(quotedPath, reference.map((row) => row.map((f) => `"${f.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n');
  const records = reference.length - 1;
  const reader = new Map<string, number>();
  for (const [label, path] of [['', corpus.csv], [' all quoted', quotedPath]] as const) {
    const raw = readFileSync(path);
    const r = await opsPerSecond({ x: () => void (sink += parseChunk(raw, { format: 'csv', firstLine: 1 }).read) }, records);
    reader.set(`parseChunk (+ validation)${label}`, r.get('x')!);
    reader.set(`splitRanges (8 parts)${label}`, (await passesPerSecond(async () => void (sink += (await splitRanges(path, 'csv', 8)).ranges.length))) * records);
    reader.set(`readRecords (streaming)${label}`, (await passesPerSecond(async () => {
      for await (const b of readRecords(path, { format: 'csv' })) sink += b.read;
    })) * records);
  }
  console.log('\nreader, records/s on one core');
  for (const [name, v] of reader) console.log(`  ${pad(name, 38)} ${pad(compact(v), 8)}`);
  if (sink === 42) console.log('');
  appendResult('stages.jsonl', {
    bench: 'csv',
    ...provenance(REPO_ROOT),
    rows: reference.length,
    rows_per_second: Object.fromEntries([...r, ...reader].map(([k, v]) => [k, Math.round(v)])),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runCsvBench();
