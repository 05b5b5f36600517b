/**
 * Shared by the database tests: the run's PostgreSQL (test/setup/postgres.ts), a schema per test
 * file so files run in parallel without seeing each other, and the compiled CLI as a child process for
 * the tests that kill a run or race two of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { inject } from 'vitest';
import { Database } from '../../src/db/database.js';
import { quoteIdent } from '../../src/db/sql-names.js';

export const databaseUrl = (): string => inject('databaseUrl');

let counter = 0;
/** A name no other test (file or run) uses: lower case, so unquoted SQL finds it too. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${++counter}_${Math.floor(Math.random() * 1e6)}`;
}

export async function openTestDatabase(): Promise<Database> {
  return Database.open({ url: databaseUrl() });
}

export async function dropSchemas(db: Database, schemas: readonly string[]): Promise<void> {
  await db.withClient(async (c) => {
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(s)} CASCADE`);
  });
}

export async function rows<R extends pg.QueryResultRow>(db: Database, sql: string, params: unknown[] = []): Promise<R[]> {
  return db.withClient(async (c) => (await c.query<R>(sql, params)).rows);
}

const BIN = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url));

export interface CliRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** The compiled CLI against the test database (`npm test` builds first). */
export function spawnCli(args: readonly string[]): CliRun {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` before the database tests`);
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl() }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Polls `f` until it returns a value other than undefined, or fails after `ms`. */
export async function waitFor<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000, every = 5): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
