/**
 * One writer per schema at a time: every run that writes a generation holds a session-level advisory
 * lock on (LockPurpose.Write, hashtext(schema)) for its whole duration. A session lock is released when
 * the session ends, so a killed run never leaves it held
 * (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS). The second of two
 * overlapping rebuilds does not wait: it fails with code E_BUSY, which the CLI turns into exit
 * code 3, so a scheduler sees "skipped, another run is busy" rather than a failure.
 */
import type pg from 'pg';
import { DedupError } from '../errors.js';
import { query } from './database.js';
import { LockPurpose } from './schema-migrations.js';

export async function acquireWriteLock(client: pg.Client, schema: string): Promise<void> {
  const r = await query<{ locked: boolean }>(client, 'SELECT pg_try_advisory_lock($1::integer, hashtext($2)) AS locked', 'taking the write lock', [LockPurpose.Write, schema]);
  if (r.rows[0]!.locked) return;
  const holder = await query<{ pid: number | null; since: string | null }>(
    client,
    `SELECT l.pid, a.backend_start::text AS since FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.classid = $1::integer::oid AND l.objid = hashtext($2)::oid AND l.granted LIMIT 1`,
    'looking up the lock holder',
    [LockPurpose.Write, schema],
  );
  const h = holder.rows[0];
  const who = h?.pid ? ` (server process ${h.pid}, connected since ${h.since ?? '?'})` : '';
  throw new DedupError('E_BUSY', `another merchant-dedup run is writing to schema ${schema}${who}; this run did nothing. Run again when it has finished.`, {
    schema,
  });
}

export async function releaseWriteLock(client: pg.Client, schema: string): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1::integer, hashtext($2))', [LockPurpose.Write, schema]).catch(() => undefined);
}
