/**
 * Where the review console reads merchants' raw records (names, addresses, identifiers) from: a SQL
 * relation with the contract's column names (docs/contract.md, "The merchant record"). Injectable, so
 * a server can point it at its own per-generation records; by default it is the source table the current
 * generation was scanned from, as its run recorded it. A generation scanned from a query or through a
 * column mapping has no such table: the console then shows merchant_ids and evidence only.
 */
import type pg from 'pg';
import { query } from '../db/database.js';
import { parseTableName, qualified, quoteIdent, quoteLiteral } from '../db/sql-names.js';

/** A quoted relation name to select contract columns from, or null when there is none. */
export type RecordRelation = (client: pg.Client, schema: string) => Promise<string | null>;

/** The current generation's source table, when it was scanned from a table with the contract's names. */
export const sourceTableRecords: RecordRelation = async (client, schema) => {
  const s = quoteIdent(schema);
  const r = await query<{ table: string | null; mapped: boolean }>(
    client,
    `SELECT r.options->>'table' AS table, coalesce(r.options->'column_map', 'null'::jsonb) <> 'null'::jsonb AS mapped
       FROM ${s}.generations g JOIN ${s}.runs r USING (run_id) WHERE g.is_current`,
    'finding the source table of the current generation',
  );
  const row = r.rows[0];
  if (row === undefined || row.table === null || row.mapped) return null;
  const name = qualified(parseTableName(row.table));
  const exists = await query<{ t: string | null }>(client, 'SELECT to_regclass($1) AS t', 'looking for the source table', [name]);
  return exists.rows[0]?.t === null ? null : name;
};

/**
 * The generation's own records, when the schema keeps them: a `records` view of (merchant_id, record jsonb)
 * holding each accepted merchant's contract record as the scan read it; else the source table.
 */
export const generationRecords: RecordRelation = async (client, schema) => {
  const s = quoteIdent(schema);
  const exists = await query<{ t: string | null }>(client, 'SELECT to_regclass($1) AS t', 'looking for the records view', [`${s}.records`]);
  if (exists.rows[0]?.t === null) return sourceTableRecords(client, schema);
  const text = (f: string): string => `r.record->>${quoteLiteral(f)} AS ${quoteIdent(f)}`;
  const number = (f: string): string => `(r.record->>${quoteLiteral(f)})::float8 AS ${quoteIdent(f)}`;
  const cols = [
    'r.merchant_id',
    ...['name', 'uscc', 'legal_person', 'id_number', 'phone', 'bank_account', 'province', 'city', 'district', 'address', 'coord_sys', 'mcc', 'created_at', 'channel'].map(text),
    number('lat'),
    number('lng'),
    `CASE jsonb_typeof(r.record->'terminal_sns') WHEN 'array' THEN ARRAY(SELECT jsonb_array_elements_text(r.record->'terminal_sns')) END AS terminal_sns`,
  ];
  return `(SELECT ${cols.join(', ')} FROM ${s}.records r)`;
};

/** A fixed relation (a table or view with the contract's columns). */
export function fixedRecords(relation: string): RecordRelation {
  return async () => relation;
}
