/**
 * Where the demo may write: its own schema (`merchant_dedup_demo`), holding its own source table and the
 * tool's result tables. The demo creates that schema and marks it (and its table) with a comment; it
 * touches a schema or table only when it carries that mark, so it never empties, replaces or publishes
 * into anything a user made: not a `merchants` table, not the `merchant_dedup` schema of real runs, not
 * a schema that happens to have the demo's name.
 */
import type pg from 'pg';
import { DedupError } from '../errors.js';
import { query } from './database.js';
import { quoteIdent, quoteLiteral, type TableName } from './sql-names.js';

export const DEMO_SCHEMA = 'merchant_dedup_demo';
export const DEMO_TABLE: TableName = { schema: DEMO_SCHEMA, table: 'merchants' };
/** The comment that marks an object as the demo's own. */
export const DEMO_MARK = 'created by merchant-dedup demo: synthetic data, replaced by every demo run';

/**
 * Makes sure the demo's schema exists and is the demo's, and drops the demo's previous source table.
 * E_BAD_ARGS (exit 2) when a schema or table of that name exists without the demo's mark.
 */
export async function prepareDemoSpace(client: pg.Client): Promise<void> {
  const s = quoteIdent(DEMO_SCHEMA);
  const schema = await query<{ mark: string | null }>(
    client,
    'SELECT obj_description(oid, $2) AS mark FROM pg_namespace WHERE nspname = $1',
    'looking up the demo schema',
    [DEMO_SCHEMA, 'pg_namespace'],
  );
  if (schema.rows.length === 0) {
    await query(client, `CREATE SCHEMA ${s}`, 'creating the demo schema');
    await query(client, `COMMENT ON SCHEMA ${s} IS ${quoteLiteral(DEMO_MARK)}`, 'marking the demo schema');
    return;
  }
  if (schema.rows[0]!.mark !== DEMO_MARK) throw notOurs(`schema ${DEMO_SCHEMA}`);
  const table = await query<{ mark: string | null }>(
    client,
    `SELECT obj_description(c.oid, 'pg_class') AS mark FROM pg_class c WHERE c.oid = to_regclass($1)`,
    'looking up the demo table',
    [`${s}.${quoteIdent(DEMO_TABLE.table)}`],
  );
  if (table.rows.length === 0) return;
  if (table.rows[0]!.mark !== DEMO_MARK) throw notOurs(`table ${DEMO_SCHEMA}.${DEMO_TABLE.table}`);
  await query(client, `DROP TABLE ${s}.${quoteIdent(DEMO_TABLE.table)}`, 'dropping the previous demo table');
}

/** Marks the demo's freshly loaded table as its own. */
export async function markDemoTable(client: pg.Client): Promise<void> {
  await query(client, `COMMENT ON TABLE ${quoteIdent(DEMO_SCHEMA)}.${quoteIdent(DEMO_TABLE.table)} IS ${quoteLiteral(DEMO_MARK)}`, 'marking the demo table');
}

function notOurs(what: string): DedupError {
  return new DedupError(
    'E_BAD_ARGS',
    `${what} exists and was not created by the demo; the demo leaves it alone. Drop it yourself if it is an old demo's, or run the demo on another database`,
  );
}
