import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/scan/run-scan.js';
import { GENERIC_VALUE_MIN_RECORDS } from '../../src/verify/match-context.js';
import { BLANK_RECORD } from '../fixtures/blank-record.js';
import { NO_ADDRESS_SHOP } from '../fixtures/no-address-shop.js';
import { handCheckedPairs, handCheckedRecords } from '../fixtures/hand-checked-corpus.js';

let dir: string;
let input: string;

function pairsOf(csv: string): [string, string][] {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').slice(0, 2) as [string, string]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scan-test-'));
  input = join(dir, 'merchants.ndjson');
  await writeFile(input, handCheckedRecords().map((r) => JSON.stringify(r)).join('\n') + '\n');
});

describe('runScan on hand-checked duplicates and hard negatives', () => {
  it('finds exactly the planted duplicates: no chain branch, mall neighbour, generic name, family phone or ring pair', async () => {
    const out = join(dir, 'out');
    const summary = await runScan({ input, outDir: out, threads: 2 });
    expect(pairsOf(await readFile(join(out, 'pairs.csv'), 'utf8'))).toEqual(handCheckedPairs());
    expect(summary.counts).toMatchObject({ read: 21, accepted: 21, rejected: 0, clusters: 3, clustered_records: 6 });
    const clusters = (await readFile(join(out, 'clusters.csv'), 'utf8')).trim().split('\n');
    expect(clusters[0]).toBe('cluster_id,merchant_id,is_canonical,cluster_size');
    // The canonical of 张记 is the earlier registration.
    expect(clusters).toContainEqual(expect.stringMatching(/^C[0-9a-f]{16},M001,true,2$/));
    expect(await readFile(join(out, 'rejects.csv'), 'utf8')).toBe('line,merchant_id,field,reason\n');
    expect(await readFile(join(out, 'warnings.csv'), 'utf8')).toBe('line,merchant_id,field,reason\n');
    expect(summary.counts.warnings).toBe(0);
  });
});

describe('runScan with unreadable optional fields', () => {
  it('keeps a merchant whose optional fields cannot be read in deduplication, with a warning row per field', async () => {
    const records = handCheckedRecords().map((r) => {
      const x: Record<string, unknown> = { ...r };
      // M002 duplicates M001: its readable oddities are read, its unreadable ones dropped, the pair stays.
      if (r.merchant_id === 'M002') Object.assign(x, { phone: 13812345678, coord_sys: 'WGS-84', created_at: '2021/07/15', lat: 'abc', mcc: true });
      if (r.merchant_id === 'M004') Object.assign(x, { created_at: 'yesterday', coord_sys: 'utm' });
      return JSON.stringify(x);
    });
    const file = join(dir, 'odd-fields.ndjson');
    await writeFile(file, records.join('\n') + '\n');
    const out = join(dir, 'odd-fields-out');
    const summary = await runScan({ input: file, outDir: out, threads: 2 });
    expect(pairsOf(await readFile(join(out, 'pairs.csv'), 'utf8'))).toEqual(handCheckedPairs());
    expect(summary.counts).toMatchObject({ read: 21, accepted: 21, rejected: 0, warnings: 4 });
    expect(summary.warnings_by_field).toEqual({ lat: 1, mcc: 1, coord_sys: 1, created_at: 1 });
    const rows = (await readFile(join(out, 'warnings.csv'), 'utf8')).trim().split('\n');
    expect(rows).toEqual([
      'line,merchant_id,field,reason',
      '2,M002,lat,"lat: expected a number, got string ""abc"""',
      '2,M002,mcc,"mcc: expected a string, got boolean"',
      '4,M004,coord_sys,"coord_sys: expected one of wgs84, gcj02, bd09, got ""utm"""',
      expect.stringMatching(/^4,M004,created_at,"created_at: not a timestamp .*""yesterday"""$/),
    ]);
    const written = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as { counts: { warnings: number } };
    expect(written.counts.warnings).toBe(4);
  });
});

describe('runScan failure handling', () => {
  it('a worker that throws fails the run with the shard named and leaves no complete-looking outputs', async () => {
    const bad = join(dir, 'bad.ndjson');
    const lines = handCheckedRecords().map((r) => JSON.stringify(r));
    lines.splice(5, 0, '{"merchant_id": "X1", "name": 42}');
    await writeFile(bad, lines.join('\n') + '\n');
    const out = join(dir, 'failed-out');
    const err = await runScan({ input: bad, outDir: out, threads: 2, stopOnError: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_RECORD' });
    expect((err as Error).message).toMatch(/shard 0 .*bad\.ndjson:6: name/);
    for (const f of ['pairs.csv', 'clusters.csv', 'rejects.csv', 'warnings.csv', 'summary.json']) {
      await expect(readFile(join(out, f))).rejects.toMatchObject({ code: 'ENOENT' });
    }
  });

  it('without stop-on-error, bad records go to rejects with line and reason, and the counts add up', async () => {
    const bad = join(dir, 'mixed.ndjson');
    const lines = handCheckedRecords().map((r) => JSON.stringify(r));
    lines.splice(2, 0, '{"merchant_id": "X1", "name": 42}', 'not json', JSON.stringify({ ...handCheckedRecords()[0], name: '另一家店' }));
    await writeFile(bad, lines.join('\n') + '\n');
    const out = join(dir, 'mixed-out');
    // 3 of 24 is over the default reject limit (10%): this test is about accounting, not the guard.
    const s = await runScan({ input: bad, outDir: out, threads: 2, maxRejects: { kind: 'count', count: 3 } });
    expect(s.counts.read).toBe(24);
    expect(s.counts.accepted + s.counts.rejected).toBe(s.counts.read);
    expect(s.counts.rejected).toBe(3);
    const rejects = (await readFile(join(out, 'rejects.csv'), 'utf8')).trim().split('\n').slice(1);
    expect(rejects[0]).toMatch(/^3,X1,name,/);
    expect(rejects[1]).toMatch(/^4,,/);
    expect(rejects[2]).toBe('5,M001,merchant_id,merchant_id: duplicate of line 1');
  });
});

describe('runScan input checks', () => {
  it('refuses a CSV without a required column before any work, naming the column and the fix', async () => {
    const csv = join(dir, 'no-id.csv');
    await writeFile(csv, 'id,shop\nA1,张记\n');
    const err = await runScan({ input: csv, outDir: join(dir, 'no-id-out'), threads: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_CONFIG' });
    expect((err as Error).message).toMatch(/no-id\.csv: the CSV header has no "merchant_id" column.*map merchant_id/);
    expect((err as Error).message).not.toMatch(/shard/);
  });

  it('an empty file fails the run (E_GUARD) and writes nothing', async () => {
    const empty = join(dir, 'empty.ndjson');
    await writeFile(empty, '');
    const out = join(dir, 'empty-out');
    const err = await runScan({ input: empty, outDir: out, threads: 2 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_GUARD' });
    expect((err as Error).message).toMatch(/empty\.ndjson: read no records; nothing was published/);
    await expect(readFile(join(out, 'pairs.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('the reject guard on the file path', () => {
  it('a README renamed to .ndjson fails with exit code 1 semantics and leaves the previous good outputs in --out untouched', async () => {
    const out = join(dir, 'guarded-out');
    await runScan({ input, outDir: out, threads: 1 });
    const before = await readFile(join(out, 'pairs.csv'), 'utf8');
    const readme = join(dir, 'README.ndjson');
    await writeFile(readme, '# merchant-dedup\n\nFind duplicate merchants.\n\n## Usage\nrun it\n');
    const err = await runScan({ input: readme, outDir: out, threads: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_GUARD' });
    expect((err as Error).message).toMatch(/4 of 4 records rejected \(100\.0%\), more than --max-rejects 10% allows.*line 1: invalid JSON/);
    expect(await readFile(join(out, 'pairs.csv'), 'utf8')).toBe(before);
  });

  it('a run refused after its pairs.csv and clusters.csv were started (written while clustering and while the risk alerts are joined) leaves the previous set whole and no partial file', async () => {
    const out = join(dir, 'guarded-late');
    await runScan({ input, outDir: out, threads: 2 });
    const before = await readFile(join(out, 'pairs.csv'), 'utf8');
    const clustersBefore = await readFile(join(out, 'clusters.csv'), 'utf8');
    const files = (await readdir(out)).sort();
    // Pairs to write, and one reject over the limit: the guard fires once the scan is done.
    const lines = handCheckedRecords().map((r) => JSON.stringify(r));
    lines.push('not json', 'not json either');
    const file = join(dir, 'late-guard.ndjson');
    await writeFile(file, lines.join('\n') + '\n');
    await expect(runScan({ input: file, outDir: out, threads: 2, maxRejects: { kind: 'count', count: 1 } })).rejects.toMatchObject({ code: 'E_GUARD' });
    expect(await readFile(join(out, 'pairs.csv'), 'utf8')).toBe(before);
    expect(await readFile(join(out, 'clusters.csv'), 'utf8')).toBe(clustersBefore);
    expect((await readdir(out)).sort()).toEqual(files);
    // And the same input within its limit writes its own pairs.
    await runScan({ input: file, outDir: out, threads: 2, maxRejects: { kind: 'count', count: 2 } });
    expect(pairsOf(await readFile(join(out, 'pairs.csv'), 'utf8')).length).toBeGreaterThan(0);
  });

  it('a limit given as a count or a percentage is honoured at its boundary', async () => {
    const lines = handCheckedRecords().map((r) => JSON.stringify(r));
    lines.push('not json', 'not json either');
    const file = join(dir, 'two-bad.ndjson');
    await writeFile(file, lines.join('\n') + '\n');
    const ok = await runScan({ input: file, outDir: join(dir, 'two-bad-ok'), threads: 1, maxRejects: { kind: 'count', count: 2 } });
    expect(ok.counts.rejected).toBe(2);
    await expect(runScan({ input: file, outDir: join(dir, 'two-bad-1'), threads: 1, maxRejects: { kind: 'count', count: 1 } })).rejects.toMatchObject({ code: 'E_GUARD' });
    // 2 of 23 = 8.7%: under 10%, over 8%.
    await expect(runScan({ input: file, outDir: join(dir, 'two-bad-10'), threads: 1 })).resolves.toBeDefined();
    await expect(runScan({ input: file, outDir: join(dir, 'two-bad-8'), threads: 1, maxRejects: { kind: 'percent', percent: 8 } })).rejects.toMatchObject({ code: 'E_GUARD' });
  });
});

describe('runScan on one business registered many times over', () => {
  it('puts every copy in one cluster, though blocking compared each copy with its near neighbours only', async () => {
    // 150 registrations of one shop (a batch import run again and again) among a few other shops: more than
    // a bucket's cap, so blocking pairs each copy with the copies next to it, not with all of them.
    const [shop, ...others] = handCheckedRecords();
    const copies = Array.from({ length: 150 }, (_, i) => ({ ...shop!, merchant_id: `COPY${String(i).padStart(3, '0')}` }));
    const file = join(dir, 'copies.ndjson');
    await writeFile(file, [...copies, ...others].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const out = join(dir, 'copies-out');
    const summary = await runScan({ input: file, outDir: out, threads: 2 });
    // Not every pair of copies was a candidate: the graph alone would have split them.
    expect(summary.counts.candidate_pairs).toBeLessThan((150 * 149) / 2);
    const rows = (await readFile(join(out, 'clusters.csv'), 'utf8')).trim().split('\n').slice(1).map((l) => l.split(','));
    const ofCopies = new Set(rows.filter((r) => r[1]!.startsWith('COPY')).map((r) => r[0]));
    expect(ofCopies.size).toBe(1);
    expect(rows.filter((r) => r[1]!.startsWith('COPY'))).toHaveLength(150);
    expect(rows.find((r) => r[1] === 'COPY000')?.[2]).toBe('true');
    // The guard's verification runs in the one cluster task: one thread gives the same clusters.
    const one = join(dir, 'copies-out-1');
    await runScan({ input: file, outDir: one, threads: 1 });
    expect(await readFile(join(one, 'clusters.csv'), 'utf8')).toBe(await readFile(join(out, 'clusters.csv'), 'utf8'));
  });

  it('finds the copies of a shop without an address, though in records they make its name common and its identifiers generic', async () => {
    // A shop known by its name, licence, ID number, account and terminal only, written more times than
    // an identifier may be shared before it counts as a placeholder. Counted in records, its own copies made
    // every one of its identifiers generic and its name common in the city: no copy matched another.
    const shop = NO_ADDRESS_SHOP;
    const n = GENERIC_VALUE_MIN_RECORDS + 5;
    const copies = Array.from({ length: n }, (_, i) => ({ ...shop, merchant_id: `NOADDR${String(i).padStart(2, '0')}`, created_at: `2025-03-${10 + (i % 9)}T01:15:36+08:00` }));
    // Shops on one agent's placeholder licence, each a record of its own: the licence stays generic for them.
    const agentShops = Array.from({ length: n }, (_, i) => ({
      ...BLANK_RECORD,
      merchant_id: `AGENT${String(i).padStart(2, '0')}`,
      name: `${['鑫', '旺', '佳', '恒', '福'][i % 5]}${['达', '源', '美', '盛', '兴'][Math.floor(i / 5) % 5]}便利店`,
      uscc: '91110000802100433B',
      province: '吉林省',
      city: '长春市',
      address: `红旗街${100 + i}号`,
    }));
    const file = join(dir, 'no-address-copies.ndjson');
    await writeFile(file, [...copies, ...agentShops, ...handCheckedRecords()].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const out = join(dir, 'no-address-copies-out');
    await runScan({ input: file, outDir: out, threads: 2 });
    const rows = (await readFile(join(out, 'clusters.csv'), 'utf8')).trim().split('\n').slice(1).map((l) => l.split(','));
    const ofCopies = rows.filter((r) => r[1]!.startsWith('NOADDR'));
    expect(ofCopies).toHaveLength(n);
    expect(new Set(ofCopies.map((r) => r[0])).size).toBe(1);
    expect(rows.filter((r) => r[1]!.startsWith('AGENT'))).toEqual([]);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as { generic_values: { kind: string; records: number }[] };
    expect(summary.generic_values).toEqual([expect.objectContaining({ kind: 'uscc', records: n })]);
    // Distinct records are counted the same by any number of threads.
    const one = join(dir, 'no-address-copies-out-1');
    await runScan({ input: file, outDir: one, threads: 1 });
    for (const f of ['pairs.csv', 'clusters.csv']) expect(await readFile(join(one, f), 'utf8')).toBe(await readFile(join(out, f), 'utf8'));
  });
});
