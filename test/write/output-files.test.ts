import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/scan/run-scan.js';
import { LOCK_FILE, MANIFEST_FILE, OutputDirLock, OutputSet, readManifest } from '../../src/write/output-files.js';
import { handCheckedRecords } from '../fixtures/hand-checked-corpus.js';

let dir: string;
let input: string;
const missingInput = (): string => join(dir, 'no-such-input.ndjson');
const BIN = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'out-test-'));
  input = join(dir, 'merchants.ndjson');
  await writeFile(input, handCheckedRecords().map((r) => JSON.stringify(r)).join('\n') + '\n');
});

describe('--out is checked before the input is read', () => {
  // Each names an input that does not exist: the error being about --out proves the order.
  it('a path under /proc fails at once instead of spinning (Node 20 recursive mkdir)', async () => {
    const err = await runScan({ input: missingInput(), outDir: '/proc/merchant-dedup/out', threads: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BAD_ARGS', message: expect.stringMatching(/^--out \/proc\/merchant-dedup\/out cannot be created/) });
  });

  it('an existing file, or a path through one, is refused', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    await expect(runScan({ input: missingInput(), outDir: file, threads: 1 })).rejects.toMatchObject({ code: 'E_BAD_ARGS', message: expect.stringMatching(/is a file, not a directory/) });
    await expect(runScan({ input: missingInput(), outDir: join(file, 'sub'), threads: 1 })).rejects.toMatchObject({ code: 'E_BAD_ARGS', message: expect.stringMatching(/a-file is a file/) });
  });

  it('an unwritable place is refused (sysfs refuses mkdir even to root)', async () => {
    await expect(runScan({ input: missingInput(), outDir: '/sys/merchant-dedup-out', threads: 1 })).rejects.toMatchObject({ code: 'E_BAD_ARGS', message: expect.stringMatching(/cannot be created/) });
  });

  it('the CLI prints one clear line and exits 2, never a stack trace', () => {
    const r = spawnSync(process.execPath, [BIN, 'scan', '--input', missingInput(), '--out', '/proc/merchant-dedup/out'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^merchant-dedup: --out \/proc\/merchant-dedup\/out cannot be created/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the output directory lock', () => {
  it('a second scan into a directory being written exits busy at once; the first then completes', async () => {
    const out = join(dir, 'contended');
    // The first run's lock, held here so the outcome does not depend on timing.
    const lock = await OutputDirLock.acquire(out);
    const second = await runScan({ input, outDir: out, threads: 1 }).catch((e: unknown) => e);
    expect(second).toMatchObject({ code: 'E_BUSY', message: expect.stringMatching(/being written by another scan \(process \d+\)/) });
    await lock.release();
    await expect(runScan({ input, outDir: out, threads: 1 })).resolves.toMatchObject({ counts: { read: 21 } });
    expect(await readdir(out)).not.toContain(LOCK_FILE);
  });

  it('a lock held by another live process is respected', async () => {
    const out = join(dir, 'other-process');
    await OutputDirLock.acquire(out).then((l) => l.release());
    await writeFile(join(out, LOCK_FILE), `${process.ppid} ${(await import('node:os')).hostname()}\n`);
    await expect(runScan({ input: missingInput(), outDir: out, threads: 1 })).rejects.toMatchObject({ code: 'E_BUSY', message: expect.stringContaining(`process ${process.ppid}`) });
  });

  it('a lock left by a process that no longer runs is taken over', async () => {
    const out = join(dir, 'stale');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await OutputDirLock.acquire(out).then((l) => l.release());
    await writeFile(join(out, LOCK_FILE), `${dead.stdout} ${(await import('node:os')).hostname()}\n`);
    const lock = await OutputDirLock.acquire(out);
    expect((await readFile(join(out, LOCK_FILE), 'utf8')).split(' ')[0]).toBe(String(process.pid));
    await lock.release();
  });
});

describe('an output set is committed as one unit', () => {
  it('the manifest is written last and lists every file with its size; a mixed set fails the check', async () => {
    const out = join(dir, 'set');
    await runScan({ input, outDir: out, threads: 1 });
    const files = await readManifest(out);
    expect(Object.keys(files!).sort()).toEqual(['clusters.csv', 'pairs.csv', 'rejects.csv', 'risk_alerts.csv', 'risk_members.csv', 'summary.json']);
    // A crash between two renames leaves a file of another run beside the others: detected.
    await writeFile(join(out, 'clusters.csv'), 'cluster_id,merchant_id,is_canonical\n');
    expect(await readManifest(out)).toBeNull();
  });

  it('a set that fails while being written leaves the previous set and its manifest as they were', async () => {
    const out = join(dir, 'kept');
    await runScan({ input, outDir: out, threads: 1 });
    const manifest = await readFile(join(out, MANIFEST_FILE), 'utf8');
    const pairs = await readFile(join(out, 'pairs.csv'), 'utf8');
    const set = await OutputSet.create(out);
    await set.open('pairs.csv').write('half a file');
    await set.discard();
    expect(await readFile(join(out, MANIFEST_FILE), 'utf8')).toBe(manifest);
    expect(await readFile(join(out, 'pairs.csv'), 'utf8')).toBe(pairs);
    expect(await readManifest(out)).not.toBeNull();
    expect((await readdir(out)).filter((f) => f.endsWith('.partial') || f === LOCK_FILE)).toEqual([]);
  });
});
