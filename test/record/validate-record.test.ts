import { describe, expect, it } from 'vitest';
import { hasCode } from '../../src/errors.js';
import { MERCHANT_FIELDS, type MerchantRecord } from '../../src/record/merchant-record.js';
import {
  columnKeys,
  isRejection,
  MAX_ADDRESS_LENGTH,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_STRING_LENGTH,
  MAX_TERMINAL_SNS,
  validateRecord,
  type RecordRejection,
} from '../../src/record/validate-record.js';

const full = {
  merchant_id: 'M0001',
  name: '老王烧烤（朝阳店）',
  uscc: '91110105MA01ABCD1X',
  legal_person: '王建国',
  id_number: '110105198001011234',
  phone: '+86 138-0013-8000;010-6501 2345',
  bank_account: '6222020200112233445',
  province: '北京市',
  city: '北京市',
  district: '朝阳区',
  address: '建国路88号SOHO现代城3号楼1201',
  lat: 39.9087,
  lng: 116.4605,
  coord_sys: 'gcj02',
  mcc: '5812',
  terminal_sns: ['SN001', 'SN002'],
  created_at: '2021-03-04T12:00:00+08:00',
  channel: 'AG-17',
};

function accepted(raw: unknown, map?: Parameters<typeof validateRecord>[1]): MerchantRecord {
  const r = validateRecord(raw, map);
  if (isRejection(r)) throw new Error(`unexpected rejection: ${r.reason}`);
  return r;
}

function rejected(raw: unknown): RecordRejection {
  const r = validateRecord(raw);
  if (!isRejection(r)) throw new Error(`unexpectedly accepted: ${JSON.stringify(r)}`);
  return r;
}

describe('validateRecord', () => {
  it('accepts a complete record unchanged, with fields in contract order', () => {
    const r = accepted(full);
    expect(r).toEqual(full);
    expect(Object.keys(r)).toEqual([...MERCHANT_FIELDS]);
  });

  it('fills absent optional fields with null and terminal_sns with []', () => {
    const r = accepted({ merchant_id: 'a', name: 'b' });
    for (const f of MERCHANT_FIELDS) {
      if (f === 'merchant_id' || f === 'name') continue;
      expect(r[f]).toEqual(f === 'terminal_sns' ? [] : null);
    }
  });

  it('ignores unknown extra fields', () => {
    expect(accepted({ ...full, extra: { nested: true }, note: 1 })).toEqual(full);
  });

  it('trims strings and turns empty optional strings into null', () => {
    const r = accepted({ merchant_id: ' a ', name: '\u3000店\t', phone: '  ', address: '' });
    expect(r.merchant_id).toBe('a');
    expect(r.name).toBe('店');
    expect(r.phone).toBeNull();
    expect(r.address).toBeNull();
  });

  it('stringifies an integer merchant_id', () => {
    expect(accepted({ merchant_id: 1234567, name: 'x' }).merchant_id).toBe('1234567');
  });

  it('rejects a fractional or inexact numeric merchant_id', () => {
    expect(rejected({ merchant_id: 1.5, name: 'x' }).reason).toBe('merchant_id: expected a string or an integer, got number 1.5');
    expect(rejected({ merchant_id: 2 ** 60, name: 'x' }).reason).toMatch(/^merchant_id: integer .* too large to be exact/);
  });

  it.each([
    [{ name: 'x' }, 'merchant_id', 'merchant_id: required field is missing', null],
    [{ merchant_id: null, name: 'x' }, 'merchant_id', 'merchant_id: required field is missing', null],
    [{ merchant_id: '  ', name: 'x' }, 'merchant_id', 'merchant_id: required field is empty', null],
    [{ merchant_id: 'a' }, 'name', 'name: required field is missing', 'a'],
    [{ merchant_id: 'a', name: '' }, 'name', 'name: required field is empty', 'a'],
  ])('rejects a missing required field: %j', (raw, field, reason, id) => {
    const r = rejected(raw);
    expect(r).toEqual({ rejected: true, field, reason, merchant_id: id });
  });

  const stringFields = ['name', 'uscc', 'legal_person', 'id_number', 'phone', 'bank_account', 'province', 'city', 'district', 'address', 'coord_sys', 'created_at', 'channel'] as const;
  it.each(stringFields.flatMap((f) => [[f, 12, 'number'], [f, true, 'boolean'], [f, { a: 1 }, 'object'], [f, ['x'], 'array']] as const))(
    'rejects a wrong JSON type: %s = %j',
    (field, value, type) => {
      const r = rejected({ ...full, [field]: value });
      expect(r.field).toBe(field);
      expect(r.reason).toBe(`${field}: expected a string, got ${type}`);
      expect(r.merchant_id).toBe('M0001');
    },
  );

  it('rejects wrong types of merchant_id, lat, lng, mcc and terminal_sns naming the field', () => {
    expect(rejected({ ...full, merchant_id: { id: 1 } }).reason).toBe('merchant_id: expected a string, got object');
    expect(rejected({ ...full, merchant_id: ['1'] }).reason).toBe('merchant_id: expected a string, got array');
    expect(rejected({ ...full, lat: true }).reason).toBe('lat: expected a number, got boolean');
    expect(rejected({ ...full, lng: [1] }).reason).toBe('lng: expected a number, got array');
    expect(rejected({ ...full, mcc: { c: 1 } }).reason).toBe('mcc: expected a string, got object');
    expect(rejected({ ...full, terminal_sns: 5 }).reason).toMatch(/^terminal_sns: expected an array of strings or a ";"-joined string, got number/);
    expect(rejected({ ...full, terminal_sns: ['a', 7] }).reason).toBe('terminal_sns: expected an array of strings, got number at index 1');
  });

  it('reads coordinates from numbers and numeric strings', () => {
    const r = accepted({ ...full, lat: ' 39.5 ', lng: '-1.2e2' });
    expect(r.lat).toBe(39.5);
    expect(r.lng).toBe(-120);
    expect(accepted({ ...full, lat: '', lng: null }).lat).toBeNull();
  });

  it.each([
    ['lat', 90.0001, 'lat: out of range -90..90: 90.0001'],
    ['lat', -91, 'lat: out of range -90..90: -91'],
    ['lng', 180.5, 'lng: out of range -180..180: 180.5'],
    ['lng', '1e400', 'lng: expected a finite number, got Infinity'],
    ['lat', 'abc', 'lat: expected a number, got string "abc"'],
    ['lat', 'NaN', 'lat: expected a number, got string "NaN"'],
    ['lng', '0x10', 'lng: expected a number, got string "0x10"'],
  ])('rejects a bad coordinate %s = %j', (field, value, reason) => {
    const r = rejected({ ...full, [field]: value });
    expect(r.field).toBe(field);
    expect(r.reason).toBe(reason);
  });

  it('accepts coordinates on the range bounds', () => {
    const r = accepted({ ...full, lat: -90, lng: 180 });
    expect([r.lat, r.lng]).toEqual([-90, 180]);
  });

  it('lower-cases coord_sys and rejects unknown systems', () => {
    expect(accepted({ ...full, coord_sys: 'BD09' }).coord_sys).toBe('bd09');
    expect(accepted({ ...full, coord_sys: null }).coord_sys).toBeNull();
    expect(rejected({ ...full, coord_sys: 'utm' }).reason).toBe('coord_sys: expected one of wgs84, gcj02, bd09, got "utm"');
  });

  it('stringifies a numeric mcc, restoring the leading zero', () => {
    expect(accepted({ ...full, mcc: 5812 }).mcc).toBe('5812');
    expect(accepted({ ...full, mcc: 742 }).mcc).toBe('0742');
    expect(rejected({ ...full, mcc: 58.12 }).reason).toBe('mcc: expected a 4-digit code, got number 58.12');
  });

  it('splits a ;-joined terminal_sns string, dropping empty pieces', () => {
    expect(accepted({ ...full, terminal_sns: ' SN1; SN2;;SN3; ' }).terminal_sns).toEqual(['SN1', 'SN2', 'SN3']);
    expect(accepted({ ...full, terminal_sns: '' }).terminal_sns).toEqual([]);
    expect(accepted({ ...full, terminal_sns: null }).terminal_sns).toEqual([]);
  });

  it.each(['2021-03-04', '2021-03-04T12:00:00Z', '2021-03-04 12:00:00', '2021-03-04T12:00', '2021-03-04 12:00:00.123456+08', '2024-02-29T00:00:00+0800'])(
    'accepts the ISO-8601 timestamp %s',
    (ts) => {
      expect(accepted({ ...full, created_at: ts }).created_at).toBe(ts);
    },
  );

  it.each(['2021-02-30', '2023-02-29', '2021-13-01', '2021-03-04T24:00:00', 'March 4, 2021', '20210304', '1614830400'])(
    'rejects the created_at %s',
    (ts) => {
      const r = rejected({ ...full, created_at: ts });
      expect(r.field).toBe('created_at');
      expect(r.reason).toMatch(/^created_at: not (an ISO-8601 timestamp|a valid date or time)/);
    },
  );

  it('enforces the length limits', () => {
    expect(accepted({ ...full, name: '店'.repeat(MAX_NAME_LENGTH) }).name).toHaveLength(MAX_NAME_LENGTH);
    expect(rejected({ ...full, name: '店'.repeat(MAX_NAME_LENGTH + 1) }).reason).toBe(`name: longer than ${MAX_NAME_LENGTH} characters (201)`);
    expect(rejected({ ...full, merchant_id: 'x'.repeat(MAX_ID_LENGTH + 1) }).field).toBe('merchant_id');
    expect(accepted({ ...full, address: 'x'.repeat(MAX_ADDRESS_LENGTH) }).address).toHaveLength(MAX_ADDRESS_LENGTH);
    expect(rejected({ ...full, address: 'x'.repeat(MAX_ADDRESS_LENGTH + 1) }).field).toBe('address');
    expect(rejected({ ...full, phone: '1'.repeat(MAX_STRING_LENGTH + 1) }).field).toBe('phone');
    const sns = Array.from({ length: MAX_TERMINAL_SNS }, (_, i) => `SN${i}`);
    expect(accepted({ ...full, terminal_sns: sns }).terminal_sns).toHaveLength(MAX_TERMINAL_SNS);
    expect(rejected({ ...full, terminal_sns: [...sns, 'one more'] }).reason).toBe(`terminal_sns: more than ${MAX_TERMINAL_SNS} serials (65)`);
    expect(rejected({ ...full, terminal_sns: ['x'.repeat(MAX_STRING_LENGTH + 1)] }).field).toBe('terminal_sns');
  });

  it('reports the first failing field in contract order', () => {
    expect(rejected({ merchant_id: 'a', name: 5, lat: 'x' }).field).toBe('name');
  });

  it('rejects a value that is not an object', () => {
    for (const raw of [null, 5, 'x', [full]]) {
      const r = rejected(raw);
      expect(r.field).toBeNull();
      expect(r.reason).toMatch(/^record: expected an object, got (null|number|string|array)$/);
    }
  });
});

describe('column mapping', () => {
  it('reads mapped fields from their input names, and only from them', () => {
    const map = { name: 'shop_name', merchant_id: 'mch_no' };
    const r = accepted({ mch_no: 7, shop_name: '面馆', name: 'ignored', phone: '1' }, map);
    expect(r.merchant_id).toBe('7');
    expect(r.name).toBe('面馆');
    expect(r.phone).toBe('1');
    const miss = validateRecord({ merchant_id: 'a', name: 'b' }, map);
    expect(isRejection(miss) && miss.reason).toBe('merchant_id: required field is missing');
  });

  it('refuses a mapping of an unknown field or to an empty column name', () => {
    const bad = [{ shop: 'x' }, { name: '' }, { name: 5 }] as unknown as Parameters<typeof columnKeys>[0][];
    for (const map of bad) {
      let caught: unknown;
      try {
        columnKeys(map);
      } catch (err) {
        caught = err;
      }
      expect(hasCode(caught, 'E_BAD_ARGS')).toBe(true);
    }
  });
});

describe('NUL characters', () => {
  it('rejects a NUL in any text field, naming the field, since a database text column cannot hold it', () => {
    const base = { merchant_id: 'M1', name: '张记' };
    for (const [field, value] of [['name', '张\u0000记'], ['address', 'a\u0000'], ['merchant_id', 'M\u00001']] as const) {
      const r = validateRecord({ ...base, [field]: value });
      expect(isRejection(r) && r.field).toBe(field);
      expect(isRejection(r) && r.reason).toMatch(/NUL character/);
    }
    const t = validateRecord({ ...base, terminal_sns: ['SN1', 'S\u0000N'] });
    expect(isRejection(t) && t.reason).toMatch(/terminal_sns: .*NUL.*index 1/);
  });
});
