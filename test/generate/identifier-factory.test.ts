import { describe, it, expect } from 'vitest';
import { corruptChar, makeBankAccount, makeIdNumber, makeUscc, orgCodeCheckChar } from '../../src/generate/identifier-factory.js';
import { isValidIdNumber } from '../../src/normalize/id-number.js';
import { isValidUscc, USCC_ALPHABET, usccCheckChar } from '../../src/normalize/uscc.js';
import { Prng } from '../../src/generate/prng.js';

describe('check characters', () => {
  it('match the worked example of GB 11714 (the USCC and ID-number examples are tested in normalize)', () => {
    // GB 11714-1997 example D2143569-X.
    expect(orgCodeCheckChar('D2143569')).toBe('X');
  });

  it('makes USCCs whose check character and embedded organisation-code check both hold', () => {
    const prng = new Prng(1);
    for (let i = 0; i < 500; i++) {
      const u = makeUscc(prng, '91', '110105');
      expect(u).toMatch(/^91110105MA[0-9A-HJ-NP-RTUWXY]{8}$/);
      expect(isValidUscc(u)).toBe(true);
      expect(orgCodeCheckChar(u.slice(8, 16))).toBe(u[16]);
    }
  });

  it('makes ID numbers with the region, birth date, sex digit and check digit', () => {
    const prng = new Prng(2);
    for (let i = 0; i < 500; i++) {
      const male = i % 2 === 0;
      const id = makeIdNumber(prng, '320114', '19850713', male);
      expect(id).toMatch(/^32011419850713\d{3}[0-9X]$/);
      expect(Number(id[16]) % 2).toBe(male ? 1 : 0);
      expect(isValidIdNumber(id)).toBe(true);
    }
  });

  it('corruptChar always changes the character, so a corrupted check character never validates', () => {
    const prng = new Prng(3);
    const u = makeUscc(prng, '92', '440305');
    for (let i = 0; i < 200; i++) {
      const bad = corruptChar(u, 17, USCC_ALPHABET, prng);
      expect(bad).not.toBe(u);
      expect(usccCheckChar(bad.slice(0, 17))).not.toBe(bad[17]);
    }
  });

  it('makes 19-digit Luhn-valid debit cards for persons', () => {
    const prng = new Prng(4);
    for (let i = 0; i < 200; i++) {
      const card = makeBankAccount(prng, false);
      expect(card).toMatch(/^62\d{17}$/);
      let sum = 0;
      for (let j = 0; j < card.length; j++) {
        let d = Number(card[card.length - 1 - j]);
        if (j % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
      }
      expect(sum % 10).toBe(0);
    }
  });
});
