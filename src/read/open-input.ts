/** Opening an input file for block reads, with errors that say what to check. */
import { open, type FileHandle } from 'node:fs/promises';
import { DedupError } from '../errors.js';

export interface OpenInput {
  fh: FileHandle;
  size: number;
}

/** Opens `path` for reading; throws DedupError('E_INPUT') when it is missing, unreadable or not a file. */
export async function openInput(path: string): Promise<OpenInput> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw inputOpenError(path, err);
  }
  try {
    const stat = await fh.stat();
    // open(2) succeeds on a directory; only the first read would fail, with a less helpful EISDIR.
    if (!stat.isFile()) {
      throw new DedupError('E_INPUT', `cannot read input ${path}: not a regular file; give the path of an NDJSON or CSV file`, {
        file: path,
      });
    }
    return { fh, size: stat.size };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** Reads into all of `into` from `position` (less only at the end of the file); returns the bytes read. */
export async function readFully(fh: FileHandle, into: Buffer, position: number): Promise<number> {
  let filled = 0;
  // A read may return fewer bytes than asked before the end of the file.
  while (filled < into.length) {
    const { bytesRead } = await fh.read(into, filled, into.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

function inputOpenError(path: string, err: unknown): DedupError {
  const code = (err as { code?: unknown } | null)?.code;
  const why =
    code === 'ENOENT'
      ? 'no such file; check the input path'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied; check the file permissions'
        : err instanceof Error
          ? err.message
          : String(err);
  return new DedupError('E_INPUT', `cannot open input file ${path}: ${why}`, { file: path }, { cause: err });
}
