/**
 * Names of tables and schemas as the user gives them (`merchants`, `crm.merchants`) and as SQL needs
 * them (quoted identifiers). Quoting follows https://www.postgresql.org/docs/current/sql-syntax-lexical.html
 * ("Identifiers and Key Words"): double quotes around the name, a double quote inside doubled.
 */
import { DedupError } from '../errors.js';

/** Default schema of the tool's own tables. */
export const DEFAULT_SCHEMA = 'merchant_dedup';
/** Default source table, the contract's name for it. */
export const DEFAULT_TABLE = 'merchants';
/** PostgreSQL truncates longer identifiers (NAMEDATALEN - 1 bytes). */
const MAX_IDENTIFIER_BYTES = 63;

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** A string literal for SQL text that cannot take a parameter (DDL, COPY): standard-conforming quoting. */
export function quoteLiteral(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

export interface TableName {
  /** null: found through the search_path. */
  schema: string | null;
  table: string;
}

/**
 * Parses `table` or `schema.table` as given on the command line. A part may be double-quoted to keep
 * dots or upper case; unquoted parts are taken as written (not folded to lower case), since a user who
 * typed `Merchants` most likely means the table they see under that name.
 */
export function parseTableName(value: string, flag = '--table'): TableName {
  const parts: string[] = [];
  let i = 0;
  while (i <= value.length) {
    if (value[i] === '"') {
      let j = i + 1;
      let part = '';
      for (;;) {
        const q = value.indexOf('"', j);
        if (q === -1) throw bad(flag, value, 'has an unterminated double quote');
        part += value.slice(j, q);
        if (value[q + 1] === '"') {
          part += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      parts.push(part);
      if (i < value.length && value[i] !== '.') throw bad(flag, value, 'has text after a closing quote');
      i++;
    } else {
      const dot = value.indexOf('.', i);
      const end = dot === -1 ? value.length : dot;
      parts.push(value.slice(i, end).trim());
      i = end + 1;
    }
  }
  if (parts.length > 2 || parts.some((p) => p === '')) throw bad(flag, value, 'must look like table or schema.table');
  for (const p of parts) {
    if (Buffer.byteLength(p) > MAX_IDENTIFIER_BYTES) throw bad(flag, value, `has a name longer than ${MAX_IDENTIFIER_BYTES} bytes`);
  }
  return parts.length === 2 ? { schema: parts[0]!, table: parts[1]! } : { schema: null, table: parts[0]! };
}

export function qualified(name: TableName): string {
  return name.schema === null ? quoteIdent(name.table) : `${quoteIdent(name.schema)}.${quoteIdent(name.table)}`;
}

export function displayName(name: TableName): string {
  return name.schema === null ? name.table : `${name.schema}.${name.table}`;
}

/** Validates a schema name for the tool's tables. */
export function checkSchemaName(schema: string, flag = '--schema'): string {
  if (schema.trim() === '' || Buffer.byteLength(schema) > MAX_IDENTIFIER_BYTES) {
    throw new DedupError('E_BAD_ARGS', `${flag} must be a non-empty name of at most ${MAX_IDENTIFIER_BYTES} bytes, got ${JSON.stringify(schema)}`);
  }
  return schema;
}

function bad(flag: string, value: string, what: string): DedupError {
  return new DedupError('E_BAD_ARGS', `${flag} ${JSON.stringify(value)} ${what}`);
}
