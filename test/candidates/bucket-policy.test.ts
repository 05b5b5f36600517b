import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitBucketPairs, emptyBucketStats, NearRule, type KeyEntries, type NeighbourhoodOrder, type RecordPlaces } from '../../src/candidates/bucket-pairs.js';
import { bucketLimits, DENSE_KEY_LIMITS } from '../../src/candidates/bucket-policy.js';
import { KeyKind, withKind } from '../../src/candidates/key-kinds.js';
import { sortEntries } from '../../src/candidates/bucket-members.js';
import { GrowableU32 } from '../../src/store/growable-array.js';

function bucket(kind: KeyKind, m: number): KeyEntries {
  const rec = Uint32Array.from({ length: m }, (_, g) => g);
  return { hi: new Uint32Array(m).fill(withKind(kind, 7)), lo: new Uint32Array(m).fill(3), rec, n: m };
}

/** Pairs in emission order, one partition. */
function run(kind: KeyKind, m: number, orders: NeighbourhoodOrder[], cap: number, window: number, place: RecordPlaces | null = null): [number, number][] {
  const out = [new GrowableU32()];
  emitBucketPairs(sortEntries(bucket(kind, m)), new Uint8Array(m), { orders, sameNameCity: null, place }, { cap, window }, out, emptyBucketStats());
  const pairs: [number, number][] = [];
  for (let i = 0; i < out[0]!.length; i += 2) pairs.push([out[0]!.data[i]!, out[0]!.data[i + 1]!]);
  return pairs;
}

/** Whether every value is the same one (NaN counted equal to NaN). */
function oneValue(v: ArrayLike<number>, m: number): boolean {
  return new Set(Array.from({ length: m }, (_, g) => v[g]!)).size === 1;
}

/** The near rules written plainly (bucket-pairs.ts NearRule), for a bucket of records 0..m-1. */
function nearModel(place: RecordPlaces, o: NeighbourhoodOrder, m: number, a: number, b: number): boolean {
  const dLat = Math.abs(place.latLng[2 * a]! - place.latLng[2 * b]!);
  const dLng = Math.abs(place.latLng[2 * a + 1]! - place.latLng[2 * b + 1]!);
  const unknown = Number.isNaN(dLat) || Number.isNaN(dLng);
  const apart = !unknown && (dLat > place.apartDegrees || dLng > place.apartDegrees);
  if (o.near === NearRule.Position) {
    // Without a position: an equal name, where the bucket's names are not all one.
    if (unknown) return o.secondary !== null && !oneValue(o.secondary, m) && o.secondary[a] === o.secondary[b];
    return dLat <= place.neighbourDegrees && dLng <= place.neighbourDegrees;
  }
  if (o.near === NearRule.Equal) return o.primary[a] === o.primary[b] && !apart;
  return true;
}

/** The sorted neighbourhood written plainly: sort each order (NaN last, ties by record), pair each with the next `window`. */
function model(m: number, orders: NeighbourhoodOrder[], window: number, place: RecordPlaces | null = null): [number, number][] {
  const key = (v: Float64Array, x: number, y: number): number => {
    const a = v[x]!;
    const b = v[y]!;
    if (Number.isNaN(a) && Number.isNaN(b)) return 0;
    if (Number.isNaN(a)) return 1;
    if (Number.isNaN(b)) return -1;
    return a - b;
  };
  const seen = new Set<string>();
  const pairs: [number, number][] = [];
  for (const o of orders) {
    // A dense bucket skips an Equal pass over one value.
    if (place && o.near === NearRule.Equal && oneValue(o.primary, m)) continue;
    const s = Array.from({ length: m }, (_, g) => g).sort((x, y) => key(o.primary, x, y) || (o.secondary ? key(o.secondary, x, y) : 0) || x - y);
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q <= p + window && q < m; q++) {
        const a = Math.min(s[p]!, s[q]!);
        const b = Math.max(s[p]!, s[q]!);
        if (seen.has(`${a},${b}`)) continue;
        // A neighbour not near in this order may be paired by a later one.
        if (place && !nearModel(place, o, m, a, b)) continue;
        seen.add(`${a},${b}`);
        pairs.push([a, b]);
      }
    }
  }
  return pairs;
}

describe('bucket limits per key kind', () => {
  it('gives dense kinds their own smaller cap and window, never above the scan\'s', () => {
    const { caps, windows } = bucketLimits({ cap: 100, window: 8 });
    expect(caps[KeyKind.Phone]).toBe(100);
    expect(windows[KeyKind.Uscc]).toBe(8);
    expect(caps[KeyKind.AddressCity]).toBe(DENSE_KEY_LIMITS[KeyKind.AddressCity]!.cap);
    expect(caps[KeyKind.NameBand]).toBe(DENSE_KEY_LIMITS[KeyKind.NameBand]!.cap);
    expect(windows[KeyKind.NameCity]).toBe(DENSE_KEY_LIMITS[KeyKind.NameCity]!.window);
    const tight = bucketLimits({ cap: 1, window: 1 });
    expect(Math.max(...tight.caps)).toBe(1);
    expect(Math.max(...tight.windows)).toBe(1);
  });

  it('walks a NameBand bucket above its cap by neighbourhood, where a phone bucket of the same size emits all pairs', () => {
    const m = 6;
    const primary = Float64Array.from([5, 0, 4, 1, 3, 2]);
    const orders = [{ primary, secondary: null }];
    const band = run(KeyKind.NameBand, m, orders, 100, 8);
    // Window 1: each record meets the next in position order 1, 3, 5, 4, 2, 0.
    expect(band).toEqual([[1, 3], [3, 5], [4, 5], [2, 4], [0, 2]]);
    expect(run(KeyKind.Phone, m, orders, 100, 8)).toHaveLength((m * (m - 1)) / 2);
  });

  it('emits exactly the plain sorted neighbourhood, in its order, for buckets on both sides of the scratch size', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(Number.NaN));
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 90 }).chain((m) =>
          fc.record({
            m: fc.constant(m),
            window: fc.integer({ min: 1, max: 4 }),
            orders: fc.array(fc.record({ primary: fc.array(value, { minLength: m, maxLength: m }), secondary: fc.option(fc.array(value, { minLength: m, maxLength: m }), { nil: null }) }), { minLength: 1, maxLength: 3 }),
          }),
        ),
        ({ m, window, orders }) => {
          const o = orders.map((x) => ({ primary: Float64Array.from(x.primary), secondary: x.secondary ? Float64Array.from(x.secondary) : null }));
          expect(run(KeyKind.Phone, m, o, 1, window)).toEqual(model(m, o, window));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('pairs only near neighbours in a dense bucket, the same on both sides of the scratch size', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(Number.NaN));
    const lat = fc.constantFrom(30, 30.002, 30.005, 31, Number.NaN);
    const rule = fc.constantFrom(NearRule.Any, NearRule.Position, NearRule.Equal);
    const window = DENSE_KEY_LIMITS[KeyKind.AddressCity]!.window;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 90 }).chain((m) =>
          fc.record({
            m: fc.constant(m),
            lats: fc.array(lat, { minLength: m, maxLength: m }),
            orders: fc.array(
              fc.record({ primary: fc.array(value, { minLength: m, maxLength: m }), secondary: fc.option(fc.array(value, { minLength: m, maxLength: m }), { nil: null }), near: rule }),
              { minLength: 1, maxLength: 3 },
            ),
          }),
        ),
        ({ m, lats, orders }) => {
          const o = orders.map((x) => ({ primary: Float64Array.from(x.primary), secondary: x.secondary ? Float64Array.from(x.secondary) : null, near: x.near }));
          const latLng = new Float64Array(2 * m);
          lats.forEach((v, g) => {
            latLng[2 * g] = v;
            latLng[2 * g + 1] = Number.isNaN(v) ? Number.NaN : 120;
          });
          const place = { latLng, apartDegrees: 0.01, neighbourDegrees: 0.003 };
          const pairs = run(KeyKind.AddressCity, m, o, 1, window, place);
          expect(pairs).toEqual(model(m, o, window, place));
          // Lookalike names reach one spot: far apart beyond the neighbour distance.
          const spotWindow = DENSE_KEY_LIMITS[KeyKind.NameCell]!.window;
          expect(run(KeyKind.NameCell, m, o, 1, spotWindow, place)).toEqual(model(m, o, spotWindow, { ...place, apartDegrees: place.neighbourDegrees }));
          // The same values laid out as rows (block-partition.ts's order columns): one row a record.
          const stride = 2 * o.length + 2;
          const rows = new Float64Array(m * stride);
          for (let g = 0; g < m; g++) {
            o.forEach((x, k) => {
              rows[g * stride + 2 * k] = x.primary[g]!;
              rows[g * stride + 2 * k + 1] = x.secondary ? x.secondary[g]! : 0;
            });
            rows[g * stride + stride - 2] = latLng[2 * g]!;
            rows[g * stride + stride - 1] = latLng[2 * g + 1]!;
          }
          const strided = o.map((x, k) => ({ primary: rows.subarray(2 * k), secondary: x.secondary ? rows.subarray(2 * k + 1) : null, stride, near: x.near }));
          const stridedPlace = { ...place, latLng: rows.subarray(stride - 2), stride };
          expect(run(KeyKind.AddressCity, m, strided, 1, window, stridedPlace)).toEqual(pairs);
          // Identifier kinds ignore places: the same orders pair at least as much.
          expect(run(KeyKind.Phone, m, o, 1, window, place).length).toBeGreaterThanOrEqual(pairs.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
