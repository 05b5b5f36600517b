import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/generate/index.js';
import { WorkerPool } from '../../src/pool/worker-pool.js';
import { poolRowFormatter } from '../../src/scan/pool-row-formatter.js';
import { scanCorpus, type ScanResult } from '../../src/scan/scan-corpus.js';
import { NO_CONSTRAINTS } from '../../src/cluster/cluster-constraints.js';
import { writeScanFiles } from '../../src/write/write-scan-files.js';
import { FORMAT_HERE, writeRanges } from '../../src/write/row-formatter.js';
import { memberValues, RISK_MEMBERS_HEADER } from '../../src/risk/risk-rows.js';
import { csvRow } from '../../src/write/csv-format.js';

let dir: string;
let pool: WorkerPool;
let result: ScanResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'row-formatter-'));
  await generateCorpus({ n: 3000, seed: 5, outDir: join(dir, 'corpus') });
  pool = new WorkerPool({ threads: 2 });
  result = await scanCorpus({ kind: 'file', path: join(dir, 'corpus', 'merchants.ndjson'), format: 'ndjson' }, { threads: 2 }, NO_CONSTRAINTS, pool);
});

afterAll(async () => {
  await pool.close();
});

const FILES = ['pairs.csv', 'clusters.csv', 'risk_alerts.csv', 'risk_members.csv'];
const read = (out: string): Promise<string[]> => Promise.all(FILES.map((f) => readFile(join(out, f), 'utf8')));

describe('rows formatted on the worker pool', () => {
  it('write the same files as rows formatted on this thread, in many small ranges', async () => {
    const here = join(dir, 'here');
    const workers = join(dir, 'workers');
    await writeScanFiles(result, here, FORMAT_HERE);
    // Ranges of 7 rows (7 clusters): hundreds of tasks, several in flight, finishing in any order.
    await writeScanFiles(result, workers, poolRowFormatter(pool, 2, 7));
    const [a, b] = [await read(here), await read(workers)];
    expect(result.pairs.count).toBeGreaterThan(100);
    expect(a[0]!.split('\n').length).toBe(result.pairs.count + 2);
    expect(b).toEqual(a);
  });
});

describe('writeRanges', () => {
  it('writes ranges in order, with at most inFlight pending, whatever order they finish in', async () => {
    const written: string[] = [];
    let pending = 0;
    let most = 0;
    await writeRanges(23, 5, 3, async (from, to) => {
      pending++;
      most = Math.max(most, pending);
      // Later ranges finish first.
      await new Promise((r) => setTimeout(r, 30 - from));
      pending--;
      return `${from}-${to};`;
    }, async (chunk) => {
      written.push(chunk as string);
    });
    expect(written.join('')).toBe('0-5;5-10;10-15;15-20;20-23;');
    expect(most).toBe(3);
  });
});

describe('risk_members.csv written as bytes', () => {
  it('is the text csvRow makes of the member values the database rows use', async () => {
    const out = join(dir, 'members');
    await writeScanFiles(result, out, FORMAT_HERE);
    let expected = csvRow(RISK_MEMBERS_HEADER);
    for (const row of memberValues(result.store, result.risk, result.clusterIds)) expected += csvRow(row);
    const written = await readFile(join(out, 'risk_members.csv'), 'utf8');
    // Members with a cluster, without one, in a burst and not: every kind of cell is written.
    expect(written.split('\n').length).toBeGreaterThan(50);
    expect(written).toMatch(/,C[0-9a-f]{16},/);
    expect(written).toMatch(/,,\d{4}-/);
    expect(written).toMatch(/,true\n/);
    expect(written).toMatch(/,false\n/);
    expect(written).toBe(expected);
  });
});
