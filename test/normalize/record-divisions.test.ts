import { describe, expect, it } from 'vitest';
import { mergeDivisions, NO_DIVISIONS, resolveRecordDivisions } from '../../src/normalize/record-divisions.js';

describe('resolveRecordDivisions', () => {
  it('resolves full and short spellings to the same codes', () => {
    const full = resolveRecordDivisions('浙江省', '杭州市', '萧山区');
    expect(full).toEqual({ province: '33', city: '3301', district: '330109' });
    expect(resolveRecordDivisions('浙江', '杭州', '萧山')).toEqual(full);
  });

  it('treats municipalities as their own city', () => {
    expect(resolveRecordDivisions('北京市', '北京市', '朝阳区')).toEqual({ province: '11', city: '1101', district: '110105' });
    expect(resolveRecordDivisions('北京', '北京', '朝阳')).toEqual({ province: '11', city: '1101', district: '110105' });
  });

  it('fills parents from a child', () => {
    expect(resolveRecordDivisions(null, '郑州市', '管城回族区')).toEqual({ province: '41', city: '4101', district: '410104' });
  });

  it('ignores a district field that names no district', () => {
    expect(resolveRecordDivisions('浙江省', '杭州市', '钱江世纪城')).toEqual({ province: '33', city: '3301', district: '' });
  });

  it('drops a district that contradicts the city', () => {
    expect(resolveRecordDivisions('浙江省', '杭州市', '海淀区').district).toBe('');
  });

  it('answers the same object for the same fields (cached)', () => {
    expect(resolveRecordDivisions('浙江省', '杭州市', '萧山区')).toBe(resolveRecordDivisions('浙江省', '杭州市', '萧山区'));
    expect(resolveRecordDivisions(null, null, null)).toBe(NO_DIVISIONS);
  });
});

describe('mergeDivisions', () => {
  it('lets the address fill what the fields leave unknown', () => {
    const fields = resolveRecordDivisions('浙江省', '杭州市', null);
    const address = resolveRecordDivisions(null, null, '萧山区');
    expect(mergeDivisions(fields, address).district).toBe('330109');
  });

  it('keeps the fields when the address disagrees', () => {
    const fields = resolveRecordDivisions('浙江省', '杭州市', '萧山区');
    const address = resolveRecordDivisions('北京市', '北京市', '朝阳区');
    expect(mergeDivisions(fields, address)).toBe(fields);
  });
});
