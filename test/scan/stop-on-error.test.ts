import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitRanges } from '../../src/read/split-ranges.js';
import { runScan } from '../../src/scan/run-scan.js';

/** `bad` padded with spaces to the byte length of `like`, so that shard boundaries do not move. */
const sameLength = (bad: string, like: string): string => bad + ' '.repeat(Buffer.byteLength(like) - Buffer.byteLength(bad));

describe('--stop-on-error', () => {
  it('names the first bad line in file order, whichever shard fails first in time, at any thread count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stop-test-'));
    const file = join(dir, 'bad.ndjson');
    const lines: string[] = [];
    for (let i = 1; i <= 3000; i++) lines.push(JSON.stringify({ merchant_id: `M${i}`, name: `张记牛肉面第${i}分店`, address: `建国路${i}号` }));
    await writeFile(file, lines.join('\n') + '\n');
    const shardBytes = 40 * 1024;
    const { ranges } = await splitRanges(file, 'ndjson', Math.ceil((await import('node:fs')).statSync(file).size / shardBytes));
    expect(ranges.length).toBeGreaterThan(3);
    // The first bad line is the last line of the first shard; a later one opens every other shard, where
    // a worker meets it at once, long before the first shard's worker has parsed its range.
    const first = ranges[1]!.firstLine - 1;
    lines[first - 1] = sameLength('{"merchant_id": "BAD1", "name": 42}', lines[first - 1]!);
    for (const r of ranges.slice(1)) lines[r.firstLine - 1] = sameLength('not json', lines[r.firstLine - 1]!);
    await writeFile(file, lines.join('\n') + '\n');
    for (const threads of [1, 2, 4, 4]) {
      const err = await runScan({ input: file, outDir: join(dir, `out-${threads}`), threads, stopOnError: true, shardBytes }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'E_RECORD' });
      expect((err as Error).message).toMatch(new RegExp(`bad\\.ndjson:${first}: name`));
    }
  });
});
