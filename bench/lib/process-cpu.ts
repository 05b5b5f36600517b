/**
 * CPU time of processes other than this one, read from Linux's /proc: a child this process waited for
 * (its time, worker threads included, joins this process's `cutime`/`cstime` when it is reaped), and a
 * server's process tree (PostgreSQL: the postmaster, the backends it reaped, and the ones still alive).
 * Elsewhere, or where /proc cannot be read, every function returns null.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

interface ProcTimes {
  ppid: number;
  /** utime + stime, in clock ticks. */
  own: number;
  /** cutime + cstime: children waited for, in clock ticks. */
  reaped: number;
}

let ticks: number | undefined;

/** Clock ticks a second (`getconf CLK_TCK`), 100 when it cannot be asked. */
function ticksPerSecond(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** /proc/PID/stat's times; null when the process is gone or /proc is missing. */
function procTimes(pid: number | 'self'): ProcTimes | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its end.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
}

/** CPU time, in ms, of the children this process has waited for so far (a `spawnSync` child once it returns). */
export function reapedChildrenCpuMs(): number | null {
  const t = procTimes('self');
  return t === null ? null : (t.reaped * 1000) / ticksPerSecond();
}

/**
 * CPU time, in ms, of the process tree rooted at `pid` so far: the process, the children it reaped, and
 * its live children with theirs. A backend that ended between two readings is counted once its parent
 * reaped it; the difference of two readings is what the tree spent between them.
 */
export function processTreeCpuMs(pid: number): number | null {
  const root = procTimes(pid);
  if (root === null) return null;
  let total = root.own + root.reaped;
  for (const name of readdirSync('/proc')) {
    const child = Number(name);
    if (!Number.isInteger(child) || child === pid) continue;
    const t = procTimes(child);
    if (t !== null && t.ppid === pid) total += t.own + t.reaped;
  }
  return (total * 1000) / ticksPerSecond();
}

/** The postmaster's pid from a PostgreSQL data directory's postmaster.pid; null when not readable. */
export function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
