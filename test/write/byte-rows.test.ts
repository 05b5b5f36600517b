import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField } from '../../src/write/csv-format.js';
import { ByteRows } from '../../src/write/byte-rows.js';

const utf8 = new TextEncoder();
/** Code units that matter to CSV and UTF-8: ASCII, the quoting characters, CJK, 2-byte, and surrogates (paired or lone). */
const unit = fc.oneof(
  fc.constantFrom('"', ',', '\r', '\n', ' ', 'M', '0', '兰', '州', 'é', '\ud83c', '\udf5c', '\u{1f35c}', '\u0000', '\uffff'),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
);
const text = fc.array(unit, { maxLength: 30 }).map((xs) => xs.join(''));

function unitsOf(s: string): Uint16Array {
  return Uint16Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
}

describe('ByteRows', () => {
  it('writes a CSV field as csvField then TextEncoder would, from a string or from code units', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 3 }), (s, before) => {
        const want = utf8.encode(before.map((b) => csvField(b) + ',').join('') + csvField(s));
        const fromString = new ByteRows(4);
        const fromUnits = new ByteRows(4);
        for (const b of before) {
          fromString.csvString(b);
          fromString.byte(0x2c);
          const u = unitsOf('xx' + b + 'yy');
          fromUnits.csvUnits(u, 2, 2 + b.length);
          fromUnits.byte(0x2c);
        }
        fromString.csvString(s);
        const u = unitsOf('a' + s + 'b');
        fromUnits.csvUnits(u, 1, 1 + s.length);
        expect(Array.from(fromString.bytes())).toEqual(Array.from(want));
        expect(Array.from(fromUnits.bytes())).toEqual(Array.from(want));
      }),
      { numRuns: 3000, seed: 20261202 },
    );
  });

  it('grows past its first buffer and hands back a buffer of its own', () => {
    const out = new ByteRows(2);
    for (let i = 0; i < 1000; i++) out.ascii('0.1234,');
    const bytes = out.bytes();
    expect(bytes.length).toBe(7000);
    expect(bytes.byteLength).toBe(bytes.buffer.byteLength);
    expect(new TextDecoder().decode(bytes.subarray(0, 14))).toBe('0.1234,0.1234,');
  });
});
