/**
 * A scan's results as COPY text rows for the generation tables (generation-tables.ts), in batches.
 * Values match the files of write/result-writers.ts: the same score digits, distance in whole metres,
 * the same evidence names.
 */
import { kindOf } from '../candidates/key-kinds.js';
import type { Clusters } from '../cluster/build-clusters.js';
import type { Reject } from '../record/merchant-record.js';
import type { ScanResult } from '../scan/scan-corpus.js';
import { TextColumn } from '../store/feature-columns.js';
import { textOf, type FeatureStore } from '../store/feature-store.js';
import { AGREEMENT_NAMES, BRANCH_NAMES } from '../verify/verify-pair.js';
import { CODES_PER_PAIR, EVIDENCE_CODES, NUMBERS_PER_PAIR, type VerifiedPairs } from '../verify/verified-pairs.js';
import { COPY_NULL, copyText } from './copy-text.js';
import { int64Decimal } from './int64-decimal.js';

/** Rows per yielded batch: ~100 KB of text, enough to amortise a socket write. */
const ROWS_PER_BATCH = 1000;
/** Decimal places of similarities and scores, as in pairs.csv. */
const SCORE_DIGITS = 4;
/** Index of distance_m among the evidence numbers: written in whole metres. */
const DISTANCE_NUMBER = 2;

/** Same names as pairs.csv (write/result-writers.ts keeps its copy of this mapping private). */
function codeName(column: (typeof EVIDENCE_CODES)[number], code: number): string {
  if (column === 'branch') return BRANCH_NAMES[code] ?? String(code);
  if (column === 'same_street') return code === 1 ? 'yes' : 'no';
  return AGREEMENT_NAMES[code] ?? String(code);
}

/** merchant_id of every record, decoded once: the key rows name each record many times. */
export function merchantIds(store: FeatureStore): string[] {
  const ids = new Array<string>(store.count);
  for (let g = 0; g < store.count; g++) ids[g] = textOf(store, g, TextColumn.MerchantId);
  return ids;
}

export function* pairRows(ids: readonly string[], pairs: VerifiedPairs, order: Int32Array): Generator<string> {
  let batch = '';
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    let idA = ids[pairs.a[i]!]!;
    let idB = ids[pairs.b[i]!]!;
    if (idB < idA) [idA, idB] = [idB, idA];
    let line = copyText(idA) + '\t' + copyText(idB) + '\t' + pairs.score[i]!.toFixed(SCORE_DIGITS);
    for (let x = 0; x < NUMBERS_PER_PAIR; x++) {
      const v = pairs.numbers[i * NUMBERS_PER_PAIR + x]!;
      line += '\t' + (v !== v ? COPY_NULL : x === DISTANCE_NUMBER ? Math.round(v).toString() : v.toFixed(SCORE_DIGITS));
    }
    for (let x = 0; x < CODES_PER_PAIR; x++) line += '\t' + codeName(EVIDENCE_CODES[x]!, pairs.codes[i * CODES_PER_PAIR + x]!);
    batch += line + '\n';
    if ((k + 1) % ROWS_PER_BATCH === 0) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}

export function* clusterRows(ids: readonly string[], clusters: Clusters, clusterIds: readonly string[]): Generator<string> {
  let batch = '';
  let rows = 0;
  for (let c = 0; c < clusters.members.length; c++) {
    const members = clusters.members[c]!;
    const id = copyText(clusterIds[c]!);
    for (let k = 0; k < members.length; k++) {
      batch += `${id}\t${copyText(ids[members[k]!]!)}\t${k === 0 ? 't' : 'f'}\t${members.length}\n`;
      if (++rows % ROWS_PER_BATCH === 0) {
        yield batch;
        batch = '';
      }
    }
  }
  if (batch !== '') yield batch;
}

export function* rejectRows(rejects: readonly Reject[]): Generator<string> {
  let batch = '';
  for (let k = 0; k < rejects.length; k++) {
    const r = rejects[k]!;
    batch += `${r.line}\t${copyText(r.merchant_id)}\t${copyText(r.field)}\t${copyText(r.reason)}\n`;
    if ((k + 1) % ROWS_PER_BATCH === 0) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}

/**
 * The dedup index: every blocking key the scan used, per accepted record (a record rejected as a
 * duplicate merchant_id is left out: its id belongs to the record kept). Keys arrive per key partition
 * and shard as [hi, lo, localRecord] triples (candidates/gather-entries.ts).
 */
export function* keyRows(ids: readonly string[], keys: ScanResult['keys'], skip: Uint8Array): Generator<string> {
  let batch = '';
  let rows = 0;
  for (const partition of keys) {
    for (const { entries, base } of partition) {
      for (let i = 0; i + 2 < entries.length; i += 3) {
        const g = entries[i + 2]! + base;
        if (skip[g] === 1) continue;
        const hi = entries[i]!;
        batch += `${int64Decimal(hi, entries[i + 1]!)}\t${kindOf(hi)}\t${copyText(ids[g]!)}\n`;
        if (++rows % ROWS_PER_BATCH === 0) {
          yield batch;
          batch = '';
        }
      }
    }
  }
  if (batch !== '') yield batch;
}
