import { describe, expect, it } from 'vitest';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { normalizeRecord } from '../../src/normalize/normalize-record.js';
import { wgs84ToGcj02 } from '../../src/normalize/coordinates.js';

function record(fields: Partial<MerchantRecord>): MerchantRecord {
  return {
    merchant_id: 'm1', name: '', uscc: null, legal_person: null, id_number: null, phone: null, bank_account: null,
    province: null, city: null, district: null, address: null, lat: null, lng: null, coord_sys: null, mcc: null,
    terminal_sns: [], created_at: null, channel: null, ...fields,
  };
}

describe('normalizeRecord', () => {
  it('normalizes every field of a complete record', () => {
    const [gLat, gLng] = wgs84ToGcj02(30.2318, 120.2601);
    const n = normalizeRecord(record({
      merchant_id: 'M001',
      name: '杭州萧山順發五金商行（宁围店）',
      uscc: '9135 0100 M000 100Y43',
      legal_person: '張 偉',
      id_number: '11010519491231002x',
      phone: '0571-82871598;+86 138 1234 5678',
      bank_account: '6222 0202 0001 1234 567',
      province: '浙江', city: '杭州', district: '萧山',
      address: '浙江省杭州市萧山区宁围街道振宁路八百零五号二楼201室',
      lat: gLat, lng: gLng, coord_sys: 'gcj02',
      mcc: '5251', terminal_sns: ['sn-0012 3'], created_at: '2021-06-01 09:30:00', channel: 'ag-01',
    }));
    expect(n).toMatchObject({
      merchantId: 'M001',
      name: '杭州萧山顺发五金商行(宁围店)',
      nameCore: '顺发五金', nameBranch: '宁围', nameLegalForm: '商行', namePrefix: '杭州萧山', namePrefixDivisionCode: '330109',
      provinceCode: '33', cityCode: '3301', districtCode: '330109',
      town: '宁围街道', address: '振宁路805号', street: '振宁路805号', road: '振宁路', houseNo: 805, houseNoEnd: 805,
      floor: 2, room: '201', building: '',
      mobiles: ['13812345678'], landlines: ['82871598'], landlineAreaCodes: ['0571'], serviceNumbers: [],
      uscc: '91350100M000100Y43', usccValid: true,
      idNumber: '11010519491231002X', idNumberValid: true,
      legalPerson: '张伟', bankAccount: '6222020200011234567',
      mcc: '5251', terminalSns: ['SN00123'], createdAt: Date.UTC(2021, 5, 1, 1, 30), channel: 'AG01',
    });
    expect(Math.abs(n.lat - 30.2318)).toBeLessThan(1e-5);
    expect(Math.abs(n.lng - 120.2601)).toBeLessThan(1e-5);
  });

  it('gives two registrations of one shop the same keys', () => {
    const a = normalizeRecord(record({
      name: '宏盛门业(文明路店)', phone: '0571-82690460', province: '浙江省', city: '杭州市', district: '萧山区',
      address: '宁围镇文明路510号', uscc: '91350100M000100Y43',
    }));
    const b = normalizeRecord(record({
      name: '宏盛門業（文明路）', phone: '82690460', province: '浙江', city: '杭州', district: null,
      address: '杭州市萧山区文明路510#', uscc: '91350100m000100y43',
    }));
    for (const key of ['nameCore', 'nameBranch', 'address', 'street', 'districtCode', 'uscc'] as const) {
      expect(b[key], key).toEqual(a[key]);
    }
    expect(b.landlines).toEqual(a.landlines);
  });

  it('marks invalid identifiers instead of dropping them', () => {
    const n = normalizeRecord(record({ name: '某店', uscc: '91350100M000100Y44', id_number: '110105194912310021' }));
    expect(n).toMatchObject({ uscc: '91350100M000100Y44', usccValid: false, idNumber: '110105194912310021', idNumberValid: false });
  });

  it('leaves missing fields empty: \'\', NaN, null or []', () => {
    const n = normalizeRecord(record({ name: '小店' }));
    expect(n).toMatchObject({
      uscc: '', usccValid: false, idNumber: '', idNumberValid: false, legalPerson: '', bankAccount: '', address: '',
      street: '', provinceCode: '', mcc: null, channel: '', mobiles: [], terminalSns: [],
    });
    expect(n.lat).toBeNaN();
    expect(n.createdAt).toBeNaN();
    expect(n.floor).toBeNaN();
  });

  it('is deterministic: the same record gives the same result every time', () => {
    const r = record({ name: '萬達廣場（朝陽店）', province: '北京', city: '北京', district: '朝阳', address: '建国路93号', phone: '010-85998888' });
    expect(normalizeRecord(r)).toEqual(normalizeRecord(structuredClone(r)));
  });
});
