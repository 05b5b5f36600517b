import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DIVISIONS, divisionByCode, divisionsNamed, matchDivisionPrefix, MAX_DIVISION_NAME_LENGTH, resolveDivision,
  type Division,
} from '../../src/divisions/index.js';

const codeOf = (d: Division | null | undefined): string | null => d?.code ?? null;

describe('resolveDivision', () => {
  it('resolves provinces by official and short name, including the autonomous regions', () => {
    expect(codeOf(resolveDivision('北京市', 'province'))).toBe('11');
    expect(codeOf(resolveDivision('北京', 'province'))).toBe('11');
    expect(codeOf(resolveDivision('内蒙古自治区', 'province'))).toBe('15');
    expect(codeOf(resolveDivision('内蒙古', 'province'))).toBe('15');
    expect(codeOf(resolveDivision('广西壮族自治区', 'province'))).toBe('45');
    expect(codeOf(resolveDivision('广西', 'province'))).toBe('45');
    expect(codeOf(resolveDivision('新疆', 'province'))).toBe('65');
    expect(codeOf(resolveDivision('宁夏', 'province'))).toBe('64');
    expect(codeOf(resolveDivision('浙江', 'province'))).toBe('33');
  });

  it('makes a municipality its own city, and puts its districts and counties under that city', () => {
    for (const [name, short, province] of [['北京市', '北京', '11'], ['天津市', '天津', '12'], ['上海市', '上海', '31'], ['重庆市', '重庆', '50']]) {
      const city = resolveDivision(name!, 'city');
      expect(city).toMatchObject({ code: `${province}01`, name, short, level: 'city', provinceCode: province });
      expect(resolveDivision(short!, 'city', province)).toBe(city);
    }
    expect(resolveDivision('朝阳区', 'district', '1101')).toMatchObject({ code: '110105', cityCode: '1101' });
    // Chongqing's counties sit under a separate "县" level in GB/T 2260; here they belong to the city.
    expect(resolveDivision('城口县', 'district')).toMatchObject({ code: '500229', cityCode: '5001' });
    expect(divisionByCode('1101')?.name).toBe('北京市');
    expect(DIVISIONS.some((d) => d.name === '市辖区')).toBe(false);
  });

  it('resolves cities and districts without a parent when the name is unique', () => {
    expect(codeOf(resolveDivision('杭州市', 'city'))).toBe('3301');
    expect(codeOf(resolveDivision('杭州', 'city'))).toBe('3301');
    expect(codeOf(resolveDivision('萧山区', 'district'))).toBe('330109');
    expect(codeOf(resolveDivision('萧山', 'district'))).toBe('330109');
  });

  it('returns null for an ambiguous district without a parent, and the one under the parent with it', () => {
    expect(divisionsNamed('朝阳区').map((d) => d.code)).toEqual(['110105', '220104']);
    expect(resolveDivision('朝阳区', 'district')).toBeNull();
    expect(resolveDivision('朝阳', 'district')).toBeNull();
    expect(codeOf(resolveDivision('朝阳区', 'district', '11'))).toBe('110105'); // province as parent
    expect(codeOf(resolveDivision('朝阳区', 'district', '1101'))).toBe('110105'); // city as parent
    expect(codeOf(resolveDivision('朝阳区', 'district', '2201'))).toBe('220104');
    expect(codeOf(resolveDivision('朝阳', 'district', '22'))).toBe('220104');
  });

  it('stays null when the parent does not settle it, and ignores a parent that holds no candidate', () => {
    // Two 鼓楼区 in Jiangsu (Nanjing, Xuzhou): the province is not enough, the city is.
    expect(resolveDivision('鼓楼区', 'district', '32')).toBeNull();
    expect(codeOf(resolveDivision('鼓楼区', 'district', '3201'))).toBe('320106');
    // A unique name resolves even under a parent that does not contain it (the record's fields disagree).
    expect(codeOf(resolveDivision('杭州', 'city', '44'))).toBe('3301');
  });

  it('looks only at the requested level, and returns null for unknown names', () => {
    expect(resolveDivision('北京', 'district')).toBeNull();
    expect(codeOf(resolveDivision('吉林', 'province'))).toBe('22');
    expect(codeOf(resolveDivision('吉林', 'city', '22'))).toBe('2202');
    expect(resolveDivision('不存在市', 'city')).toBeNull();
    expect(resolveDivision('', 'province')).toBeNull();
  });
});

/** The plain algorithm: every length from the longest name down to 2. */
function naivePrefix(text: string, from: number, fullNamesOnly: boolean): { code: string; length: number } | null {
  for (let len = Math.min(MAX_DIVISION_NAME_LENGTH, text.length - from); len >= 2; len--) {
    const list = divisionsNamed(text.slice(from, from + len));
    const pick = fullNamesOnly ? list.find((d) => d.name.length === len) : list[0];
    if (pick) return { code: pick.code, length: len };
  }
  return null;
}

describe('matchDivisionPrefix', () => {
  const at = (text: string, from = 0, full = false): [string, number] | null => {
    const m = matchDivisionPrefix(text, from, full);
    return m && [m.division.code, m.length];
  };

  it('takes the longest name first', () => {
    expect(at('浙江省杭州市萧山区宁围镇')).toEqual(['33', 3]);
    expect(at('浙江省杭州市萧山区宁围镇', 3)).toEqual(['3301', 3]);
    expect(at('浙江省杭州市萧山区宁围镇', 6)).toEqual(['330109', 3]);
    expect(at('北京市朝阳区')).toEqual(['11', 3]);
    expect(at('延边朝鲜族自治州延吉市')).toEqual(['2224', 8]);
    expect(at('延边朝鲜族自治州延吉市', 8)).toEqual(['222401', 3]);
    expect(at('吉林省吉林市', 3)).toEqual(['2202', 3]);
  });

  it('takes short names unless only full names are asked for', () => {
    expect(at('杭州萧山')).toEqual(['3301', 2]);
    expect(at('杭州萧山', 2)).toEqual(['330109', 2]);
    expect(at('杭州萧山', 0, true)).toBeNull();
    expect(at('长沙臭豆腐')).toEqual(['4301', 2]);
    expect(at('长沙臭豆腐', 0, true)).toBeNull();
    expect(at('长沙市臭豆腐', 0, true)).toEqual(['4301', 3]);
  });

  it('lists every division carrying an ambiguous name, and says whether it is an official name', () => {
    const m = matchDivisionPrefix('朝阳区建国路88号')!;
    expect(m.division.code).toBe('110105');
    expect(m.divisions.map((d) => d.code)).toEqual(['110105', '220104']);
    expect(m.isFull).toBe(true);
    const short = matchDivisionPrefix('北京朝阳')!;
    expect(short.divisions.map((d) => d.code)).toEqual(['11', '1101']);
    expect(short.isFull).toBe(false);
    // 长沙 is the short name of 长沙市 and of 长沙县.
    expect(matchDivisionPrefix('长沙臭豆腐')!.divisions.map((d) => d.code)).toEqual(['4301', '430121']);
  });

  it('returns null for text that starts no division, and at or past the end', () => {
    expect(at('沙县小吃')).toEqual(['350405', 2]); // 沙县区, Sanming
    expect(at('小吃')).toBeNull();
    expect(at('')).toBeNull();
    expect(at('杭')).toBeNull();
    expect(at('杭州', 1)).toBeNull();
    expect(at('杭州', 2)).toBeNull();
    expect(at('杭州', 5)).toBeNull();
  });

  it('agrees with trying every length, on every division name in context', () => {
    for (const d of DIVISIONS) {
      for (const text of [d.name + '路18号', d.short + d.name, 'x' + d.name.slice(0, -1)]) {
        for (let from = 0; from <= text.length; from++) {
          for (const full of [false, true]) {
            const m = matchDivisionPrefix(text, from, full);
            expect(m && { code: m.division.code, length: m.length }).toEqual(naivePrefix(text, from, full));
          }
        }
      }
    }
  });

  it('agrees with trying every length, on text glued from pieces of names', () => {
    const names = DIVISIONS.flatMap((d) => [d.name, d.short]);
    const piece = fc.oneof(
      fc.constantFrom(...names),
      fc.constantFrom(...names).map((n) => n.slice(0, Math.max(1, n.length - 1))),
      fc.constantFrom('路', '市', '区', '省', '镇', '号', ' ', '-', 'A'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 5 }), fc.boolean(), (pieces, full) => {
        const text = pieces.join('');
        for (let from = 0; from <= text.length; from++) {
          const m = matchDivisionPrefix(text, from, full);
          expect(m && { code: m.division.code, length: m.length }).toEqual(naivePrefix(text, from, full));
        }
      }),
      { numRuns: 2000, seed: 20240601 },
    );
  });
});
