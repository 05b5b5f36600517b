/**
 * NDJSON parsing benchmark: JSON.parse (the baseline, and what the engine's reader uses) against the
 * `simdjson` binding, per line of a generated corpus, with the engine's own reader beside them.
 *   - JSON.parse per line (baseline);
 *   - simdjson.parse per line: simdjson's parser, then its conversion of the tape into JS objects;
 *   - simdjson.lazyParse + every contract field by key path: the binding's fast path, values fetched
 *     one by one (what the engine would have to do to get a record);
 *   - simdjson.isValid: validation alone, no values: a lower bound for any simdjson use;
 *   - parseNdjson (line splitting + JSON.parse) and parseChunk (reader + validation into MerchantRecord),
 *     over the whole text: with the schema-aware field scanner (ndjson-field-scanner.ts, what the engine
 *     runs) and with JSON.parse for every line (`fieldScanner: false`, the path the scanner replaces),
 *     which must give the same chunk (checked before timing).
 * `@napi-rs/simd-json`, the name on the design card, is not a package on npm; `simdjson` (a node-addon-api
 * binding of simdjson, built from source at install) is the one that exists. When it does not load, the
 * bench says why and measures the rest.
 * Run compiled: `npm run build && node dist/bench/ndjson.bench.js`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import { MERCHANT_FIELDS } from '../src/record/merchant-record.js';
import { parseChunk } from '../src/read/parse-chunk.js';
import { parseNdjson } from '../src/read/ndjson-parser.js';
import { compact, pad, ratio } from './lib/format.js';
import { provenance } from './lib/machine.js';
import { opsPerSecond } from './lib/ops-per-second.js';
import { REPO_ROOT } from './lib/paths.js';
import { appendResult } from './lib/results-log.js';
import { cachedCorpus } from './scan/corpus-cache.js';

const RECORDS = 20_000;
const SEED = 1;
const BASELINE = 'JSON.parse per line';

interface Simdjson {
  parse(s: string): unknown;
  lazyParse(s: string): { valueForKeyPath(path: string): unknown };
  isValid(s: string): boolean;
}

function loadSimdjson(): Simdjson | string {
  try {
    return createRequire(import.meta.url)('simdjson') as Simdjson;
  } catch (err) {
    return (err as Error).message.split('\n')[0] ?? String(err);
  }
}

export async function runNdjsonBench(): Promise<void> {
  const corpus = await cachedCorpus(RECORDS, SEED, (l) => console.log(l));
  const text = readFileSync(corpus.ndjson, 'utf8');
  const raw = Buffer.from(text);
  const bytes = raw.length;
  const lines = text.split('\n').filter((l) => l !== '');
  console.log(`corpus: ${lines.length.toLocaleString('en-US')} generated records, ${(bytes / 2 ** 20).toFixed(1)} MB NDJSON ` +
    `(${Math.round(bytes / lines.length)} bytes a line)`);
  console.log('@napi-rs/simd-json: not on npm (the design card names a package that does not exist); measuring `simdjson` instead');

  let sink = 0;
  const sinkObject = { object: (v: Record<string, unknown>) => void (sink += v ? 1 : 0), malformed: () => void sink-- };
  const tasks: Record<string, () => void> = {
    [BASELINE]: () => {
      for (const l of lines) sink += (JSON.parse(l) as { name: string }).name.length;
    },
  };
  const simd = loadSimdjson();
  let agreement = 'n/a';
  if (typeof simd === 'string') {
    console.log(`simdjson: does not load (${simd}); is it installed and did its native build (node-gyp) succeed?`);
  } else {
    const same = lines.filter((l) => isDeepStrictEqual(simd.parse(l), JSON.parse(l))).length;
    agreement = `${(100 * same / lines.length).toFixed(2)}%`;
    tasks['simdjson.parse per line'] = () => {
      for (const l of lines) sink += (simd.parse(l) as { name: string }).name.length;
    };
    tasks['simdjson.lazyParse + 18 fields'] = () => {
      for (const l of lines) {
        const tape = simd.lazyParse(l);
        for (const f of MERCHANT_FIELDS) sink += tape.valueForKeyPath(f) === null ? 0 : 1;
      }
    };
    tasks['simdjson.isValid per line'] = () => {
      for (const l of lines) sink += simd.isValid(l) ? 1 : 0;
    };
  }
  tasks['parseNdjson (engine reader)'] = () => {
    parseNdjson(raw, 1, sinkObject);
  };
  const scanned = parseChunk(raw, { format: 'ndjson', firstLine: 1 });
  const parsed = parseChunk(raw, { format: 'ndjson', firstLine: 1, fieldScanner: false });
  if (!isDeepStrictEqual(scanned, parsed)) throw new Error('the field scanner and JSON.parse give different chunks');
  tasks['parseChunk, JSON.parse path'] = () => {
    sink += parseChunk(raw, { format: 'ndjson', firstLine: 1, fieldScanner: false }).records.length;
  };
  tasks['parseChunk, field scanner'] = () => {
    sink += parseChunk(raw, { format: 'ndjson', firstLine: 1 }).records.length;
  };
  const r = await opsPerSecond(tasks, lines.length);
  const base = r.get(BASELINE)!;
  console.log('\nrecords/s on one core (MB/s of NDJSON)');
  for (const [name, v] of r) console.log(`  ${pad(name, 32)} ${pad(compact(v), 8)} ${pad((v * bytes / lines.length / 2 ** 20).toFixed(0) + ' MB/s', 10)} ${ratio(v / base)} the baseline`);
  if (typeof simd !== 'string') console.log(`  simdjson.parse gives objects deep-equal to JSON.parse's on ${agreement} of lines`);
  if (sink === 42) console.log('');
  appendResult('stages.jsonl', {
    bench: 'ndjson',
    ...provenance(REPO_ROOT),
    records: lines.length,
    records_per_second: Object.fromEntries([...r].map(([k, v]) => [k, Math.round(v)])),
    simdjson: typeof simd === 'string' ? `not loaded: ${simd}` : `loaded; parse agrees on ${agreement}`,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runNdjsonBench();
