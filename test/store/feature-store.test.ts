import { describe, expect, it } from 'vitest';
import { NumColumn, TEXT_COLUMNS, TextColumn } from '../../src/store/feature-columns.js';
import { FeatureStoreBuilder } from '../../src/store/feature-store-builder.js';
import { mergeStores, numOf, textOf } from '../../src/store/feature-store.js';

function storeOf(rows: { id: string; name: string; lat?: number }[]) {
  const b = new FeatureStoreBuilder();
  for (const r of rows) {
    b.begin();
    for (let c = 0; c < TEXT_COLUMNS; c++) {
      b.setText(c as TextColumn, c === TextColumn.MerchantId ? r.id : c === TextColumn.NameCore ? r.name : '');
    }
    if (r.lat !== undefined) b.setNum(NumColumn.Lat, r.lat);
    b.end();
  }
  return b.toShared();
}

describe('feature store', () => {
  it('round-trips text (including astral characters and emoji) and numbers, NaN when unset', () => {
    const s = storeOf([
      { id: 'M1', name: '𠮷野家牛丼😀', lat: 30.5 },
      { id: 'M2', name: '' },
    ]);
    expect(s.text.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(textOf(s, 0, TextColumn.NameCore)).toBe('𠮷野家牛丼😀');
    expect(textOf(s, 1, TextColumn.MerchantId)).toBe('M2');
    expect(textOf(s, 1, TextColumn.NameCore)).toBe('');
    expect(numOf(s, 0, NumColumn.Lat)).toBe(30.5);
    expect(numOf(s, 1, NumColumn.Lat)).toBeNaN();
  });

  it('merges shards in order, rebasing text offsets', () => {
    const a = storeOf([{ id: 'A1', name: '张记牛肉面' }]);
    const b = storeOf([
      { id: 'B1', name: '瑞幸咖啡', lat: 1 },
      { id: 'B2', name: '沙县小吃', lat: 2 },
    ]);
    const m = mergeStores([a, b]);
    expect(m.count).toBe(3);
    expect([0, 1, 2].map((i) => textOf(m, i, TextColumn.MerchantId))).toEqual(['A1', 'B1', 'B2']);
    expect(textOf(m, 2, TextColumn.NameCore)).toBe('沙县小吃');
    expect(numOf(m, 2, NumColumn.Lat)).toBe(2);
  });

  it('refuses text columns written out of order', () => {
    const b = new FeatureStoreBuilder();
    b.begin();
    expect(() => b.setText(TextColumn.NameCore, 'x')).toThrow(/out of order/);
  });
});
