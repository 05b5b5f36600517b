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
  type FieldWarning,
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

/** The record kept, and the warnings its unreadable optional fields raised. */
function warned(raw: unknown): { record: MerchantRecord; warnings: FieldWarning[] } {
  const warnings: FieldWarning[] = [];
  const r = validateRecord(raw, undefined, warnings);
  if (isRejection(r)) throw new Error(`unexpected rejection: ${r.reason}`);
  return { record: r, warnings };
}

/** Validates a record whose one optional `field` cannot be read: kept, that field null, one warning. */
function dropsField(raw: Record<string, unknown>, field: string): string {
  const { record, warnings } = warned(raw);
  expect(record.merchant_id).toBe(String(raw.merchant_id));
  expect(record[field as keyof MerchantRecord]).toEqual(field === 'terminal_sns' ? [] : null);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]!.field).toBe(field);
  return warnings[0]!.reason;
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

  it.each([[12, 'number'], [true, 'boolean'], [{ a: 1 }, 'object'], [['x'], 'array']] as const)('rejects a name of the wrong JSON type: %j', (value, type) => {
    const r = rejected({ ...full, name: value });
    expect(r).toEqual({ rejected: true, field: 'name', reason: `name: expected a string, got ${type}`, merchant_id: 'M0001' });
  });

  const textFields = ['legal_person', 'province', 'city', 'district', 'address', 'coord_sys', 'created_at'] as const;
  const codeFields = ['uscc', 'id_number', 'phone', 'bank_account', 'channel'] as const;
  it.each([...textFields, ...codeFields].flatMap((f) => [[f, true, 'boolean'], [f, { a: 1 }, 'object'], [f, ['x'], 'array']] as const))(
    'keeps the record and drops an optional field of the wrong JSON type: %s = %j',
    (field, value, type) => {
      expect(dropsField({ ...full, [field]: value }, field)).toBe(`${field}: expected a string, got ${type}`);
    },
  );

  it.each(textFields)('drops a number where the text field %s is expected', (field) => {
    expect(dropsField({ ...full, [field]: 12 }, field)).toBe(`${field}: expected a string, got number`);
  });

  it('reads codes and phones written as JSON integers as their digits', () => {
    const r = accepted({ ...full, phone: 13800138000, bank_account: 6222020200112, channel: 17, uscc: 12345 });
    expect([r.phone, r.bank_account, r.channel, r.uscc]).toEqual(['13800138000', '6222020200112', '17', '12345']);
  });

  it('drops a code number that is not exact: fractional, negative or beyond 2^53', () => {
    expect(dropsField({ ...full, phone: 138.5 }, 'phone')).toBe('phone: expected a string of digits, got number 138.5');
    expect(dropsField({ ...full, id_number: -1 }, 'id_number')).toBe('id_number: expected a string of digits, got number -1');
    expect(dropsField({ ...full, bank_account: 6222020200112233445 }, 'bank_account')).toMatch(/^bank_account: number .* too large to be exact; export it as a string$/);
  });

  it('drops wrong types of lat, lng, mcc and terminal_sns naming the field', () => {
    expect(dropsField({ ...full, lat: true }, 'lat')).toBe('lat: expected a number, got boolean');
    expect(dropsField({ ...full, lng: [1] }, 'lng')).toBe('lng: expected a number, got array');
    expect(dropsField({ ...full, mcc: { c: 1 } }, 'mcc')).toBe('mcc: expected a string, got object');
    expect(dropsField({ ...full, terminal_sns: 5 }, 'terminal_sns')).toMatch(/^terminal_sns: expected an array of strings or a ";"-joined string, got number/);
    expect(dropsField({ ...full, terminal_sns: ['a', 7] }, 'terminal_sns')).toBe('terminal_sns: expected an array of strings, got number at index 1');
  });

  it('rejects a wrong type of merchant_id', () => {
    expect(rejected({ ...full, merchant_id: { id: 1 } }).reason).toBe('merchant_id: expected a string, got object');
    expect(rejected({ ...full, merchant_id: ['1'] }).reason).toBe('merchant_id: expected a string, got array');
  });

  it('reports every unreadable optional field of one record, in contract order', () => {
    const { record, warnings } = warned({ ...full, lat: 'abc', coord_sys: 'utm', created_at: 'yesterday' });
    expect(warnings.map((w) => w.field)).toEqual(['lat', 'coord_sys', 'created_at']);
    expect([record.lat, record.lng, record.coord_sys, record.created_at]).toEqual([null, full.lng, null, null]);
    expect(record.name).toBe(full.name);
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
  ])('drops a bad coordinate %s = %j', (field, value, reason) => {
    expect(dropsField({ ...full, [field]: value }, field)).toBe(reason);
  });

  it('accepts coordinates on the range bounds', () => {
    const r = accepted({ ...full, lat: -90, lng: 180 });
    expect([r.lat, r.lng]).toEqual([-90, 180]);
  });

  it.each([['BD09', 'bd09'], ['WGS-84', 'wgs84'], ['wgs 84', 'wgs84'], ['GCJ-02', 'gcj02'], ['gcj_02', 'gcj02'], ['bd09ll', 'bd09'], ['gcj02', 'gcj02']])(
    'reads the coord_sys spelling %s as %s',
    (raw, sys) => {
      expect(accepted({ ...full, coord_sys: raw }).coord_sys).toBe(sys);
    },
  );

  it('drops an unknown coord_sys', () => {
    expect(accepted({ ...full, coord_sys: null }).coord_sys).toBeNull();
    expect(dropsField({ ...full, coord_sys: 'utm' }, 'coord_sys')).toBe('coord_sys: expected one of wgs84, gcj02, bd09, got "utm"');
  });

  it('stringifies a numeric mcc, restoring the leading zero', () => {
    expect(accepted({ ...full, mcc: 5812 }).mcc).toBe('5812');
    expect(accepted({ ...full, mcc: 742 }).mcc).toBe('0742');
    expect(dropsField({ ...full, mcc: 58.12 }, 'mcc')).toBe('mcc: expected a 4-digit code, got number 58.12');
  });

  it('splits a ;-joined terminal_sns string, dropping empty pieces', () => {
    expect(accepted({ ...full, terminal_sns: ' SN1; SN2;;SN3; ' }).terminal_sns).toEqual(['SN1', 'SN2', 'SN3']);
    expect(accepted({ ...full, terminal_sns: '' }).terminal_sns).toEqual([]);
    expect(accepted({ ...full, terminal_sns: null }).terminal_sns).toEqual([]);
  });

  it.each(['2021-03-04', '2021-03-04T12:00:00Z', '2021-03-04 12:00:00', '2021-03-04T12:00:00.123+08:00', '2024-02-29T00:00:00+08:00'])(
    'keeps the RFC 3339 timestamp %s as written',
    (ts) => {
      expect(accepted({ ...full, created_at: ts }).created_at).toBe(ts);
    },
  );

  it.each([
    ['2024/01/02', '2024-01-02T00:00:00+08:00'],
    ['2024/1/2 9:05', '2024-01-02T09:05:00+08:00'],
    ['2021-03-04T12:00', '2021-03-04T12:00:00+08:00'],
    ['2021-03-04 12:00:00.123456+08', '2021-03-04T12:00:00.123+08:00'],
    ['2024-02-29T00:00:00+0800', '2024-02-29T00:00:00+08:00'],
    ['2021-03-04T04:00:00z', '2021-03-04T12:00:00+08:00'],
  ])('reads the timestamp %s as the same instant %s', (raw, text) => {
    expect(accepted({ ...full, created_at: raw }).created_at).toBe(text);
  });

  it.each(['2021-02-30', '2023-02-29', '2021-13-01', '2021-03-04T24:00:00', 'March 4, 2021', '20210304', '1614830400', 'yesterday'])(
    'drops the created_at %s',
    (ts) => {
      expect(dropsField({ ...full, created_at: ts }, 'created_at')).toMatch(/^created_at: not a timestamp .*: "/);
    },
  );

  it('enforces the length limits', () => {
    expect(accepted({ ...full, name: '店'.repeat(MAX_NAME_LENGTH) }).name).toHaveLength(MAX_NAME_LENGTH);
    expect(rejected({ ...full, name: '店'.repeat(MAX_NAME_LENGTH + 1) }).reason).toBe(`name: longer than ${MAX_NAME_LENGTH} characters (201)`);
    expect(rejected({ ...full, merchant_id: 'x'.repeat(MAX_ID_LENGTH + 1) }).field).toBe('merchant_id');
    expect(accepted({ ...full, address: 'x'.repeat(MAX_ADDRESS_LENGTH) }).address).toHaveLength(MAX_ADDRESS_LENGTH);
    expect(dropsField({ ...full, address: 'x'.repeat(MAX_ADDRESS_LENGTH + 1) }, 'address')).toBe(`address: longer than ${MAX_ADDRESS_LENGTH} characters (501)`);
    expect(dropsField({ ...full, phone: '1'.repeat(MAX_STRING_LENGTH + 1) }, 'phone')).toMatch(/^phone: longer than/);
    const sns = Array.from({ length: MAX_TERMINAL_SNS }, (_, i) => `SN${i}`);
    expect(accepted({ ...full, terminal_sns: sns }).terminal_sns).toHaveLength(MAX_TERMINAL_SNS);
    expect(dropsField({ ...full, terminal_sns: [...sns, 'one more'] }, 'terminal_sns')).toBe(`terminal_sns: more than ${MAX_TERMINAL_SNS} serials (65)`);
    expect(dropsField({ ...full, terminal_sns: ['x'.repeat(MAX_STRING_LENGTH + 1)] }, 'terminal_sns')).toMatch(/^terminal_sns: serial longer/);
  });

  it('a required field rejects the record before any optional field is looked at', () => {
    const warnings: FieldWarning[] = [];
    const r = validateRecord({ merchant_id: 'a', name: 5, lat: 'x' }, undefined, warnings);
    expect(isRejection(r) && r.field).toBe('name');
    expect(warnings).toEqual([]);
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
  it('rejects a NUL in a required field and drops an optional field holding one, since a database text column cannot hold it', () => {
    const base = { merchant_id: 'M1', name: '张记' };
    for (const [field, value] of [['name', '张\u0000记'], ['merchant_id', 'M\u00001']] as const) {
      const r = validateRecord({ ...base, [field]: value });
      expect(isRejection(r) && r.field).toBe(field);
      expect(isRejection(r) && r.reason).toMatch(/NUL character/);
    }
    expect(dropsField({ ...base, address: 'a\u0000' }, 'address')).toMatch(/NUL character/);
    expect(dropsField({ ...base, terminal_sns: ['SN1', 'S\u0000N'] }, 'terminal_sns')).toMatch(/terminal_sns: .*NUL.*index 1/);
  });
});
