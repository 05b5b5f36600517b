/**
 * Output files written under temporary names and renamed into place only when the whole run succeeded,
 * so a failed run never leaves files that look complete. A crash leaves only `*.partial` files behind,
 * which the next run overwrites.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';

const PARTIAL_SUFFIX = '.partial';
/** Strings are buffered up to this many UTF-16 units before a write, to keep syscalls few. */
const FLUSH_AT = 1 << 20;

export class BufferedFile {
  private buffer = '';
  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {}

  static open(path: string): BufferedFile {
    return new BufferedFile(path, createWriteStream(path + PARTIAL_SUFFIX));
  }

  async write(s: string): Promise<void> {
    this.buffer += s;
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Flushes and closes the temporary file (still under its temporary name). */
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }

  async commit(): Promise<void> {
    await rename(this.path + PARTIAL_SUFFIX, this.path);
  }

  async discard(): Promise<void> {
    this.stream.destroy();
    await rm(this.path + PARTIAL_SUFFIX, { force: true });
  }
}

/** A set of output files that become visible together. */
export class OutputSet {
  private readonly files: BufferedFile[] = [];

  private constructor(readonly dir: string) {}

  static async create(dir: string): Promise<OutputSet> {
    await mkdir(dir, { recursive: true });
    return new OutputSet(dir);
  }

  open(name: string): BufferedFile {
    const f = BufferedFile.open(join(this.dir, name));
    this.files.push(f);
    return f;
  }

  async commit(): Promise<void> {
    for (const f of this.files) await f.close();
    for (const f of this.files) await f.commit();
  }

  async discard(): Promise<void> {
    for (const f of this.files) await f.discard();
  }
}
