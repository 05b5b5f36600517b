import fc from 'fast-check';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseChunk, type ParsedChunk } from '../../src/read/parse-chunk.js';
import { readRecords } from '../../src/read/read-records.js';
import { NEED_MORE, RecordCutter } from '../../src/read/record-cutter.js';
import { splitRanges } from '../../src/read/split-ranges.js';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Every boundary the cutter gives over `text` read whole, with the reason of each broken record. */
function cuts(text: string, o: ConstructorParameters<typeof RecordCutter>[1] = {}): { at: number; line: number; broken: string | null }[] {
  const c = new RecordCutter('csv', { columnNames: ['merchant_id', 'name', 'address'], ...o });
  c.begin(utf8(text));
  const out: { at: number; line: number; broken: string | null }[] = [];
  for (;;) {
    const line = 1 + c.lines;
    const at = c.next();
    if (at === NEED_MORE) return out;
    out.push({ at, line, broken: c.broken?.what ?? null });
  }
}

/** Physical lines of `text`: its line feeds, plus a last line without one. */
const physicalLines = (text: string): number => text.split('\n').length - (text.endsWith('\n') || text === '' ? 1 : 0);

describe('RecordCutter (CSV)', () => {
  const header = 'merchant_id,name,address\n';

  it('keeps a quoted field with line feeds whole when it closes into a well-formed record', () => {
    const text = header + '1,a,"12 Main St\nFloor 3"\n2,b,c\n';
    expect(cuts(text).map((x) => [x.line, x.broken])).toEqual([
      [1, null],
      [2, null],
      [4, null],
    ]);
  });

  it('cuts a record that spans lines and then breaks back to its first line, saying why', () => {
    const count = cuts(header + '1,"a\nb",c,d\n2,b,c\n');
    expect(count.map((x) => x.line)).toEqual([1, 2, 3, 4]);
    expect(count[1]!.broken).toBe('quoted field 2 (name) opens a record of 2 lines with 4 fields, expected 3 (a stray quote?)');
    const junk = cuts(header + '1,"a\nb"x,c\n');
    expect(junk[1]!.broken).toBe('quoted field 2 (name) opens a record of 2 lines that has text after the closing quote of field 2 (name) (a stray quote?)');
    const stray = cuts(header + '1,"a\nb",c"d\n');
    expect(stray[1]!.broken).toBe('quoted field 2 (name) opens a record of 2 lines that has a stray quote inside unquoted field 3 (address) (a stray quote?)');
    const open = cuts(header + '1,b,"never\n2,b,c\n');
    expect(open.map((x) => [x.line, x.broken])).toEqual([
      [1, null],
      [2, 'quoted field 3 (address) is never closed (a stray quote?)'],
      [3, null],
    ]);
  });

  it('bounds a record by maxRecordLines lines and maxRecordBytes bytes', () => {
    const rows = Array.from({ length: 10 }, (_, i) => `${i},b,c\n`).join('');
    const lines = cuts(header + '1,"x\n' + rows + '9,"y",z\n', { maxRecordLines: 5 });
    expect(lines[1]!.broken).toBe('quoted field 2 (name) is not closed within 5 lines (a stray quote?)');
    expect(lines.filter((x) => x.broken === null)).toHaveLength(12);
    const bytes = cuts(header + '1,"x\n' + rows + '9,"y",z\n', { maxRecordBytes: 20 });
    expect(bytes[1]!.broken).toBe('quoted field 2 (name) is not closed within 20 bytes (a stray quote?)');
    // A well-formed record of 6 lines is over a limit of 5.
    const legit = cuts(header + '1,b,"1\n2\n3\n4\n5\n6"\n', { maxRecordLines: 5 });
    expect(legit[1]!.broken).toMatch(/not closed within 5 lines/);
    expect(cuts(header + '1,b,"1\n2\n3\n4\n5"\n', { maxRecordLines: 5 })[1]!.broken).toBeNull();
  });

  it('needs more bytes rather than guessing at the end of a block, and then decides as over the whole', () => {
    const text = header + '1,"a\nb",c\n2,"x\ny\n';
    const whole = cuts(text);
    for (let split = 1; split < text.length; split++) {
      const c = new RecordCutter('csv');
      const bytes = utf8(text);
      c.begin(bytes.subarray(0, split), 0, split, false);
      const got: number[] = [];
      for (let b = c.next(); b !== NEED_MORE; b = c.next()) got.push(b);
      const from = c.pos;
      c.begin(bytes, from, bytes.length, true);
      for (let b = c.next(); b !== NEED_MORE; b = c.next()) got.push(b);
      expect(got).toEqual(whole.map((x) => x.at));
    }
  });

  it('marks no boundary clean inside the bytes looked at for a broken record', () => {
    const c = new RecordCutter('csv');
    c.begin(utf8(header + '1,"a\n2,b,c\n3,b"x,c\n4,b,c\n'));
    const clean: boolean[] = [];
    while (c.next() !== NEED_MORE) clean.push(c.clean);
    // Line 2 is cut back to itself after looking through line 4: the boundaries before line 4's end are not clean.
    expect(clean).toEqual([true, false, false, true, true]);
  });
});

// ---- Stray quotes in valid files (property) ----

const COLUMNS = ['merchant_id', 'name', 'address', 'legal_person'];
/** Text a field may hold; the specials force quoting. A value never starts with a special, and is never empty when quoted. */
const plain = fc.stringMatching(/^[a-z0-9 张王李号路]{1,8}$/);
const special = fc.constantFrom(',', '"', '\n', ', ');
const value = fc.tuple(plain, fc.array(fc.tuple(special, plain), { maxLength: 2 })).map(([head, rest]) => head + rest.map(([s, p]) => s + p).join(''));
const quote = (v: string): string => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

interface Plan {
  rows: string[][];
  /** Rows to damage: a quote inserted at the start of (or inside) an unquoted field of a one-line row. */
  damage: { row: number; field: number; at: number }[];
}

const plan: fc.Arbitrary<Plan> = fc
  .array(fc.tuple(plain, value, value), { minLength: 1, maxLength: 40 })
  .chain((values) => {
    const rows = values.map(([name, address, person], i) => [`M${i}`, name.trim() || 'x', address, person]);
    return fc.record({
      rows: fc.constant(rows),
      damage: fc.uniqueArray(fc.record({ row: fc.nat(rows.length - 1), field: fc.nat(3), at: fc.nat(7) }), { selector: (d) => d.row, maxLength: 4 }),
    });
  });

/** The file, and which of its rows the damage really hit (only one-line rows, only unquoted fields). */
function render(p: Plan): { clean: string; damaged: string; hit: Set<number>; crlf: boolean } {
  const hit = new Set<number>();
  const cleanRows: string[] = [];
  const damagedRows: string[] = [];
  p.rows.forEach((row, r) => {
    const cells = row.map(quote);
    cleanRows.push(cells.join(','));
    const d = p.damage.find((x) => x.row === r);
    const oneLine = !cells.some((c) => c.includes('\n'));
    const cell = d && cells[d.field]!;
    if (d && oneLine && cell && !cell.startsWith('"')) {
      // Before a character of the field, never at its end: a quote that opens a field, or a literal one.
      const at = d.at % cell.length;
      cells[d.field] = cell.slice(0, at) + '"' + cell.slice(at);
      hit.add(r);
    }
    damagedRows.push(cells.join(','));
  });
  const head = COLUMNS.join(',');
  return { clean: [head, ...cleanRows].join('\n') + '\n', damaged: [head, ...damagedRows].join('\n') + '\n', hit, crlf: false };
}

type Result = Pick<ParsedChunk, 'records' | 'rejects' | 'lines'> & { lineCounts: ParsedChunk['lineCounts'] };

function sumCounts(parts: Result['lineCounts'][]): Result['lineCounts'] {
  return parts.reduce((a, c) => ({ read: a.read + c.read, header: a.header + c.header, blank: a.blank + c.blank, accepted: a.accepted + c.accepted, rejected: a.rejected + c.rejected }), { read: 0, header: 0, blank: 0, accepted: 0, rejected: 0 });
}

describe('a stray quote costs its own line only (property)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stray-quote-'));
  });

  it('random quotes in valid CSVs: every line accounted for, every other record kept exactly, rejects at the damaged lines', () => {
    let damagedRows = 0;
    let multiLineRows = 0;
    fc.assert(
      fc.property(plan, (p) => {
        const { clean, damaged, hit } = render(p);
        damagedRows += hit.size;
        multiLineRows += p.rows.filter((r) => r.some((v) => v.includes('\n'))).length;
        const base = parseChunk(utf8(clean), { format: 'csv', firstLine: 1 });
        expect(base.rejects).toEqual([]);
        const got = parseChunk(utf8(damaged), { format: 'csv', firstLine: 1 });
        // Every physical line is the header's, or one accepted or rejected record's.
        const c = got.lineCounts;
        expect(c.read).toBe(physicalLines(damaged));
        expect(c.header + c.blank + c.accepted + c.rejected).toBe(c.read);
        // Each damaged row is rejected at its first line, and is the only thing rejected.
        const lineOf = (r: number): number => base.lines[r]!;
        expect(got.rejects.map((x) => x.line)).toEqual([...hit].sort((a, b) => a - b).map(lineOf));
        expect(c.rejected).toBe(hit.size);
        // Every other record is accepted with exactly its fields, on its line.
        const keep = base.records.map((_, i) => i).filter((i) => !hit.has(i));
        expect(got.records).toEqual(keep.map((i) => base.records[i]));
        expect([...got.lines]).toEqual(keep.map(lineOf));
      }),
      { numRuns: 300 },
    );
    // The generator does exercise both: damaged rows, and legitimate multi-line records around them.
    expect(damagedRows).toBeGreaterThan(100);
    expect(multiLineRows).toBeGreaterThan(100);
  });

  it('gives the same records, rejects and line counts read whole, in ranges, or streamed in small blocks (property)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(plan, fc.integer({ min: 2, max: 6 }), fc.integer({ min: 8, max: 64 }), async (p, parts, blockSize) => {
        const { damaged } = render(p);
        const path = join(dir, `f${n++}.csv`);
        await writeFile(path, damaged);
        const bytes = utf8(damaged);
        const whole = parseChunk(bytes, { format: 'csv', firstLine: 1 });

        const split = await splitRanges(path, 'csv', parts, { blockSize });
        const ranged = split.ranges.map((r) => parseChunk(bytes.subarray(r.start, r.end), { format: 'csv', firstLine: r.firstLine, header: split.header! }));
        expect(ranged.flatMap((r) => r.records)).toEqual(whole.records);
        expect(ranged.flatMap((r) => r.rejects)).toEqual(whole.rejects);
        // Ranges hold the body: the header's lines are those before the first range.
        const body = sumCounts(ranged.map((r) => r.lineCounts));
        expect({ ...body, header: split.ranges[0]!.firstLine - 1, read: body.read + split.ranges[0]!.firstLine - 1 }).toEqual(whole.lineCounts);

        const streamed: Result[] = [];
        for await (const b of readRecords(path, { blockSize, rejectDuplicateIds: false })) streamed.push(b);
        expect(streamed.flatMap((b) => b.records)).toEqual(whole.records);
        expect(streamed.flatMap((b) => b.rejects)).toEqual(whole.rejects);
        expect(sumCounts(streamed.map((b) => b.lineCounts))).toEqual(whole.lineCounts);
      }),
      { numRuns: 60 },
    );
  });
});
