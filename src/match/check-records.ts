/**
 * The onboarding check of one or more applicants against one pinned generation of the dedup index, with
 * the batch scan's own code at every step, so a `duplicate` answer is the pair the scan would make:
 *
 *   validate (record/validate-record.ts) ─► normalize ─► keys (candidates/record-keys.ts)
 *     ─► round trip 1: candidates sharing a key (generation + registrations), with their contract records
 *     ─► normalize and key the candidates
 *     ─► round trip 2: counts of every key involved (name frequencies, generic identifier values)
 *     ─► per applicant: a small feature store [applicant, its candidates] and its MatchContext, counted as if
 *        the applicant were one more record of the corpus ─► verifyPair ─► decision
 *
 * Candidate generation: every key whose bucket, with the applicant in it, stays within the generation's
 * bucket_cap compares the applicant with all its members. For identifier keys that is what the batch
 * does. Name and address keys the batch walks with smaller limits (candidates/bucket-policy.ts: all
 * pairs only in buckets of 2 to 4, a few near neighbours per order above that, never two records over a
 * kilometre apart, or 300 m for lookalike names); online the applicant still
 * meets every member of such a bucket up to bucket_cap, a superset of the batch's candidates, and
 * verification decides as in the batch (the parity test and benchmark count any answer that differs). A bucket over bucket_cap the batch
 * walks by sorted neighbourhood; online, such a key finds no candidates at all: a duplicate the batch
 * found only through a giant bucket's window is missed, and no unbounded bucket is ever read per request.
 *
 * Several applicants in one request are checked independently: they never count as each other's corpus.
 */
import { kindOf } from '../candidates/key-kinds.js';
import { RecordKeyEmitter } from '../candidates/record-keys.js';
import type { SketchParams } from '../sketch/minhash-params.js';
import type { Candidate, GenerationKeyCount, PinnedGeneration, Queryable } from '../db/online-index.js';
import { fetchCandidates, fetchKeyCounts, keyText } from '../db/online-index.js';
import type { NormalizedMerchant } from '../normalize/normalized-merchant.js';
import { normalizeRecord } from '../normalize/normalize-record.js';
import type { MerchantRecord } from '../record/merchant-record.js';
import { appendMerchant, keySourceOf } from '../store/append-merchant.js';
import { NUM_COLUMNS, NumColumn } from '../store/feature-columns.js';
import type { FeatureStore } from '../store/feature-store.js';
import { FeatureStoreBuilder } from '../store/feature-store-builder.js';
import { isRiskKind } from '../risk/risk-key-kinds.js';
import { riskKeyId, riskKeysOf } from '../risk/risk-keys.js';
import { riskSignalsFor, type AlertRef, type RiskSignal } from '../risk/risk-signals.js';
import { phonesOf } from '../store/append-merchant.js';
import { contextFromKeyCounts } from '../verify/match-context.js';
import { emptyEvidence, verifyPair } from '../verify/verify-pair.js';
import { decisionOf, isListed, type Decision } from './decision.js';
import { evidenceJson, roundScore } from './evidence-json.js';
import { frequencyColumn } from './match-params.js';

export interface CheckMatch {
  merchant_id: string;
  /** Rounded as pairs.csv rounds it. */
  score: number;
  cluster_id: string | null;
  evidence: Record<string, string | number | null>;
}

export interface CheckResult {
  decision: Decision;
  matches: CheckMatch[];
  /** Risk signals of the applicant (risk/risk-signals.ts): a current alert's key, or a burst of registrations on one key. */
  risk: RiskSignal[];
}

/** A check result with the unrounded scores, for parity with the batch's Float32 scores. */
export interface CheckOutcome {
  result: CheckResult;
  scores: Map<string, number>;
}

export interface Applicant {
  record: MerchantRecord;
  /** False when the request gave no merchant_id (a placeholder stands in for it). */
  hasId: boolean;
}

interface Keyed {
  normalized: NormalizedMerchant;
  /** Flat [hi, lo, …] words, as recordKeys returns them. */
  words: Uint32Array;
  /** Distinct keys as bigint text. */
  texts: Set<string>;
}

/**
 * One key emitter per sketch, as `recordKeys` would build for every call: building one derives the MinHash
 * permutations and the trade-word table, which would cost more than keying the record.
 */
const emitters = new WeakMap<SketchParams, { emitter: RecordKeyEmitter; out: number[] }>();

function keyed(record: MerchantRecord, g: PinnedGeneration): Keyed {
  const normalized = normalizeRecord(record);
  let e = emitters.get(g.params.sketch);
  if (e === undefined) {
    const out: number[] = [];
    e = { out, emitter: new RecordKeyEmitter(g.params.sketch, { push: (hi, lo) => void out.push(hi, lo) }) };
    emitters.set(g.params.sketch, e);
  }
  e.out.length = 0;
  e.emitter.emit(keySourceOf(normalized), 0);
  const words = Uint32Array.from(e.out);
  const texts = new Set<string>();
  for (let j = 0; j + 1 < words.length; j += 2) texts.add(keyText(words[j]!, words[j + 1]!));
  return { normalized, words, texts };
}

/** The blocking keys of one record, as bigint text and key kind (what a registration stores). */
export function registrationKeys(record: MerchantRecord, g: PinnedGeneration): { keys: string[]; kinds: number[] } {
  const k = keyed(record, g);
  const keys: string[] = [];
  const kinds: number[] = [];
  const seen = new Set<string>();
  for (let j = 0; j + 1 < k.words.length; j += 2) {
    const t = keyText(k.words[j]!, k.words[j + 1]!);
    if (seen.has(t)) continue;
    seen.add(t);
    keys.push(t);
    kinds.push(kindOf(k.words[j]!));
  }
  return { keys, kinds };
}

export async function checkApplicants(db: Queryable, g: PinnedGeneration, applicants: readonly Applicant[]): Promise<CheckOutcome[]> {
  const mine = applicants.map((a) => keyed(a.record, g));
  const asked = new Set<string>();
  for (const k of mine) for (const t of k.texts) asked.add(t);
  const candidates = asked.size === 0 ? [] : await fetchCandidates(db, g, [...asked]);
  const theirs = new Map<string, { candidate: Candidate; keys: Keyed }>();
  for (const c of candidates) if (!theirs.has(c.merchant_id)) theirs.set(c.merchant_id, { candidate: c, keys: keyed(c.record, g) });

  const all = new Set(asked);
  for (const { keys } of theirs.values()) for (const t of keys.texts) all.add(t);
  const counts = all.size === 0 ? { generation: new Map<string, GenerationKeyCount>(), registered: new Map<string, number>() } : await fetchKeyCounts(db, g, [...all]);
  // A key missing from the generation's counts is carried by at most one of its merchants; when one does,
  // it was fetched (as a candidate, or as the candidate whose key it is), so count the fetched carriers.
  const fetchedCarriers = new Map<string, number>();
  for (const { candidate, keys } of theirs.values()) {
    if (candidate.registered) continue;
    for (const t of keys.texts) fetchedCarriers.set(t, (fetchedCarriers.get(t) ?? 0) + 1);
  }
  // Frequencies in distinct records (store/content-hash.ts), as the scan counted them; the cap in records.
  const corpusCount = (t: string): number => (counts.generation.get(t)?.distinct ?? fetchedCarriers.get(t) ?? 0) + (counts.registered.get(t) ?? 0);
  const usable = (t: string): boolean => (counts.generation.get(t)?.records ?? 0) < g.params.bucket_cap;

  return applicants.map((applicant, i) => checkOne(g, applicant, mine[i]!, theirs, corpusCount, usable));
}

/**
 * The applicant's risk signals from the merchants it shares identifier keys with (the candidates fetched:
 * the same hashes link merchants in the batch's risk graph): the alerts they belong to, and their
 * registration times on each key. The person key (legal person + birth date) is not in the dedup index,
 * so online it finds nothing; the batch's alerts still catch it at the next rebuild.
 */
function riskOf(own: Keyed, theirs: ReadonlyMap<string, { candidate: Candidate; keys: Keyed }>, selfId: string | null): RiskSignal[] {
  const n = own.normalized;
  const keys = riskKeysOf({
    uscc: n.usccValid ? n.uscc : '',
    idNumber: n.idNumberValid ? n.idNumber : '',
    bankAccount: n.bankAccount,
    phones: phonesOf(n),
    terminals: n.terminalSns,
    legalPerson: n.legalPerson,
  });
  if (keys.length === 0) return [];
  const alertsByKey = new Map<string, AlertRef[]>();
  const times = new Map<string, number[]>();
  for (const { candidate, keys: k } of theirs.values()) {
    if (candidate.merchant_id === selfId) continue;
    const seen = new Set<string>();
    for (let j = 0; j + 1 < k.words.length; j += 2) {
      const hi = k.words[j]!;
      if (!isRiskKind(kindOf(hi))) continue;
      const id = riskKeyId(hi, k.words[j + 1]!);
      if (seen.has(id)) continue;
      seen.add(id);
      if (candidate.alerts.length > 0) alertsByKey.set(id, [...(alertsByKey.get(id) ?? []), ...candidate.alerts]);
      const t = k.normalized.createdAt;
      if (t === t) times.set(id, [...(times.get(id) ?? []), t]);
    }
  }
  const at = n.createdAt === n.createdAt ? n.createdAt : Date.now();
  return riskSignalsFor({ keys, at }, alertsByKey, { times: (id) => times.get(id) ?? [] });
}

function checkOne(
  g: PinnedGeneration,
  applicant: Applicant,
  own: Keyed,
  theirs: ReadonlyMap<string, { candidate: Candidate; keys: Keyed }>,
  corpusCount: (t: string) => number,
  usable: (t: string) => boolean,
): CheckOutcome {
  const picked: { candidate: Candidate; keys: Keyed }[] = [];
  /** The applicant's own merchant in the generation, when it is checked again under its merchant_id. */
  let self: Keyed | null = null;
  for (const c of theirs.values()) {
    if (applicant.hasId && c.candidate.merchant_id === applicant.record.merchant_id) {
      if (!c.candidate.registered) self = c.keys;
      continue;
    }
    for (const t of c.keys.texts) {
      if (own.texts.has(t) && usable(t)) {
        picked.push(c);
        break;
      }
    }
  }
  // Candidates in merchant_id order: the answer never depends on the database's row order.
  picked.sort((x, y) => (x.candidate.merchant_id < y.candidate.merchant_id ? -1 : x.candidate.merchant_id > y.candidate.merchant_id ? 1 : 0));

  const builder = new FeatureStoreBuilder(picked.length + 1);
  appendMerchant(builder, applicant.record, own.normalized, 0);
  for (const c of picked) appendMerchant(builder, c.candidate.record, c.keys.normalized, 0);
  const store = builder.toShared();
  // The applicant counts as one more carrier of each of its own keys, as one more record of the corpus
  // would, unless its content repeats a merchant of the generation's: that content, and so every key of
  // it, is counted already. A merchant checked again under its own merchant_id is counted already on
  // every key its generation record carries.
  const added = repeatsGenerationMerchant(store, picked, g) ? 0 : 1;
  const ctx = contextFromKeyCounts([own.words, ...picked.map((c) => c.keys.words)], (hi, lo) => {
    const t = keyText(hi, lo);
    return corpusCount(t) + (own.texts.has(t) && (self === null || !self.texts.has(t)) ? added : 0);
  }, g.params.generic_min, g.params.weights_table);

  const ev = emptyEvidence();
  const matches: (CheckMatch & { raw: number })[] = [];
  for (let j = 0; j < picked.length; j++) {
    verifyPair(store, ctx, 0, j + 1, ev);
    if (!isListed(ev.score, g.params.threshold)) continue;
    const c = picked[j]!.candidate;
    matches.push({ merchant_id: c.merchant_id, score: roundScore(ev.score), raw: ev.score, cluster_id: c.cluster_id, evidence: evidenceJson(ev) });
  }
  matches.sort((x, y) => y.raw - x.raw || (x.merchant_id < y.merchant_id ? -1 : 1));
  const scores = new Map(matches.map((m) => [m.merchant_id, m.raw]));
  const best = matches.length > 0 ? matches[0]!.raw : 0;
  return {
    result: {
      decision: decisionOf(best, g.params.threshold),
      matches: matches.map(({ raw: _raw, ...m }) => m),
      risk: riskOf(own, theirs, applicant.hasId ? applicant.record.merchant_id : null),
    },
    scores,
  };
}

/**
 * Whether the applicant (record 0 of `store`) has the content of a picked merchant of the generation
 * (record j + 1), in a generation whose frequencies count distinct records.
 */
function repeatsGenerationMerchant(store: FeatureStore, picked: readonly { candidate: Candidate }[], g: PinnedGeneration): boolean {
  if (frequencyColumn(g.params) !== 'distinct_records') return false;
  const own = store.nums[NumColumn.Content]!;
  for (let j = 0; j < picked.length; j++) {
    if (!picked[j]!.candidate.registered && store.nums[(j + 1) * NUM_COLUMNS + NumColumn.Content] === own) return true;
  }
  return false;
}
