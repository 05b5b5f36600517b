import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { hasCode } from '../../src/errors.js';
import type { InputFormat } from '../../src/read/input-format.js';
import { parseChunk, type ParsedChunk } from '../../src/read/parse-chunk.js';
import { splitRanges, type SplitResult } from '../../src/read/split-ranges.js';
import { csvRow } from '../../src/write/csv-format.js';

const dir = mkdtempSync(join(tmpdir(), 'split-ranges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function tempFile(content: string | Buffer, ext: string): string {
  const path = join(dir, `f${fileNo++}.${ext}`);
  writeFileSync(path, content);
  return path;
}

function countLf(bytes: Buffer, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** Parses every range and merges the results, as the parallel scan would. */
function parseRanges(bytes: Buffer, split: SplitResult, format: InputFormat): Pick<ParsedChunk, 'records' | 'lines' | 'rejects' | 'warnings' | 'read'> {
  const merged = { records: [] as ParsedChunk['records'], lines: [] as number[], rejects: [] as ParsedChunk['rejects'], warnings: [] as ParsedChunk['warnings'], read: 0 };
  for (const r of split.ranges) {
    const header = split.header ?? undefined;
    const p = parseChunk(bytes.subarray(r.start, r.end), { format, firstLine: r.firstLine, header });
    merged.records.push(...p.records);
    merged.lines.push(...p.lines);
    merged.rejects.push(...p.rejects);
    merged.warnings.push(...p.warnings);
    merged.read += p.read;
  }
  return { ...merged, lines: Uint32Array.from(merged.lines) };
}

function checkCover(bytes: Buffer, split: SplitResult, parts: number): void {
  expect(split.ranges.length).toBeLessThanOrEqual(parts);
  let at = split.bodyStart;
  for (const r of split.ranges) {
    expect(r.start).toBe(at);
    expect(r.end).toBeGreaterThan(r.start);
    expect(r.firstLine).toBe(1 + countLf(bytes, r.start));
    // Every range but the last ends just after a line feed.
    if (r.end < bytes.length) expect(bytes[r.end - 1]).toBe(10);
    at = r.end;
  }
  expect(at).toBe(bytes.length);
  const body = Buffer.concat(split.ranges.map((r) => bytes.subarray(r.start, r.end)));
  expect(body.equals(bytes.subarray(split.bodyStart))).toBe(true);
}

/** Cell text rich in everything CSV must quote. */
const cell = fc.stringMatching(/^[a-z中,"\r\n ]{0,12}$/);
const FIELDS = ['merchant_id', 'name', 'address'];

describe('splitRanges', () => {
  it('cuts a valid CSV between records only: quoted newlines never split, every range parses whole', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell, cell), { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 3, max: 64 }),
        fc.boolean(),
        fc.boolean(),
        async (rows, parts, blockSize, bom, finalLf) => {
          let text = (bom ? '\ufeff' : '') + csvRow(FIELDS) + rows.map((r) => csvRow(r)).join('');
          if (!finalLf && rows.length > 0) text = text.slice(0, -1);
          const bytes = Buffer.from(text);
          const split = await splitRanges(tempFile(bytes, 'csv'), 'csv', parts, { blockSize });
          expect(split.header).toEqual(FIELDS);
          checkCover(bytes, split, parts);
          const whole = parseChunk(bytes, { format: 'csv', firstLine: 1 });
          const ranged = parseRanges(bytes, split, 'csv');
          // A valid file has no structural rejects, and a split one would.
          expect(ranged.rejects.filter((r) => r.reason.startsWith('line '))).toEqual([]);
          expect(ranged.read).toBe(rows.length);
          expect(ranged.records).toEqual(whole.records);
          expect(ranged.lines).toEqual(whole.lines);
          expect(ranged.rejects).toEqual(whole.rejects);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('agrees with a whole-file parse on arbitrary malformed CSV', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[a,"\r\n]{0,120}$/),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 3, max: 32 }),
        async (body, parts, blockSize) => {
          const bytes = Buffer.from('merchant_id,name\n' + body);
          const split = await splitRanges(tempFile(bytes, 'csv'), 'csv', parts, { blockSize });
          checkCover(bytes, split, parts);
          const whole = parseChunk(bytes, { format: 'csv', firstLine: 1 });
          const ranged = parseRanges(bytes, split, 'csv');
          expect(ranged.read).toBe(whole.read);
          expect(ranged.records).toEqual(whole.records);
          expect(ranged.lines).toEqual(whole.lines);
          expect(ranged.rejects).toEqual(whole.rejects);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('cuts NDJSON at line ends, blank lines and CRLF included', async () => {
    const line = fc.oneof(
      fc.constant(''),
      fc.constant('\r'),
      fc.constant('{bad'),
      fc.record({ merchant_id: fc.string({ maxLength: 6 }), name: fc.string({ maxLength: 6 }) }).map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 3, max: 40 }), async (lines, parts, blockSize) => {
        const bytes = Buffer.from(lines.join('\n'));
        const split = await splitRanges(tempFile(bytes, 'ndjson'), 'ndjson', parts, { blockSize });
        expect(split.header).toBeNull();
        checkCover(bytes, split, parts);
        const whole = parseChunk(bytes, { format: 'ndjson', firstLine: 1 });
        const ranged = parseRanges(bytes, split, 'ndjson');
        expect(ranged.records).toEqual(whole.records);
        expect(ranged.lines).toEqual(whole.lines);
        expect(ranged.rejects).toEqual(whole.rejects);
      }),
      { numRuns: 150 },
    );
  });

  it('skips the BOM and a header spanning lines; firstLine follows them', async () => {
    const bytes = Buffer.from('\ufeff\n"merchant_id","na\nme"\n1,a\n2,b\n');
    const split = await splitRanges(tempFile(bytes, 'csv'), 'csv', 1);
    expect(split.header).toEqual(['merchant_id', 'na\nme']);
    expect(split.ranges).toEqual([{ start: bytes.indexOf('1,a'), end: bytes.length, firstLine: 4 }]);
  });

  it('reads past the first block for a long header', async () => {
    const header = Array.from({ length: 50 }, (_, i) => `column_${i}`).join(',');
    const bytes = Buffer.from(`${header}\nx\n`);
    const split = await splitRanges(tempFile(bytes, 'csv'), 'csv', 2, { blockSize: 16 });
    expect(split.header).toHaveLength(50);
    expect(split.ranges).toEqual([{ start: header.length + 1, end: bytes.length, firstLine: 2 }]);
  });

  it('returns no ranges for an empty body and fewer ranges than parts for few records', async () => {
    expect((await splitRanges(tempFile('a,b\n', 'csv'), 'csv', 4)).ranges).toEqual([]);
    expect((await splitRanges(tempFile('', 'ndjson'), 'ndjson', 4)).ranges).toEqual([]);
    const split = await splitRanges(tempFile('{}\n{}\n', 'ndjson'), 'ndjson', 8);
    expect(split.ranges).toEqual([
      { start: 0, end: 3, firstLine: 1 },
      { start: 3, end: 6, firstLine: 2 },
    ]);
  });

  it('keeps a record larger than a share whole', async () => {
    const big = JSON.stringify({ merchant_id: '1', name: 'x'.repeat(1000) });
    const bytes = Buffer.from(`{}\n${big}\n{}\n`);
    const split = await splitRanges(tempFile(bytes, 'ndjson'), 'ndjson', 10, { blockSize: 64 });
    checkCover(bytes, split, 10);
    expect(split.ranges).toHaveLength(2);
  });

  it('refuses a missing file, an empty CSV and bad arguments', async () => {
    const codeOf = async (p: Promise<unknown>) => p.then(() => 'resolved', (err: unknown) => (hasCode(err, 'E_INPUT') ? 'E_INPUT' : String(err)));
    expect(await codeOf(splitRanges(join(dir, 'missing.csv'), 'csv', 2))).toBe('E_INPUT');
    expect(await codeOf(splitRanges(dir, 'csv', 2))).toBe('E_INPUT');
    expect(await codeOf(splitRanges(tempFile('\n\n', 'csv'), 'csv', 2))).toBe('E_INPUT');
    expect(await codeOf(splitRanges(tempFile('"open\n', 'csv'), 'csv', 2))).toBe('E_INPUT');
    await expect(splitRanges(tempFile('', 'csv'), 'csv', 0)).rejects.toThrow(RangeError);
  });
});
