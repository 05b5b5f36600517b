/**
 * Text encoding of an input. The contract's inputs are UTF-8; a Chinese Excel export is usually GB18030
 * (or its subset GBK). Decoding such a file as UTF-8 turns every Chinese character into U+FFFD and
 * matching silently degrades, so:
 *
 * - a file whose first lines are mostly invalid UTF-8 stops the run before any work (E_INPUT), suggesting
 *   `--encoding gb18030` (`sniffUtf8`);
 * - a record with a field holding invalid UTF-8 (decoded as U+FFFD) or a lone surrogate (an NDJSON
 *   `\ud800` escape) is rejected naming the field (`badText`), never stored garbled;
 * - `--encoding gb18030` transcodes the file to UTF-8 with WHATWG TextDecoder (Node with full ICU, the
 *   default build, supports it) into a temporary file that the scan reads (`transcodeToUtf8`).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DedupError } from '../errors.js';

export type InputEncoding = 'utf-8' | 'gb18030';

/** Names accepted by `--encoding`; GBK and GB2312 are subsets of GB18030, read by its decoder. */
const ENCODING_NAMES: Readonly<Record<string, InputEncoding>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
};

export function parseEncoding(text: string, flag = '--encoding'): InputEncoding {
  const e = ENCODING_NAMES[text.trim().toLowerCase()];
  if (e === undefined) throw new DedupError('E_BAD_ARGS', `${flag} must be utf-8 or gb18030 (gbk and gb2312 are read as gb18030), got "${text}"`, { field: flag });
  return e;
}

/** Bytes of the head that are sampled: thousands of lines of a merchant file. */
const SNIFF_BYTES = 256 * 1024;
/** Above this share of invalid lines a file is taken for another encoding, not for a few bad records. */
const MOSTLY_INVALID = 0.5;
const LF = 0x0a;

/**
 * Throws E_INPUT when more than half of the non-blank lines in the first SNIFF_BYTES of `head` are not
 * valid UTF-8. `head` starts at the beginning of the file.
 */
export function sniffUtf8(head: Uint8Array, file: string): void {
  let end = Math.min(head.length, SNIFF_BYTES);
  const buf = Buffer.from(head.buffer, head.byteOffset, end);
  if (isUtf8(buf)) return;
  // A line cut by the sample's end may end in a partial character: leave it out.
  if (end < head.length) end = Math.max(buf.lastIndexOf(LF) + 1, 0);
  let lines = 0;
  let invalid = 0;
  let firstInvalid = 0;
  for (let start = 0, line = 1; start < end; line++) {
    const nl = buf.indexOf(LF, start);
    const stop = nl === -1 || nl >= end ? end : nl;
    if (stop > start) {
      lines++;
      if (!isUtf8(buf.subarray(start, stop))) {
        invalid++;
        if (firstInvalid === 0) firstInvalid = line;
      }
    }
    start = stop + 1;
  }
  if (lines > 0 && invalid / lines > MOSTLY_INVALID) {
    throw new DedupError(
      'E_INPUT',
      `${file}: ${invalid} of the first ${lines} lines are not valid UTF-8 (first at line ${firstInvalid}): the file is in another encoding. ` +
        'A Chinese Excel export is usually GB18030/GBK: rerun with --encoding gb18030',
      { file, line: firstInvalid },
    );
  }
}

/** The reason a decoded field value cannot be kept, or null. */
export function badText(value: string): string | null {
  if (value.includes('\uFFFD')) return 'invalid UTF-8 (bytes that decode to U+FFFD); check the file encoding (--encoding gb18030 for a GBK export)';
  // String.prototype.isWellFormed is in Node 20 (V8 11.3) but in TypeScript's lib only from es2024.
  if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) return 'a lone surrogate (invalid Unicode text)';
  return null;
}

/** A transcoded copy of an input, removed by `cleanup()`. */
export interface TranscodedInput {
  path: string;
  cleanup(): Promise<void>;
}

/**
 * Writes `path` decoded from `encoding` as UTF-8 into a temporary file. Line feeds, quotes and commas
 * are single bytes in both encodings, so line numbers are the original file's. Bytes that are not valid
 * in `encoding` become U+FFFD, and the records holding them are rejected (`badText`).
 */
export async function transcodeToUtf8(path: string, encoding: InputEncoding): Promise<TranscodedInput> {
  const dir = await mkdtemp(join(tmpdir(), 'merchant-dedup-input-'));
  const out = join(dir, basename(path));
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    const decoder = new TextDecoder(encoding);
    const sink = createWriteStream(out);
    sink.on('error', () => undefined);
    for await (const piece of createReadStream(path)) {
      if (!sink.write(decoder.decode(piece as Buffer, { stream: true }))) await once(sink, 'drain');
    }
    sink.end(decoder.decode());
    await once(sink, 'finish');
    return { path: out, cleanup };
  } catch (err) {
    await cleanup();
    throw new DedupError('E_INPUT', `cannot read ${path} as ${encoding}: ${(err as Error).message}`, { file: path }, { cause: err });
  }
}
