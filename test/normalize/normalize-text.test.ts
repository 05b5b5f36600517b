import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldText, foldUnit, normalizeText } from '../../src/normalize/normalize-text.js';

describe('normalizeText', () => {
  it('turns full-width letters, digits and brackets half-width', () => {
    expect(normalizeText('ＡＢＣ１２３（朝阳店）')).toBe('abc123(朝阳店)');
  });

  it('lower-cases Latin letters', () => {
    expect(normalizeText('KFC肯德基 Coffee')).toBe('kfc肯德基coffee');
  });

  it('converts traditional characters to simplified', () => {
    expect(normalizeText('萬達廣場（朝陽店）')).toBe('万达广场(朝阳店)');
    expect(normalizeText('麵包店')).toBe('面包店');
  });

  it('unifies every bracket style to ()', () => {
    expect(normalizeText('【旗舰店】[一店]〔二店〕〖三店〗｛四店｝')).toBe('(旗舰店)(一店)(二店)(三店)(四店)');
  });

  it('drops spaces, dots, dashes and list separators', () => {
    expect(normalizeText('小林刺身·炭火烧串')).toBe('小林刺身炭火烧串');
    expect(normalizeText('  颜 • 烘焙 ')).toBe('颜烘焙');
    expect(normalizeText('a-b—c，d、e；f。g/h&i+j')).toBe('abcdefghij');
  });

  it('expands compatibility characters through full NFKC', () => {
    expect(normalizeText('㈱ﬁ')).toBe('(株)fi');
    expect(normalizeText('e\u0301')).toBe('é');
    expect(normalizeText('\u1100\u1161')).toBe('가'); // conjoining jamo compose
  });

  it('agrees with full NFKC for every code unit, whatever its neighbours', () => {
    const disagree: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      for (const [before, after] of [['a', 'b'], ['カ', ''], ['가', '']] as const) {
        const t = before + String.fromCharCode(c) + after;
        if (normalizeText(t) !== normalizeText(t.normalize('NFKC'))) disagree.push(`U+${c.toString(16)} after ${before}`);
      }
    }
    expect(disagree).toEqual([]);
  });

  it('returns the very same string when nothing changes', () => {
    const s = '东风日产森宝专营店(森宝专营店)';
    expect(normalizeText(s)).toBe(s);
  });

  it('is idempotent on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const once = normalizeText(s);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('stays idempotent when dropping a space brings combining marks out of canonical order', () => {
    const s = 'ذ\u0670 \u064B'; // superscript alef (ccc 35), space, fathatan (ccc 27)
    const once = normalizeText(s);
    expect(normalizeText(once)).toBe(once);
  });

  it('agrees with itself through foldText: normalizeText(foldText(s)) = normalizeText(s)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        expect(normalizeText(foldText(s))).toBe(normalizeText(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent on shop-name-like text', () => {
    const units = [...'萬達廣場朝陽店麵包台灣（）【】 ·、ＡＢｃ１２3-—#＃，。'];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...units), maxLength: 30 }), (s) => {
        const once = normalizeText(s);
        expect(normalizeText(once)).toBe(once);
        const light = foldText(s);
        expect(foldText(light)).toBe(light);
      }),
    );
  });
});

describe('foldText', () => {
  it('keeps separators that parsers need, as single canonical characters', () => {
    expect(foldText('传世骨头饭　 佳境天城店')).toBe('传世骨头饭 佳境天城店');
    expect(foldText('盈丰街56～58號')).toBe('盈丰街56-58号');
    expect(foldText('18＃')).toBe('18#');
    expect(foldText('14、15，16号')).toBe('14,15,16号');
  });

  it('trims and collapses whitespace', () => {
    expect(foldText('  a \t b  ')).toBe('a b');
  });
});

describe('the per-unit fold', () => {
  it('maps every code unit to a fixed point (or marks it for full NFKC)', () => {
    const SLOW = 0xffff;
    const broken: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const f = foldUnit(c);
      if (f !== SLOW && foldUnit(f) !== f && foldUnit(f) !== SLOW) broken.push(`U+${c.toString(16)} → U+${f.toString(16)}`);
    }
    expect(broken).toEqual([]);
  });
});
