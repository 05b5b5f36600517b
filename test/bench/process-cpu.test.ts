import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postmasterPid, processTreeCpuMs, reapedChildrenCpuMs } from '../../bench/lib/process-cpu.js';

/**
 * A Node child that spends `ms` of CPU time (counted in CPU, not wall time, so a busy machine only makes it
 * take longer), then (when asked) prints its pid and waits to be killed.
 */
const BUSY = (ms: number, linger: boolean): string =>
  `const spent = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }; while (spent() < ${ms}); ` +
  (linger ? 'process.stdout.write(process.pid + "\\n"); setInterval(() => {}, 1000);' : '');

describe('process-cpu (CPU time of other processes, from /proc)', () => {
  it('charges a waited-for child its CPU time', () => {
    const before = reapedChildrenCpuMs()!;
    spawnSync(process.execPath, ['-e', BUSY(400, false)]);
    const spent = reapedChildrenCpuMs()! - before;
    expect(spent).toBeGreaterThanOrEqual(300);
    expect(spent).toBeLessThan(5_000);
  });

  it('sums a process tree: the root and its live children', async () => {
    // The root is a shell (which does not exec its last command: one follows) whose child burns CPU and
    // stays alive: the child's time counts while it runs.
    const root = spawn('sh', ['-c', `"${process.execPath}" -e '${BUSY(400, true)}'; exit 0`], { stdio: ['ignore', 'pipe', 'ignore'] });
    const busy = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the busy child did not start')), 20_000);
      root.stdout!.once('data', (d: Buffer) => {
        clearTimeout(timer);
        resolve(Number(String(d).trim()));
      });
    }).catch((err: unknown) => {
      root.kill();
      throw err;
    });
    try {
      expect(busy).not.toBe(root.pid);
      expect(processTreeCpuMs(root.pid!)).toBeGreaterThanOrEqual(300);
    } finally {
      process.kill(busy);
      root.kill();
    }
    expect(processTreeCpuMs(2 ** 22 + 7)).toBeNull();
  });

  it('reads the postmaster pid from a data directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'postmaster-'));
    try {
      expect(postmasterPid(dir)).toBeNull();
      writeFileSync(join(dir, 'postmaster.pid'), '4321\n/var/lib/postgresql/data\n1700000000\n5432\n');
      expect(postmasterPid(dir)).toBe(4321);
      writeFileSync(join(dir, 'postmaster.pid'), 'garbage\n');
      expect(postmasterPid(dir)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
