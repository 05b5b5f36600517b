import { describe, expect, it } from 'vitest';
import { neighbourhoodOrders, positionCode } from '../../src/candidates/block-partition.js';
import { KeyKind, kindOf, withKind } from '../../src/candidates/key-kinds.js';
import { emitBucketPairs, emptyBucketStats, type BlockRecords } from '../../src/candidates/bucket-pairs.js';
import { GrowableU32 } from '../../src/store/growable-array.js';
import { recordKeys } from '../../src/candidates/record-keys.js';
import { normalizeRecord } from '../../src/normalize/normalize-record.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { createSketchParams } from '../../src/sketch/minhash-params.js';
import { appendMerchant, keySourceOf } from '../../src/store/append-merchant.js';
import { FeatureStoreBuilder } from '../../src/store/feature-store-builder.js';
import { BLANK_RECORD } from '../fixtures/blank-record.js';

describe('positionCode', () => {
  it('gives neighbours on the map close codes in both directions, and NaN without coordinates', () => {
    const at = (lat: number, lng: number): number => positionCode(lat, lng);
    const here = at(30.2741, 120.1551);
    // 100 m north and 100 m east stay within a few cells' codes here (no Z-order seam between them); Beijing does not.
    const north = at(30.2751, 120.1551);
    const east = at(30.2741, 120.1561);
    const far = at(39.9042, 116.4074);
    expect(Math.abs(north - here)).toBeLessThan(64);
    expect(Math.abs(east - here)).toBeLessThan(64);
    expect(Math.abs(far - here)).toBeGreaterThan(1e7);
    expect(at(Number.NaN, 120)).toBeNaN();
    expect(Number.isSafeInteger(at(89.9999, 179.9999))).toBe(true);
    expect(at(-90, -180)).toBe(0);
  });
});

describe('neighbourhoodOrders: the NameBand pair rule', () => {
  const blank: MerchantRecord = { ...BLANK_RECORD };
  const rows: Partial<MerchantRecord>[] = [
    { name: '沙县小吃', province: '浙江省', city: '杭州市' },
    { name: '沙县小吃（个体工商户）', province: '浙江省', city: '杭州市' },
    { name: '沙县小吃', province: '浙江省', city: '宁波市' },
    { name: '沙县小吃', city: '' },
    { name: '沙县小吃', city: '' },
    { name: '沙县小吃店', province: '浙江省', city: '杭州市' },
    { name: '兰州拉面', province: '浙江省', city: '杭州市' },
  ];
  const builder = new FeatureStoreBuilder();
  const sources = rows.map((r, i) => {
    const rec = { ...blank, merchant_id: `M${i}`, ...r };
    const n = normalizeRecord(rec);
    appendMerchant(builder, rec, n, i + 1);
    return keySourceOf(n);
  });
  const store = builder.toShared();
  const { sameNameCity } = neighbourhoodOrders(store);
  const params = createSketchParams({});
  const nameCityKeys = (i: number): Set<string> => {
    const w = recordKeys(sources[i]!, params);
    const out = new Set<string>();
    for (let j = 0; j < w.length; j += 2) if (kindOf(w[j]!) === KeyKind.NameCity) out.add(`${w[j]}:${w[j + 1]}`);
    return out;
  };

  it('holds exactly for the pairs that share a NameCity key, so leaving them out of name bands loses none', () => {
    for (let a = 0; a < rows.length; a++) {
      for (let b = a + 1; b < rows.length; b++) {
        const shared = [...nameCityKeys(a)].some((k) => nameCityKeys(b).has(k));
        expect(sameNameCity!(a, b), `${a} ~ ${b}`).toBe(shared);
      }
    }
    // Same name core in one city (licence tag aside); other city, unknown city and other name do not count.
    expect(sameNameCity!(0, 1)).toBe(true);
    expect(sameNameCity!(0, 2)).toBe(false);
    expect(sameNameCity!(3, 4)).toBe(false);
    expect(sameNameCity!(0, 5)).toBe(true); // 店 is not part of the name core
    expect(sameNameCity!(0, 6)).toBe(false);
  });
});

describe('neighbourhoodOrders: the name order of giant buckets', () => {
  const names = ['秘制花甲', '荷记花甲秘制花甲', '秘制花甲', '面馆', '超市便利'];
  const builder = new FeatureStoreBuilder();
  names.forEach((name, i) => {
    const rec = { ...BLANK_RECORD, merchant_id: `M${i}`, name };
    appendMerchant(builder, rec, normalizeRecord(rec), i + 1);
  });
  const { orders } = neighbourhoodOrders(builder.toShared());
  // Record r's value sits at [r * stride] (one row of the order columns a record).
  const order = orders[1]!;
  const value = Array.from({ length: names.length }, (_, r) => order.primary[r * (order.stride ?? 1)]!);

  it('is a min-hash of the name: equal names tie, a name holding all of another\'s bigrams is never above it', () => {
    expect(value[0]).toBe(value[2]);
    expect(value[1]!).toBeLessThanOrEqual(value[0]!);
    // Names of trade words only still get a place in the order.
    expect(Number.isNaN(value[3]!)).toBe(false);
    expect(Number.isNaN(value[4]!)).toBe(false);
  });
});

/**
 * A store of `rows` (wgs84 positions) and its neighbourhood orders, and `pairsOf`: the pairs one bucket of
 * `kind` over `members` emits, window 8, sorted.
 */
function bucketOf(rows: Partial<MerchantRecord>[]): { records: BlockRecords; pairsOf: (kind: KeyKind, members: number[], cap: number) => [number, number][] } {
  const builder = new FeatureStoreBuilder();
  rows.forEach((r, i) => {
    const rec = { ...BLANK_RECORD, merchant_id: `M${i}`, coord_sys: 'wgs84', ...r } as MerchantRecord;
    appendMerchant(builder, rec, normalizeRecord(rec), i + 1);
  });
  const records = neighbourhoodOrders(builder.toShared());
  const pairsOf = (kind: KeyKind, members: number[], cap: number): [number, number][] => {
    const e = { hi: new Uint32Array(members.length).fill(withKind(kind, 1)), lo: new Uint32Array(members.length), rec: Uint32Array.from(members), n: members.length };
    const out = [new GrowableU32()];
    emitBucketPairs(e, new Uint8Array(rows.length), records, { cap, window: 8 }, out, emptyBucketStats());
    const pairs: [number, number][] = [];
    for (let i = 0; i < out[0]!.length; i += 2) pairs.push([out[0]!.data[i]!, out[0]!.data[i + 1]!]);
    return pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  };
  return { records, pairsOf };
}

describe('neighbourhoodOrders: near and far apart for dense keys', () => {
  // Hangzhou: 0 and 1 about 100 m apart, 2 about 5 km off, 3 and 4 without a position; 0-3 share a name.
  const rows: Partial<MerchantRecord>[] = [
    { name: '沙县小吃', lat: 30.2741, lng: 120.1551 },
    { name: '沙县小吃', lat: 30.275, lng: 120.1556 },
    { name: '沙县小吃', lat: 30.3191, lng: 120.1551 },
    { name: '沙县小吃', lat: null, lng: null },
    { name: '兰州拉面', lat: null, lng: null },
  ];
  const { records, pairsOf } = bucketOf(rows);

  it('knows every record\'s position, NaN without one', () => {
    const { latLng, stride = 2 } = records.place!;
    expect(latLng[0]).toBeCloseTo(30.2741, 3);
    expect(latLng[1]).toBeCloseTo(120.1551, 3);
    expect(latLng[stride]).toBeCloseTo(30.275, 3);
    expect(Number.isNaN(latLng[3 * stride]!)).toBe(true);
    expect(Number.isNaN(latLng[3 * stride + 1]!)).toBe(true);
  });

  it('never pairs two records of a small dense bucket over a kilometre apart; an identifier key does', () => {
    expect(pairsOf(KeyKind.NameCity, [0, 1, 2, 3], 100)).toEqual([[0, 1], [0, 3], [1, 3], [2, 3]]);
    expect(pairsOf(KeyKind.Phone, [0, 1, 2, 3], 100)).toHaveLength(6);
  });

  it('pairs the neighbours of a capped dense bucket only when near: never the far record with the near ones', () => {
    const pairs = pairsOf(KeyKind.NameCell, [0, 1, 2, 3, 4], 1);
    expect(pairs).toContainEqual([0, 1]);
    expect(pairs).not.toContainEqual([0, 2]);
    expect(pairs).not.toContainEqual([1, 2]);
    // 3 and 4 have no position and different names: the position order does not call them near, and the
    // name order's min-hashes differ.
    expect(pairs).not.toContainEqual([3, 4]);
  });
});

describe('neighbourhoodOrders: what near means where an order says nothing', () => {
  // One name in Hangzhou: 0 and 1 about 50 m apart, 2 about 550 m from 0; 3-6 without a position, 3 and 4
  // at one street address (road and number).
  const rows: Partial<MerchantRecord>[] = [
    { lat: 30.2741, lng: 120.1551, address: '文三路100号' },
    { lat: 30.2745, lng: 120.1553, address: '文三路102号' },
    { lat: 30.2791, lng: 120.1551, address: '莫干山路1号' },
    { lat: null, lng: null, address: '天目山路8号' },
    { lat: null, lng: null, address: '天目山路8号2楼' },
    { lat: null, lng: null, address: '学院路5号' },
    { lat: null, lng: null, address: '教工路9号' },
  ];
  const { pairsOf } = bucketOf(rows.map((r) => ({ name: '沙县小吃', province: '浙江省', city: '杭州市', ...r })));

  it('pairs a capped bucket of one name by spot and street address: not 550 m apart, not positionless records by input order', () => {
    // The name order is one value here: it would have paired 0-2 (within a kilometre) and chained 3-6.
    expect(pairsOf(KeyKind.NameCity, [0, 1, 2, 3, 4, 5, 6], 1)).toEqual([[0, 1], [3, 4]]);
    // The same records on one phone: an identifier bucket pairs its neighbours wherever they stand.
    expect(pairsOf(KeyKind.Phone, [0, 1, 2, 3, 4, 5, 6], 1).length).toBeGreaterThan(2);
  });

  it('pairs five registrations of one shop without a position at one street number, by name and by address', () => {
    const copies = bucketOf(Array.from({ length: 5 }, () => ({ name: '沙县小吃', province: '浙江省', city: '杭州市', address: '天目山路8号', lat: null, lng: null })));
    const all = [0, 1, 2, 3, 4];
    // Capped (cap 1): the name bucket walks the street order, the address bucket the name order, and each
    // links all five (window 2: 0-1, 0-2, 1-2, …).
    for (const kind of [KeyKind.NameCity, KeyKind.AddressCity]) {
      const pairs = copies.pairsOf(kind, all, 1);
      expect(new Set(pairs.flat())).toEqual(new Set(all));
      expect(pairs.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('pairs lookalike names only on one spot, an equal name within a kilometre', () => {
    expect(pairsOf(KeyKind.NameCell, [0, 1], 100)).toEqual([[0, 1]]);
    expect(pairsOf(KeyKind.NameCell, [0, 2], 100)).toEqual([]);
    expect(pairsOf(KeyKind.NameCity, [0, 2], 100)).toEqual([[0, 2]]);
    expect(pairsOf(KeyKind.AddressCity, [0, 2], 100)).toEqual([[0, 2]]);
  });
});

describe('neighbourhoodOrders: a capped name-cell bucket', () => {
  // Shops of one common trade name (鑫源) side by side in one cell, each at its own street number but the
  // last, a second listing of the first at its street number.
  const names = ['鑫源煎饼', '鑫源百货', '鑫源水果', '鑫源建材', '鑫源服装', '鑫源养生', '鑫源图文', '鑫源酒业', '鑫源手机', '鑫源理发'];
  const at = (i: number): Partial<MerchantRecord> => ({ province: '浙江省', city: '杭州市', lat: 30.2741 + i * 0.0001, lng: 120.1551 });
  const probe = bucketOf(names.map((name, i) => ({ ...at(i), name, address: `文${i + 1}路${i + 1}号` })));
  // Five of them whose name orders (min-hash of the distinctive bigrams) all differ.
  const similar = probe.records.orders[1]!;
  const stride = similar.stride ?? 1;
  const picked: number[] = [];
  for (let i = 0; i < names.length && picked.length < 5; i++) {
    if (!picked.some((j) => similar.primary[j * stride] === similar.primary[i * stride])) picked.push(i);
  }
  const rows = picked.map((i, k) => ({ ...at(k), name: names[i]!, address: `文${k + 1}路${k + 1}号` }));
  rows.push({ ...at(5), name: '鑫源商行', address: '文1路1号' });
  const { pairsOf } = bucketOf(rows);

  it('pairs no two shops for standing together, and a second listing at one street number', () => {
    expect(picked).toHaveLength(5);
    // Every record within 60 m of the others: the position order would have paired neighbours.
    expect(pairsOf(KeyKind.NameCell, [0, 1, 2, 3, 4], 1)).toEqual([]);
    expect(pairsOf(KeyKind.NameCell, [0, 1, 2, 3, 4, 5], 1)).toEqual([[0, 5]]);
    // Under the cap, the same shops on one spot are all pairs.
    expect(pairsOf(KeyKind.NameCell, [0, 1, 2, 3], 100)).toHaveLength(6);
  });
});
