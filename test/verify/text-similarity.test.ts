import { describe, expect, it } from 'vitest';
import { bigramDice, listsIntersect, longestCommonSubstring, rangeContains } from '../../src/verify/text-similarity.js';

/** Two strings laid out in one arena, as the feature store holds them. */
function arena(a: string, b: string): [Uint16Array, number, number, number, number] {
  const s = a + b;
  const t = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) t[i] = s.charCodeAt(i);
  return [t, 0, a.length, a.length, s.length];
}

describe('bigramDice', () => {
  it('is 1 for equal strings and 0 for disjoint or empty ones', () => {
    expect(bigramDice(...arena('瑞幸咖啡', '瑞幸咖啡'))).toBe(1);
    expect(bigramDice(...arena('瑞幸咖啡', '沙县小吃'))).toBe(0);
    expect(bigramDice(...arena('', '沙县小吃'))).toBe(0);
  });

  it('counts shared bigrams: 诚信铝门窗 vs 诚信铝合金门窗 share 诚信, 信铝, 门窗', () => {
    expect(bigramDice(...arena('诚信铝门窗', '诚信铝合金门窗'))).toBeCloseTo((2 * 3) / (4 + 6), 12);
  });

  it('counts a repeated bigram only as often as both sides hold it', () => {
    expect(bigramDice(...arena('哈哈哈', '哈哈'))).toBeCloseTo((2 * 1) / (2 + 1), 12);
  });
});

describe('longestCommonSubstring', () => {
  it('finds the longest shared run', () => {
    expect(longestCommonSubstring(...arena('顺发', '顺发门业'))).toBe(2);
    expect(longestCommonSubstring(...arena('市心北路737号', '北路737'))).toBe(5);
    expect(longestCommonSubstring(...arena('abc', 'xyz'))).toBe(0);
  });
});

describe('listsIntersect', () => {
  it('matches whole elements of comma-joined lists only', () => {
    expect(listsIntersect(...arena('13812345678,82876229', '82876229'))).toBe(true);
    expect(listsIntersect(...arena('13812345678', '1381234567'))).toBe(false);
    expect(listsIntersect(...arena('a,b', 'c,d'))).toBe(false);
  });
});

describe('rangeContains', () => {
  it('finds a label inside an address, and nothing for an empty or longer needle', () => {
    expect(rangeContains(...arena('宁围街道市心北路551号', '市心北路'))).toBe(true);
    expect(rangeContains(...arena('宁围街道市心北路551号', '文三路'))).toBe(false);
    expect(rangeContains(...arena('市心北路', ''))).toBe(false);
    expect(rangeContains(...arena('北路', '市心北路'))).toBe(false);
  });
});
