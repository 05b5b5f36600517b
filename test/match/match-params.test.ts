import { describe, expect, it } from 'vitest';
import { assertMatchParams, matchParamsOf } from '../../src/match/match-params.js';
import { createSketchParams } from '../../src/sketch/minhash-params.js';
import { DEFAULT_WEIGHTS } from '../../src/verify/match-weights.js';

const params = (): Record<string, unknown> =>
  JSON.parse(JSON.stringify(matchParamsOf({ sketch: createSketchParams(), threshold: 0.5, bucketCap: 100, window: 8, genericMin: 20, weights: DEFAULT_WEIGHTS }))) as Record<string, unknown>;

describe('the key frequencies a generation was scored with', () => {
  it('are distinct records for a generation this version writes, and read back so', () => {
    expect(params().frequency).toBe('distinct_records');
    expect(assertMatchParams(params()).frequency).toBe('distinct_records');
  });

  it('are records for a generation written before (no frequency): accepted, read in records', () => {
    const { frequency: _f, ...older } = params();
    expect(assertMatchParams(older).frequency).toBeUndefined();
  });

  it('are refused when counted in a way this version does not know', () => {
    expect(() => assertMatchParams({ ...params(), frequency: 'entities' })).toThrow(/key frequencies in entities/);
  });
});

describe('the dense keys a generation was built with', () => {
  it('records each dense kind\'s cap, window, reach and the orders its capped buckets skip, within the scan\'s own limits', () => {
    const dense = params().dense_keys as Record<string, { cap: number; window: number; reach: string; skips: string[] }>;
    expect(dense.name_band).toEqual({ cap: 2, window: 1, reach: 'spot', skips: [] });
    expect(dense.name_city).toEqual({ cap: 4, window: 2, reach: 'area', skips: ['name'] });
    expect(dense.name_cell).toEqual({ cap: 4, window: 1, reach: 'spot', skips: ['position'] });
    expect(dense.address_city).toEqual({ cap: 4, window: 2, reach: 'area', skips: ['street'] });
    const tight = matchParamsOf({ sketch: createSketchParams(), threshold: 0.5, bucketCap: 3, window: 1, genericMin: 20, weights: DEFAULT_WEIGHTS }).dense_keys!;
    expect(tight.name_city).toMatchObject({ cap: 3, window: 1 });
  });
});
