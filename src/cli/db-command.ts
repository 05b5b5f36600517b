/**
 * `merchant-dedup db init|serve|status`, and the options every PostgreSQL command shares: `--db URL`
 * (else DATABASE_URL, else the embedded server) and `--schema` for the tool's own tables.
 */
import type { Command } from 'commander';
import type { Database } from '../db/database.js';
import { withoutPassword } from '../db/connection-string.js';
import { checkSchemaName, DEFAULT_SCHEMA, quoteIdent } from '../db/sql-names.js';
import { formatDbStatus, type GenerationRow, type RunRow } from './format-db-status.js';

/**
 * The database client (node-postgres and the embedded server's package) is loaded when a command opens a
 * database, not when the command line is built: a file scan never needs it, and loading it took ~100 ms of
 * every run's start.
 */
const database = (): Promise<typeof import('../db/database.js')> => import('../db/database.js');

export interface DbCliOptions {
  db?: string;
  schema: string;
}

export function addDbOptions(command: Command, withSchema = true): Command {
  command.option('--db <url>', 'PostgreSQL connection string (default: DATABASE_URL, else an embedded server in .tmp/pgdata)');
  if (withSchema) command.option('--schema <name>', "schema of the tool's tables", (v: string) => checkSchemaName(v), DEFAULT_SCHEMA);
  return command;
}

/** Opens the database the options name, runs `f`, and stops an embedded server it started. */
export async function withDatabase<T>(opts: { db?: string | undefined }, f: (db: Database) => Promise<T>): Promise<T> {
  const { Database } = await database();
  const db = await Database.open({ url: opts.db });
  try {
    return await f(db);
  } finally {
    await db.close();
  }
}

/**
 * A psql command line a user can paste to look at the tool's tables. A user's password is masked (psql
 * asks for it, or finds it in PGPASSWORD or ~/.pgpass); only the embedded server's fixed, loopback-only
 * password is printed, so the line works as pasted.
 */
export function psqlHint(url: string, schema: string, embedded = false): string {
  const sql = `SELECT * FROM ${quoteIdent(schema)}.runs ORDER BY run_id DESC LIMIT 5`;
  const shown = embedded ? url : withoutPassword(url);
  return `psql '${shown}' -c '${sql.replace(/'/g, "'\\''")}'`;
}

export function registerDb(program: Command): void {
  const db = program.command('db').description("The tool's PostgreSQL schema: create or migrate it, serve the embedded server, show its state");

  addDbOptions(db.command('init').description('Create or migrate the schema (idempotent, versioned)')).action(async (opts: DbCliOptions) => {
    const { migrate } = await import('../db/schema-migrations.js');
    const r = await withDatabase(opts, (d) => d.withClient((c) => migrate(c, opts.schema)));
    const what = r.applied.length === 0 ? 'already up to date' : `applied migration${r.applied.length > 1 ? 's' : ''} ${r.applied.join(', ')}`;
    process.stdout.write(`schema ${r.schema} at version ${r.version}: ${what}\n`);
  });

  addDbOptions(db.command('status').description('Show the current generation and the latest runs'))
    .option('--json', 'print the current generation and the runs as one JSON object')
    .action(async (opts: DbCliOptions & { json?: boolean }) => {
      const [{ migrate }, { query }] = await Promise.all([import('../db/schema-migrations.js'), database()]);
      await withDatabase(opts, (d) =>
        d.withClient(async (c) => {
          await migrate(c, opts.schema);
          const s = quoteIdent(opts.schema);
          const current = await query<GenerationRow>(c, `SELECT generation, run_id, created_at::text, has_keys, row_counts FROM ${s}.current_generation`, 'reading the current generation');
          const runs = await query<RunRow>(
            c,
            `SELECT run_id, generation, status, started_at::text, finished_at::text, source, clusters_created, clusters_merged, clusters_split, clusters_unchanged, error
               FROM ${s}.runs ORDER BY run_id DESC LIMIT 10`,
            'reading the runs',
          );
          const now = current.rows[0] ?? null;
          if (opts.json) process.stdout.write(JSON.stringify({ current: now, runs: runs.rows }, null, 2) + '\n');
          else process.stdout.write(formatDbStatus(opts.schema, now, runs.rows));
        }),
      );
    });

  db.command('serve')
    .description('Run the embedded PostgreSQL server in the foreground until Ctrl-C (commands without --db then use it)')
    .action(async () => {
      const { Database } = await database();
      const d = await Database.open({ url: '' });
      process.stdout.write(`${d.describe()}; Ctrl-C stops it\n  ${psqlHint(d.url, DEFAULT_SCHEMA, true)}\n`);
      // The server's signal handlers stop it and exit; until then, keep the process alive.
      await new Promise<never>(() => setInterval(() => undefined, 1 << 30));
    });
}
