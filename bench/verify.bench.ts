/**
 * Verification-stage benchmark: `verifyPair` on the candidate pairs a real scan produces, against a naive
 * string-based version of the same evidence, in one run.
 *
 * Pairs: a generated corpus (20,000 records, seed 1) through the engine's own ingest and blocking on this
 * thread, so the pairs are the ones a scan verifies (true duplicates, chain branches, one mall address,
 * generic names…). Rows:
 *   - verifyPair with early exit at the default threshold: what a scan runs;
 *   - verifyPair with full evidence (no early exit): every field compared, as for pairs.csv;
 *   - baseline: the same evidence from records held as objects of strings (the obvious design), with
 *     bigram Dice over a Map of bigram strings, longest common substring by a full DP table, lists by
 *     split + Set, identifiers by string equality, the name edit by collecting differing characters.
 * The baseline must give the same evidence: the share of pairs on which every field agrees is printed.
 * Run compiled: `npm run build && node dist/bench/verify.bench.js`.
 */
import { pathToFileURL } from 'node:url';
import { blockPartition, neighbourhoodOrders } from '../src/candidates/block-partition.js';
import { uniquePairs } from '../src/candidates/unique-pairs.js';
import { fillScanOptions } from '../src/scan/scan-options.js';
import { NUM_COLUMNS, NumColumn, TextColumn } from '../src/store/feature-columns.js';
import { textOf, type FeatureStore } from '../src/store/feature-store.js';
import { distanceMetres } from '../src/verify/geo-distance.js';
import { soundAlike } from '../src/verify/homophones.js';
import {
  BRANCH_SAME_SIMILARITY,
  CONTAINMENT_DISCOUNT,
  CONTAINMENT_FULL_CREDIT_LENGTH,
  CONTAINMENT_LENGTH_WEIGHT,
  DEFAULT_MATCH_THRESHOLD,
  DEFAULT_WEIGHTS,
  HOMOPHONE_NAME_SIMILARITY,
} from '../src/verify/match-weights.js';
import { identifierMask, sharedContext } from '../src/verify/match-context.js';
import { Agreement, BranchEvidence, emptyEvidence, NameEdit, verifyPair, type PairEvidence } from '../src/verify/verify-pair.js';
import { compact, pad, ratio } from './lib/format.js';
import { ingestFile } from './lib/ingest-file.js';
import { opsPerSecond } from './lib/ops-per-second.js';
import { appendResult } from './lib/results-log.js';
import { provenance } from './lib/machine.js';
import { REPO_ROOT } from './lib/paths.js';
import { cachedCorpus } from './scan/corpus-cache.js';

const RECORDS = 20_000;
const SEED = 1;
/** Largest share of pairs the timed passes cover: enough pairs for a stable rate, few enough for a quick pass. */
const MAX_PAIRS = 200_000;
const EPSILON = 1e-9;

// ---------------------------------------------------------------- the naive baseline

interface PlainRecord {
  nameCore: string;
  branch: string;
  address: string;
  street: string;
  phones: string;
  uscc: string;
  idNumber: string;
  bankAccount: string;
  terminals: string;
  mcc: string;
  legalPerson: string;
  lat: number;
  lng: number;
}

function plainRecords(store: FeatureStore): PlainRecord[] {
  return Array.from({ length: store.count }, (_, i) => ({
    nameCore: textOf(store, i, TextColumn.NameCore),
    branch: textOf(store, i, TextColumn.Branch),
    address: textOf(store, i, TextColumn.Address),
    street: textOf(store, i, TextColumn.Street),
    phones: textOf(store, i, TextColumn.Phones),
    uscc: textOf(store, i, TextColumn.Uscc),
    idNumber: textOf(store, i, TextColumn.IdNumber),
    bankAccount: textOf(store, i, TextColumn.BankAccount),
    terminals: textOf(store, i, TextColumn.Terminals),
    mcc: textOf(store, i, TextColumn.Mcc),
    legalPerson: textOf(store, i, TextColumn.LegalPerson),
    lat: store.nums[i * NUM_COLUMNS + NumColumn.Lat]!,
    lng: store.nums[i * NUM_COLUMNS + NumColumn.Lng]!,
  }));
}

function naiveDice(a: string, b: string): number {
  if (a === '' || b === '') return 0;
  if (a === b) return 1;
  if (a.length === 1 || b.length === 1) return 0;
  const counts = new Map<string, number>();
  for (let j = 0; j + 1 < b.length; j++) {
    const g = b.slice(j, j + 2);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  let common = 0;
  for (let i = 0; i + 1 < a.length; i++) {
    const g = a.slice(i, i + 2);
    const c = counts.get(g) ?? 0;
    if (c > 0) {
      counts.set(g, c - 1);
      common++;
    }
  }
  return (2 * common) / (a.length - 1 + b.length - 1);
}

function naiveLcs(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  let best = 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        table[i]![j] = table[i - 1]![j - 1]! + 1;
        best = Math.max(best, table[i]![j]!);
      }
    }
  }
  return best;
}

function naiveSimilarity(a: string, b: string): number {
  const dice = naiveDice(a, b);
  if (dice === 1) return 1;
  const shorter = Math.min(a.length, b.length);
  if (shorter === 0) return 0;
  const lcs = naiveLcs(a, b);
  const longer = Math.max(a.length, b.length);
  const containment = (lcs / shorter) * Math.min(1, lcs / CONTAINMENT_FULL_CREDIT_LENGTH) * (1 - CONTAINMENT_LENGTH_WEIGHT * (1 - shorter / longer));
  return Math.max(dice, containment * CONTAINMENT_DISCOUNT);
}

const exact = (a: string, b: string): Agreement => (a === '' || b === '' ? Agreement.Missing : a === b ? Agreement.Match : Agreement.Conflict);

function list(a: string, b: string): Agreement {
  if (a === '' || b === '') return Agreement.Missing;
  const set = new Set(a.split(','));
  return b.split(',').some((x) => set.has(x)) ? Agreement.Match : Agreement.Conflict;
}

function naiveNameEdit(a: string, b: string): NameEdit {
  if (a.length !== b.length || a.length < 2) return NameEdit.None;
  const differing: [number, number][] = [];
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) differing.push([a.charCodeAt(k), b.charCodeAt(k)]);
  if (differing.length === 0 || differing.length * 2 > a.length) return NameEdit.None;
  return differing.every(([x, y]) => soundAlike(x, y)) ? NameEdit.Homophone : NameEdit.Substitution;
}

function naiveEvidence(x: PlainRecord, y: PlainRecord, ev: PairEvidence): PairEvidence {
  ev.phone = list(x.phones, y.phones);
  ev.uscc = exact(x.uscc, y.uscc);
  ev.idNumber = exact(x.idNumber, y.idNumber);
  ev.bankAccount = exact(x.bankAccount, y.bankAccount);
  ev.terminal = list(x.terminals, y.terminals);
  ev.mcc = exact(x.mcc, y.mcc);
  ev.legalPerson = exact(x.legalPerson, y.legalPerson);
  ev.nameSim = naiveSimilarity(x.nameCore, y.nameCore);
  ev.nameEdit = naiveNameEdit(x.nameCore, y.nameCore);
  if (ev.nameEdit === NameEdit.Homophone) ev.nameSim = Math.max(ev.nameSim, HOMOPHONE_NAME_SIMILARITY);
  ev.branch = x.branch === '' && y.branch === '' ? BranchEvidence.None
    : x.branch === '' || y.branch === '' ? BranchEvidence.OneMissing
      : naiveSimilarity(x.branch, y.branch) >= BRANCH_SAME_SIMILARITY ? BranchEvidence.Same : BranchEvidence.Differ;
  ev.addressSim = x.address === '' || y.address === '' ? NaN : naiveSimilarity(x.address, y.address);
  ev.sameStreet = x.street !== '' && x.street === y.street;
  ev.distance = distanceMetres(x.lat, x.lng, y.lat, y.lng);
  return ev;
}

function sameEvidence(p: PairEvidence, q: PairEvidence): boolean {
  const near = (u: number, v: number): boolean => (Number.isNaN(u) ? Number.isNaN(v) : Math.abs(u - v) <= EPSILON);
  return near(p.nameSim, q.nameSim) && p.nameEdit === q.nameEdit && near(p.addressSim, q.addressSim) && near(p.distance, q.distance) && p.branch === q.branch &&
    p.sameStreet === q.sameStreet && p.phone === q.phone && p.uscc === q.uscc && p.idNumber === q.idNumber &&
    p.bankAccount === q.bankAccount && p.terminal === q.terminal && p.mcc === q.mcc && p.legalPerson === q.legalPerson;
}

// ---------------------------------------------------------------- run

export async function runVerifyBench(): Promise<void> {
  const corpus = await cachedCorpus(RECORDS, SEED, (l) => console.log(l));
  const ingested = ingestFile(corpus.ndjson);
  const store = ingested.store;
  const o = fillScanOptions({ threads: 1 });
  const skip = new Uint8Array(store.count);
  const facts = { ...sharedContext(store.count), recordNums: store.nums, identifierMask: identifierMask(), genericMin: o.genericMin, keepCounts: false };
  const blocked = blockPartition([{ entries: ingested.keys[0]!, base: 0 }], skip, neighbourhoodOrders(store), { cap: o.bucketCap, window: o.window }, 1, facts);
  const context = { nameFrequency: facts.nameFrequency, generic: facts.generic, genericKeys: new Set<string>(), weights: DEFAULT_WEIGHTS };
  const all = uniquePairs(blocked.pairs[0]!);
  const pairs = all.subarray(0, Math.min(all.length, 2 * MAX_PAIRS));
  const count = pairs.length / 2;
  const records = plainRecords(store);
  const ev = emptyEvidence();
  const naive = emptyEvidence();

  let agree = 0;
  let matches = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    verifyPair(store, context, pairs[i]!, pairs[i + 1]!, ev, 0);
    if (ev.score >= DEFAULT_MATCH_THRESHOLD) matches++;
    if (sameEvidence(ev, naiveEvidence(records[pairs[i]!]!, records[pairs[i + 1]!]!, naive))) agree++;
  }
  console.log(`corpus: ${RECORDS.toLocaleString('en-US')} generated records (seed ${SEED}); ${count.toLocaleString('en-US')} candidate pairs ` +
    `from the engine's blocking, ${(100 * matches / count).toFixed(1)}% of them duplicates at the default threshold`);

  let sink = 0;
  const r = await opsPerSecond({
    'verifyPair, early exit': () => {
      for (let i = 0; i < pairs.length; i += 2) sink += verifyPair(store, context, pairs[i]!, pairs[i + 1]!, ev, DEFAULT_MATCH_THRESHOLD).score;
    },
    'verifyPair, full evidence': () => {
      for (let i = 0; i < pairs.length; i += 2) sink += verifyPair(store, context, pairs[i]!, pairs[i + 1]!, ev, 0).nameSim;
    },
    'naive strings (baseline)': () => {
      for (let i = 0; i < pairs.length; i += 2) sink += naiveEvidence(records[pairs[i]!]!, records[pairs[i + 1]!]!, naive).nameSim;
    },
  }, count);
  const base = r.get('naive strings (baseline)')!;
  console.log('\npairs/s on one core');
  for (const [name, v] of r) console.log(`  ${pad(name, 28)} ${pad(compact(v), 8)} ${ratio(v / base)} the baseline`);
  console.log(`  baseline evidence identical to verifyPair's on ${(100 * agree / count).toFixed(2)}% of pairs`);
  if (sink === 42) console.log('');
  appendResult('stages.jsonl', {
    bench: 'verify',
    ...provenance(REPO_ROOT),
    pairs: count,
    pairs_per_second: Object.fromEntries([...r].map(([k, v]) => [k, Math.round(v)])),
    baseline_agreement: agree / count,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runVerifyBench();
