/**
 * The examples `train` fits on: the pairs a scan of the input compares (its candidate pairs, every one
 * verified in full) plus every labelled match blocking did not propose, each as the feature vector of
 * weight-vector.ts and a label. The labels follow `eval`'s truth formats and its reading of them:
 *
 * - labelled pairs `a_id,b_id[,label]`: a row is a match when its label is 1 / true / yes / match /
 *   duplicate (or there is no label column), and every other pair is a non-match; with two sources
 *   (`--sources A,B`, or inferred from the id prefixes as eval does), only pairs with one record of each
 *   source are examples, since pairs within a source are not labelled either way;
 * - entities `merchant_id,entity_id`: records of one entity are matches, all other pairs non-matches.
 *
 * A review's decisions (decision-labels.ts) are read differently: only the pairs someone decided are
 * examples, since a pair nobody looked at is unknown, not a non-match.
 */
import { DedupError } from '../errors.js';
import { readCsvTable } from '../eval/read-csv-table.js';
import { inferSources } from '../eval/source-prefixes.js';
import { UnionFind } from '../eval/union-find.js';
import type { ColumnMap } from '../record/validate-record.js';
import { formatFromPath } from '../read/input-format.js';
import { scanCorpus } from '../scan/scan-corpus.js';
import { TextColumn } from '../store/feature-columns.js';
import { textOf, type FeatureStore } from '../store/feature-store.js';
import type { MatchContext } from '../verify/match-context.js';
import type { MatchWeights } from '../verify/match-weights.js';
import { emptyEvidence, verifyPair } from '../verify/verify-pair.js';
import type { LabelledPair } from './decision-labels.js';
import { layoutOf, featuresOf } from './weight-vector.js';

export interface TrainingSet {
  /** Feature vectors, row-major, `size` per example. */
  x: Float64Array;
  y: Uint8Array;
  /** 1 when the scan's blocking proposed the pair: only those can ever be reported. */
  candidate: Uint8Array;
  /** Cross-validation group of each example: the labelled entity of its first record. */
  group: Uint32Array;
  count: number;
  size: number;
  /** What was read, for the report. */
  stats: { records: number; labelled_matches: number; labelled_missing: number; candidates: number; matches_not_candidates: number; sources: [string, string] | null };
}

const POSITIVE_LABELS = new Set(['1', 'true', 'yes', 'match', 'duplicate']);

export interface TrainingInput {
  input: string;
  /** A labels file (labelled pairs or entities), or decided pairs (review decisions). */
  labels: string | readonly LabelledPair[];
  /** The table the pairs are verified with (its layout is the feature layout). */
  weights: Readonly<MatchWeights>;
  sources?: [string, string];
  columnMap?: ColumnMap;
  threads?: number;
}

interface Labels {
  /** Match pairs as `lo\tHi` of record indexes. */
  matches: Set<string>;
  /** The same as index pairs, for the labelled matches blocking missed. */
  matchPairs: [number, number][];
  /** Decided non-matches when only decided pairs are examples (review decisions); null: every unlabelled pair is a non-match. */
  nonMatches: Map<string, [number, number]> | null;
  sources: [string, string] | null;
  missing: number;
}

function decidedLabels(pairs: readonly LabelledPair[], indexOf: Map<string, number>): Labels {
  const matches = new Set<string>();
  const matchPairs: [number, number][] = [];
  const nonMatches = new Map<string, [number, number]>();
  let missing = 0;
  for (const p of pairs) {
    const a = indexOf.get(p.a);
    const b = indexOf.get(p.b);
    if (a === undefined || b === undefined || a === b) {
      missing++;
      continue;
    }
    const k = pairKey(a, b);
    if (p.match) {
      matches.add(k);
      matchPairs.push([a, b]);
    } else nonMatches.set(k, [a, b]);
  }
  return { matches, matchPairs, nonMatches, sources: null, missing };
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}\t${b}` : `${b}\t${a}`;
}

async function readLabels(path: string, indexOf: Map<string, number>, sources: [string, string] | undefined): Promise<Labels> {
  const t = await readCsvTable(path, ['merchant_id', 'entity_id', 'a_id', 'b_id', 'label']);
  const matches = new Set<string>();
  const matchPairs: [number, number][] = [];
  let missing = 0;
  const add = (idA: string, idB: string): void => {
    const a = indexOf.get(idA);
    const b = indexOf.get(idB);
    if (a === undefined || b === undefined || a === b) {
      missing++;
      return;
    }
    const k = pairKey(a, b);
    if (!matches.has(k)) {
      matches.add(k);
      matchPairs.push([a, b]);
    }
  };
  if (t.columns.has('merchant_id') && t.columns.has('entity_id')) {
    const byEntity = new Map<string, string[]>();
    const mids = t.columns.get('merchant_id')!;
    const eids = t.columns.get('entity_id')!;
    for (let i = 0; i < t.rows; i++) {
      const list = byEntity.get(eids[i]!);
      if (list) list.push(mids[i]!);
      else byEntity.set(eids[i]!, [mids[i]!]);
    }
    for (const members of byEntity.values()) for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) add(members[i]!, members[j]!);
    return { matches, matchPairs, nonMatches: null, sources: null, missing };
  }
  if (t.columns.has('a_id') && t.columns.has('b_id')) {
    const a = t.columns.get('a_id')!;
    const b = t.columns.get('b_id')!;
    const label = t.columns.get('label');
    for (let i = 0; i < t.rows; i++) if (!label || POSITIVE_LABELS.has(label[i]!.trim().toLowerCase())) add(a[i]!, b[i]!);
    const s = sources ?? inferSources(a, b);
    // One prefix on both sides: labels within one source, so every pair is an example.
    return { matches, matchPairs, nonMatches: null, sources: s[0] === s[1] ? null : s, missing };
  }
  throw new DedupError('E_INPUT', `${path}: labels need a_id,b_id[,label] or merchant_id,entity_id columns`, { file: path });
}

/** Scans the input (every candidate verified in full), reads the labels, and builds the examples. */
export async function buildTrainingSet(o: TrainingInput): Promise<TrainingSet> {
  const format = formatFromPath(o.input);
  if (format === null) throw new DedupError('E_BAD_ARGS', `cannot tell the format of ${o.input} from its extension; name it .ndjson, .jsonl or .csv`, { file: o.input });
  // Threshold 0: no pair is abandoned early and every candidate is kept with its score.
  const scan = await scanCorpus(
    { kind: 'file', path: o.input, format },
    { threshold: 0, weights: o.weights, ...(o.threads !== undefined && { threads: o.threads }), ...(o.columnMap && { columnMap: o.columnMap }) },
  );
  const store = scan.store;
  const indexOf = new Map<string, number>();
  for (let g = 0; g < store.count; g++) if (scan.skip[g] !== 1) indexOf.set(textOf(store, g, TextColumn.MerchantId), g);
  const labels = typeof o.labels === 'string' ? await readLabels(o.labels, indexOf, o.sources) : decidedLabels(o.labels, indexOf);
  const labelled = (k: string): boolean => labels.nonMatches === null || labels.matches.has(k) || labels.nonMatches.has(k);
  const sourceOf = (g: number): number => {
    if (labels.sources === null) return 0;
    const id = textOf(store, g, TextColumn.MerchantId);
    return id.startsWith(labels.sources[0]) ? 1 : id.startsWith(labels.sources[1]) ? 2 : -1;
  };
  const eligible = (a: number, b: number): boolean => {
    if (labels.sources === null) return true;
    const sa = sourceOf(a);
    const sb = sourceOf(b);
    return sa > 0 && sb > 0 && sa !== sb;
  };

  // Folds group by labelled entity, so that a record's matches never sit on both sides of a fold.
  const entities = new UnionFind(store.count);
  for (const [a, b] of labels.matchPairs) entities.union(a, b);

  const size = layoutOf(o.weights).size;
  const rows: { a: number; b: number; candidate: boolean }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < scan.pairs.count; i++) {
    const a = scan.pairs.a[i]!;
    const b = scan.pairs.b[i]!;
    if (!eligible(a, b) || !labelled(pairKey(a, b))) continue;
    seen.add(pairKey(a, b));
    rows.push({ a, b, candidate: true });
  }
  const candidates = rows.length;
  let matchesNotCandidates = 0;
  for (const [a, b] of [...labels.matchPairs, ...(labels.nonMatches?.values() ?? [])]) {
    if (seen.has(pairKey(a, b)) || !eligible(a, b)) continue;
    seen.add(pairKey(a, b));
    rows.push({ a, b, candidate: false });
    if (labels.matches.has(pairKey(a, b))) matchesNotCandidates++;
  }
  // Input order, whatever order the workers verified in: the fit and its folds are reproducible.
  rows.sort((p, q) => Math.min(p.a, p.b) - Math.min(q.a, q.b) || Math.max(p.a, p.b) - Math.max(q.a, q.b));

  const set: TrainingSet = {
    x: new Float64Array(rows.length * size),
    y: new Uint8Array(rows.length),
    candidate: new Uint8Array(rows.length),
    group: new Uint32Array(rows.length),
    count: rows.length,
    size,
    stats: { records: indexOf.size, labelled_matches: labels.matches.size, labelled_missing: labels.missing, candidates, matches_not_candidates: matchesNotCandidates, sources: labels.sources },
  };
  fillExamples(store, scan.context, rows, labels.matches, entities, set);
  return set;
}

function fillExamples(store: FeatureStore, ctx: MatchContext, rows: readonly { a: number; b: number; candidate: boolean }[], matches: ReadonlySet<string>, entities: UnionFind, set: TrainingSet): void {
  const ev = emptyEvidence();
  const row = new Float64Array(set.size);
  rows.forEach(({ a, b, candidate }, i) => {
    verifyPair(store, ctx, a, b, ev, 0);
    set.x.set(featuresOf(store, ctx, a, b, ev, row), i * set.size);
    set.y[i] = matches.has(pairKey(a, b)) ? 1 : 0;
    set.candidate[i] = candidate ? 1 : 0;
    set.group[i] = entities.find(Math.min(a, b));
  });
}
