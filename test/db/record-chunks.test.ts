import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { recordChunks } from '../../src/db/record-chunks.js';

async function* piecesOf(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    yield bytes.subarray(at, c);
    at = c;
  }
  yield bytes.subarray(at);
}

async function collect(bytes: Buffer, cuts: number[], chunkBytes: number): Promise<{ bytes: Buffer; firstLine: number }[]> {
  const out: { bytes: Buffer; firstLine: number }[] = [];
  for await (const c of recordChunks(piecesOf(bytes, cuts), 'csv', chunkBytes)) out.push({ bytes: Buffer.from(c.bytes), firstLine: c.firstLine });
  return out;
}

/** Rows with quoted line feeds, doubled quotes and multi-byte characters: boundaries are not every LF. */
const CSV = Buffer.from(
  ['M1,"张记\n朝阳店",x', 'M2,"say ""hi""",y', 'M3,plain,z', 'M4,"a,b\n\nc",😀', 'M5,"",'].map((r) => r + '\n').join(''),
  'utf8',
);

describe('recordChunks', () => {
  it('cuts wherever the pieces fall into chunks of whole records, with the line each starts on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: CSV.length }), { maxLength: 12 }), fc.integer({ min: 1, max: 64 }), async (cuts, chunkBytes) => {
        const chunks = await collect(CSV, cuts, chunkBytes);
        expect(Buffer.concat(chunks.map((c) => c.bytes)).equals(CSV)).toBe(true);
        let line = 1;
        for (const c of chunks) {
          expect(c.firstLine).toBe(line);
          const text = c.bytes.toString('utf8');
          expect(text.endsWith('\n')).toBe(true);
          // Every chunk starts a record: an id column.
          expect(text).toMatch(/^M\d,/);
          line += (text.match(/\n/g) ?? []).length;
        }
      }),
    );
  });

  it('hands out a last record that has no line end', async () => {
    const chunks = await collect(Buffer.from('M1,a\nM2,b'), [3], 1);
    expect(chunks.map((c) => c.bytes.toString())).toEqual(['M1,a\n', 'M2,b']);
    expect(chunks.map((c) => c.firstLine)).toEqual([1, 2]);
  });
});
