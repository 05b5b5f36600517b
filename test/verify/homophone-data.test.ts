import { createRequire } from 'node:module';
import { polyphonic } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { HOMOPHONES_SOURCE, READINGS_PER_CHARACTER, SYLLABLE_CHARACTERS } from '../../src/verify/homophone-data.js';
import { soundAlike } from '../../src/verify/homophones.js';

const require = createRequire(import.meta.url);
const CJK_FIRST = 0x4e00;
const CJK_LAST = 0x9fff;

/** What pinyin-pro reads a character as: its first readings, up to the first that is not a toneless syllable. */
function packageReadings(c: number): Set<string> {
  const readings = polyphonic(String.fromCharCode(c), { toneType: 'none', type: 'array' })[0] ?? [];
  const kept = new Set<string>();
  for (let r = 0; r < Math.min(READINGS_PER_CHARACTER, readings.length); r++) {
    if (!/^[a-zü]+$/.test(readings[r]!)) break;
    kept.add(readings[r]!);
  }
  return kept;
}

describe('the shipped homophones extract', () => {
  it('holds exactly the readings of the pinyin-pro package it names, for every character of the block', () => {
    const version = (require('pinyin-pro/package.json') as { version: string }).version;
    expect(HOMOPHONES_SOURCE).toBe(`pinyin-pro ${version}`);
    const shipped = new Map<number, Set<string>>();
    for (const [syllable, chars] of SYLLABLE_CHARACTERS) {
      for (const ch of chars) {
        const c = ch.charCodeAt(0);
        expect(c >= CJK_FIRST && c <= CJK_LAST, ch).toBe(true);
        if (!shipped.has(c)) shipped.set(c, new Set());
        shipped.get(c)!.add(syllable);
      }
    }
    let withReadings = 0;
    for (let c = CJK_FIRST; c <= CJK_LAST; c++) {
      const expected = packageReadings(c);
      if (expected.size > 0) withReadings++;
      expect([...(shipped.get(c) ?? [])].sort(), String.fromCharCode(c)).toEqual([...expected].sort());
    }
    // The dictionary reads nearly the whole block: a broken extract would not.
    expect(withReadings).toBeGreaterThan(20_000);
  });

  it('makes soundAlike agree with the package on sampled pairs of characters', () => {
    let state = 12345;
    const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    let alike = 0;
    for (let k = 0; k < 20_000; k++) {
      // Half the pairs are two characters of one syllable's row, so both answers are exercised.
      const row = SYLLABLE_CHARACTERS[next() % SYLLABLE_CHARACTERS.length]![1];
      const any = (): number => CJK_FIRST + (next() % (CJK_LAST - CJK_FIRST + 1));
      const a = k % 2 === 0 ? row.charCodeAt(next() % row.length) : any();
      const b = k % 2 === 0 ? row.charCodeAt(next() % row.length) : any();
      const ra = packageReadings(a);
      const expected = a === b || [...packageReadings(b)].some((s) => ra.has(s));
      if (expected) alike++;
      expect(soundAlike(a, b), `${String.fromCharCode(a)} ${String.fromCharCode(b)}`).toBe(expected);
    }
    expect(alike).toBeGreaterThan(9_000);
  });
});
