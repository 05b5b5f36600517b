import { describe, expect, it } from 'vitest';
import { evaluateRings } from '../../src/eval/ring-metrics.js';

// Records 0-9 ring 0, 10-14 ring 1, 15-19 no ring (15-17 a mall).
const ringOf = Int32Array.from({ length: 20 }, (_, i) => (i < 10 ? 0 : i < 15 ? 1 : -1));
const kindOf = Array.from({ length: 20 }, (_, i) => (i < 15 ? 'ring' : i < 18 ? 'mall' : 'entity'));
const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

describe('evaluateRings', () => {
  it('finds a ring only when one alert at or above the threshold holds 80% of its records', () => {
    const r = evaluateRings(ringOf, kindOf, [{ severity: 0.9, members: range(0, 8) }, { severity: 0.4, members: range(10, 15) }, { severity: 0.7, members: range(10, 13) }], 0.5);
    expect(r).toMatchObject({ rings: 2, ringsFound: 1, ringRecall: 0.5, alertsHigh: 2, alertsRight: 2, alertPrecision: 1 });
  });

  it('counts an alert right only when more than half its records are one ring, and names what the wrong ones are', () => {
    const r = evaluateRings(ringOf, kindOf, [{ severity: 0.6, members: [10, 11, 15, 16] }, { severity: 0.6, members: [15, 16, 17, 0] }], 0.5);
    expect(r).toMatchObject({ alertsHigh: 2, alertsRight: 0, alertPrecision: 0, wrongByKind: { mall: 2 } });
  });
});
