import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/generate/index.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { runScan } from '../../src/scan/run-scan.js';
import { BLANK_RECORD } from '../fixtures/blank-record.js';

type Row = Record<string, string>;
const readCsv = async (p: string): Promise<Row[]> => parse(await readFile(p, 'utf8'), { columns: true }) as Row[];

interface Alert {
  row: Row;
  members: string[];
}

async function scanAlerts(input: string, out: string): Promise<{ alerts: Alert[]; summary: Awaited<ReturnType<typeof runScan>> }> {
  const summary = await runScan({ input, outDir: out, threads: 2 });
  const rows = await readCsv(join(out, 'risk_alerts.csv'));
  const members = await readCsv(join(out, 'risk_members.csv'));
  const byId = new Map(rows.map((row) => [row.alert_id!, { row, members: [] as string[] }]));
  for (const m of members) byId.get(m.alert_id!)!.members.push(m.merchant_id!);
  return { alerts: [...byId.values()], summary };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'risk-'));
});

describe('risk alerts on the generator: rings against the legitimate sharing of hard negatives', () => {
  let alerts: Alert[];
  let truth: Map<string, Row>;
  beforeAll(async () => {
    const corpus = join(dir, 'corpus');
    await generateCorpus({ n: 12_000, seed: 5, outDir: corpus, ringShare: 0.03, hardNegativeShare: 0.4 });
    truth = new Map((await readCsv(join(corpus, 'truth.csv'))).map((t) => [t.merchant_id!, t]));
    ({ alerts } = await scanAlerts(join(corpus, 'merchants.ndjson'), join(dir, 'out')));
  });

  it('finds every ring (rotating keys, several cities) as one alert of severity ≥ 0.5 holding ≥ 80% of it', () => {
    const rings = new Map<string, number>();
    for (const t of truth.values()) if (t.ring_id) rings.set(t.ring_id, (rings.get(t.ring_id) ?? 0) + 1);
    expect(rings.size).toBeGreaterThan(10);
    for (const [ring, size] of rings) {
      const best = Math.max(0, ...alerts.filter((a) => Number(a.row.severity) >= 0.5).map((a) => a.members.filter((m) => truth.get(m)!.ring_id === ring).length));
      expect(best, `ring ${ring}`).toBeGreaterThanOrEqual(0.8 * size);
    }
    expect(alerts.some((a) => a.row.kind === 'linked_keys' && Number(a.row.severity) >= 0.5)).toBe(true);
  });

  it.each(['chain_branch', 'mall', 'family', 'owner'])('keeps %s key sharing below 0.5 (and alerts on it, so the case is exercised)', (kind) => {
    const legit = alerts.filter((a) => a.members.every((m) => truth.get(m)!.kind === kind));
    expect(legit.length).toBeGreaterThan(0);
    for (const a of legit) expect(Number(a.row.severity), a.row.reason).toBeLessThan(0.5);
  });

  it('makes every alert of severity ≥ 0.5 mostly one ring', () => {
    for (const a of alerts.filter((x) => Number(x.row.severity) >= 0.5)) {
      const counts = new Map<string, number>();
      for (const m of a.members) counts.set(truth.get(m)!.ring_id!, (counts.get(truth.get(m)!.ring_id!) ?? 0) + 1);
      const top = Math.max(...[...counts].filter(([r]) => r !== '').map(([, n]) => n), 0);
      expect(top, a.row.reason).toBeGreaterThan(a.members.length / 2);
    }
  });

  it('writes masked keys only and a reason, first and last registration for each alert', async () => {
    const raw = await readFile(join(dir, 'out', 'risk_alerts.csv'), 'utf8');
    const secrets = new Set<string>();
    for (const line of (await readFile(join(dir, 'corpus', 'merchants.ndjson'), 'utf8')).split('\n')) {
      if (line === '') continue;
      const r = JSON.parse(line) as MerchantRecord;
      if (r.id_number) secrets.add(r.id_number);
      if (r.bank_account) secrets.add(r.bank_account);
    }
    // Every run of 12+ id or account characters in the file: none is a whole id or account number.
    const runs = raw.match(/[0-9X]{12,}/g) ?? [];
    expect(runs.filter((r) => secrets.has(r))).toEqual([]);
    expect(raw).toMatch(/id_number:\d{3}\*{13}[0-9X]{2}/);
    for (const a of alerts) {
      expect(a.row.reason).not.toBe('');
      expect(a.row.shared_keys).toMatch(/^[a-z_]+:[^;]*\*/);
      expect(Number(a.row.merchants)).toBe(a.members.length);
    }
  });
});

describe('risk alerts on hand-made cases (one corpus, one scan)', () => {
  const T = (day: number, hour = 10): string => `2024-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;
  const shop = (id: string, name: string, over: Partial<MerchantRecord>): MerchantRecord => ({
    ...BLANK_RECORD, merchant_id: id, name, city: '杭州市', address: `杭州市西湖区${id}路${id.length}号`, created_at: T(1), channel: 'AG1', ...over,
  });
  const IDS = ['11010519491231002X', '110105194912310046', '330106198001010013'];
  const ACCOUNTS = ['6222021234567890123', '6228481234567890001'];

  // A ring rotating its id for some members and its account for others.
  const ringNames = ['鑫源五金', '红星超市', '佳佳美甲', '老王烧烤', '蓝天图文', '阿强水果'];
  const plan: [string | null, string | null][] = [[IDS[2]!, ACCOUNTS[0]!], [IDS[2]!, null], [null, ACCOUNTS[0]!], [null, ACCOUNTS[0]!], [IDS[0]!, ACCOUNTS[0]!], [IDS[0]!, null]];
  const ring = plan.map(([id, acc], i) => shop(`R${i}`, ringNames[i]!, { legal_person: id ? '赵强' : `路人${i}`, id_number: id, bank_account: acc, created_at: T(1 + (i % 4)) }));
  // One shop registered three times, and a neighbour listing the same phone.
  const phone = '13812345678';
  const reregistered = [
    shop('D1', '张记牛肉面', { phone, address: '杭州市西湖区文三路100号', created_at: T(1) }),
    shop('D2', '张记牛肉面', { phone, address: '杭州市西湖区文三路100号', created_at: T(2) }),
    shop('D3', '张记牛肉面馆', { phone, address: '杭州市西湖区文三路100号', created_at: T(3) }),
    shop('D4', '李家小炒', { phone, address: '杭州市西湖区文二路8号', created_at: T(4) }),
  ];
  // A placeholder phone keyed in for 1,100 merchants.
  const placeholder = Array.from({ length: 1100 }, (_, i) => shop(`P${i}`, `店铺${i}号`, { phone: '13800000000', created_at: T(1 + (i % 5)), channel: null }));
  // A chain's branches listing its 400 hotline, opened within a week.
  const hotline = Array.from({ length: 6 }, (_, i) => shop(`H${i}`, `鲜丰水果${i}`, { phone: '400-820-8820', created_at: T(1 + i) }));

  let alerts: Alert[];
  let summary: Awaited<ReturnType<typeof runScan>>;
  const alertsOf = (prefix: string): Alert[] => alerts.filter((a) => a.members.some((m) => m.startsWith(prefix)));
  beforeAll(async () => {
    const input = join(dir, 'hand.ndjson');
    await writeFile(input, [...ring, ...reregistered, ...placeholder, ...hotline].map((r) => JSON.stringify(r)).join('\n') + '\n');
    ({ alerts, summary } = await scanAlerts(input, join(dir, 'hand-out')));
  });

  it('joins a ring that rotates its id for some members and its account for others into one alert', () => {
    const a = alertsOf('R');
    expect(a).toHaveLength(1);
    expect(a[0]!.members.sort()).toEqual(ring.map((r) => r.merchant_id).sort());
    expect(a[0]!.row.kind).toBe('linked_keys');
    expect(Number(a[0]!.row.severity)).toBeGreaterThanOrEqual(0.5);
  });

  it('counts re-registrations of one shop once: a shop registered three times and a neighbour sharing its phone are two entities', () => {
    const a = alertsOf('D');
    expect(a).toHaveLength(1);
    expect(a[0]!.row).toMatchObject({ entities: '2', merchants: '4' });
    expect(Number(a[0]!.row.severity)).toBeLessThan(0.5);
  });

  it('caps a placeholder phone shared by over 1,000 merchants: counted in summary.json, linking nobody', async () => {
    expect(alertsOf('P')).toHaveLength(0);
    expect(summary.risk.capped_keys).toMatchObject({ count: 1, records: 1100, by_kind: { phone: 1 } });
    expect(summary.risk.capped_keys.largest[0]).toEqual({ kind: 'phone', key: '138******00', merchants: 1100 });
    const written = JSON.parse(await readFile(join(dir, 'hand-out', 'summary.json'), 'utf8')) as typeof summary;
    expect(written.risk.capped_keys.count).toBe(1);
  });

  it('does not link a chain by its 400 hotline', () => {
    expect(alertsOf('H')).toHaveLength(0);
  });
});
