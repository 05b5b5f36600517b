import { describe, expect, it } from 'vitest';
import { KeyKind } from '../../src/candidates/key-kinds.js';
import { maskKey } from '../../src/risk/mask-key.js';
import { PERSON_KEY_KIND } from '../../src/risk/risk-key-kinds.js';

describe('maskKey', () => {
  it('never shows a whole id or account number: a third or more of every value is hidden', () => {
    const id = '110105198503071234';
    expect(maskKey(KeyKind.IdNumber, id)).toBe('110*************34');
    for (const [kind, v] of [[KeyKind.IdNumber, id], [KeyKind.BankAccount, '6222021234567890123'], [KeyKind.Phone, '13812345678'], [KeyKind.Phone, '52199123'], [KeyKind.Uscc, '91330106MA27XYZ12K'], [KeyKind.Terminal, 'SN12345678']] as const) {
      const m = maskKey(kind, v);
      expect(m.length).toBe(v.length);
      expect([...m].filter((c) => c === '*').length).toBeGreaterThanOrEqual(v.length / 3);
    }
  });

  it('keeps the given name and birth date out of a person key: surname and birth year only', () => {
    expect(maskKey(PERSON_KEY_KIND, '张晓伟|19850307')).toBe('张*伟 b.1985');
    expect(maskKey(PERSON_KEY_KIND, '王芳|19900101')).toBe('王* b.1990');
  });
});
