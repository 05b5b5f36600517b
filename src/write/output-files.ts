/**
 * A scan's output directory (`--out DIR`): checked and locked before the input is read, and its files
 * committed as one set.
 *
 * - Checked first: DIR is created level by level (never `mkdir -p` on a path under /proc, where Node
 *   20's recursive mkdir loops forever), must be a directory, and must be writable; every failure is a
 *   configuration error (E_BAD_ARGS, exit 2) naming the path, raised before any work.
 * - Locked: `DIR/.merchant-dedup.lock` is created exclusively and holds the writer's pid. A second scan
 *   into the same directory exits 3 (E_BUSY) at once; a lock left by a killed process (its pid is gone)
 *   is taken over.
 * - Committed as a set: every file is written under a temporary name (`*.partial`) first. Only when all
 *   are complete is the previous `manifest.json` removed, each file renamed into place, and a new
 *   `manifest.json` written last (itself through a rename). The manifest lists every file of the set with
 *   its size in bytes. Readers that must not see a mixed set read manifest.json first and check the sizes:
 *   a set without a manifest, or whose files differ from it, is incomplete (a crash between two renames).
 *   A failure while writing leaves the previous set and its manifest untouched; `*.partial` files of a
 *   crash are overwritten by the next run.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DedupError } from '../errors.js';

const PARTIAL_SUFFIX = '.partial';
/** Strings are buffered up to this many UTF-16 units before a write, to keep syscalls few. */
const FLUSH_AT = 1 << 20;
/** The commit record of an output set: written last, removed first. */
export const MANIFEST_FILE = 'manifest.json';
/** Held by the one process writing a directory. */
export const LOCK_FILE = '.merchant-dedup.lock';

export class BufferedFile {
  private buffer = '';
  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {}

  static open(path: string): BufferedFile {
    const stream = createWriteStream(path + PARTIAL_SUFFIX);
    // An open or write failure surfaces at the next write or close; without a listener the stream's
    // 'error' event would crash the process with a stack trace instead.
    stream.on('error', () => undefined);
    return new BufferedFile(path, stream);
  }

  /** Text is buffered; bytes (UTF-8 text already encoded, by a worker) go out after the buffered text. */
  async write(s: string | Uint8Array): Promise<void> {
    if (typeof s !== 'string') {
      await this.flush();
      await this.put(s);
      return;
    }
    this.buffer += s;
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    await this.put(chunk);
  }

  private async put(chunk: string | Uint8Array): Promise<void> {
    if (this.stream.errored) throw this.failure(this.stream.errored);
    if (!this.stream.write(chunk)) await this.settle('drain');
  }

  /** Flushes and closes the temporary file (still under its temporary name). */
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.settle('finish');
  }

  async commit(): Promise<void> {
    await rename(this.path + PARTIAL_SUFFIX, this.path);
  }

  async discard(): Promise<void> {
    // The file may still be opening: removing it before the stream has closed its descriptor would let the
    // open create it afterwards, leaving a .partial behind. Wait for 'close' (a destroyed fs stream closes
    // its descriptor, once open, before emitting it).
    if (!this.stream.closed) {
      const closed = once(this.stream, 'close').catch(() => undefined);
      this.stream.destroy();
      await closed;
    }
    await rm(this.path + PARTIAL_SUFFIX, { force: true });
  }

  /** Waits for `event`, or turns the stream's error (disk full, permission) into a clear one. */
  private async settle(event: 'drain' | 'finish'): Promise<void> {
    if (this.stream.errored) throw this.failure(this.stream.errored);
    try {
      await once(this.stream, event);
    } catch (err) {
      throw this.failure(err);
    }
  }

  private failure(err: unknown): DedupError {
    return new DedupError('E_INPUT', `cannot write ${this.path}: ${(err as Error).message}`, { file: this.path }, { cause: err });
  }
}

/** Directories this process holds the lock of, so that the writer of a run finds the lock its run took. */
const held = new Map<string, OutputDirLock>();

/** The lock of an output directory; `release()` removes it. */
export class OutputDirLock {
  private constructor(readonly dir: string) {}

  /**
   * Checks `dir` (creating it), and locks it: E_BAD_ARGS when it cannot be a writable directory, E_BUSY
   * when another run (in this process or another) writes it.
   */
  static async acquire(dir: string): Promise<OutputDirLock> {
    const abs = resolve(dir);
    await makeDirectory(dir, abs);
    if (held.has(abs)) throw busy(dir, process.pid);
    const path = join(abs, LOCK_FILE);
    for (let attempt = 0; ; attempt++) {
      try {
        const fh = await open(path, 'wx');
        try {
          await fh.writeFile(`${process.pid} ${hostname()}\n`);
        } finally {
          await fh.close();
        }
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST') throw badDir(dir, `is not writable (${(err as Error).message})`);
        const owner = await lockOwner(path);
        if (attempt > 0 || owner === null || alive(owner)) throw busy(dir, owner?.pid ?? null);
        // Left by a process that no longer runs: take it over.
        await unlink(path).catch(() => undefined);
      }
    }
    const lock = new OutputDirLock(abs);
    held.set(abs, lock);
    return lock;
  }

  /** The lock this process holds on `dir`, if any. */
  static heldFor(dir: string): OutputDirLock | undefined {
    return held.get(resolve(dir));
  }

  async release(): Promise<void> {
    if (held.get(this.dir) !== this) return;
    held.delete(this.dir);
    await unlink(join(this.dir, LOCK_FILE)).catch(() => undefined);
  }
}

/** A set of output files that become visible together (see the header). */
export class OutputSet {
  private readonly files: BufferedFile[] = [];

  private constructor(
    readonly dir: string,
    /** Taken by this set (released when it ends) rather than by the run that called it. */
    private readonly ownLock: OutputDirLock | null,
  ) {}

  /** Uses the lock the run took on `dir` before reading its input, or takes it now. */
  static async create(dir: string): Promise<OutputSet> {
    const existing = OutputDirLock.heldFor(dir);
    return new OutputSet(dir, existing ? null : await OutputDirLock.acquire(dir));
  }

  open(name: string): BufferedFile {
    const f = BufferedFile.open(join(this.dir, name));
    this.files.push(f);
    return f;
  }

  async commit(): Promise<void> {
    try {
      for (const f of this.files) await f.close();
      const sizes: Record<string, { bytes: number }> = {};
      for (const f of this.files) sizes[relativeName(this.dir, f.path)] = { bytes: (await stat(f.path + PARTIAL_SUFFIX)).size };
      const manifest = join(this.dir, MANIFEST_FILE);
      // From here the set is incomplete until the new manifest lands: no reader takes a mix for a set.
      await rm(manifest, { force: true });
      for (const f of this.files) await f.commit();
      await writeFile(manifest + PARTIAL_SUFFIX, JSON.stringify({ complete: true, written_at: new Date().toISOString(), files: sizes }, null, 2) + '\n');
      await rename(manifest + PARTIAL_SUFFIX, manifest);
    } finally {
      await this.ownLock?.release();
    }
  }

  async discard(): Promise<void> {
    try {
      for (const f of this.files) await f.discard();
    } finally {
      await this.ownLock?.release();
    }
  }
}

/** Reads a set's manifest and checks every file against it; null when the set is not complete. */
export async function readManifest(dir: string): Promise<Record<string, { bytes: number }> | null> {
  let files: Record<string, { bytes: number }>;
  try {
    files = (JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as { files: Record<string, { bytes: number }> }).files;
  } catch {
    return null;
  }
  for (const [name, { bytes }] of Object.entries(files)) {
    const size = await stat(join(dir, name)).then((s) => s.size, () => -1);
    if (size !== bytes) return null;
  }
  return files;
}

function relativeName(dir: string, path: string): string {
  return path.slice(join(dir, '/').length);
}

/**
 * Creates `abs` one level at a time below its deepest existing ancestor. Node 20's `mkdir(…, {recursive:
 * true})` spins forever on paths under /proc (it retries the parent on ENOENT); a plain mkdir fails.
 */
async function makeDirectory(dir: string, abs: string): Promise<void> {
  const missing: string[] = [];
  for (let d = abs; ; d = dirname(d)) {
    let isDir: boolean;
    try {
      isDir = (await stat(d)).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(d) !== d) {
        missing.push(d);
        continue;
      }
      throw badDir(dir, `cannot be reached (${(err as Error).message})`);
    }
    if (!isDir) throw badDir(dir, d === abs ? 'is a file, not a directory' : `cannot be created: ${d} is a file, not a directory`);
    break;
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw badDir(dir, `cannot be created (${(err as Error).message})`);
    }
  }
}

async function lockOwner(path: string): Promise<{ pid: number; host: string } | null> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const [pid, host] = text.trim().split(' ');
  return Number.isSafeInteger(Number(pid)) && Number(pid) > 0 ? { pid: Number(pid), host: host ?? '' } : null;
}

/** A lock written on another host (a shared file system) is never taken over: its pid means nothing here. */
function alive(owner: { pid: number; host: string }): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function badDir(dir: string, what: string): DedupError {
  return new DedupError('E_BAD_ARGS', `--out ${dir} ${what}; give a directory this user can write`, { file: dir });
}

function busy(dir: string, pid: number | null): DedupError {
  return new DedupError(
    'E_BUSY',
    `--out ${dir} is being written by another scan${pid === null ? '' : ` (process ${pid})`}; nothing was done. ` +
      `If no scan runs, remove ${join(dir, LOCK_FILE)}`,
    { file: dir },
  );
}
