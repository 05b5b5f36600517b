import { describe, expect, it } from 'vitest';
import { checkRejectLimitOption, formatRejectLimit, parseRejectLimit } from '../../src/scan/reject-limit.js';

describe('--max-rejects values', () => {
  it('reads a count or a percentage', () => {
    expect(parseRejectLimit('0')).toEqual({ kind: 'count', count: 0 });
    expect(parseRejectLimit('250')).toEqual({ kind: 'count', count: 250 });
    expect(parseRejectLimit('5%')).toEqual({ kind: 'percent', percent: 5 });
    expect(parseRejectLimit('0.5%')).toEqual({ kind: 'percent', percent: 0.5 });
    expect(formatRejectLimit(parseRejectLimit('12.5%'))).toBe('12.5%');
  });

  it('refuses anything else with E_BAD_ARGS naming the flag', () => {
    for (const bad of ['', '-1', '101%', 'ten', '5 %%', '1e3', '%']) {
      expect(() => parseRejectLimit(bad)).toThrow(expect.objectContaining({ code: 'E_BAD_ARGS', message: expect.stringMatching(/^--max-rejects must be/) }));
    }
    expect(() => checkRejectLimitOption({ kind: 'percent', percent: 120 })).toThrow(/options\.maxRejects/);
  });
});
