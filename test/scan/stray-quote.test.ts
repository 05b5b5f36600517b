import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/generate/index.js';
import { runScan } from '../../src/scan/run-scan.js';

let dir: string;
/** Header and one-line rows without a quote, from a generated corpus. */
let header: string;
let rows: string[];

const NAME = 1;
const ADDRESS = 10;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stray-quote-scan-'));
  await generateCorpus({ n: 400, seed: 5, outDir: join(dir, 'corpus') });
  const lines = (await readFile(join(dir, 'corpus', 'merchants.csv'), 'utf8')).trimEnd().split('\n');
  header = lines[0]!;
  rows = lines.slice(1).filter((l) => !l.includes('"'));
});

/** Row `i` with field `f` replaced. */
function withField(i: number, f: number, value: string): string {
  const cells = rows[i]!.split(',');
  cells[f] = value;
  return cells.join(',');
}

/**
 * A file whose row `at` has a stray quote opening its name, and whose row `at + swallowed` has a properly
 * quoted address: read by quote state alone, the stray quote runs to that address and swallows the rows
 * between into one field.
 */
async function strayQuoteFile(name: string, at: number, swallowed: number): Promise<{ path: string; body: string[] }> {
  const body = rows.slice();
  body[at] = withField(at, NAME, `"${rows[at]!.split(',')[NAME]}`);
  body[at + swallowed] = withField(at + swallowed, ADDRESS, `"${rows[at + swallowed]!.split(',')[ADDRESS]}, 2F"`);
  const path = join(dir, name);
  await writeFile(path, [header, ...body].join('\n') + '\n');
  return { path, body };
}

const readCsv = async (out: string, f: string): Promise<string> => readFile(join(out, f), 'utf8');

describe('a stray CSV quote is one reject, not a run of vanished rows', () => {
  for (const swallowed of [10, 45]) {
    it(`${swallowed} rows after a stray quote are read, not swallowed: 1 reject at its line, the rest accepted, every line accounted for`, async () => {
      const at = 100;
      const { path, body } = await strayQuoteFile(`stray-${swallowed}.csv`, at, swallowed);
      const outputs: string[] = [];
      // Read whole by one thread, and in ranges cut near the stray quote by two: the same results.
      const runs = swallowed === 10 ? [{ threads: 1 }, { threads: 2, shardBytes: 16 * 1024 }] : [{ threads: 2, shardBytes: 16 * 1024 }];
      for (const [i, settings] of runs.entries()) {
        const out = join(dir, `out-${swallowed}-${i}`);
        const s = await runScan({ input: path, outDir: out, ...settings });
        expect(s.counts).toMatchObject({ read: body.length, accepted: body.length - 1, rejected: 1 });
        expect(s.lines).toEqual({ read: body.length + 1, header: 1, blank: 0, accepted: body.length - 1, rejected: 1 });
        const rejects = (await readCsv(out, 'rejects.csv')).trimEnd().split('\n');
        expect(rejects).toHaveLength(2);
        const line = at + 2;
        expect(rejects[1]).toBe(
          `${line},${body[at]!.split(',')[0]},name,"line ${line}: quoted field 2 (name) opens a record of ${swallowed + 1} lines that has text after the closing quote of field 2 (name) (a stray quote?); only this line is rejected, reading resumes on line ${line + 1}"`,
        );
        const summary = JSON.parse(await readCsv(out, 'summary.json')) as { lines: unknown };
        expect(summary.lines).toEqual(s.lines);
        outputs.push(await readCsv(out, 'pairs.csv'), await readCsv(out, 'clusters.csv'));
      }
      if (outputs.length > 2) expect(outputs.slice(2)).toEqual(outputs.slice(0, 2));
    });
  }

  it('accepts a legitimate multi-line address, counting both its lines', async () => {
    const body = rows.slice();
    body[7] = withField(7, ADDRESS, '"建国路18号\n3号楼2层"');
    const path = join(dir, 'multi-line.csv');
    await writeFile(path, [header, ...body].join('\n') + '\n');
    const s = await runScan({ input: path, outDir: join(dir, 'out-multi'), threads: 2, shardBytes: 8 * 1024 });
    expect(s.counts).toMatchObject({ read: body.length, rejected: 0 });
    expect(s.lines).toEqual({ read: body.length + 2, header: 1, blank: 0, accepted: body.length + 1, rejected: 0 });
  });
});
