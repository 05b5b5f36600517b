import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus, TRUTH_COLUMNS, type GenerateSummary } from '../../src/generate/index.js';
import { idNumberCheckChar } from '../../src/normalize/id-number.js';
import { usccCheckChar } from '../../src/normalize/uscc.js';
import { COORD_SYSTEMS, MERCHANT_FIELDS, type MerchantRecord } from '../../src/record/merchant-record.js';

/** RFC 4180 rows (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

const N = 20_000;
let dir: string;
let summary: GenerateSummary;
let records: MerchantRecord[];
let truth: Record<(typeof TRUTH_COLUMNS)[number], string>[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'generate-corpus-'));
  summary = await generateCorpus({ n: N, seed: 20240501, outDir: join(dir, 'main') });
  const ndjson = await readFile(summary.files.ndjson, 'utf8');
  records = ndjson.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as MerchantRecord);
  const rows = parseCsv(await readFile(summary.files.truth, 'utf8'));
  expect(rows[0]).toEqual([...TRUTH_COLUMNS]);
  truth = rows.slice(1).map((r) => Object.fromEntries(TRUTH_COLUMNS.map((c, i) => [c, r[i]!])) as (typeof truth)[number]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateCorpus', () => {
  it('writes exactly n records and reports consistent counts', () => {
    expect(records).toHaveLength(N);
    expect(truth).toHaveLength(N);
    expect(summary.records).toBe(N);
    expect(summary.duplicateRecords).toBe(N - summary.entities);
    expect(new Set(truth.map((t) => t.entity_id)).size).toBe(summary.entities);
  });

  it('is byte-for-byte deterministic for a seed and differs between seeds', async () => {
    const files = ['merchants.ndjson', 'merchants.csv', 'truth.csv'];
    const run = async (seed: number, name: string): Promise<string[]> => {
      await generateCorpus({ n: 3000, seed, outDir: join(dir, name) });
      return Promise.all(files.map((f) => readFile(join(dir, name, f), 'utf8')));
    };
    const a = await run(7, 'a');
    const b = await run(7, 'b');
    const c = await run(8, 'c');
    expect(b).toEqual(a);
    for (let i = 0; i < files.length; i++) expect(c[i]).not.toBe(a[i]);
  });

  it('writes records that fit the contract', () => {
    const OPTIONAL_STRINGS = [
      'uscc', 'legal_person', 'id_number', 'phone', 'bank_account', 'province', 'city', 'district', 'address', 'mcc', 'created_at',
      'channel',
    ] as const;
    const CREATED_AT = /^20(1[6-9]|2[0-5])-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;
    const fields = MERCHANT_FIELDS.join(',');
    const problems: string[] = [];
    const check = (ok: boolean, r: MerchantRecord, what: string): void => {
      if (!ok) problems.push(`${r.merchant_id}: ${what}`);
    };
    const ids = new Set<string>();
    for (const r of records) {
      check(Object.keys(r).join(',') === fields, r, 'fields not in contract order');
      check(/^M\d{9}$/.test(r.merchant_id), r, 'merchant_id');
      ids.add(r.merchant_id);
      check(typeof r.name === 'string' && r.name.trim().length > 0, r, 'name');
      for (const f of OPTIONAL_STRINGS) check(r[f] === null || typeof r[f] === 'string', r, f);
      check((r.lat === null) === (r.lng === null) && (r.lat === null) === (r.coord_sys === null), r, 'lat/lng/coord_sys together');
      if (r.lat !== null && r.lng !== null) {
        check(r.lat > 18 && r.lat < 54 && r.lng > 73 && r.lng < 135, r, 'coordinates outside China');
        check((COORD_SYSTEMS as readonly (string | null)[]).includes(r.coord_sys), r, 'coord_sys');
      }
      if (r.mcc !== null) check(/^\d{4}$/.test(r.mcc), r, 'mcc');
      if (r.uscc !== null) check(r.uscc.length === 18, r, 'uscc length');
      if (r.id_number !== null) check(/^\d{17}[\dXx]$/.test(r.id_number), r, 'id_number');
      if (r.created_at !== null) {
        check(CREATED_AT.test(r.created_at) && !Number.isNaN(Date.parse(r.created_at)), r, 'created_at');
      }
      check(Array.isArray(r.terminal_sns) && r.terminal_sns.every((sn) => typeof sn === 'string'), r, 'terminal_sns');
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(ids.size).toBe(N);
  });

  it('gives most identifiers a valid check character and a small share an invalid one', () => {
    const originals = new Set(truth.filter((t) => t.variant === 'original').map((t) => t.merchant_id));
    const share = (values: string[], valid: (v: string) => boolean): number => values.filter((v) => !valid(v)).length / values.length;
    const base = records.filter((r) => originals.has(r.merchant_id));
    const usccs = base.map((r) => r.uscc).filter((v): v is string => v !== null);
    const idNumbers = base.map((r) => r.id_number).filter((v): v is string => v !== null);
    const badUscc = share(usccs, (u) => usccCheckChar(u.slice(0, 17)) === u[17]);
    const badId = share(idNumbers, (v) => idNumberCheckChar(v.slice(0, 17)) === v[17]!.toUpperCase());
    expect(usccs.length).toBeGreaterThan(N / 4);
    expect(badUscc).toBeGreaterThan(0.005);
    expect(badUscc).toBeLessThan(0.05);
    expect(badId).toBeGreaterThan(0.005);
    expect(badId).toBeLessThan(0.05);
  });

  it('writes the same records to CSV and NDJSON', async () => {
    const rows = parseCsv(await readFile(summary.files.csv, 'utf8'));
    expect(rows[0]).toEqual([...MERCHANT_FIELDS]);
    expect(rows).toHaveLength(N + 1);
    for (let i = 0; i < N; i++) {
      const r = records[i]!;
      const expected = MERCHANT_FIELDS.map((f) => {
        const v = r[f];
        return v === null ? '' : Array.isArray(v) ? v.join(';') : String(v);
      });
      expect(rows[i + 1]).toEqual(expected);
    }
  });

  it('labels every record once, in file order, with duplicate groups of 2-5 registrations', () => {
    expect(truth.map((t) => t.merchant_id)).toEqual(records.map((r) => r.merchant_id));
    const byEntity = new Map<string, number>();
    for (const t of truth) byEntity.set(t.entity_id, (byEntity.get(t.entity_id) ?? 0) + 1);
    const sizes = new Set(byEntity.values());
    for (const s of [1, 2, 3, 4, 5]) expect(sizes.has(s)).toBe(true);
    expect(Math.max(...sizes)).toBe(5);
    const duplicated = [...byEntity.values()].filter((s) => s > 1).length / byEntity.size;
    expect(duplicated).toBeGreaterThan(0.15);
    expect(duplicated).toBeLessThan(0.25);
    const originals = truth.filter((t) => t.variant === 'original');
    expect(originals).toHaveLength(byEntity.size);
    for (const t of truth) if (t.variant !== 'original') expect(t.variant).toMatch(/^[a-z0-9_]+(\+[a-z0-9_]+){0,3}$/);
  });

  it('gives re-registrations a later created_at than the original', () => {
    const byId = new Map(records.map((r) => [r.merchant_id, r]));
    const first = new Map<string, string>();
    for (const t of truth) if (t.variant === 'original') first.set(t.entity_id, byId.get(t.merchant_id)!.created_at!);
    for (const t of truth) {
      if (t.variant === 'original') continue;
      expect(Date.parse(byId.get(t.merchant_id)!.created_at!)).toBeGreaterThan(Date.parse(first.get(t.entity_id)!));
    }
  });

  it('plants hard negatives and rings as distinct entities', () => {
    const byId = new Map(records.map((r) => [r.merchant_id, r]));
    const kinds = new Set(truth.map((t) => t.kind));
    for (const k of ['entity', 'chain_branch', 'mall', 'generic', 'family', 'ring', 'owner']) expect(kinds.has(k)).toBe(true);
    expect(truth.every((t) => (t.kind === 'ring') === (t.ring_id !== ''))).toBe(true);

    // Every ring: 5-30 distinct entities connected by shared keys (one id, person, account, phone or
    // terminal for all, or rotating ones), registered within a week; some rotate, some span cities.
    const rings = new Map<string, MerchantRecord[]>();
    for (const t of truth) if (t.ring_id) rings.set(t.ring_id, [...(rings.get(t.ring_id) ?? []), byId.get(t.merchant_id)!]);
    expect(rings.size).toBeGreaterThan(0);
    const digits = (p: string | null): string => (p ?? '').replace(/\D/g, '').slice(-11);
    const keysOf = (m: MerchantRecord): string[] => [
      ...(m.id_number ? ['id:' + m.id_number, `person:${m.legal_person}|${m.id_number.slice(6, 14)}`] : []),
      ...(m.bank_account ? ['account:' + m.bank_account] : []),
      ...(m.phone ? ['phone:' + digits(m.phone)] : []),
      ...m.terminal_sns.map((t) => 'terminal:' + t),
    ];
    // Only the last group of the plan may be cut short to hit exactly n records.
    expect([...rings.values()].filter((m) => m.length < 5).length).toBeLessThanOrEqual(1);
    let rotating = 0;
    let multiCity = 0;
    for (const members of rings.values()) {
      expect(members.length).toBeLessThanOrEqual(30);
      const counts = new Map<string, number>();
      for (const m of members) for (const k of new Set(keysOf(m))) counts.set(k, (counts.get(k) ?? 0) + 1);
      if (Math.max(...counts.values()) < members.length) rotating++;
      // Connected: grow from the first member through any key two members share.
      const reached = new Set([0]);
      for (let grew = true; grew; ) {
        grew = false;
        const keys = new Set([...reached].flatMap((i) => keysOf(members[i]!)));
        members.forEach((m, i) => {
          if (!reached.has(i) && keysOf(m).some((k) => keys.has(k))) {
            reached.add(i);
            grew = true;
          }
        });
      }
      expect(reached.size).toBe(members.length);
      if (new Set(members.map((m) => m.city)).size > 1) multiCity++;
      const times = members.map((m) => Date.parse(m.created_at!));
      expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);
    }
    expect(rotating).toBeGreaterThan(0);
    expect(multiCity).toBeGreaterThan(0);

    // Legitimate sharing: some chains settle to one head-office account; an owner's shops share an id.
    const chainAccounts = new Map<string, Set<string>>();
    const ownerIds = new Map<string, Set<string>>();
    for (const t of truth) {
      const m = byId.get(t.merchant_id)!;
      if (t.kind === 'chain_branch' && m.bank_account) chainAccounts.set(m.bank_account, (chainAccounts.get(m.bank_account) ?? new Set()).add(t.entity_id));
      if (t.kind === 'owner' && m.id_number) ownerIds.set(m.id_number, (ownerIds.get(m.id_number) ?? new Set()).add(t.entity_id));
    }
    expect(Math.max(...[...chainAccounts.values()].map((s) => s.size))).toBeGreaterThanOrEqual(3);
    expect(Math.max(...[...ownerIds.values()].map((s) => s.size))).toBeGreaterThanOrEqual(2);

    // Mall shops: many entities behind one address string.
    const mallAddresses = new Map<string, Set<string>>();
    for (const t of truth) {
      const a = byId.get(t.merchant_id)!.address;
      if (t.kind === 'mall' && t.variant === 'original' && a) mallAddresses.set(a, (mallAddresses.get(a) ?? new Set()).add(t.entity_id));
    }
    expect(Math.max(...[...mallAddresses.values()].map((s) => s.size))).toBeGreaterThanOrEqual(15);

    // Generic names: one name, several owners.
    const generic = new Map<string, Set<string>>();
    for (const t of truth) {
      if (t.kind !== 'generic' || t.variant !== 'original') continue;
      const r = byId.get(t.merchant_id)!;
      generic.set(r.name, (generic.get(r.name) ?? new Set()).add(r.legal_person ?? t.entity_id));
    }
    expect(Math.max(...[...generic.values()].map((s) => s.size))).toBeGreaterThanOrEqual(3);

    // Chain branches: one brand, distinct branch names.
    const chainNames = truth.filter((t) => t.kind === 'chain_branch' && t.variant === 'original').map((t) => byId.get(t.merchant_id)!.name);
    expect(chainNames.every((n) => /[（(].+店[）)]$/.test(n))).toBe(true);
  });

  it('shuffles duplicates apart', () => {
    let adjacent = 0;
    for (let i = 1; i < truth.length; i++) if (truth[i]!.entity_id === truth[i - 1]!.entity_id) adjacent++;
    expect(adjacent).toBeLessThan(20);
  });
});

describe('generateCorpus options', () => {
  const outDir = join(tmpdir(), 'never-written');
  it.each([
    [{ n: 0, seed: 1, outDir }, 'options.n must be an integer between 1 and 50000000, got 0'],
    [{ n: 1.5, seed: 1, outDir }, 'options.n must be an integer between 1 and 50000000, got 1.5'],
    [{ n: 10, seed: -1, outDir }, 'options.seed must be an integer between 0 and 4294967295, got -1'],
    [{ n: 10, seed: 1, outDir: '' }, 'options.outDir must be a non-empty string, got '],
    [{ n: 10, seed: 1, outDir, duplicateShare: 1.5 }, 'options.duplicateShare must be a number between 0 and 1, got 1.5'],
    [{ n: 10, seed: 1, outDir, invalidShare: Number.NaN }, 'options.invalidShare must be a number between 0 and 1, got NaN'],
    [
      { n: 10, seed: 1, outDir, hardNegativeShare: 0.6, ringShare: 0.5 },
      'options.hardNegativeShare + options.ringShare must be at most 1, got 1.1',
    ],
  ])('rejects %o', async (options, message) => {
    await expect(generateCorpus(options)).rejects.toMatchObject({ code: 'E_BAD_ARGS', message });
  });

  it('works for a single record and with every share at 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'generate-tiny-'));
    try {
      const one = await generateCorpus({ n: 1, seed: 3, outDir: dir });
      expect(one.records).toBe(1);
      const zero = { duplicateShare: 0, hardNegativeShare: 0, ringShare: 0, invalidShare: 0 };
      const plain = await generateCorpus({ n: 500, seed: 3, outDir: dir, ...zero });
      expect(plain.entities).toBe(500);
      expect(plain.rings).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
