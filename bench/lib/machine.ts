/**
 * What a result was measured on: the commit and the machine, so two results can be compared knowingly.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release, totalmem } from 'node:os';

export interface Provenance {
  commit: string;
  /** True when the work tree differed from the commit (uncommitted changes were measured too). */
  dirty: boolean;
  date: string;
  machine: {
    cpu: string;
    cores: number;
    memory_gb: number;
    node: string;
    os: string;
  };
}

/** A git command's trimmed output in `cwd`, or null when it fails (no git, not a repository). */
export function git(args: string[], cwd: string): string | null {
  try {
    // GIT_OPTIONAL_LOCKS=0: `git status` must not refresh (write) the index of a tree others work in.
    const env = { ...process.env, GIT_OPTIONAL_LOCKS: '0' };
    return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function cpuModel(): string {
  const model = cpus()[0]?.model?.trim();
  if (model) return model;
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function provenance(repoRoot: string): Provenance {
  return {
    commit: git(['rev-parse', 'HEAD'], repoRoot) ?? 'unknown',
    dirty: (git(['status', '--porcelain', '--untracked-files=no'], repoRoot) ?? '') !== '',
    date: new Date().toISOString(),
    machine: {
      cpu: cpuModel(),
      cores: availableParallelism(),
      memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      os: `${platform()} ${release()}`,
    },
  };
}
