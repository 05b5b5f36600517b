import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-'));
});

/** Runs the CLI in-process, capturing what it writes. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('merchant-dedup command line', () => {
  it('exits 2 on bad arguments, naming the flag', async () => {
    expect((await run(['generate', '--n', '0', '--out', dir])).code).toBe(2);
    const r = await run(['scan', '--input', join(dir, 'x.txt'), '--out', dir, '--threads', 'two']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--threads must be a positive integer/);
    expect((await run(['scan', '--out', dir])).code).toBe(2);
    expect((await run(['no-such-command'])).code).toBe(2);
  });

  it('exits 2 for an input whose format cannot be told, and 1 when the input is missing', async () => {
    expect((await run(['scan', '--input', join(dir, 'x.txt'), '--out', join(dir, 'o')])).code).toBe(2);
    const missing = await run(['scan', '--input', join(dir, 'missing.ndjson'), '--out', join(dir, 'o')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/cannot read .*missing\.ndjson/);
  });

  it('generates, scans with --json and evaluates, the last eval line being one JSON object', async () => {
    const corpus = join(dir, 'corpus');
    expect((await run(['generate', '--n', '2000', '--seed', '3', '--out', corpus])).code).toBe(0);
    const scan = await run(['scan', '--input', join(corpus, 'merchants.ndjson'), '--out', join(dir, 'scan'), '--threads', '2', '--json']);
    expect(scan.code).toBe(0);
    const summary = JSON.parse(scan.out) as { counts: { read: number; accepted: number; rejected: number } };
    expect(summary.counts.read).toBe(2000);
    expect(JSON.parse(await readFile(join(dir, 'scan', 'summary.json'), 'utf8'))).toMatchObject({ counts: summary.counts });
    const ev = await run(['eval', '--truth', join(corpus, 'truth.csv'), '--pairs', join(dir, 'scan', 'pairs.csv')]);
    expect(ev.code).toBe(0);
    const last = JSON.parse(ev.out.trim().split('\n').pop()!) as Record<string, number>;
    expect(Object.keys(last)).toEqual(expect.arrayContaining(['pair_precision', 'pair_recall', 'pair_f1', 'closure_f1', 'bcubed_f1']));
    expect(last.pair_recall).toBeGreaterThan(0.9);
    const out = join(dir, 'scan');
    const both = await run(['eval', '--truth', join(corpus, 'truth.csv'), '--pairs', join(out, 'pairs.csv'), '--alerts', join(out, 'risk_alerts.csv'), '--members', join(out, 'risk_members.csv')]);
    expect(both.code).toBe(0);
    expect(both.out).toMatch(/ring recall/);
    const rings = JSON.parse(both.out.trim().split('\n').pop()!) as Record<string, number>;
    expect(Object.keys(rings)).toEqual(expect.arrayContaining(['pair_f1', 'ring_recall', 'alert_precision', 'rings', 'alerts_high']));
    expect(rings.rings).toBeGreaterThan(0);
    expect((await run(['eval', '--truth', join(corpus, 'truth.csv'), '--alerts', join(out, 'risk_alerts.csv')])).code).toBe(2);
  });

  it('reads columns named differently through --map', async () => {
    const csv = join(dir, 'mapped.csv');
    await writeFile(csv, 'id,shop_name,tel\nA1,张记牛肉面,13812345678\nA2,张记牛肉面,+86 138 1234 5678\n');
    const r = await run(['scan', '--input', csv, '--out', join(dir, 'mapped'), '--map', 'merchant_id=id,name=shop_name,phone=tel', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect((await readFile(join(dir, 'mapped', 'pairs.csv'), 'utf8')).split('\n')[1]).toMatch(/^A1,A2,/);
  });
});
