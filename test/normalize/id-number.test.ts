import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, isValidBirthDate, isValidIdNumber, upgradeIdNumber } from '../../src/normalize/id-number.js';

/** The specimen number used in GB 11643-1999 material (born 1949-12-31, check character X). */
const SAMPLE = '11010519491231002X';

describe('idNumberCheckChar', () => {
  it('computes the check character of the specimen', () => {
    expect(idNumberCheckChar(SAMPLE.slice(0, 17))).toBe('X');
  });

  it('computes it by hand the same way (ISO 7064 MOD 11-2)', () => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...SAMPLE.slice(0, 17)].reduce((s, ch, i) => s + Number(ch) * weights[i]!, 0);
    expect('10X98765432'[sum % 11]).toBe('X');
  });

  it('refuses non-digits', () => {
    expect(idNumberCheckChar('1101051949123100A')).toBeNull();
  });
});

describe('isValidIdNumber', () => {
  it('accepts the specimen', () => {
    expect(isValidIdNumber(SAMPLE)).toBe(true);
  });

  it('rejects every single-digit corruption of it', () => {
    for (let i = 0; i < 18; i++) {
      for (const ch of '0123456789X') {
        if (ch === SAMPLE[i] || (i < 17 && ch === 'X')) continue;
        const bad = SAMPLE.slice(0, i) + ch + SAMPLE.slice(i + 1);
        expect(isValidIdNumber(bad), bad).toBe(false);
      }
    }
  });

  it('rejects an impossible birth date even with a matching check character', () => {
    const body = '110105' + '19490231' + '002'; // 31 February
    const feb30 = '110105' + '19490230' + '002';
    expect(isValidIdNumber(feb30 + idNumberCheckChar(feb30))).toBe(false);
    expect(isValidIdNumber(body + idNumberCheckChar(body))).toBe(false);
    const y1850 = '110105' + '18500101' + '002';
    expect(isValidIdNumber(y1850 + idNumberCheckChar(y1850))).toBe(false);
  });

  it('needs an upper-case X', () => {
    expect(isValidIdNumber(SAMPLE.toLowerCase())).toBe(false);
  });
});

describe('isValidBirthDate', () => {
  it('knows leap years', () => {
    expect(isValidBirthDate('20000229', 0)).toBe(true);
    expect(isValidBirthDate('19000229', 0)).toBe(false);
    expect(isValidBirthDate('19960229', 0)).toBe(true);
    expect(isValidBirthDate('19970229', 0)).toBe(false);
  });
});

describe('upgradeIdNumber', () => {
  it('turns a 15-digit number into the 18-character one of the same person', () => {
    expect(upgradeIdNumber('110105491231002')).toBe(SAMPLE);
  });

  it('leaves other input alone', () => {
    expect(upgradeIdNumber(SAMPLE)).toBe(SAMPLE);
    expect(upgradeIdNumber('11010549123100A')).toBe('11010549123100A');
  });
});
