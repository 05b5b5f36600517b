import { describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../src/normalize/normalize-record.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { appendMerchant } from '../../src/store/append-merchant.js';
import { NUM_COLUMNS, NumColumn } from '../../src/store/feature-columns.js';
import { FeatureStoreBuilder } from '../../src/store/feature-store-builder.js';
import { ContentHasher } from '../../src/store/content-hash.js';
import { BLANK_RECORD } from '../fixtures/blank-record.js';

const SHOP: MerchantRecord = {
  ...BLANK_RECORD,
  merchant_id: 'A1',
  name: '韩萌慧超市',
  uscc: '92220104MABRJTBA6F',
  legal_person: '韩萌慧',
  id_number: '220104197605199088',
  phone: '13812345678',
  bank_account: '6217009283588924370',
  province: '吉林省',
  city: '长春市',
  district: '朝阳区',
  address: '长春市朝阳区红旗街88号',
  lat: 43.86,
  lng: 125.3,
  coord_sys: 'wgs84',
  mcc: '5411',
  terminal_sns: ['A920478640011539', 'A8480062055593'],
  created_at: '2025-03-11T01:15:36+08:00',
  channel: 'AG381248',
};

/** The content value of each record, as the scan's store holds it. */
function contents(records: MerchantRecord[]): number[] {
  const b = new FeatureStoreBuilder(records.length);
  records.forEach((r, i) => appendMerchant(b, r, normalizeRecord(r), i));
  const store = b.toShared();
  return records.map((_, i) => store.nums[i * NUM_COLUMNS + NumColumn.Content]!);
}

describe('a record content value', () => {
  it('is the same for records that differ in merchant_id, created_at, channel or the spelling of one value only', () => {
    const [a, ...rest] = contents([
      SHOP,
      { ...SHOP, merchant_id: 'A2', created_at: '2025-09-01T10:00:00+08:00', channel: 'AG000001' },
      // The same values as verification reads them: another phone format, terminals in another order.
      { ...SHOP, merchant_id: 'A3', phone: '+86 138-1234-5678', terminal_sns: ['A8480062055593', 'A920478640011539'] },
    ]);
    expect(Number.isInteger(a)).toBe(true);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(2 ** 52);
    for (const v of rest) expect(v).toBe(a);
  });

  it('differs when any compared field differs', () => {
    const variants: Partial<MerchantRecord>[] = [
      { name: '韩萌慧便利店' },
      { name: '韩萌慧超市(红旗店)' },
      { name: '长春韩萌慧超市有限公司' },
      { city: '吉林市', address: '吉林市朝阳区红旗街88号' },
      { uscc: null },
      { legal_person: '韩萌' },
      { id_number: null },
      { phone: '13812345679' },
      { bank_account: '6217009283588924371' },
      { address: '长春市朝阳区红旗街89号' },
      { lat: 43.87 },
      { lng: 125.31 },
      { district: '南关区' },
      { mcc: '5812' },
      { terminal_sns: ['A920478640011539'] },
    ];
    const values = contents([SHOP, ...variants.map((v, i) => ({ ...SHOP, merchant_id: `V${i}`, ...v }))]);
    expect(new Set(values).size).toBe(values.length);
  });

  it('is missing for a record that names no one business: a name and a phone only', () => {
    const bare: MerchantRecord = { ...BLANK_RECORD, merchant_id: 'B1', name: '水果店', city: '杭州市', phone: '13800000000' };
    const [x, y, withAddress] = contents([bare, { ...bare, merchant_id: 'B2' }, { ...bare, merchant_id: 'B3', address: '文三路100号' }]);
    expect(x).toBeNaN();
    expect(y).toBeNaN();
    expect(Number.isInteger(withAddress)).toBe(true);
  });

  it('keeps the boundary between two fields', () => {
    const h = new ContentHasher();
    const units = (s: string): Uint16Array => Uint16Array.from(s, (c) => c.charCodeAt(0));
    const value = (x: string, y: string): number => {
      h.begin();
      h.units(units(x), 0, x.length);
      h.units(units(y), 0, y.length);
      return h.value();
    };
    expect(value('ab', 'c')).not.toBe(value('a', 'bc'));
    expect(value('ab', 'c')).toBe(value('ab', 'c'));
    h.begin();
    h.number(-0);
    const negZero = h.value();
    h.begin();
    h.number(0);
    expect(h.value()).toBe(negZero);
  });
});
