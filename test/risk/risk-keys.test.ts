import { describe, expect, it } from 'vitest';
import { recordKeys } from '../../src/candidates/record-keys.js';
import { normalizeRecord } from '../../src/normalize/normalize-record.js';
import { PERSON_KEY_KIND } from '../../src/risk/risk-key-kinds.js';
import { riskKeysOf, type RiskKeySource } from '../../src/risk/risk-keys.js';
import { DEFAULT_SKETCH } from '../../src/scan/scan-options.js';
import { createSketchParams } from '../../src/sketch/minhash-params.js';
import { keySourceOf } from '../../src/store/append-merchant.js';
import { BLANK_RECORD } from '../fixtures/blank-record.js';

const RECORD = {
  ...BLANK_RECORD,
  merchant_id: 'M1',
  name: '张记牛肉面',
  legal_person: '张晓伟',
  id_number: '11010519491231002X',
  phone: '+86 138-1234-5678; 400-820-8820; 0571-87654321',
  bank_account: '6222021234567890123',
  terminal_sns: ['sn-0001-aa'],
  city: '杭州市',
};

function riskSourceOf(r: typeof RECORD): RiskKeySource {
  const n = normalizeRecord(r);
  const k = keySourceOf(n);
  return { uscc: k.uscc, idNumber: k.idNumber, bankAccount: k.bankAccount, phones: k.phones, terminals: k.terminals, legalPerson: n.legalPerson };
}

describe('riskKeysOf', () => {
  it('hashes every identifier exactly as the scan emits its blocking key (one matching path)', () => {
    const words = recordKeys(keySourceOf(normalizeRecord(RECORD)), createSketchParams(DEFAULT_SKETCH));
    const emitted = new Set<string>();
    for (let i = 0; i < words.length; i += 2) emitted.add(`${words[i]}:${words[i + 1]}`);
    const keys = riskKeysOf(riskSourceOf(RECORD));
    const identifiers = keys.filter((k) => k.kind !== PERSON_KEY_KIND);
    // id, account, mobile, landline, terminal: the 400 hotline is no key (a chain shares it by design).
    expect(identifiers.map((k) => k.value)).toEqual(['11010519491231002X', '6222021234567890123', '13812345678', '87654321', 'SN0001AA']);
    for (const k of identifiers) expect(emitted.has(`${k.hi}:${k.lo}`)).toBe(true);
  });

  it('links one person under two ids by name and birth date, and not two people born the same day', () => {
    const person = (r: typeof RECORD): string => {
      const k = riskKeysOf(riskSourceOf(r)).find((x) => x.kind === PERSON_KEY_KIND)!;
      return `${k.hi}:${k.lo}`;
    };
    // Another valid id: same birth date, another sequence number.
    const fabricated = { ...RECORD, id_number: '110105194912310046' };
    expect(normalizeRecord(fabricated).idNumberValid).toBe(true);
    expect(person(fabricated)).toBe(person(RECORD));
    expect(person({ ...RECORD, legal_person: '李娜' })).not.toBe(person(RECORD));
    // Without a valid id there is no birth date, so no person key.
    expect(riskKeysOf(riskSourceOf({ ...RECORD, id_number: '110105194912310021' })).some((k) => k.kind === PERSON_KEY_KIND)).toBe(false);
  });
});
