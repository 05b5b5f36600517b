/**
 * A merchant table (or view, or query) as a scan source: `COPY (SELECT ...) TO STDOUT (FORMAT csv)`
 * streamed through pg-copy-streams and cut into whole-record chunks, never the whole result in memory.
 *
 * The SELECT names each contract field after the contract (`shop_name AS name` under `--map
 * name=shop_name`), so the chunks' CSV header is the contract's and the workers need no mapping.
 * terminal_sns becomes the contract's `;`-joined text when the column is an array (or a JSON array).
 * Other columns are sent as PostgreSQL prints them: numbers exactly (extra_float_digits), timestamps
 * as ISO-8601 with offset (DateStyle ISO), which the record validator reads.
 */
import type pg from 'pg';
import { DedupError } from '../errors.js';
import { MERCHANT_FIELDS, type MerchantField } from '../record/merchant-record.js';
import { TERMINAL_SN_SEPARATOR, type ColumnMap } from '../record/validate-record.js';
import type { ScanSource } from '../scan/scan-source.js';
import { copyOut } from './copy-stream.js';
import { query, type Database } from './database.js';
import { dbError } from './db-error.js';
import { recordChunks } from './record-chunks.js';
import { displayName, qualified, quoteIdent, quoteLiteral, type TableName } from './sql-names.js';

export interface TableSourceOptions {
  /** The merchant table or view; give this or `query`. */
  table?: TableName;
  /** A SELECT whose columns are merchant fields; give this or `table`. */
  query?: string;
  /** Column names for contract fields named differently. @default none */
  columnMap?: ColumnMap;
  /** Bytes per chunk handed to a worker. */
  chunkBytes: number;
  /**
   * Read a table in merchant_id order, so that record order, reject line numbers and which of two rows
   * with one merchant_id is kept do not depend on the table's physical order. A query keeps its own order.
   * @default true
   */
  ordered?: boolean;
}

export interface TableSource {
  source: Extract<ScanSource, { kind: 'stream' }>;
  /** The COPY statement, for the run's record. */
  sql: string;
  /** Contract field → column read, for the run's record. */
  columns: Partial<Record<MerchantField, string>>;
  /** Rows the COPY sent so far. */
  rows(): number;
  /** Ends the source's session (also mid-COPY, when a scan failed). */
  close(): Promise<void>;
}

const REQUIRED: readonly MerchantField[] = ['merchant_id', 'name'];
/** pg_type.typcategory of array types (https://www.postgresql.org/docs/current/catalog-pg-type.html). */
const ARRAY_CATEGORY = 'A';
const JSON_TYPES = new Set(['json', 'jsonb']);

export async function openTableSource(db: Database, o: TableSourceOptions): Promise<TableSource> {
  if ((o.table === undefined) === (o.query === undefined)) throw new DedupError('E_BAD_ARGS', 'give a table or a query to scan, not both');
  const what = o.table ? `table ${displayName(o.table)}` : 'the --query';
  const client = await db.connect();
  try {
    // The whole read is one read-only transaction: a --query (or a view) that would write fails instead,
    // and the probe and the COPY see one snapshot.
    await query(client, 'BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY', `starting to read ${what}`);
    const from = o.table ? await tableFrom(client, o.table) : `(${stripQuery(o.query!)}) AS src`;
    const probe = await singleStatement(client, `SELECT * FROM ${from} LIMIT 0`, `reading the columns of ${what}`, o.query !== undefined);
    const typeRows = await query<{ oid: number; typname: string; typcategory: string }>(
      client,
      'SELECT oid::integer AS oid, typname, typcategory FROM pg_type WHERE oid = ANY($1::oid[])',
      `reading the column types of ${what}`,
      [probe.fields.map((f) => f.dataTypeID)],
    );
    const types = new Map(typeRows.rows.map((r) => [r.oid, r]));
    const names = probe.fields.map((f) => f.name);
    const columns: Partial<Record<MerchantField, string>> = {};
    const selects: string[] = [];
    const header: string[] = [];
    for (const field of MERCHANT_FIELDS) {
      const column = o.columnMap?.[field] ?? field;
      const at = names.indexOf(column);
      if (at === -1) {
        if (REQUIRED.includes(field)) {
          const hint = column === field ? `map it with --map ${field}=COLUMN` : `check the mapping ${field}=${column}`;
          throw new DedupError('E_BAD_ARGS', `${what} has no column "${column}" for the required field ${field}; ${hint} (columns: ${names.join(', ')})`, { field });
        }
        continue;
      }
      const type = types.get(probe.fields[at]!.dataTypeID);
      selects.push(`${selectExpr(field, quoteIdent(column), type?.typcategory, type?.typname)} AS ${quoteIdent(field)}`);
      header.push(field);
      columns[field] = column;
    }
    const ordered = o.table !== undefined && o.ordered !== false;
    const order = ordered ? ` ORDER BY ${quoteIdent('merchant_id')}` : '';
    // With an index on merchant_id (the primary key `load` adds), reading in index order streams from
    // the first row and costs the server about half of sorting a million rows first, which would also
    // hold back the first chunk until the sort is done. The planner prefers the sort on a cold table;
    // this session only runs the COPY, so discourage sorting here. Without such an index it still sorts.
    if (ordered) await query(client, 'SET enable_sort = off', `preparing to read ${what}`);
    const select = `SELECT ${selects.join(', ')} FROM ${from}${order}`;
    // COPY goes through the simple query protocol, which runs every statement of a string. The exact
    // SELECT it wraps is parsed first through the extended protocol, which accepts one statement only:
    // a --query that closes the parenthesis and appends a statement of its own is refused here.
    await singleStatement(client, `${select} LIMIT 0`, `checking ${what}`, o.query !== undefined);
    const sql = `COPY (${select}) TO STDOUT (FORMAT csv)`;
    let rows = 0;
    const counted = async function* (): AsyncGenerator<Buffer> {
      const it = copyOut(client, sql, `reading ${what}`);
      for (;;) {
        const r = await it.next();
        if (r.done) {
          rows = r.value;
          return;
        }
        yield r.value;
      }
    };
    const source: TableSource['source'] = {
      kind: 'stream',
      name: o.table ? `postgres:${displayName(o.table)}` : 'postgres:query',
      format: 'csv',
      header,
      expectedRecords: o.table ? await estimatedRows(client, o.table) : null,
      chunks: recordChunks(counted(), 'csv', o.chunkBytes),
    };
    return { source, sql, columns, rows: () => rows, close: () => client.end().catch(() => undefined) };
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
}

/**
 * The planner's row estimate of a table, for progress only: free (no scan), about right after ANALYZE or
 * autovacuum, and -1 (unknown: null here) on a table never analysed
 * (https://www.postgresql.org/docs/current/catalog-pg-class.html, reltuples).
 */
async function estimatedRows(client: pg.Client, table: TableName): Promise<number | null> {
  const r = await query<{ n: number | null }>(client, 'SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass($1)', `estimating the rows of ${displayName(table)}`, [qualified(table)]);
  const n = r.rows[0]?.n ?? null;
  return n !== null && n > 0 ? n : null;
}

function selectExpr(field: MerchantField, column: string, category: string | undefined, typname: string | undefined): string {
  if (field !== 'terminal_sns') return column;
  const sep = quoteLiteral(TERMINAL_SN_SEPARATOR);
  if (category === ARRAY_CATEGORY) return `array_to_string(${column}, ${sep})`;
  if (typname !== undefined && JSON_TYPES.has(typname)) {
    // A JSON array of serials; a JSON string or other scalar is passed on as its text.
    return `CASE WHEN jsonb_typeof(${column}::jsonb) = 'array' THEN (SELECT string_agg(e, ${sep}) FROM jsonb_array_elements_text(${column}::jsonb) AS e) ELSE ${column}::jsonb #>> '{}' END`;
  }
  return column;
}

async function tableFrom(client: pg.Client, table: TableName): Promise<string> {
  const found = await query<{ t: string | null }>(client, 'SELECT to_regclass($1)::text AS t', `looking up ${displayName(table)}`, [qualified(table)]);
  if (found.rows[0]!.t === null) {
    throw new DedupError('E_BAD_ARGS', `table ${displayName(table)} does not exist; load one with \`merchant-dedup load\`, or name another with --table or --query`);
  }
  return qualified(table);
}

/** SQLSTATE classes of a statement the server refused to run as written: a mistake in the job, not a failure. */
const QUERY_MISTAKES = /^(42|0A|25006|22)/;

/**
 * Runs `sql` through the extended query protocol, which refuses more than one statement. When `userSql`,
 * a refusal or a syntax, name or read-only error is a configuration error (E_BAD_ARGS, exit 2).
 */
async function singleStatement(client: pg.Client, sql: string, doing: string, userSql: boolean): Promise<pg.QueryResult> {
  try {
    return await client.query({ text: sql, queryMode: 'extended' } as pg.QueryConfig);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const multiple = /cannot insert multiple commands into a prepared statement/.test(e.message ?? '');
    if (userSql && (multiple || QUERY_MISTAKES.test(e.code ?? ''))) {
      throw new DedupError(
        'E_BAD_ARGS',
        multiple
          ? '--query must be a single SELECT statement; it holds more than one'
          : `--query must be a single read-only SELECT the server accepts: ${e.message ?? String(err)}`,
        { field: '--query', ...(e.code && { sqlState: e.code }) },
        { cause: err },
      );
    }
    throw dbError(err, doing);
  }
}

/** A query as a subquery: without the trailing semicolon a user may well type. */
function stripQuery(sql: string): string {
  const s = sql.trim().replace(/;\s*$/, '');
  if (s === '') throw new DedupError('E_BAD_ARGS', '--query must be a SELECT, got an empty string');
  return s;
}
