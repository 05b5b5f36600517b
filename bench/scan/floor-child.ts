/**
 * Child process measuring the floor of a scan: the time merely to read an NDJSON file and JSON.parse
 * every line, on one thread, with nothing else done. Two passes over the same file: reading alone, then
 * reading, decoding and parsing. The file is read in blocks as the scan's workers read their ranges;
 * both passes find it in the page cache, like the scans they are compared with.
 * Input: {file} as argv[2].
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface FloorChildResult {
  bytes: number;
  records: number;
  read_ms: number;
  read_parse_ms: number;
  max_rss_kb: number;
}

/** Large enough that a read call costs nothing beside the parsing, small enough to stay in cache. */
const BLOCK_BYTES = 16 * 1024 * 1024;
const LF = 10;

const { file } = JSON.parse(process.argv[2] ?? '{}') as { file: string };

function readOnly(): number {
  const buf = Buffer.allocUnsafe(BLOCK_BYTES);
  const fd = openSync(file, 'r');
  let total = 0;
  try {
    for (let n = readSync(fd, buf, 0, BLOCK_BYTES, null); n > 0; n = readSync(fd, buf, 0, BLOCK_BYTES, null)) total += n;
  } finally {
    closeSync(fd);
  }
  return total;
}

/** Reads block by block; each block's complete lines are decoded at once and parsed line by line. */
function readAndParse(): { records: number; sink: number } {
  const buf = Buffer.allocUnsafe(BLOCK_BYTES);
  const fd = openSync(file, 'r');
  let records = 0;
  let sink = 0;
  let carry = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, carry, BLOCK_BYTES - carry, null);
      const end = carry + n;
      if (end === 0) break;
      const lastLf = n === 0 ? end : buf.lastIndexOf(LF, end - 1);
      const cut = lastLf === -1 ? end : lastLf;
      const text = buf.toString('utf8', 0, cut);
      let p = 0;
      while (p < text.length) {
        let nl = text.indexOf('\n', p);
        if (nl === -1) nl = text.length;
        if (nl > p) {
          const v = JSON.parse(text.slice(p, nl)) as { name?: string };
          sink += v.name?.length ?? 0;
          records++;
        }
        p = nl + 1;
      }
      if (n === 0) break;
      const rest = end - Math.min(end, cut + 1);
      buf.copy(buf, 0, cut + 1, end);
      carry = rest;
    }
  } finally {
    closeSync(fd);
  }
  return { records, sink };
}

const t0 = performance.now();
const bytes = readOnly();
const t1 = performance.now();
const { records, sink } = readAndParse();
const t2 = performance.now();
const result: FloorChildResult & { sink: number } = {
  bytes,
  records,
  read_ms: Math.round(t1 - t0),
  read_parse_ms: Math.round(t2 - t1),
  max_rss_kb: process.resourceUsage().maxRSS,
  sink,
};
process.stdout.write(JSON.stringify(result) + '\n');
