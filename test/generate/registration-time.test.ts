import { describe, it, expect } from 'vitest';
import { Prng } from '../../src/generate/prng.js';
import { formatChinaTime } from '../../src/record/calendar.js';
import { CORPUS_END_MS, CORPUS_START_MS, registrationTime } from '../../src/generate/registration-time.js';

describe('formatChinaTime', () => {
  it('agrees with Date for instants across the corpus years, leap days included', () => {
    const prng = new Prng(12);
    const viaDate = (ms: number): string => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 19) + '+08:00';
    const fixed = [Date.UTC(2016, 1, 29, 16), Date.UTC(2019, 11, 31, 16), Date.UTC(2025, 11, 31, 15, 59, 59), Date.UTC(2000, 1, 29)];
    for (const ms of fixed) expect(formatChinaTime(ms)).toBe(viaDate(ms));
    for (let i = 0; i < 20_000; i++) {
      const ms = Date.UTC(2015, 0, 1) + Math.floor(prng.float() * 12 * 365 * 86_400_000);
      expect(formatChinaTime(ms)).toBe(viaDate(ms));
    }
  });
});

describe('registrationTime', () => {
  it('stays inside 2016-2025 and below the given bound', () => {
    const prng = new Prng(13);
    const bound = CORPUS_END_MS - 30 * 86_400_000;
    for (let i = 0; i < 20_000; i++) {
      const t = registrationTime(prng, bound);
      expect(t >= CORPUS_START_MS && t <= bound).toBe(true);
    }
    expect(formatChinaTime(CORPUS_START_MS)).toBe('2016-01-01T00:00:00+08:00');
    expect(formatChinaTime(CORPUS_END_MS)).toBe('2025-12-31T23:59:59+08:00');
  });
});
