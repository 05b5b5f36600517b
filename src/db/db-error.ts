/**
 * PostgreSQL failures as the project's DedupError('E_DB'), carrying what the server said (SQLSTATE,
 * detail, hint, context), as node-postgres' DatabaseError does, so a message names the cause and a
 * caller can act on `details.sqlState`.
 */
import { DedupError } from '../errors.js';

interface ServerError {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  where?: string;
  severity?: string;
}

/** SQLSTATE is five characters (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Wraps `err` from node-postgres; `doing` says what was being done, e.g. `writing pairs`. */
export function dbError(err: unknown, doing: string): DedupError {
  // Already ours (a bad option found while streaming, a worker's record error): keep its code.
  if (typeof err === 'object' && err !== null && 'details' in err && /^E_[A-Z_]+$/.test(String((err as { code?: unknown }).code))) {
    return err as DedupError;
  }
  const e = (err ?? {}) as ServerError;
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(err);
  const sqlState = typeof e.code === 'string' && SQLSTATE.test(e.code) ? e.code : undefined;
  let text = `${doing}: ${message}`;
  if (e.detail) text += ` (${e.detail})`;
  if (e.hint) text += `; ${e.hint}`;
  return new DedupError(
    'E_DB',
    text,
    { ...(sqlState && { sqlState }), ...(e.detail && { detail: e.detail }), ...(e.hint && { hint: e.hint }), ...(e.where && { where: e.where }) },
    { cause: err },
  );
}

/** A connection string with its password hidden, for messages and logs (every form: connection-string.ts). */
export { redactConnectionString as redactUrl } from './connection-string.js';
