import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSweepReport, runEval, runSweep } from '../../src/eval/run-eval.js';

let truth: string;
let pairs: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sweep-'));
  truth = join(dir, 'truth.csv');
  pairs = join(dir, 'pairs.csv');
  // Entities: {A1, A2, A3}, {B1, B2}, C1, D1.
  await writeFile(truth, 'merchant_id,entity_id\nA1,a\nA2,a\nA3,a\nB1,b\nB2,b\nC1,c\nD1,d\n');
  // Two true pairs scored high, one true pair scored low, one false pair in the middle.
  await writeFile(pairs, 'a_id,b_id,score\nA1,A2,0.99\nB1,B2,0.97\nC1,D1,0.8\nA2,A3,0.6\n');
});

describe('eval --sweep', () => {
  it('scores the pairs at each threshold exactly as eval --min-score does', async () => {
    const rows = await runSweep({ truth, pairs }, [0.9, 0.5, 0.85]);
    expect(rows.map((r) => r.threshold)).toEqual([0.5, 0.85, 0.9]);
    expect(rows.map((r) => r.report.pairs.predicted)).toEqual([4, 2, 2]);
    expect(rows[0]!.report.pairs).toMatchObject({ truePositives: 3, actual: 4 });
    expect(rows[0]!.report.pairs.precision).toBeCloseTo(3 / 4);
    expect(rows[2]!.report.pairs.precision).toBe(1);
    expect(rows[2]!.report.pairs.recall).toBeCloseTo(2 / 4);
    for (const r of rows) expect(r.report).toEqual(await runEval({ truth, pairs, minScore: r.threshold }));
  });

  it('prints a table and, last, one JSON object naming the best threshold by pair F1', async () => {
    const text = formatSweepReport(await runSweep({ truth, pairs }, [0.5, 0.9]));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^threshold +predicted +pair P/);
    const json = JSON.parse(lines[lines.length - 1]!) as { sweep: { threshold: number; pair_f1: number }[]; best_pair_f1: { threshold: number } };
    expect(json.sweep.map((s) => s.threshold)).toEqual([0.5, 0.9]);
    expect(json.best_pair_f1.threshold).toBe(json.sweep[0]!.pair_f1 >= json.sweep[1]!.pair_f1 ? 0.5 : 0.9);
  });

  it('refuses a pairs file without scores', async () => {
    const noScores = join(tmpdir(), `no-scores-${process.pid}.csv`);
    await writeFile(noScores, 'a_id,b_id\nA1,A2\n');
    await expect(runSweep({ truth, pairs: noScores })).rejects.toMatchObject({ code: 'E_BAD_ARGS' });
  });
});
