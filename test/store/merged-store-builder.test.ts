import { describe, expect, it } from 'vitest';
import { NUM_COLUMNS, NumColumn, TEXT_COLUMNS, TextColumn } from '../../src/store/feature-columns.js';
import { FeatureStoreBuilder } from '../../src/store/feature-store-builder.js';
import { mergeStores, numOf, textOf, type FeatureStore } from '../../src/store/feature-store.js';
import { MergedStoreBuilder } from '../../src/store/merged-store-builder.js';

function shard(first: number, n: number, owned: boolean): FeatureStore {
  const b = new FeatureStoreBuilder(4);
  for (let i = first; i < first + n; i++) {
    b.begin();
    for (let c = 0; c < TEXT_COLUMNS; c++) b.setText(c as TextColumn, c === TextColumn.MerchantId ? `M${i}` : c === TextColumn.NameCore ? '沙县小吃'.repeat(1 + (i % 5)) : '');
    b.setNum(NumColumn.Line, i + 2);
    b.end();
  }
  return owned ? b.toOwned() : b.toShared();
}

function same(x: FeatureStore, y: FeatureStore): void {
  expect(x.count).toBe(y.count);
  for (let i = 0; i < x.count; i++) {
    for (let c = 0; c < TEXT_COLUMNS; c++) expect(textOf(x, i, c as TextColumn)).toBe(textOf(y, i, c as TextColumn));
    for (let c = 0; c < NUM_COLUMNS; c++) expect(Object.is(numOf(x, i, c as NumColumn), numOf(y, i, c as NumColumn))).toBe(true);
  }
}

describe('merged store builder', () => {
  const sizes = [3, 0, 7, 1, 40, 2];
  const firsts = sizes.map((_, k) => sizes.slice(0, k).reduce((a, b) => a + b, 0));

  it.each([
    ['an input size that fits', 1_000_000],
    ['an input size far too small (grows several times)', 10],
    ['an unknown input size (a stream)', null],
  ])('builds the same store as mergeStores from owned shard stores, given %s', (_, inputBytes) => {
    const m = new MergedStoreBuilder(inputBytes);
    sizes.forEach((n, k) => m.append(shard(firsts[k]!, n, true), 100));
    const merged = m.finish();
    expect(merged.text.buffer).toBeInstanceOf(SharedArrayBuffer);
    same(merged, mergeStores(sizes.map((n, k) => shard(firsts[k]!, n, false))));
    expect(merged.offsets.length).toBe(merged.count * TEXT_COLUMNS + 1);
    expect(merged.nums.length).toBe(merged.count * NUM_COLUMNS);
  });

  it('finishes an empty store', () => {
    const merged = new MergedStoreBuilder(0).finish();
    expect(merged.count).toBe(0);
    expect(merged.offsets[0]).toBe(0);
  });
});
