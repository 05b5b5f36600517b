import fc from 'fast-check';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MERCHANT_FIELDS } from '../../src/record/merchant-record.js';
import { parseEncoding, sniffUtf8 } from '../../src/read/input-encoding.js';
import { parseChunk } from '../../src/read/parse-chunk.js';
import { runScan } from '../../src/scan/run-scan.js';
import { csvRow } from '../../src/write/csv-format.js';
import { encodeGb18030 } from '../fixtures/gb18030.js';
import { handCheckedRecords } from '../fixtures/hand-checked-corpus.js';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
/** Byte sequences that are never valid UTF-8: a lone continuation byte, a truncated sequence, an overlong form, 0xFF. */
const invalidBytes = fc.constantFrom([0x80], [0xe5, 0xbc], [0xc0, 0xaf], [0xff], [0xed, 0xa0, 0x80]);
/** Text fields a record may carry invalid bytes in. */
const TEXT_FIELDS = ['name', 'address', 'legal_person', 'city', 'channel'] as const;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'encoding-test-'));
});

describe('undecodable text rejects its record, naming the field', () => {
  it('random invalid UTF-8 in random fields of random records, CSV and NDJSON (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...TEXT_FIELDS), invalidBytes), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('csv' as const, 'ndjson' as const),
        (plan, format) => {
          const pieces: Buffer[] = format === 'csv' ? [utf8(csvRow(MERCHANT_FIELDS))] : [];
          plan.forEach(([bad, field, junk], i) => {
            const values: Record<string, string> = { merchant_id: `M${i}`, name: `张记${i}`, address: '建国路18号', legal_person: '张三', city: '北京市', channel: 'C1' };
            const marker = `@@${i}@@`;
            if (bad) values[field] = `${values[field]}${marker}`;
            const text = format === 'csv' ? csvRow(MERCHANT_FIELDS.map((f) => values[f] ?? '')) : JSON.stringify(values) + '\n';
            const [before, after] = text.split(marker) as [string, string | undefined];
            pieces.push(after === undefined ? utf8(before) : Buffer.concat([utf8(before), Buffer.from(junk), utf8(after)]));
          });
          const r = parseChunk(Buffer.concat(pieces), { format, firstLine: 1 });
          expect(r.read).toBe(plan.length);
          const expected = plan.flatMap(([bad, field], i) => (bad ? [{ merchant_id: `M${i}`, field }] : []));
          expect(r.rejects.map((x) => ({ merchant_id: x.merchant_id, field: x.field }))).toEqual(expected);
          for (const x of r.rejects) expect(x.reason).toMatch(/invalid UTF-8/);
          for (const rec of r.records) expect(JSON.stringify(rec)).not.toContain('\uFFFD');
        },
      ),
    );
  });

  it('a lone surrogate escaped in NDJSON rejects the record naming the field; a valid pair is kept', () => {
    const text = '{"merchant_id":"A","name":"ok \\ud83d\\ude00"}\n{"merchant_id":"B","name":"bad \\ud800 x"}\n{"merchant_id":"C","name":"n","address":"\\udc00"}\n';
    const r = parseChunk(utf8(text), { format: 'ndjson', firstLine: 1 });
    expect(r.records.map((x) => x.merchant_id)).toEqual(['A']);
    expect(r.rejects).toEqual([
      { line: 2, merchant_id: 'B', field: 'name', reason: 'name: a lone surrogate (invalid Unicode text)' },
      { line: 3, merchant_id: 'C', field: 'address', reason: 'address: a lone surrogate (invalid Unicode text)' },
    ]);
  });
});

describe('a file in another encoding', () => {
  it('sniffing: a mostly-GB18030 head stops with the fix; a few bad lines do not', () => {
    const lines = handCheckedRecords().map((r) => JSON.stringify(r));
    expect(() => sniffUtf8(encodeGb18030(lines.join('\n') + '\n'), 'x.ndjson')).toThrow(expect.objectContaining({ code: 'E_INPUT', message: expect.stringMatching(/not valid UTF-8.*--encoding gb18030/) }));
    const mostlyGood = Buffer.concat([utf8(lines.slice(0, 15).join('\n') + '\n'), encodeGb18030(lines.slice(15).join('\n') + '\n')]);
    expect(() => sniffUtf8(mostlyGood, 'x.ndjson')).not.toThrow();
  });

  it('a GB18030 CSV stops the scan suggesting --encoding gb18030, and with it scans exactly like its UTF-8 twin', async () => {
    const recs = handCheckedRecords();
    const csv = csvRow(MERCHANT_FIELDS) + recs.map((r) => csvRow(MERCHANT_FIELDS.map((f) => { const v = r[f]; return v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v); }))).join('');
    const utf8File = join(dir, 'utf8.csv');
    const gbFile = join(dir, 'gbk.csv');
    await writeFile(utf8File, csv);
    await writeFile(gbFile, encodeGb18030(csv));
    const err = await runScan({ input: gbFile, outDir: join(dir, 'gb-refused'), threads: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_INPUT', message: expect.stringMatching(/gbk\.csv: \d+ of the first \d+ lines are not valid UTF-8.*--encoding gb18030/) });
    const a = await runScan({ input: utf8File, outDir: join(dir, 'utf8-out'), threads: 1 });
    const b = await runScan({ input: gbFile, outDir: join(dir, 'gb-out'), threads: 1, encoding: parseEncoding('GBK') });
    expect(b.counts).toEqual(a.counts);
    expect(b.input).toBe(gbFile);
    expect(await readFile(join(dir, 'gb-out', 'pairs.csv'), 'utf8')).toBe(await readFile(join(dir, 'utf8-out', 'pairs.csv'), 'utf8'));
  });

  it('--encoding accepts utf-8 and gb18030 (gbk, gb2312) only', () => {
    expect(parseEncoding('UTF8')).toBe('utf-8');
    expect(parseEncoding('gb2312')).toBe('gb18030');
    expect(() => parseEncoding('big5')).toThrow(expect.objectContaining({ code: 'E_BAD_ARGS' }));
  });
});
