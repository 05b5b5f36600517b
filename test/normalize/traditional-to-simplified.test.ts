import { describe, expect, it } from 'vitest';
import { Converter } from 'opencc-js/t2cn';
import { T2S, toSimplified } from '../../src/normalize/traditional-to-simplified.js';

describe('toSimplified', () => {
  it('converts traditional shop names', () => {
    expect(toSimplified('東風日產森寶專營店')).toBe('东风日产森宝专营店');
    expect(toSimplified('個體工商戶')).toBe('个体工商户');
  });

  it('leaves simplified text untouched (same string)', () => {
    const s = '什么都有便利店';
    expect(toSimplified(s)).toBe(s);
  });

  it('folds the Hong Kong variants that are not simplified forms of anything', () => {
    expect(toSimplified('衞枱')).toBe('卫台');
  });

  it('is idempotent for every code unit', () => {
    const broken: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (T2S[T2S[c]!] !== T2S[c]) broken.push(c);
    expect(broken).toEqual([]);
  });

  it('agrees with the opencc-js converters character by character', () => {
    const t2s = Converter({ from: 't', to: 'cn' });
    const hk2s = Converter({ from: 'hk', to: 'cn' });
    const disagree: string[] = [];
    for (let c = 0x3400; c <= 0x9fff; c++) {
      const ch = String.fromCharCode(c);
      const ref = t2s(ch);
      // Answers outside the BMP cannot fit the table (documented).
      if (ref.length !== 1) continue;
      const ours = String.fromCharCode(T2S[c]!);
      // `t` → `cn`, or the Hong Kong chain where `t` leaves the character alone, or a chain followed to its end.
      if (ours !== ref && !(ref === ch && ours === hk2s(ch)) && ours !== t2s(ref)) disagree.push(ch);
    }
    expect(disagree).toEqual([]);
  });
});
