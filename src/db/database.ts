/**
 * Where the tool's PostgreSQL is: `--db URL`, else DATABASE_URL, else an embedded server started for the
 * duration of the command. Hands out connections with the session settings every module relies on.
 */
import pg from 'pg';
import { toConnectionUrl } from './connection-string.js';
import { dbError, redactUrl } from './db-error.js';
import { startEmbeddedServer, type EmbeddedServer, type EmbeddedServerOptions } from './embedded-server.js';

export interface DatabaseOptions {
  /** Connection string. @default DATABASE_URL, else an embedded server */
  url?: string | undefined;
  /** Options of the embedded server, when one is started. @default project-local data directory */
  embedded?: EmbeddedServerOptions;
}

/** Seen in pg_stat_activity, so a DBA can tell the tool's sessions apart. */
const APPLICATION_NAME = 'merchant-dedup';

/**
 * Settings of every session:
 * - ISO dates, so timestamps read back by COPY ... TO are ISO-8601 as the contract's validator expects;
 * - extra_float_digits 3: shortest exact float output on PostgreSQL 12+, full precision before it, so
 *   coordinates survive a round trip (https://www.postgresql.org/docs/current/runtime-config-client.html);
 * - no NOTICEs for "already exists, skipping" of idempotent DDL.
 */
const SESSION_SETTINGS = "SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3; SET client_min_messages = warning";

export class Database {
  private constructor(
    readonly url: string,
    private readonly server: EmbeddedServer | null,
  ) {}

  static async open(options: DatabaseOptions = {}): Promise<Database> {
    const url = options.url ?? process.env.DATABASE_URL;
    if (url !== undefined && url !== '') return new Database(toConnectionUrl(url), null);
    const server = await startEmbeddedServer(options.embedded);
    return new Database(server.url, server);
  }

  /** True when this command started (or reused) the embedded server. */
  get embedded(): boolean {
    return this.server !== null;
  }

  /** Where the data is, for messages: the embedded server's data directory, or the URL without password. */
  describe(): string {
    if (this.server === null) return redactUrl(this.url);
    return `embedded PostgreSQL on 127.0.0.1:${this.server.port} (data in ${this.server.dataDir}${this.server.started ? '' : ', already running'})`;
  }

  /** A new session; end it with `client.end()` (see `withClient`). */
  async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, application_name: APPLICATION_NAME });
    // A connection lost while idle (server restart) is reported by the next query; without a listener
    // the 'error' event would crash the process instead.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query(SESSION_SETTINGS);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw dbError(err, `cannot connect to ${redactUrl(this.url)}`);
    }
    return client;
  }

  async withClient<T>(f: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      return await f(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.server?.stop();
  }
}

/** Runs `f` in a transaction: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(client: pg.Client, doing: string, f: () => Promise<T>): Promise<T> {
  await query(client, 'BEGIN', doing);
  try {
    const result = await f();
    await query(client, 'COMMIT', doing);
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw dbError(err, doing);
  }
}

/** A query whose failure becomes DedupError('E_DB') saying what was being done. */
export async function query<R extends pg.QueryResultRow = pg.QueryResultRow>(client: pg.Client, sql: string, doing: string, params?: unknown[]): Promise<pg.QueryResult<R>> {
  try {
    return await client.query<R>(sql, params);
  } catch (err) {
    throw dbError(err, doing);
  }
}
