import { describe, expect, it } from 'vitest';
import { KeyKind } from '../../src/candidates/key-kinds.js';
import { riskKeyId, riskKeyOf } from '../../src/risk/risk-keys.js';
import { riskSignalsFor, type AlertRef } from '../../src/risk/risk-signals.js';

const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2025, 5, 1);
const id = riskKeyOf(KeyKind.IdNumber, '11010519491231002X');
const account = riskKeyOf(KeyKind.BankAccount, '6222021234567890123');
const idKey = riskKeyId(id.hi, id.lo);
const accountKey = riskKeyId(account.hi, account.lo);

function timeline(byKey: Record<string, number[]>): { times(k: string): readonly number[] } {
  return { times: (k) => byKey[k] ?? [] };
}

describe('riskSignalsFor', () => {
  it('flags a key of a current alert of severity ≥ 0.5, masked, once per alert', () => {
    const ring: AlertRef = { alertId: 'A1', severity: 0.82, entities: 9 };
    const signals = riskSignalsFor({ keys: [id, account], at: NOW }, new Map([[idKey, [ring]], [accountKey, [ring]]]), timeline({}));
    expect(signals).toEqual([{ signal: 'shares_alert_key', key_kind: 'id_number', key: '110*************2X', alert_id: 'A1', severity: 0.82, entities: 9 }]);
  });

  it('says nothing about a key of a low-severity alert (a chain, a family)', () => {
    const chain: AlertRef = { alertId: 'A2', severity: 0.1, entities: 30 };
    expect(riskSignalsFor({ keys: [account], at: NOW }, new Map([[accountKey, [chain]]]), timeline({}))).toEqual([]);
  });

  it('flags the 5th registration on one key within 7 days, not the 4th, and not older ones', () => {
    const recent = [NOW - DAY, NOW - 2 * DAY, NOW - 6 * DAY];
    expect(riskSignalsFor({ keys: [account], at: NOW }, new Map(), timeline({ [accountKey]: recent }))).toEqual([]);
    const signals = riskSignalsFor({ keys: [account], at: NOW }, new Map(), timeline({ [accountKey]: [...recent, NOW - 3 * DAY, NOW - 400 * DAY] }));
    expect(signals).toEqual([{ signal: 'registration_burst', key_kind: 'bank_account', key: '622**************23', registrations: 5, window_days: 7 }]);
  });
});
