import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitBucketPairs, emptyBucketStats, NearRule, type KeyEntries, type NeighbourhoodOrder, type RecordPlaces } from '../../src/candidates/bucket-pairs.js';
import { bucketLimits, DENSE_KEY_LIMITS, OrderFacet } from '../../src/candidates/bucket-policy.js';
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

/** Record index of bucket member g in the spaced runs: never g, so a member's place in the bucket is never taken for its record. */
const spacedId = (g: number): number => 3 * g + 1;

/** Per-member values (`width` numbers each) laid out by spaced record index; the slots between hold a value no member has. */
function bySpacedId(values: ArrayLike<number>, m: number, width = 1): Float64Array {
  const out = new Float64Array(width * spacedId(m)).fill(-7);
  for (let g = 0; g < m; g++) for (let w = 0; w < width; w++) out[width * spacedId(g) + w] = values[width * g + w]!;
  return out;
}

/** `run` with members 0..m-1 stored as records spacedId(g): orders and places given per member, pairs returned per member. */
function runSpaced(kind: KeyKind, m: number, orders: NeighbourhoodOrder[], cap: number, window: number, place: RecordPlaces): [number, number][] {
  const rec = Uint32Array.from({ length: m }, (_, g) => spacedId(g));
  const entries = { hi: new Uint32Array(m).fill(withKind(kind, 7)), lo: new Uint32Array(m).fill(3), rec, n: m };
  const spaced = orders.map((o) => ({ ...o, primary: bySpacedId(o.primary, m), secondary: o.secondary ? bySpacedId(o.secondary, m) : null }));
  const out = [new GrowableU32()];
  emitBucketPairs(sortEntries(entries), new Uint8Array(spacedId(m)), { orders: spaced, sameNameCity: null, place: { ...place, latLng: bySpacedId(place.latLng, m, 2) } }, { cap, window }, out, emptyBucketStats());
  const member = (id: number): number => (id - 1) / 3;
  const pairs: [number, number][] = [];
  for (let i = 0; i < out[0]!.length; i += 2) pairs.push([member(out[0]!.data[i]!), member(out[0]!.data[i + 1]!)]);
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

/** Every pair of a bucket of members 0..m-1 under its cap, in member order, but two whose positions are both known and far apart. */
function allPairsModel(m: number, place: RecordPlaces): [number, number][] {
  const pairs: [number, number][] = [];
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const dLat = Math.abs(place.latLng[2 * a]! - place.latLng[2 * b]!);
      const dLng = Math.abs(place.latLng[2 * a + 1]! - place.latLng[2 * b + 1]!);
      if (!(dLat > place.apartDegrees || dLng > place.apartDegrees)) pairs.push([a, b]);
    }
  }
  return pairs;
}

/**
 * The sorted neighbourhood written plainly: sort each order (NaN last, ties by record), pair each with the next
 * `window`; orders whose facet is in `skips` (a set of OrderFacet) are not walked.
 */
function model(m: number, orders: NeighbourhoodOrder[], window: number, place: RecordPlaces | null = null, skips: ReadonlySet<number> = new Set()): [number, number][] {
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
    if (o.facet !== undefined && skips.has(o.facet)) continue;
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
    // Random values, one value for every member, or one value but for one member: a bucket of one name or street.
    const column = (m: number): fc.Arbitrary<number[]> => fc.oneof(
      fc.array(value, { minLength: m, maxLength: m }),
      value.map((v) => new Array<number>(m).fill(v)),
      fc.tuple(value, value, fc.nat(m - 1)).map(([v, w, at]) => Object.assign(new Array<number>(m).fill(v), { [at]: w })),
    );
    const lat = fc.constantFrom(30, 30.002, 30.005, 31, Number.NaN);
    const rule = fc.constantFrom(NearRule.Any, NearRule.Position, NearRule.Equal);
    const facet = fc.constantFrom(-1, OrderFacet.Position, OrderFacet.Name, OrderFacet.Street);
    const window = DENSE_KEY_LIMITS[KeyKind.AddressCity]!.window;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 90 }).chain((m) =>
          fc.record({
            m: fc.constant(m),
            lats: fc.array(lat, { minLength: m, maxLength: m }),
            orders: fc.array(fc.record({ primary: column(m), secondary: fc.option(column(m), { nil: null }), near: rule, facet }), { minLength: 1, maxLength: 3 }),
          }),
        ),
        ({ m, lats, orders }) => {
          const o: NeighbourhoodOrder[] = orders.map((x) => ({
            primary: Float64Array.from(x.primary),
            secondary: x.secondary ? Float64Array.from(x.secondary) : null,
            near: x.near,
            ...(x.facet === -1 ? {} : { facet: x.facet as OrderFacet }),
          }));
          const latLng = new Float64Array(2 * m);
          lats.forEach((v, g) => {
            latLng[2 * g] = v;
            latLng[2 * g + 1] = Number.isNaN(v) ? Number.NaN : 120;
          });
          const place = { latLng, apartDegrees: 0.01, neighbourDegrees: 0.003 };
          // An address key does not walk the street order (its key fixes the street number).
          const pairs = runSpaced(KeyKind.AddressCity, m, o, 1, window, place);
          expect(pairs).toEqual(model(m, o, window, place, new Set([OrderFacet.Street])));
          // Lookalike names reach one spot (far apart beyond the neighbour distance), and a capped name-cell
          // bucket does not walk the position order.
          const spotWindow = DENSE_KEY_LIMITS[KeyKind.NameCell]!.window;
          expect(runSpaced(KeyKind.NameCell, m, o, 1, spotWindow, place)).toEqual(model(m, o, spotWindow, { ...place, apartDegrees: place.neighbourDegrees }, new Set([OrderFacet.Position])));
          // Under the kinds' own caps every pair of the bucket but those far apart: a kilometre for an address,
          // one spot for lookalike names.
          if (m <= DENSE_KEY_LIMITS[KeyKind.AddressCity]!.cap) expect(runSpaced(KeyKind.AddressCity, m, o, 100, window, place)).toEqual(allPairsModel(m, place));
          if (m <= DENSE_KEY_LIMITS[KeyKind.NameCell]!.cap) expect(runSpaced(KeyKind.NameCell, m, o, 100, spotWindow, place)).toEqual(allPairsModel(m, { ...place, apartDegrees: place.neighbourDegrees }));
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
          const strided = o.map((x, k) => ({ ...x, primary: rows.subarray(2 * k), secondary: x.secondary ? rows.subarray(2 * k + 1) : null, stride }));
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
