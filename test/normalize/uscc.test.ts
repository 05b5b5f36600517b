import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidUscc, USCC_ALPHABET, usccCheckChar } from '../../src/normalize/uscc.js';

/** The sample code printed in GB 32100-2015 material and on specimen business licences. */
const SAMPLE = '91350100M000100Y43';

describe('usccCheckChar', () => {
  it('computes the check character of the published sample', () => {
    expect(usccCheckChar(SAMPLE.slice(0, 17))).toBe('3');
  });

  it('computes it by hand the same way (weights 3^i mod 31)', () => {
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const sum = [...SAMPLE.slice(0, 17)].reduce((s, ch, i) => s + USCC_ALPHABET.indexOf(ch) * weights[i]!, 0);
    expect(USCC_ALPHABET[(31 - (sum % 31)) % 31]).toBe('3');
  });

  it('refuses characters outside the alphabet and wrong lengths', () => {
    expect(usccCheckChar('91350100I000100Y4')).toBeNull(); // I is not in the alphabet
    expect(usccCheckChar('9135010')).toBeNull();
  });
});

describe('isValidUscc', () => {
  it('accepts the published sample', () => {
    expect(isValidUscc(SAMPLE)).toBe(true);
  });

  it('rejects every single-character corruption of it', () => {
    for (let i = 0; i < SAMPLE.length; i++) {
      for (const ch of USCC_ALPHABET) {
        if (ch === SAMPLE[i]) continue;
        const bad = SAMPLE.slice(0, i) + ch + SAMPLE.slice(i + 1);
        expect(isValidUscc(bad), bad).toBe(false);
      }
    }
  });

  it('rejects a swap of two different adjacent characters', () => {
    expect(isValidUscc('93150100M000100Y43')).toBe(false);
  });

  it('rejects a non-numeric division code, lower case and wrong lengths', () => {
    expect(isValidUscc('91AB0100M000100Y4' + usccCheckChar('91AB0100M000100Y4'))).toBe(false);
    expect(isValidUscc(SAMPLE.toLowerCase())).toBe(false);
    expect(isValidUscc(SAMPLE.slice(1))).toBe(false);
  });

  it('accepts any body completed with its check character', () => {
    const alphabet = fc.constantFrom(...USCC_ALPHABET);
    const digit = fc.constantFrom(...'0123456789');
    fc.assert(fc.property(fc.tuple(fc.array(alphabet, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 6, maxLength: 6 }), fc.array(alphabet, { minLength: 9, maxLength: 9 })), ([a, b, c]) => {
      const body = a.join('') + b.join('') + c.join('');
      expect(isValidUscc(body + usccCheckChar(body))).toBe(true);
    }));
  });
});
