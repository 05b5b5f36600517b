/**
 * The runs table: one row per run, inserted as `running` before any work, updated as tables are
 * written, and closed as `succeeded` (in the publishing transaction) or `failed`. A process killed
 * mid-run leaves its row `running`; the next writer, holding the write lock and so knowing no one else
 * writes, marks such rows failed and drops their tables.
 */
import type pg from 'pg';
import { query } from './database.js';
import { dropTablesSql } from './generation-tables.js';
import { quoteIdent } from './sql-names.js';

export interface RunStart {
  runId: number;
  generation: number;
}

/** Longest error text kept in a run row: the message and its first causes, not a whole dump. */
const MAX_ERROR_LENGTH = 4000;

export async function startRun(client: pg.Client, schema: string, source: string, options: Record<string, unknown>): Promise<RunStart> {
  const r = await query<{ run_id: string; generation: number }>(
    client,
    `INSERT INTO ${quoteIdent(schema)}.runs (generation, status, source, options) VALUES (nextval($1::regclass), 'running', $2, $3) RETURNING run_id, generation`,
    'recording the run',
    [`${quoteIdent(schema)}.generation_seq`, source, JSON.stringify(options)],
  );
  return { runId: Number(r.rows[0]!.run_id), generation: r.rows[0]!.generation };
}

export async function recordProgress(client: pg.Client, schema: string, runId: number, phases: Record<string, number>): Promise<void> {
  await query(client, `UPDATE ${quoteIdent(schema)}.runs SET phases_ms = $2 WHERE run_id = $1`, 'recording progress', [runId, JSON.stringify(phases)]);
}

export async function failRun(client: pg.Client, schema: string, run: RunStart, err: unknown, phases: Record<string, number>): Promise<void> {
  const message = String((err as { message?: unknown })?.message ?? err).slice(0, MAX_ERROR_LENGTH);
  await query(client, `UPDATE ${quoteIdent(schema)}.runs SET status = 'failed', finished_at = now(), error = $2, phases_ms = $3 WHERE run_id = $1`, 'recording the failure', [
    run.runId,
    message,
    JSON.stringify(phases),
  ]);
  await query(client, dropTablesSql(schema, run.generation), `dropping the tables of failed generation ${run.generation}`);
}

/** Marks runs left `running` by a dead process as failed and drops their tables; returns their ids. */
export async function reapInterruptedRuns(client: pg.Client, schema: string): Promise<number[]> {
  const r = await query<{ run_id: string; generation: number | null }>(
    client,
    `UPDATE ${quoteIdent(schema)}.runs SET status = 'failed', finished_at = now(),
       error = 'interrupted: the process ended before the run finished; nothing of it was published'
     WHERE status = 'running' RETURNING run_id, generation`,
    'closing interrupted runs',
  );
  for (const row of r.rows) if (row.generation !== null) await query(client, dropTablesSql(schema, row.generation), `dropping the tables of interrupted generation ${row.generation}`);
  return r.rows.map((row) => Number(row.run_id));
}
