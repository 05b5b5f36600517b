import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEval } from '../../src/eval/run-eval.js';
import { generateCorpus } from '../../src/generate/index.js';
import { weightsFingerprint, WEIGHTS_FINGERPRINT } from '../../src/match/match-params.js';
import { readWeightsFile } from '../../src/match/weights-file.js';
import type { TrainReport } from '../../src/train/train-weights.js';
import { DEFAULT_WEIGHTS } from '../../src/verify/match-weights.js';
import { decisionTableSqls } from '../../src/db/decision-table.js';
import { databaseUrl, dropSchemas, openTestDatabase, uniqueName } from '../db/helpers.js';
import { runCli } from '../fixtures/run-cli.js';

let dir: string;
let corpus: string;
let truth: string;

const run = runCli;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'train-'));
  await generateCorpus({ n: 2000, seed: 13, outDir: dir });
  corpus = join(dir, 'merchants.ndjson');
  truth = join(dir, 'truth.csv');
});

describe('merchant-dedup train', () => {
  let report: TrainReport;
  const weightsPath = (): string => join(dir, 'weights.json');

  it('fits weights from a truth file, writes a weights file, and reports cross-validated quality', async () => {
    const r = await run(['train', '--labels', truth, '--input', corpus, '--out', weightsPath(), '--threads', '2', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    report = JSON.parse(r.out) as TrainReport;
    const file = readWeightsFile(weightsPath());
    expect(file.weights).toEqual(report.weights);
    expect(file.trained).toMatchObject({ labels: 'truth.csv', input: 'merchants.ndjson', folds: 5 });
    // The generator's duplicates are easy: both tables find nearly all of them on held-out folds.
    expect(report.cross_validation.trained.f1).toBeGreaterThan(0.97);
    expect(report.cross_validation.default.f1).toBeGreaterThan(0.97);
    expect(report.matches).toBeGreaterThan(100);
  }, 60_000);

  it('reports for the hand-set weights exactly what eval says of a scan with them', async () => {
    const out = join(dir, 'scan-default');
    expect((await run(['scan', '--input', corpus, '--out', out, '--threads', '2', '--quiet'])).code).toBe(0);
    const e = await runEval({ truth, pairs: join(out, 'pairs.csv') });
    if (e.mode !== 'entities') throw new Error('expected entity truth');
    expect(report.cross_validation.default.precision).toBeCloseTo(e.pairs.precision, 12);
    expect(report.cross_validation.default.recall).toBeCloseTo(e.pairs.recall, 12);
  }, 60_000);

  it('reads labelled pairs as well as entities: the same matches give the same report', async () => {
    const rows = (await readFile(truth, 'utf8')).trim().split('\n').slice(1).map((l) => l.split(','));
    const byEntity = new Map<string, string[]>();
    for (const [m, e] of rows) (byEntity.get(e!) ?? byEntity.set(e!, []).get(e!)!).push(m!);
    const lines = ['a_id,b_id,label'];
    let k = 0;
    for (const ms of byEntity.values()) {
      for (let i = 0; i < ms.length; i++) for (let j = i + 1; j < ms.length; j++) lines.push(`${ms[i]},${ms[j]},1`);
      // Explicit non-matches say what unlabelled pairs already say.
      if (ms.length === 1 && k++ % 7 === 0) lines.push(`${ms[0]},${rows[0]![0]},0`);
    }
    const labels = join(dir, 'labels.csv');
    await writeFile(labels, lines.join('\n') + '\n');
    const r = await run(['train', '--labels', labels, '--input', corpus, '--out', join(dir, 'w2.json'), '--threads', '2', '--json']);
    expect(r.code).toBe(0);
    const again = JSON.parse(r.out) as TrainReport;
    expect(again.matches).toBe(report.matches);
    expect(again.cross_validation.default).toEqual(report.cross_validation.default);
    expect(again.weights).toEqual(report.weights);
  }, 60_000);

  it('scan --weights scores with the fitted table and records its fingerprint', async () => {
    const out = join(dir, 'scan-fitted');
    const r = await run(['scan', '--input', corpus, '--out', out, '--threads', '2', '--weights', weightsPath(), '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as { parameters: { weights: string } };
    expect(summary.parameters.weights).toBe(weightsFingerprint(readWeightsFile(weightsPath()).weights));
    expect(summary.parameters.weights).not.toBe(WEIGHTS_FINGERPRINT);
    const fitted = await runEval({ truth, pairs: join(out, 'pairs.csv') });
    if (fitted.mode !== 'entities') throw new Error('expected entity truth');
    expect(fitted.pairs.f1).toBeGreaterThan(0.97);

    // explain with the same weights file scores a pair as that scan did; without it, as the defaults do.
    const rows = (await readFile(join(out, 'pairs.csv'), 'utf8')).trim().split('\n').slice(1).map((l) => l.split(','));
    // The least certain pair: where two tables are most likely to disagree in the printed digits.
    const [a, b, score] = rows.reduce((lo, r) => (Number(r[2]) < Number(lo[2]) ? r : lo));
    const x = await run(['explain', a!, b!, '--input', corpus, '--weights', weightsPath(), '--threads', '2', '--json']);
    expect(x.code).toBe(0);
    expect((JSON.parse(x.out) as { score: number }).score.toFixed(4)).toBe(score);
    const plain = await run(['explain', a!, b!, '--input', corpus, '--threads', '2', '--json']);
    expect((JSON.parse(plain.out) as { score: number }).score.toFixed(4)).not.toBe(score);
  }, 60_000);

  it('refuses a weights file verification cannot use, naming the key (exit 2)', async () => {
    const { phone: _phone, ...rest } = DEFAULT_WEIGHTS;
    const bad = join(dir, 'bad-weights.json');
    await writeFile(bad, JSON.stringify({ format: 'merchant-dedup-weights', version: 1, weights: rest }));
    const r = await run(['scan', '--input', corpus, '--out', join(dir, 'never'), '--weights', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/weights\.phone must be present/);
    await writeFile(bad, JSON.stringify({ format: 'merchant-dedup-weights', version: 1, weights: { ...DEFAULT_WEIGHTS, name_curve: [[0.5, 1], [0.2, 2]] } }));
    expect((await run(['scan', '--input', corpus, '--out', join(dir, 'never'), '--weights', bad])).err).toMatch(/weights\.name_curve\[1\]\[0\] must be greater/);
    await writeFile(bad, '{"weights": {}}');
    expect((await run(['scan', '--input', corpus, '--out', join(dir, 'never'), '--weights', bad])).err).toMatch(/is not a weights file/);
  });

  it('fits on review decisions: only the decided pairs are examples', async () => {
    const rows = (await readFile(truth, 'utf8')).trim().split('\n').slice(1).map((l) => l.split(','));
    const byEntity = new Map<string, string[]>();
    for (const [m, e] of rows) (byEntity.get(e!) ?? byEntity.set(e!, []).get(e!)!).push(m!);
    const groups = [...byEntity.values()].filter((m) => m.length >= 2).slice(0, 40);
    const singles = [...byEntity.values()].filter((m) => m.length === 1).slice(0, 21).map((m) => m[0]!);
    const schema = uniqueName('train_decisions');
    const db = await openTestDatabase();
    try {
      await db.withClient(async (c) => {
        await c.query(`CREATE SCHEMA ${schema}`);
        for (const sql of decisionTableSqls(schema)) await c.query(sql);
        for (const g of groups) await c.query(`INSERT INTO ${schema}.decisions (kind, merchant_ids, cluster_members, decided_by) VALUES ('confirm', $1, $1, 'steward')`, [g]);
        for (let i = 0; i + 1 < singles.length; i += 2) {
          await c.query(`INSERT INTO ${schema}.decisions (kind, merchant_ids, decided_by) VALUES ('not_duplicate', $1, 'steward')`, [[singles[i], singles[i + 1]]]);
        }
      });
      const out = join(dir, 'w-decisions.json');
      const r = await run(['train', '--decisions', '--db', databaseUrl(), '--schema', schema, '--input', corpus, '--out', out, '--threads', '2', '--json']);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const report = JSON.parse(r.out) as TrainReport;
      const confirmed = groups.reduce((n, g) => n + (g.length * (g.length - 1)) / 2, 0);
      expect(report.matches).toBe(confirmed);
      expect(report.examples).toBe(confirmed + 10);
      expect(readWeightsFile(out).trained).toMatchObject({ labels: `decisions of ${schema}` });
    } finally {
      await dropSchemas(db, [schema]);
      await db.close();
    }
  }, 60_000);

  it('needs labels or decisions, one of them (exit 2)', async () => {
    const r = await run(['train', '--input', corpus, '--out', join(dir, 'never.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--labels FILE or --decisions/);
  });
});
