import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinaryRows, INT2_FIELD, INT4_FIELD, INT8_FIELD, textBytes, utf8Bytes } from '../../src/db/copy-binary.js';

type Field =
  | { kind: 'int8'; hi: number; lo: number }
  | { kind: 'int4'; v: number }
  | { kind: 'int2'; v: number }
  | { kind: 'text'; s: string }
  | { kind: 'utf8'; s: string }
  | { kind: 'jsonb'; s: string };

/** The COPY binary stream those rows make, written with Buffer's own checked big-endian writers. */
function reference(rows: Field[][]): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)];
  const word = (n: number, bytes: 2 | 4 | 8, signed = true): Buffer => {
    const b = Buffer.alloc(bytes);
    if (bytes === 2) b.writeInt16BE(n);
    else if (bytes === 4) signed ? b.writeInt32BE(n) : b.writeUInt32BE(n);
    return b;
  };
  for (const row of rows) {
    parts.push(word(row.length, 2));
    for (const f of row) {
      if (f.kind === 'int8') parts.push(word(8, 4), word(f.hi, 4, false), word(f.lo, 4, false));
      else if (f.kind === 'int4') parts.push(word(4, 4), word(f.v, 4));
      else if (f.kind === 'int2') parts.push(word(2, 4), word(f.v, 2));
      else {
        const bytes = Buffer.from(f.s, 'utf8');
        const version = f.kind === 'jsonb' ? Buffer.from([1]) : Buffer.alloc(0);
        parts.push(word(bytes.length + version.length, 4), version, bytes);
      }
    }
  }
  parts.push(word(-1, 2));
  return Buffer.concat(parts);
}

function written(rows: Field[][]): { stream: Buffer; batches: number } {
  const out = new BinaryRows();
  const batches: Buffer[] = [];
  for (const row of rows) {
    const utf8 = row.map((f) => ('s' in f ? Buffer.from(f.s, 'utf8') : Buffer.alloc(0)));
    const max = row.reduce((n, f, i) => {
      if (f.kind === 'int8') return n + INT8_FIELD;
      if (f.kind === 'int4') return n + INT4_FIELD;
      if (f.kind === 'int2') return n + INT2_FIELD;
      if (f.kind === 'text') return n + textBytes(f.s);
      return n + utf8Bytes(utf8[i]!.length + (f.kind === 'jsonb' ? 1 : 0));
    }, 0);
    const full = out.row(row.length, max);
    if (full !== null) batches.push(Buffer.from(full));
    row.forEach((f, i) => {
      if (f.kind === 'int8') out.int8(f.hi, f.lo);
      else if (f.kind === 'int4') out.int4(f.v);
      else if (f.kind === 'int2') out.int2(f.v);
      else if (f.kind === 'text') out.text(f.s);
      else if (f.kind === 'utf8') out.utf8(utf8[i]!, 0, utf8[i]!.length);
      else out.jsonb(utf8[i]!, 0, utf8[i]!.length);
    });
  }
  batches.push(out.end());
  return { stream: Buffer.concat(batches), batches: batches.length };
}

const field: fc.Arbitrary<Field> = fc.oneof(
  fc.record({ kind: fc.constant('int8' as const), hi: fc.nat({ max: 0xffffffff }), lo: fc.nat({ max: 0xffffffff }) }),
  fc.record({ kind: fc.constant('int4' as const), v: fc.integer({ min: -0x80000000, max: 0x7fffffff }) }),
  fc.record({ kind: fc.constant('int2' as const), v: fc.integer({ min: -0x8000, max: 0x7fff }) }),
  fc.record({ kind: fc.constantFrom('text' as const, 'utf8' as const, 'jsonb' as const), s: fc.string({ unit: 'grapheme', maxLength: 40 }) }),
);

describe('BinaryRows', () => {
  it('writes the same COPY binary stream as Buffer\'s checked writers, for any fields', () => {
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 30 }), (rows) => {
        expect(written(rows).stream).toEqual(reference(rows));
      }),
    );
  });

  it('cuts batches at whole rows, the stream staying the same across many batches', () => {
    // ~40 bytes a row: a million-byte batch fills after ~26k rows.
    const rows: Field[][] = Array.from({ length: 100_000 }, (_, i) => [
      { kind: 'int8', hi: (i * 2654435761) >>> 0, lo: i },
      { kind: 'int2', v: i % 9 },
      { kind: 'utf8', s: `M${String(i).padStart(10, '0')}` },
    ]);
    const { stream, batches } = written(rows);
    expect(batches).toBeGreaterThan(2);
    const expected = reference(rows);
    expect(stream.length).toBe(expected.length);
    // Buffer.equals, not toEqual: a deep comparison of 4 MB takes the test runner seconds.
    expect(stream.equals(expected)).toBe(true);
  });
});
