/**
 * Risk signals at onboarding: an applicant that shares an identifier with the members of a current risk
 * alert is told so (alert id, masked key), and one that would be the k-th registration on one key within the
 * burst window is told so before any rebuild has seen the ring. An ordinary applicant gets no signal.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import type { PinnedGeneration } from '../../src/db/online-index.js';
import { checkApplicants } from '../../src/match/check-records.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { BURST_SIGNAL_AT } from '../../src/risk/risk-signals.js';
import { BLANK_RECORD } from '../fixtures/blank-record.js';
import { rows } from '../db/helpers.js';
import { scannedGeneration, type ScannedGeneration } from '../db/scanned-generation.js';

const RING_PHONE = '13912345678';
const BURST_ACCOUNT = '6222020200112233445';

/** Five unlike shops in three cities registered within four days on one phone: a ring. */
const ring: MerchantRecord[] = ['金鼎商贸', '旺福电子', '恒运烟酒', '佳美服饰', '鑫达建材'].map((name, i) => ({
  ...BLANK_RECORD,
  merchant_id: `RING${i}`,
  name,
  city: ['杭州市', '宁波市', '温州市'][i % 3]!,
  address: `${['文三路', '中山路', '人民路', '解放路', '延安路'][i]}${i + 10}号`,
  phone: RING_PHONE,
  created_at: `2025-03-0${i + 1}T10:00:00+08:00`,
  channel: 'AGENT9',
}));

/** Four unlike shops on one settlement account within a week: one short of a burst signal. */
const accountShops: MerchantRecord[] = ['顺心便利', '好运来水果', '明亮眼镜', '快捷打印'].map((name, i) => ({
  ...BLANK_RECORD,
  merchant_id: `ACC${i}`,
  name,
  city: '杭州市',
  address: `庆春路${i + 100}号`,
  bank_account: BURST_ACCOUNT,
  created_at: `2025-06-0${i + 1}T09:00:00+08:00`,
}));

const ordinary: MerchantRecord = { ...BLANK_RECORD, merchant_id: 'PLAIN1', name: '老王面馆', city: '杭州市', address: '莫干山路8号', phone: '13700001111' };

let scanned: ScannedGeneration;
let db: Database;
let client: pg.Client;
let schema: string;
let g: PinnedGeneration;

beforeAll(async () => {
  scanned = await scannedGeneration('risk_check', [...ring, ...accountShops, ordinary], { threads: 1 });
  ({ db, client, schema, g } = scanned);
}, 120_000);

afterAll(async () => scanned?.close());

describe('risk signals of the online check', () => {
  it('names the current alert an applicant would join through a shared phone, masked', async () => {
    const alerts = await rows<{ alert_id: string; severity: number }>(db, `SELECT alert_id, severity FROM ${schema}.risk_alerts ORDER BY severity DESC`);
    expect(alerts[0]!.severity).toBeGreaterThanOrEqual(0.5);
    const applicant = { ...BLANK_RECORD, merchant_id: 'NEW1', name: '宏图广告', city: '杭州市', phone: RING_PHONE, created_at: '2025-03-06T10:00:00+08:00' };
    const [out] = await checkApplicants(client, g, [{ record: applicant, hasId: true }]);
    expect(out!.result.risk).toContainEqual(expect.objectContaining({ signal: 'shares_alert_key', key_kind: 'phone', alert_id: alerts[0]!.alert_id }));
    expect(JSON.stringify(out!.result.risk)).not.toContain(RING_PHONE);
  });

  it(`signals the ${BURST_SIGNAL_AT}th registration on one account within the burst window`, async () => {
    const applicant = { ...BLANK_RECORD, merchant_id: 'NEW2', name: '远航培训', city: '杭州市', bank_account: BURST_ACCOUNT, created_at: '2025-06-05T09:00:00+08:00' };
    const [out] = await checkApplicants(client, g, [{ record: applicant, hasId: true }]);
    expect(out!.result.risk).toContainEqual(expect.objectContaining({ signal: 'registration_burst', key_kind: 'bank_account', registrations: BURST_SIGNAL_AT }));
    const later = { ...applicant, merchant_id: 'NEW3', created_at: '2025-09-05T09:00:00+08:00' };
    const [quiet] = await checkApplicants(client, g, [{ record: later, hasId: true }]);
    expect(quiet!.result.risk.filter((s) => s.signal === 'registration_burst')).toEqual([]);
  });

  it('gives an ordinary applicant no signal', async () => {
    const applicant = { ...BLANK_RECORD, merchant_id: 'NEW4', name: '张记小炒', city: '杭州市', address: '莫干山路9号', phone: '13700002222' };
    const [out] = await checkApplicants(client, g, [{ record: applicant, hasId: true }]);
    expect(out!.result.risk).toEqual([]);
  });
});
