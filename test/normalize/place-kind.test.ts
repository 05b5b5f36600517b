import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/normalize/normalize-text.js';
import { PlaceKind, placeKindOf } from '../../src/normalize/place-kind.js';

const kind = (name: string): number => placeKindOf(normalizeText(name));

describe('placeKindOf', () => {
  it('finds facilities that carry their host name', () => {
    expect(kind('幸福时代培训辅导中心停车场')).toBe(PlaceKind.CarPark);
    expect(kind('佳境天城天合苑(东北门)')).toBe(PlaceKind.Entrance);
    expect(kind('顺发·和美家（西南2门）')).toBe(PlaceKind.Entrance);
    expect(kind('大象国际中心停车场(出入口)')).toBe(PlaceKind.CarPark | PlaceKind.Entrance);
    expect(kind('萧山农商银行ATM(盈丰支行)')).toBe(PlaceKind.SelfServiceBank);
    expect(kind('绿都黄龙御玺售楼处')).toBe(PlaceKind.SiteOffice);
    expect(kind('杭州领航酒店·宴会厅')).toBe(PlaceKind.HotelVenue);
    expect(kind('万和国际中心广场电动汽车充电站')).toBe(PlaceKind.ChargingStation);
    expect(kind('公共厕所')).toBe(PlaceKind.Toilet);
  });

  it('leaves ordinary businesses, and gate words inside a name, alone', () => {
    expect(kind('诚信铝门窗')).toBe(0);
    expect(kind('多丽滑动移门')).toBe(0);
    expect(kind('九门车卫')).toBe(0);
    expect(kind('杭州领航酒店')).toBe(0);
    expect(kind('瑞幸咖啡(文三路店)')).toBe(0);
  });
});
