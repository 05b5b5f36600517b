/**
 * The persisted dedup index, read side: for an onboarding check that sketches one new applicant with
 * the generation's parameters and looks its keys up, instead of rescanning the corpus. A generation's
 * keys are comparable only with keys built from the same sketch parameters (seed, permutations, bands),
 * so opening the index refuses a mismatch (sketch/minhash-params.ts, assertCompatible) rather than
 * returning candidates that mean nothing.
 */
import type pg from 'pg';
import { DedupError } from '../errors.js';
import { assertMatchParams, frequencyColumn, type MatchParams } from '../match/match-params.js';
import { assertCompatible, createSketchParams, type SketchParams } from '../sketch/minhash-params.js';
import { query } from './database.js';
import { generationTable } from './generation-tables.js';
import { int64Decimal } from './int64-decimal.js';
import { quoteIdent } from './sql-names.js';

export interface DedupIndex {
  /** The tool's schema holding it. */
  schema: string;
  /** The generation it was opened on: lookups read this generation's tables, even after a rebuild. */
  generation: number;
  sketch: SketchParams;
  /** The generation's full match parameters, checked against this code (match/match-params.ts). */
  params: MatchParams;
}

/** The current generation's index, checked against the parameters the caller will build keys with. */
export async function openDedupIndex(client: pg.Client, schema: string, params: SketchParams): Promise<DedupIndex> {
  const r = await query<{ generation: number; sketch_params: unknown; has_keys: boolean; match_params: unknown }>(
    client,
    `SELECT generation, sketch_params, has_keys, match_params FROM ${quoteIdent(schema)}.current_generation`,
    'reading the current generation',
  );
  const row = r.rows[0];
  if (row === undefined) throw new DedupError('E_DB', `schema ${schema} has no current generation yet; run \`merchant-dedup rebuild\` first`, { schema });
  if (!row.has_keys) throw new DedupError('E_DB', `generation ${row.generation} was written without its dedup index (--no-keys); rebuild with keys`, { schema });
  const stored = createSketchParams(row.sketch_params as SketchParams);
  assertCompatible(stored, params);
  return { schema, generation: row.generation, sketch: stored, params: assertMatchParams(row.match_params) };
}

/**
 * The frequency of each of `keys` in the generation `index` was opened on (the current one), as its scan
 * scored with it: distinct records carrying it (records of equal content count once:
 * store/content-hash.ts), or records for a generation written before distinct records were counted
 * (match-params.ts frequencyColumn, as the online check reads them). Absent for a key carried by at most
 * one (only keys of two or more are stored; the caller adds the lookup's own matches, see match-context.ts).
 */
export async function lookupKeyCounts(client: pg.Client, index: DedupIndex, keys: readonly (readonly [number, number])[]): Promise<Map<string, number>> {
  const r = await query<{ key: string; records: number }>(
    client,
    `SELECT key::text AS key, ${frequencyColumn(index.params)} AS records FROM ${tableOf(index, 'key_counts')} WHERE key = ANY($1::bigint[])`,
    'looking up key counts in the dedup index',
    [keys.map(([hi, lo]) => int64Decimal(hi, lo))],
  );
  return new Map(r.rows.map((row) => [row.key, row.records]));
}

export interface KeyMatch {
  merchant_id: string;
  kind: number;
  key: string;
}

/** Merchants of the generation `index` was opened on sharing any of `keys` ([hi, lo] word pairs, as the scan emits them). */
export async function lookupKeys(client: pg.Client, index: DedupIndex, keys: readonly (readonly [number, number])[]): Promise<KeyMatch[]> {
  const r = await query<KeyMatch>(
    client,
    `SELECT merchant_id, kind, key::text AS key FROM ${tableOf(index, 'dedup_keys')} WHERE key = ANY($1::bigint[]) ORDER BY merchant_id, kind`,
    'looking up keys in the dedup index',
    [keys.map(([hi, lo]) => int64Decimal(hi, lo))],
  );
  return r.rows;
}

/** One of the index generation's own tables (not the current-generation view: a rebuild does not move it). */
function tableOf(index: DedupIndex, set: 'dedup_keys' | 'key_counts'): string {
  return `${quoteIdent(index.schema)}.${quoteIdent(generationTable(set, index.generation))}`;
}
