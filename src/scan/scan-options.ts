/**
 * Options of a scan: typed, documented defaults, validated once at the entry point (piscina's pattern).
 */
import { DedupError } from '../errors.js';
import type { ColumnMap } from '../record/validate-record.js';
import type { InputEncoding } from '../read/input-encoding.js';
import type { InputFormat } from '../read/input-format.js';
import { createSketchParams, type SketchOptions, type SketchParams } from '../sketch/minhash-params.js';
import { DEFAULT_MATCH_THRESHOLD, DEFAULT_WEIGHTS, type MatchWeights } from '../verify/match-weights.js';
import { checkWeights } from '../match/weights-file.js';
import { defaultThreads } from '../pool/worker-pool.js';
import type { ProgressListener } from './progress-event.js';
import { GENERIC_VALUE_MIN_RECORDS } from '../verify/match-context.js';
import { checkRejectLimitOption, DEFAULT_MAX_REJECTS, type RejectLimit } from './reject-limit.js';

/** How to scan, whatever the source and wherever the results go. */
export interface ScanSettings {
  /** Worker threads. @default os.availableParallelism() */
  threads?: number;
  /** Score at or above which a verified pair is a duplicate. @default 0.5 */
  threshold?: number;
  /** Input column names for contract fields named differently. @default none */
  columnMap?: ColumnMap;
  /** Stop at the first rejected record instead of writing it to rejects. @default false */
  stopOnError?: boolean;
  /** Largest bucket whose pairs are all compared. @default 100 */
  bucketCap?: number;
  /** Sorted-neighbourhood window in capped buckets. @default 8 */
  window?: number;
  /** Identifier values carried by more records than this stop counting as evidence. @default 20 (verify/match-context.ts) */
  genericMin?: number;
  /** MinHash/LSH parameters of the name sketch. @default k-perm, 32 perms (8 bands × 4 rows), bigrams, Jaccard threshold 0.6 */
  sketch?: SketchOptions;
  /**
   * Linkage between two sources named by merchant_id prefixes: keep only each record's clearly best
   * cross-source pairs (verify/best-match.ts). @default null (off)
   */
  bestMatch?: readonly [string, string] | null;
  /** Input bytes per ingest task; smaller balances better, larger has less overhead. @default 4 MiB */
  shardBytes?: number;
  /**
   * The reject guard (reject-limit.ts): a run rejecting more records than this, or reading none, fails
   * and publishes nothing. @default 10% of the records read
   */
  maxRejects?: RejectLimit;
  /** The weights table pairs are scored with (a fitted one from `train`). @default the hand-set DEFAULT_WEIGHTS */
  weights?: Readonly<MatchWeights>;
  /** Keep every accepted record as contract JSON (ScanResult.records), for a scan that writes a generation. @default false */
  keepRecords?: boolean;
  /**
   * Keep every blocking key to the end (ScanResult.keys). Without it they are dropped once blocking is done
   * (the risk phase gets the identifier keys sorted from the blocking workers), about 110 MB a million
   * records less in the phases after it; the onIngested hook receives them either way. @default false
   */
  keepKeys?: boolean;
  /**
   * Keep every key's counts (ScanResult.keyCounts), for a scan that writes a generation's `key_counts`.
   * Without it blocking counts nothing it does not itself use: 16 bytes a bucket of 2+ members, ~150 MB at
   * 4M records. @default false
   */
  keepKeyCounts?: boolean;
  /** Told as each phase starts, advances and ends (for a progress display). @default none */
  onProgress?: ProgressListener;
}

/** A scan from a file to files. */
export interface ScanOptions extends ScanSettings {
  /** Input file (.ndjson/.jsonl or .csv). */
  input: string;
  /** Output directory for pairs.csv, clusters.csv, rejects.csv, summary.json. */
  outDir: string;
  /** @default from the file extension */
  format?: InputFormat;
  /** Text encoding of the input; gb18030 (GBK) is transcoded to UTF-8 first. @default 'utf-8' */
  encoding?: InputEncoding;
}

export interface FilledScanOptions extends Required<Omit<ScanSettings, 'columnMap' | 'onProgress' | 'sketch' | 'bestMatch' | 'weights'>> {
  weights: Readonly<MatchWeights>;
  bestMatch: readonly [string, string] | null;
  columnMap: ColumnMap | null;
  onProgress: ProgressListener | null;
  sketch: SketchParams;
}

/**
 * Name sketch defaults, chosen on labelled real data and the generator (bench/scan): bigrams, 32
 * permutations, LSH for a Jaccard threshold of 0.6 (8 bands × 4 rows). Exact keys (phones, identifiers,
 * name or street within a city) find most duplicates whose names differ more, so a looser LSH buys little:
 * on the Hangzhou data 10 × 3 (threshold 0.5) gains 0.9 points of recall for 1.8x the candidate pairs at
 * scale, 6 × 5 (0.7) scores within 0.1 point for a third fewer but leaves less margin for corpora whose
 * names vary more. Signatures only find candidates; verification is exact, so their estimation error does
 * not matter.
 */
export const DEFAULT_SKETCH: SketchOptions = { variant: 'k-perm', numPerm: 32, shingleK: 2, threshold: 0.6 };
export const DEFAULT_BUCKET_CAP = 100;
export const DEFAULT_WINDOW = 8;
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

function bad(field: string, must: string, got: unknown): DedupError {
  return new DedupError('E_BAD_ARGS', `options.${field} must be ${must}, got ${JSON.stringify(got)}`, { field });
}

function positiveInt(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw bad(field, 'a positive integer', v);
  return v;
}

function bestMatchOf(v: ScanSettings['bestMatch']): readonly [string, string] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string' || v[0] === '' || v[1] === '' || v[0] === v[1]) {
    throw bad('bestMatch', 'two different non-empty merchant_id prefixes', v);
  }
  return [v[0], v[1]];
}

export function fillScanOptions(o: ScanSettings): FilledScanOptions {
  const threshold = o.threshold ?? DEFAULT_MATCH_THRESHOLD;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) throw bad('threshold', 'a number in [0, 1]', threshold);
  return {
    threads: positiveInt('threads', o.threads ?? defaultThreads()),
    threshold,
    columnMap: o.columnMap ?? null,
    stopOnError: o.stopOnError ?? false,
    bucketCap: positiveInt('bucketCap', o.bucketCap ?? DEFAULT_BUCKET_CAP),
    window: positiveInt('window', o.window ?? DEFAULT_WINDOW),
    genericMin: positiveInt('genericMin', o.genericMin ?? GENERIC_VALUE_MIN_RECORDS),
    sketch: createSketchParams({ ...DEFAULT_SKETCH, ...o.sketch }),
    shardBytes: positiveInt('shardBytes', o.shardBytes ?? DEFAULT_SHARD_BYTES),
    maxRejects: checkRejectLimitOption(o.maxRejects ?? DEFAULT_MAX_REJECTS),
    keepRecords: o.keepRecords ?? false,
    keepKeys: o.keepKeys ?? false,
    keepKeyCounts: o.keepKeyCounts ?? false,
    onProgress: o.onProgress ?? null,
    bestMatch: bestMatchOf(o.bestMatch),
    weights: o.weights === undefined || o.weights === DEFAULT_WEIGHTS ? DEFAULT_WEIGHTS : checkWeights(o.weights, 'options.weights'),
  };
}
