import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseChineseNumeral, replaceChineseNumerals } from '../../src/normalize/chinese-numerals.js';

const DIGITS = '零一二三四五六七八九';

/** The positional spelling people write: 10 = 十, 18 = 十八, 108 = 一百零八, 12000 = 一万二千. */
function toChinese(n: number): string {
  if (n === 0) return '零';
  const below10k = (v: number, leading: boolean): string => {
    const units = ['千', '百', '十', ''];
    const values = [1000, 100, 10, 1];
    let out = '';
    let zero = false;
    for (let i = 0; i < 4; i++) {
      const d = Math.floor(v / values[i]!) % 10;
      if (d === 0) {
        if (out !== '' || !leading) zero = true;
        continue;
      }
      if (zero && out !== '') out += '零';
      zero = false;
      out += leading && out === '' && d === 1 && i === 2 ? units[i] : DIGITS[d]! + units[i];
    }
    return out;
  };
  if (n < 10_000) return below10k(n, true);
  const high = Math.floor(n / 10_000);
  const low = n % 10_000;
  return below10k(high, true) + '万' + (low === 0 ? '' : (low < 1000 ? '零' : '') + below10k(low, false));
}

describe('parseChineseNumeral', () => {
  it('reads positional numerals', () => {
    expect(parseChineseNumeral('十八')).toBe(18);
    expect(parseChineseNumeral('二十三')).toBe(23);
    expect(parseChineseNumeral('一百零八')).toBe(108);
    expect(parseChineseNumeral('两千')).toBe(2000);
    expect(parseChineseNumeral('一千零十')).toBe(1010);
    expect(parseChineseNumeral('一万二千')).toBe(12000);
    expect(parseChineseNumeral('叁佰伍拾')).toBe(350);
  });

  it('reads digit-by-digit numerals', () => {
    expect(parseChineseNumeral('一〇八')).toBe(108);
    expect(parseChineseNumeral('二零二三')).toBe(2023);
    expect(parseChineseNumeral('三')).toBe(3);
  });

  it('rejects what is not a numeral', () => {
    expect(parseChineseNumeral('')).toBeNaN();
    expect(parseChineseNumeral('十八号')).toBeNaN();
    expect(parseChineseNumeral('二三十')).toBeNaN();
    expect(parseChineseNumeral('五十三百')).toBeNaN();
    expect(parseChineseNumeral('万')).toBeNaN();
  });

  it('round-trips every number written positionally', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 99_999_999 }), (n) => {
      expect(parseChineseNumeral(toChinese(n))).toBe(n);
    }), { numRuns: 5000 });
  });

  it('round-trips every number written digit by digit', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 999_999 }), (n) => {
      const text = [...String(n)].map((d) => '〇一二三四五六七八九'[Number(d)]).join('');
      expect(parseChineseNumeral(text)).toBe(n);
    }));
  });
});

describe('replaceChineseNumerals', () => {
  it('replaces numerals before address units', () => {
    expect(replaceChineseNumerals('文明路十八号')).toBe('文明路18号');
    expect(replaceChineseNumerals('国泰大厦二十三楼')).toBe('国泰大厦23楼');
    expect(replaceChineseNumerals('一号楼三单元')).toBe('1号楼3单元');
    expect(replaceChineseNumerals('南岸路二百二十二#')).toBe('南岸路222#');
  });

  it('replaces digit-by-digit numerals and ordinals', () => {
    expect(replaceChineseNumerals('一〇八国道')).toBe('108国道');
    expect(replaceChineseNumerals('宁围镇第三小学')).toBe('宁围镇第3小学');
  });

  it('leaves numerals that are part of names', () => {
    expect(replaceChineseNumerals('三墩镇建设一路五一广场')).toBe('三墩镇建设一路五一广场');
    expect(replaceChineseNumerals('合丰四路')).toBe('合丰四路');
  });
});
