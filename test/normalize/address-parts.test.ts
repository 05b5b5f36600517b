import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../src/normalize/address-parts.js';
import { NO_DIVISIONS, resolveRecordDivisions } from '../../src/normalize/record-divisions.js';

const XIAOSHAN = resolveRecordDivisions('浙江省', '杭州市', '萧山区');

describe('parseAddress', () => {
  it('strips divisions that repeat the record and reports them', () => {
    const a = parseAddress('浙江省杭州市萧山区宁围镇佳境街26号', XIAOSHAN);
    expect(a.address).toBe('佳境街26号');
    expect(a.town).toBe('宁围镇');
    expect(a.divisions.district).toBe('330109');
    expect(parseAddress('杭州-萧山-开发区 市心北路845号', XIAOSHAN).address).toBe('开发区市心北路845号');
  });

  it('fills divisions from the address when the record has none', () => {
    const a = parseAddress('黑龙江省哈尔滨市道外区依兰路95号', NO_DIVISIONS);
    expect(a.divisions).toEqual({ province: '23', city: '2301', district: '230104' });
    expect(a.street).toBe('依兰路95号');
  });

  it('does not take a road named after a city for a division', () => {
    expect(parseAddress('延安路18号', NO_DIVISIONS).address).toBe('延安路18号');
  });

  it('reads 萧山市心北路 as 萧山 + 市心北路', () => {
    expect(parseAddress('萧山市心北路891号', XIAOSHAN).street).toBe('市心北路891号');
    expect(parseAddress('萧山市市心北路', XIAOSHAN).address).toBe('市心北路');
  });

  it('turns Chinese numerals and # into digits and 号', () => {
    expect(parseAddress('文明路十八号', NO_DIVISIONS).street).toBe('文明路18号');
    expect(parseAddress('文明路18#', NO_DIVISIONS).street).toBe('文明路18号');
    expect(parseAddress('振宁路四百六十九#三楼', NO_DIVISIONS)).toMatchObject({ street: '振宁路469号', floor: 3 });
  });

  it('reads ranges and lists of house numbers', () => {
    expect(parseAddress('盈丰街56-58号', NO_DIVISIONS)).toMatchObject({ houseNo: 56, houseNoEnd: 58, street: '盈丰街56-58号' });
    expect(parseAddress('振宁路973、975号', NO_DIVISIONS)).toMatchObject({ houseNo: 973, houseNoEnd: 975 });
    expect(parseAddress('振宁路1467号-1471号', NO_DIVISIONS)).toMatchObject({ houseNo: 1467, houseNoEnd: 1471 });
    expect(parseAddress('振宁路786-2号', NO_DIVISIONS)).toMatchObject({ houseNo: 786, houseNoEnd: 786 });
    expect(parseAddress('文明路458', NO_DIVISIONS).street).toBe('文明路458号');
  });

  it('separates floor and room', () => {
    expect(parseAddress('民和路486号世纪晶钻1号楼20楼2009室', NO_DIVISIONS)).toMatchObject({
      address: '民和路486号世纪晶钻1号楼', building: '1', floor: 20, room: '2009', street: '民和路486号',
    });
    expect(parseAddress('市心北路2000号归谷中心3F', NO_DIVISIONS).floor).toBe(3);
    expect(parseAddress('市心北路2000号归谷中心3层', NO_DIVISIONS).floor).toBe(3);
    expect(parseAddress('秦淮大道565号购物公园B2层', NO_DIVISIONS).floor).toBe(-2);
    expect(parseAddress('国泰科技大厦1至4楼', NO_DIVISIONS).floor).toBe(1);
    expect(parseAddress('境合苑8幢1单元609', NO_DIVISIONS)).toMatchObject({ building: '8', room: '609' });
    expect(parseAddress('港汇中心1号楼1505A室', NO_DIVISIONS).room).toBe('1505a');
  });

  it('drops bracketed notes and trailing hints', () => {
    expect(parseAddress('市心北路绿都港汇中心（振宁路地铁口B出口）', NO_DIVISIONS).address).toBe('市心北路绿都港汇中心');
    expect(parseAddress('盈丰街2号附近', NO_DIVISIONS).address).toBe('盈丰街2号');
  });

  it('finds the road carrying the number, not the text before it', () => {
    expect(parseAddress('钱江世纪城振宁路973号', NO_DIVISIONS).road).toBe('振宁路');
    expect(parseAddress('市心北路振宁路788号', NO_DIVISIONS).road).toBe('振宁路');
    expect(parseAddress('上街路463号', NO_DIVISIONS).road).toBe('上街路');
    expect(parseAddress('宁围镇盈丰街道10号', NO_DIVISIONS).street).toBe('盈丰街道10号');
  });

  it('does not take two roads joined by 和 for a town', () => {
    expect(parseAddress('永辉路和镇宁路交叉口', NO_DIVISIONS).town).toBe('');
  });

  it('gives an address written in full and one written short the same comparable form', () => {
    const a = parseAddress('浙江省杭州市萧山区宁围镇振宁路八百零五号二楼', XIAOSHAN);
    const b = parseAddress('振宁路805#', XIAOSHAN);
    expect(a.address).toBe(b.address);
    expect(a.street).toBe(b.street);
  });
});
