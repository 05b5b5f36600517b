/**
 * A scan's results as COPY text rows for the generation tables (generation-tables.ts), in batches.
 * Values match the files of write/result-writers.ts: scores rounded to the same digits, distance in
 * whole metres, the same evidence names (verify/verified-pairs.ts, evidenceCodeName).
 */
import { kindOf } from '../candidates/key-kinds.js';
import type { Clusters } from '../cluster/build-clusters.js';
import type { RecordWarning, Reject } from '../record/merchant-record.js';
import type { ScanResult } from '../scan/scan-corpus.js';
import { TextColumn } from '../store/feature-columns.js';
import { textOf, type FeatureStore } from '../store/feature-store.js';
import { CODES_PER_PAIR, EVIDENCE_CODES, evidenceCodeName, NUMBERS_PER_PAIR, type VerifiedPairs } from '../verify/verified-pairs.js';
import { COPY_NULL, copyText } from './copy-text.js';
import { BinaryRows, INT2_FIELD, INT4_FIELD, INT8_FIELD, utf8Bytes } from './copy-binary.js';
import { SCORE_DIGITS } from '../verify/score-digits.js';

/** Rows per yielded batch: ~100 KB of text, enough to amortise a socket write. */
const ROWS_PER_BATCH = 1000;
/** Decimal places of similarities and scores, as in pairs.csv. */
/** Index of distance_m among the evidence numbers: written in whole metres. */
const DISTANCE_NUMBER = 2;

/** Evidence code bytes → the names pairs.csv writes, per evidence column: one array read per value. */
const CODE_NAMES: readonly (readonly string[])[] = EVIDENCE_CODES.map((column) => Array.from({ length: 256 }, (_, code) => evidenceCodeName(column, code)));
const SCALE = 10 ** SCORE_DIGITS;

/**
 * A similarity or score at SCORE_DIGITS decimals, as pairs.csv rounds it, in the shortest form
 * (`0.75`, not `0.7500`): an integer divided by 10^4 is the double nearest that decimal, and
 * String() prints exactly it; toFixed is several times slower on millions of values.
 */
function scoreText(v: number): string {
  return String(Math.round(v * SCALE) / SCALE);
}

/**
 * The merchant ids of a run: as they are (for ordering and matching), escaped for text COPY, and as UTF-8
 * for binary COPY (id g is utf8[utf8At[g], utf8At[g + 1])), each made once: the dedup index alone names
 * every record ~16 times.
 */
export interface MerchantIds {
  raw: string[];
  copy: string[];
  utf8: Buffer;
  utf8At: Uint32Array;
}

/** merchant_id of every record, decoded and escaped once: result rows name records many times. */
export function merchantIds(store: FeatureStore): MerchantIds {
  const raw = new Array<string>(store.count);
  for (let g = 0; g < store.count; g++) raw[g] = textOf(store, g, TextColumn.MerchantId);
  return merchantIdsOf(raw);
}

export function merchantIdsOf(raw: string[]): MerchantIds {
  const copy = new Array<string>(raw.length);
  const utf8At = new Uint32Array(raw.length + 1);
  let bytes = 0;
  for (let g = 0; g < raw.length; g++) {
    copy[g] = copyText(raw[g]!);
    utf8At[g] = bytes;
    bytes += Buffer.byteLength(raw[g]!, 'utf8');
  }
  utf8At[raw.length] = bytes;
  const utf8 = Buffer.allocUnsafe(bytes);
  for (let g = 0; g < raw.length; g++) utf8.write(raw[g]!, utf8At[g]!, 'utf8');
  return { raw, copy, utf8, utf8At };
}

export function* pairRows(ids: MerchantIds, pairs: VerifiedPairs, order: Int32Array): Generator<string> {
  const { raw, copy } = ids;
  let batch = '';
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    let a = pairs.a[i]!;
    let b = pairs.b[i]!;
    // a_id < b_id as strings, per the contract; the evidence is symmetric.
    if (raw[b]! < raw[a]!) [a, b] = [b, a];
    let line = copy[a]! + '\t' + copy[b]! + '\t' + scoreText(pairs.score[i]!);
    for (let x = 0; x < NUMBERS_PER_PAIR; x++) {
      const v = pairs.numbers[i * NUMBERS_PER_PAIR + x]!;
      line += '\t' + (v !== v ? COPY_NULL : x === DISTANCE_NUMBER ? String(Math.round(v)) : scoreText(v));
    }
    for (let x = 0; x < CODES_PER_PAIR; x++) line += '\t' + CODE_NAMES[x]![pairs.codes[i * CODES_PER_PAIR + x]!]!;
    batch += line + '\n';
    if ((k + 1) % ROWS_PER_BATCH === 0) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}

export function* clusterRows(ids: MerchantIds, clusters: Clusters, clusterIds: readonly string[]): Generator<string> {
  let batch = '';
  let rows = 0;
  for (let c = 0; c < clusters.members.length; c++) {
    const members = clusters.members[c]!;
    const id = copyText(clusterIds[c]!);
    for (let k = 0; k < members.length; k++) {
      batch += `${id}\t${ids.copy[members[k]!]!}\t${k === 0 ? 't' : 'f'}\t${members.length}\n`;
      if (++rows % ROWS_PER_BATCH === 0) {
        yield batch;
        batch = '';
      }
    }
  }
  if (batch !== '') yield batch;
}

export function* rejectRows(rejects: readonly (Reject | RecordWarning)[]): Generator<string> {
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
 * duplicate merchant_id is left out: its id belongs to the record kept), as binary COPY rows of
 * (key, kind, merchant_id). Keys arrive per key partition and shard as [hi, lo, localRecord] triples
 * (candidates/gather-entries.ts); the two words of a key are the bigint's high and low halves.
 */
export function* keyRows(ids: MerchantIds, keys: ScanResult['keys'], skip: Uint8Array): Generator<Buffer> {
  const rows = new BinaryRows();
  const { utf8, utf8At } = ids;
  for (const partition of keys) {
    for (const { entries, base } of partition) {
      for (let i = 0; i + 2 < entries.length; i += 3) {
        const g = entries[i + 2]! + base;
        if (skip[g] === 1) continue;
        const hi = entries[i]!;
        const from = utf8At[g]!;
        const to = utf8At[g + 1]!;
        const full = rows.row(3, INT8_FIELD + INT2_FIELD + utf8Bytes(to - from));
        rows.int8(hi, entries[i + 1]!);
        rows.int2(kindOf(hi));
        rows.utf8(utf8, from, to);
        if (full !== null) yield full;
      }
    }
  }
  yield rows.end();
}

/** The key counts of a generation (verify/match-context.ts) as binary COPY rows of (key, kind, records, distinct_records). */
export function* keyCountRows(keyCounts: ScanResult['keyCounts']): Generator<Buffer> {
  const rows = new BinaryRows();
  for (const part of keyCounts) {
    for (let i = 0; i + 3 < part.length; i += 4) {
      const hi = part[i]!;
      const full = rows.row(4, INT8_FIELD + INT2_FIELD + 2 * INT4_FIELD);
      rows.int8(hi, part[i + 1]!);
      rows.int2(kindOf(hi));
      rows.int4(part[i + 2]!);
      rows.int4(part[i + 3]!);
      if (full !== null) yield full;
    }
  }
  yield rows.end();
}

/**
 * The generation's records (generation-tables.ts, `records`) as binary COPY rows of (merchant_id, record):
 * the contract JSON each ingest worker kept, for every accepted record (a duplicate-id reject is left out),
 * sent as the arena's UTF-8 bytes.
 */
export function* recordRows(ids: MerchantIds, records: NonNullable<ScanResult['records']>, skip: Uint8Array): Generator<Buffer> {
  const rows = new BinaryRows();
  const { utf8, utf8At } = ids;
  for (let s = 0; s < records.arenas.length; s++) {
    const { bytes, offsets } = records.arenas[s]!;
    const base = records.bases[s]!;
    const n = offsets.length - 1;
    for (let i = 0; i < n; i++) {
      const g = base + i;
      if (skip[g] === 1) continue;
      const from = offsets[i]!;
      const to = offsets[i + 1]!;
      const full = rows.row(2, utf8Bytes(utf8At[g + 1]! - utf8At[g]!) + utf8Bytes(1 + to - from));
      rows.utf8(utf8, utf8At[g]!, utf8At[g + 1]!);
      rows.jsonb(bytes, from, to);
      if (full !== null) yield full;
    }
  }
  yield rows.end();
}
