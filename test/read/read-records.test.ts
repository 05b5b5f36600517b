import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { hasCode } from '../../src/errors.js';
import type { MerchantRecord, RecordWarning, Reject } from '../../src/record/merchant-record.js';
import { parseChunk } from '../../src/read/parse-chunk.js';
import { readRecords, type ReadOptions } from '../../src/read/read-records.js';

const dir = mkdtempSync(join(tmpdir(), 'read-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function tempFile(content: string, ext: string): string {
  const path = join(dir, `f${fileNo++}.${ext}`);
  writeFileSync(path, content);
  return path;
}

interface Collected {
  records: MerchantRecord[];
  lines: number[];
  rejects: Reject[];
  warnings: RecordWarning[];
  read: number;
  batches: number;
}

async function collect(path: string, opts?: ReadOptions): Promise<Collected> {
  const out: Collected = { records: [], lines: [], rejects: [], warnings: [], read: 0, batches: 0 };
  for await (const b of readRecords(path, opts)) {
    expect(b.records.length + b.rejects.length).toBe(b.read);
    expect(b.lines).toHaveLength(b.records.length);
    out.records.push(...b.records);
    out.lines.push(...b.lines);
    out.rejects.push(...b.rejects);
    out.warnings.push(...b.warnings);
    out.read += b.read;
    out.batches++;
  }
  return out;
}

async function errorOf(p: Promise<unknown>): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('did not throw');
}

const MALFORMED_NDJSON = [
  '{"merchant_id":"1","name":"甲"}',
  '{"merchant_id":"2","name":"乙","lat":95}',
  'not json',
  '',
  '{"merchant_id":"1","name":"甲 again"}',
  '{"merchant_id":"3","name":"丙","terminal_sns":"a;b"}',
  '{"name":"no id"}',
  '{"merchant_id":"3","name":"丙 again","phone":5}',
  '{"merchant_id":"4","name":"丁"}',
].join('\r\n');

describe('readRecords', () => {
  it('accounts for every line of a malformed file, rejecting duplicate ids and keeping records with an unreadable optional field', async () => {
    const got = await collect(tempFile(MALFORMED_NDJSON, 'jsonl'));
    expect(got.read).toBe(8);
    expect(got.records.map((r) => r.merchant_id)).toEqual(['1', '2', '3', '4']);
    expect(got.lines).toEqual([1, 2, 6, 9]);
    expect(got.records[1]!.lat).toBeNull();
    expect(got.rejects.map((r) => [r.line, r.merchant_id, r.field, r.reason.replace(/ \(.*\)$/, '')])).toEqual([
      [3, null, null, 'line 3: invalid JSON'],
      [5, '1', 'merchant_id', 'merchant_id: duplicate of line 1'],
      [7, null, 'merchant_id', 'merchant_id: required field is missing'],
      [8, '3', 'merchant_id', 'merchant_id: duplicate of line 6'],
    ]);
    expect(got.warnings).toEqual([{ line: 2, merchant_id: '2', field: 'lat', reason: 'lat: out of range -90..90: 95' }]);
  });

  it('drops the field warnings of a record rejected as a repeated id', async () => {
    const got = await collect(tempFile('merchant_id,name,lat\n1,a,x\n1,b,y\n', 'csv'));
    expect(got.rejects.map((r) => r.line)).toEqual([3]);
    expect(got.warnings.map((w) => [w.line, w.field])).toEqual([[2, 'lat']]);
  });

  it('gives the same records and rejects whatever the block size', async () => {
    const path = tempFile(MALFORMED_NDJSON, 'ndjson');
    const reference = await collect(path);
    for (const blockSize of [3, 5, 17, 64]) {
      const got = await collect(path, { blockSize });
      expect({ ...got, batches: 0 }).toEqual({ ...reference, batches: 0 });
    }
    expect((await collect(path, { blockSize: 5 })).batches).toBeGreaterThan(1);
  });

  it('streams arbitrary CSV exactly as a whole-file parse, across any block size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[ab,"\r\n]{0,150}$/), fc.integer({ min: 3, max: 40 }), fc.boolean(), async (body, blockSize, bom) => {
        const text = (bom ? '\ufeff' : '') + 'merchant_id,name\n' + body;
        const path = tempFile(text, 'csv');
        const whole = parseChunk(Buffer.from(text), { format: 'csv', firstLine: 1 });
        const got = await collect(path, { blockSize, rejectDuplicateIds: false, maxRecordBytes: 1000 });
        expect(got.records).toEqual(whole.records);
        expect(got.lines).toEqual([...whole.lines]);
        expect(got.rejects).toEqual(whole.rejects);
        expect(got.read).toBe(whole.read);
      }),
      { numRuns: 150 },
    );
  });

  it('rejects an oversized record the same way streaming and in one chunk', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[ab,"\n]{0,200}$/), fc.integer({ min: 3, max: 40 }), fc.integer({ min: 18, max: 40 }), async (body, blockSize, max) => {
        const text = 'merchant_id,name\n' + body;
        const whole = parseChunk(Buffer.from(text), { format: 'csv', firstLine: 1, maxRecordBytes: max });
        const got = await collect(tempFile(text, 'csv'), { blockSize, maxRecordBytes: max, rejectDuplicateIds: false });
        expect(got.rejects).toEqual(whole.rejects);
        expect(got.records).toEqual(whole.records);
      }),
      { numRuns: 150 },
    );
  });

  it('rejects duplicate ids across batches, and keeps them when asked', async () => {
    const csv = 'merchant_id,name\n' + Array.from({ length: 30 }, (_, i) => `${i % 10},店${i}\n`).join('');
    const path = tempFile(csv, 'csv');
    const got = await collect(path, { blockSize: 16 });
    expect(got.records).toHaveLength(10);
    expect(got.rejects).toHaveLength(20);
    expect(got.rejects[0]).toEqual({ line: 12, merchant_id: '0', field: 'merchant_id', reason: 'merchant_id: duplicate of line 2' });
    expect(got.rejects.map((r) => r.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 12));
    expect((await collect(path, { rejectDuplicateIds: false })).records).toHaveLength(30);
  });

  it('detects the format from the extension unless given', async () => {
    const csv = 'merchant_id,name\n1,a\n';
    expect((await collect(tempFile(csv, 'CSV'))).records).toHaveLength(1);
    expect((await collect(tempFile(csv, 'txt'), { format: 'csv' })).records).toHaveLength(1);
    const err = await errorOf(collect(tempFile(csv, 'txt')));
    expect(hasCode(err, 'E_CONFIG')).toBe(true);
    expect(err.message).toMatch(/cannot tell the format .*\.csv, or give the format/);
  });

  it('says what to do when the file cannot be opened', async () => {
    const path = join(dir, 'nope.ndjson');
    const err = await errorOf(collect(path));
    expect(hasCode(err, 'E_INPUT')).toBe(true);
    expect(err.message).toBe(`cannot open input file ${path}: no such file; check the input path`);
    expect(err.details).toEqual({ file: path });
    expect(hasCode(await errorOf(collect(dir, { format: 'csv' })), 'E_INPUT')).toBe(true);
  });

  it('stops at the first reject when asked, naming file, line and field', async () => {
    const path = tempFile(MALFORMED_NDJSON, 'ndjson');
    const err = await errorOf(collect(path, { stopOnError: true }));
    expect(hasCode(err, 'E_RECORD')).toBe(true);
    expect(err.message).toMatch(/line 3: invalid JSON .*; fix the record, or run without stop-on-error to collect all rejects$/);
    expect(err.message.startsWith(`${path} line 3: `)).toBe(true);
    expect(err.details).toEqual({ file: path, line: 3 });
    const dup = await errorOf(collect(tempFile('merchant_id,name\n1,a\n1,b\n', 'csv'), { stopOnError: true, blockSize: 8 }));
    expect(dup.message).toMatch(/line 3: merchant_id: duplicate of line 2;/);
    const bad = await errorOf(collect(tempFile('{}\n{bad\n', 'ndjson'), { stopOnError: true, rejectDuplicateIds: false }));
    expect(bad.message).toMatch(/line 1: merchant_id: required field is missing/);
  });

  it('refuses a CSV without a header row, and yields nothing for a header alone', async () => {
    expect(hasCode(await errorOf(collect(tempFile('', 'csv'))), 'E_INPUT')).toBe(true);
    expect(hasCode(await errorOf(collect(tempFile('\n\n', 'csv'))), 'E_INPUT')).toBe(true);
    expect(await collect(tempFile('merchant_id,name', 'csv'))).toMatchObject({ read: 0, batches: 0 });
    const long = await errorOf(collect(tempFile('merchant_id,name,' + 'x'.repeat(100) + '\n1,a\n', 'csv'), { maxRecordBytes: 50, blockSize: 8 }));
    expect(long.message).toMatch(/header row is longer than 50 bytes/);
    expect(await collect(tempFile('', 'ndjson'))).toMatchObject({ read: 0, batches: 0 });
  });

  it('validates its options', async () => {
    await expect(collect(tempFile('', 'ndjson'), { blockSize: 2 })).rejects.toThrow('options.blockSize must be an integer >= 3, got 2');
    await expect(collect(tempFile('', 'ndjson'), { maxRecordBytes: 0 })).rejects.toThrow(RangeError);
  });
});
