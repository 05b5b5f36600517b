/**
 * Peer: the `minhash` npm package (the baseline the design card names) run as its README shows: a
 * Minhash per record fed its shingles as strings, an LshIndex, a query per record. Child process of the
 * scan benchmark; input {input, outDir} as argv[2]; writes two pairs files and prints one JSON line.
 *
 * Same shingles as the engine: code-point bigrams of the name core from our normalizer (records read and
 * normalized by the engine's own ingest, on this one thread; that time is part of the peer's). Same LSH
 * shape: 30 permutations in 10 bands of 3 rows (the engine: 32 permutations, 10 × 3; the package bands
 * `numPerm / bandSize` rows, so 30 gives exactly 10 bands). Unlike the engine, the package cannot scope
 * a band to a city: one index for the whole corpus.
 *
 * Two ways to decide a candidate, written to two files:
 *   - `pairs-verify.csv`: our exact verification (verifyPair at the default threshold). The name-frequency
 *     evidence it uses is filled here the way blocking fills it (records per name core and city);
 *   - `pairs-estimate.csv`: the package alone: its Jaccard estimate >= 0.5, the LSH threshold.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GrowableU32 } from '../../src/store/growable-array.js';
import { NUM_COLUMNS, NumColumn, TextColumn } from '../../src/store/feature-columns.js';
import { textOf } from '../../src/store/feature-store.js';
import { DEFAULT_MATCH_THRESHOLD } from '../../src/verify/match-weights.js';
import { emptyContext } from '../../src/verify/match-context.js';
import { emptyEvidence, verifyPair } from '../../src/verify/verify-pair.js';
import { ingestFile } from '../lib/ingest-file.js';

/** 10 bands of 3 rows, the engine's LSH shape. */
const NUM_PERM = 30;
const BAND_SIZE = 3;
/** The engine's LSH Jaccard threshold: the package's estimate is compared with it. */
const JACCARD_THRESHOLD = 0.5;
const SHINGLE = 2;

interface PackageMinhash {
  hashvalues: number[];
  update(s: string): void;
  jaccard(other: PackageMinhash): number;
}
interface PackageLshIndex {
  insert(key: number, m: PackageMinhash): void;
  query(m: PackageMinhash): string[];
}
const require = createRequire(import.meta.url);
const { Minhash, LshIndex } = require('minhash') as {
  Minhash: new (config?: { numPerm?: number; seed?: number }) => PackageMinhash;
  LshIndex: new (args?: { bandSize?: number }) => PackageLshIndex;
};

export interface MinhashPeerResult {
  records: number;
  candidate_pairs: number;
  ms: { ingest: number; signatures: number; query: number; verify: number; estimate: number; write: number };
  verify_pairs: number;
  estimate_pairs: number;
  max_rss_kb: number;
}

function bigrams(s: string): Set<string> {
  const cps = [...s];
  const out = new Set<string>();
  if (cps.length < SHINGLE) out.add(s);
  for (let i = 0; i + SHINGLE <= cps.length; i++) out.add(cps.slice(i, i + SHINGLE).join(''));
  return out;
}

function writePairs(file: string, ids: readonly string[], flat: GrowableU32): void {
  const lines = ['a_id,b_id'];
  for (let i = 0; i < flat.length; i += 2) lines.push(`${ids[flat.data[i]!]!},${ids[flat.data[i + 1]!]!}`);
  writeFileSync(file, lines.join('\n') + '\n');
}

const { input, outDir } = JSON.parse(process.argv[2] ?? '{}') as { input: string; outDir: string };

const t0 = performance.now();
const { store } = ingestFile(input);
const n = store.count;
const ids = Array.from({ length: n }, (_, i) => textOf(store, i, TextColumn.MerchantId));
const cores = Array.from({ length: n }, (_, i) => textOf(store, i, TextColumn.NameCore));
const perNameCity = new Map<string, number>();
const nameCity = (i: number): string => `${store.nums[i * NUM_COLUMNS + NumColumn.CityCode]!}|${cores[i]!}`;
for (let i = 0; i < n; i++) perNameCity.set(nameCity(i), (perNameCity.get(nameCity(i)) ?? 0) + 1);
const context = emptyContext(n);
for (let i = 0; i < n; i++) context.nameFrequency[i] = perNameCity.get(nameCity(i))!;
const t1 = performance.now();

const index = new LshIndex({ bandSize: BAND_SIZE });
const sketches: (PackageMinhash | null)[] = new Array<PackageMinhash | null>(n).fill(null);
for (let i = 0; i < n; i++) {
  if (cores[i] === '') continue;
  const m = new Minhash({ numPerm: NUM_PERM });
  for (const sh of bigrams(cores[i]!)) m.update(sh);
  index.insert(i, m);
  sketches[i] = m;
}
const t2 = performance.now();

const candidates = new GrowableU32(1 << 20);
for (let i = 0; i < n; i++) {
  const m = sketches[i];
  if (!m) continue;
  for (const k of index.query(m)) {
    const j = Number(k);
    if (j > i) candidates.push2(i, j);
  }
}
const t3 = performance.now();

const verified = new GrowableU32();
const ev = emptyEvidence();
for (let p = 0; p < candidates.length; p += 2) {
  const a = candidates.data[p]!;
  const b = candidates.data[p + 1]!;
  if (verifyPair(store, context, a, b, ev, DEFAULT_MATCH_THRESHOLD).score >= DEFAULT_MATCH_THRESHOLD) verified.push2(a, b);
}
const t4 = performance.now();

const estimated = new GrowableU32();
for (let p = 0; p < candidates.length; p += 2) {
  const a = candidates.data[p]!;
  const b = candidates.data[p + 1]!;
  if (sketches[a]!.jaccard(sketches[b]!) >= JACCARD_THRESHOLD) estimated.push2(a, b);
}
const t5 = performance.now();

writePairs(join(outDir, 'pairs-verify.csv'), ids, verified);
writePairs(join(outDir, 'pairs-estimate.csv'), ids, estimated);
const t6 = performance.now();

const result: MinhashPeerResult = {
  records: n,
  candidate_pairs: candidates.length / 2,
  ms: {
    ingest: Math.round(t1 - t0),
    signatures: Math.round(t2 - t1),
    query: Math.round(t3 - t2),
    verify: Math.round(t4 - t3),
    estimate: Math.round(t5 - t4),
    write: Math.round(t6 - t5),
  },
  verify_pairs: verified.length / 2,
  estimate_pairs: estimated.length / 2,
  max_rss_kb: process.resourceUsage().maxRSS,
};
process.stdout.write(JSON.stringify(result) + '\n');
