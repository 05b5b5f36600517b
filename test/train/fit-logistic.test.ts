import { describe, expect, it } from 'vitest';
import { fitLogistic, logLossOf, type FitExamples } from '../../src/train/fit-logistic.js';

/** Examples drawn from a known logistic model over binary and continuous features (a fixed LCG). */
function drawn(theta: number[], n: number, seed: number): FitExamples {
  const size = theta.length;
  const x = new Float64Array(n * size);
  const y = new Uint8Array(n);
  let s = seed >>> 0;
  const rand = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = 0; i < n; i++) {
    x[i * size] = 1;
    for (let j = 1; j < size; j++) x[i * size + j] = j % 2 === 1 ? (rand() < 0.4 ? 1 : 0) : rand();
    let z = 0;
    for (let j = 0; j < size; j++) z += x[i * size + j]! * theta[j]!;
    y[i] = rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x, y, count: n };
}

describe('logistic regression with a prior centred on the hand-set weights', () => {
  it('recovers the weights that generated the labels when the data are many and the prior loose', () => {
    const truth = [-1.5, 2.5, -1, 3, 0.5];
    const fit = fitLogistic(drawn(truth, 20_000, 7), new Float64Array(truth.length), { priorSd: 10 });
    fit.theta.forEach((t, j) => expect(Math.abs(t - truth[j]!)).toBeLessThan(0.25));
    expect(fit.iterations).toBeLessThan(50);
  });

  it('leaves a weight the data never exercise at its prior value, and moves others less under a tight prior', () => {
    const truth = [-1, 2, 0, 0];
    const ex = drawn(truth, 5_000, 3);
    // Feature 2 never fires: its weight has only the prior to go on.
    for (let i = 0; i < ex.count; i++) ex.x[i * 4 + 2] = 0;
    const start = Float64Array.from([0, 0, 4.2, 0]);
    const loose = fitLogistic(ex, start, { priorSd: 10 });
    const tight = fitLogistic(ex, start, { priorSd: 0.05 });
    expect(loose.theta[2]).toBeCloseTo(4.2, 6);
    expect(Math.abs(tight.theta[1]!)).toBeLessThan(Math.abs(loose.theta[1]!));
    expect(loose.logLoss).toBeLessThan(logLossOf(ex, start));
  });
});
