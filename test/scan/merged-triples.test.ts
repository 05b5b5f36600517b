import { describe, expect, it } from 'vitest';
import { MergedTriples } from '../../src/scan/merged-triples.js';

function triples(...rows: [number, number, number][]): Uint32Array {
  return Uint32Array.from(rows.flat());
}

describe('MergedTriples', () => {
  it('appends shards in order with their base added to each record, on shared memory', () => {
    const m = new MergedTriples(1000);
    m.append(triples([1, 2, 0], [3, 4, 1]), 0, 100);
    m.append(triples(), 2, 100);
    m.append(triples([5, 6, 0], [7, 8, 2]), 2, 100);
    const out = m.finish();
    expect(Array.from(out)).toEqual([1, 2, 0, 3, 4, 1, 5, 6, 2, 7, 8, 4]);
    expect(out.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('grows past a first shard that under-estimates the input, and when the input size is unknown', () => {
    for (const size of [10, null]) {
      const m = new MergedTriples(size);
      const want: number[] = [];
      for (let s = 0; s < 50; s++) {
        const rows: [number, number, number][] = Array.from({ length: s + 1 }, (_, i) => [s, i, i]);
        m.append(triples(...rows), s * 100, 10);
        for (const [hi, lo, r] of rows) want.push(hi, lo, r + s * 100);
      }
      expect(Array.from(m.finish())).toEqual(want);
    }
  });

  it('finishes empty when no shard had a triple', () => {
    const m = new MergedTriples(100);
    m.append(new Uint32Array(0), 0, 100);
    expect(m.finish().length).toBe(0);
  });
});

describe('MergedTriples.finish', () => {
  it('lets go of the triples: the builder is empty again and the view stays valid', () => {
    const m = new MergedTriples(100);
    m.append(Uint32Array.from([1, 2, 0]), 5, 100);
    const out = m.finish();
    expect(Array.from(out)).toEqual([1, 2, 5]);
    expect(m.finish().length).toBe(0);
    expect(Array.from(out)).toEqual([1, 2, 5]);
  });
});
