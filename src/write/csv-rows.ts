/**
 * The rows of pairs.csv and clusters.csv as UTF-8 bytes (byte-rows.ts), for a range of them: the one formatting both the
 * coordinator and the workers use (a scan's writers hand ranges to the worker pool; other callers format
 * on their own thread). Pure functions of the store and typed arrays: nothing here knows about threads.
 */
import { TextColumn } from '../store/feature-columns.js';
import { textEnd, textStart, type FeatureStore } from '../store/feature-store.js';
import { compareIds } from '../cluster/compare-records.js';
import { CODES_PER_PAIR, EVIDENCE_CODES, EVIDENCE_NUMBERS, evidenceCodeName, NUMBERS_PER_PAIR, type VerifiedPairs } from '../verify/verified-pairs.js';
import { SCORE_DIGITS } from '../verify/score-digits.js';
import { ByteRows } from './byte-rows.js';

export const PAIRS_HEADER = ['a_id', 'b_id', 'score', ...EVIDENCE_NUMBERS, ...EVIDENCE_CODES] as const;
export const CLUSTERS_HEADER = ['cluster_id', 'merchant_id', 'is_canonical', 'cluster_size'] as const;

/**
 * pairs.csv rows of pairs order[from..to) (indices into `pairs`), as UTF-8; within a row a_id < b_id as
 * strings, per the contract, with the evidence unchanged (every evidence field is symmetric).
 */
export function pairRowsBytes(store: FeatureStore, pairs: VerifiedPairs, order: Int32Array, from: number, to: number): Uint8Array {
  const out = new ByteRows(Math.max(1024, (to - from) * PAIR_ROW_BYTES));
  for (let k = from; k < to; k++) {
    const i = order[k]!;
    let a = pairs.a[i]!;
    let b = pairs.b[i]!;
    if (compareIds(store, b, a) < 0) [a, b] = [b, a];
    idField(out, store, a);
    out.byte(COMMA);
    idField(out, store, b);
    out.byte(COMMA);
    out.ascii(pairs.score[i]!.toFixed(SCORE_DIGITS));
    for (let x = 0; x < NUMBERS_PER_PAIR; x++) {
      const v = pairs.numbers[i * NUMBERS_PER_PAIR + x]!;
      out.byte(COMMA);
      if (v === v) out.ascii(x === 2 ? Math.round(v).toString() : v.toFixed(SCORE_DIGITS));
    }
    for (let x = 0; x < CODES_PER_PAIR; x++) {
      out.byte(COMMA);
      out.ascii(evidenceCodeName(EVIDENCE_CODES[x]!, pairs.codes[i * CODES_PER_PAIR + x]!));
    }
    out.byte(LF);
  }
  return out.bytes();
}

/** A pairs.csv row's usual size: sizes the buffer so that it rarely grows. */
const PAIR_ROW_BYTES = 128;
/** A clusters.csv row's usual size. */
const CLUSTER_ROW_BYTES = 48;
const COMMA = 0x2c;
const LF = 0x0a;

function idField(out: ByteRows, store: FeatureStore, g: number): void {
  out.csvUnits(store.text, textStart(store, g, TextColumn.MerchantId), textEnd(store, g, TextColumn.MerchantId));
}

/**
 * Clusters as flat columns: cluster c has sizes[c] members, stored after those of clusters 0 … c − 1 in
 * `members` with the canonical record first, and the id ids[c].
 */
export interface ClusterColumns {
  members: Uint32Array;
  sizes: Uint32Array;
  ids: readonly string[];
}

/** clusters.csv rows of clusters [from, to) of `c` (cluster indices; members counted from the first one's), as UTF-8. */
export function clusterRowsBytes(store: FeatureStore, c: ClusterColumns, from: number, to: number, firstMember: number): Uint8Array {
  let at = firstMember;
  let rows = 0;
  for (let k = from; k < to; k++) rows += c.sizes[k]!;
  const out = new ByteRows(Math.max(1024, rows * CLUSTER_ROW_BYTES));
  for (let k = from; k < to; k++) {
    const size = c.sizes[k]!;
    const id = c.ids[k]!;
    const tail = size.toString();
    for (let m = 0; m < size; m++) {
      out.csvString(id);
      out.byte(COMMA);
      idField(out, store, c.members[at++]!);
      out.ascii(m === 0 ? ',true,' : ',false,');
      out.ascii(tail);
      out.byte(LF);
    }
  }
  return out.bytes();
}
