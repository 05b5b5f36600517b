import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from './helpers.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url));
const pgdata = resolve(`.tmp/orphan-test-pgdata-${process.pid}`);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const postmasterPid = async (): Promise<number> => Number((await readFile(resolve(pgdata, 'postmaster.pid'), 'utf8')).split('\n')[0]);

afterAll(async () => {
  const pid = await postmasterPid().catch(() => 0);
  if (pid > 0 && alive(pid)) process.kill(pid, 'SIGINT');
  await waitFor('the test server to stop', async () => (pid > 0 && alive(pid) ? undefined : true), 30_000, 100).catch(() => undefined);
  await rm(pgdata, { recursive: true, force: true });
});

describe('the embedded server', () => {
  it('a server orphaned by kill -9 of its starter is adopted by the next command and stopped when it ends', async () => {
    const env = { ...process.env, MERCHANT_DEDUP_PGDATA: pgdata, DATABASE_URL: '' };
    const serve = spawn(process.execPath, [BIN, 'db', 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    serve.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor('db serve to be ready', async () => (/Ctrl-C stops it/.test(out) ? true : undefined), 90_000, 100);
    const exited = new Promise((r) => serve.on('close', r));
    serve.kill('SIGKILL');
    await exited;
    const orphan = await postmasterPid();
    expect(alive(orphan)).toBe(true);

    const init = spawn(process.execPath, [BIN, 'db', 'init'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let initOut = '';
    init.stdout.on('data', (d: Buffer) => (initOut += d.toString()));
    const code = await new Promise((r) => init.on('close', r));
    expect(code).toBe(0);
    expect(initOut).toMatch(/schema merchant_dedup at version/);
    await waitFor('the orphaned server to stop', async () => (alive(orphan) ? undefined : true), 30_000, 100);
  });
});
