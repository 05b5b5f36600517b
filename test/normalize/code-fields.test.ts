import { describe, expect, it } from 'vitest';
import { cleanCode, normalizeBankAccount, normalizeMcc, normalizeTerminalSerials } from '../../src/normalize/code-fields.js';

describe('cleanCode', () => {
  it('upper-cases and strips spaces and dashes', () => {
    expect(cleanCode('9135 0100-m000 100y43')).toBe('91350100M000100Y43');
    expect(cleanCode('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
    expect(cleanCode(null)).toBe('');
  });

  it('returns clean codes as they are', () => {
    const s = '91350100M000100Y43';
    expect(cleanCode(s)).toBe(s);
  });
});

describe('normalizeBankAccount', () => {
  it('keeps 12–30 digits without separators', () => {
    expect(normalizeBankAccount('6222 0202 0001 1234 567')).toBe('6222020200011234567');
    expect(normalizeBankAccount('1202-0211-0900-0123-456')).toBe('1202021109000123456');
  });

  it('drops what is too short, too long or not digits', () => {
    expect(normalizeBankAccount('12345')).toBe('');
    expect(normalizeBankAccount('1'.repeat(31))).toBe('');
    expect(normalizeBankAccount('6222AB0200011234567')).toBe('');
    expect(normalizeBankAccount(null)).toBe('');
  });
});

describe('normalizeMcc', () => {
  it('keeps four digits, else null', () => {
    expect(normalizeMcc(' 5812 ')).toBe('5812');
    expect(normalizeMcc('581')).toBeNull();
    expect(normalizeMcc('58120')).toBeNull();
    expect(normalizeMcc(null)).toBeNull();
  });
});

describe('normalizeTerminalSerials', () => {
  it('cleans, drops empties and repeats', () => {
    expect(normalizeTerminalSerials(['sn-001 23', 'SN00123', '', 'p3840125'])).toEqual(['SN00123', 'P3840125']);
    expect(normalizeTerminalSerials([])).toEqual([]);
  });
});
