import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrefixTrie } from '../../src/divisions/prefix-trie.js';

/** The plain algorithm: every name that `text` has at `from`, the longest wins. */
function naiveLongest(names: readonly string[], text: string, from: number): string | null {
  let best: string | null = null;
  for (const n of names) if (text.startsWith(n, from) && (best === null || n.length > best.length)) best = n;
  return best;
}

describe('PrefixTrie', () => {
  const trie = new PrefixTrie([['杭州', '杭州'], ['杭州市', '杭州市'], ['萧山区', '萧山区'], ['萧山', '萧山']] as const);

  it('returns the longest name at a position', () => {
    expect(trie.longestAt('杭州市萧山区', 0)).toBe('杭州市');
    expect(trie.longestAt('杭州市萧山区', 3)).toBe('萧山区');
    expect(trie.longestAt('杭州萧山', 0)).toBe('杭州');
    expect(trie.longestAt('杭州萧山', 2)).toBe('萧山');
  });

  it('keeps the last name passed when the walk goes on without finding a longer one', () => {
    const t = new PrefixTrie([['ab', 1], ['abcd', 2]] as const);
    expect(t.longestAt('abcx', 0)).toBe(1);
    expect(t.longestAt('abc', 0)).toBe(1);
    expect(t.longestAt('abcd', 0)).toBe(2);
  });

  it('returns null where no name starts, at the end and past it', () => {
    expect(trie.longestAt('小吃', 0)).toBeNull();
    expect(trie.longestAt('杭', 0)).toBeNull();
    expect(trie.longestAt('杭州', 2)).toBeNull();
    expect(trie.longestAt('杭州', 7)).toBeNull();
    expect(trie.longestAt('', 0)).toBeNull();
    expect(new PrefixTrie<number>([]).longestAt('abc', 0)).toBeNull();
  });

  it('agrees with trying every name, on many names sharing code units (probe chains)', () => {
    const unit = fc.constantFrom('a', 'b', 'c', '市', '区', '\u0000', '\uffff');
    fc.assert(
      fc.property(fc.array(fc.array(unit, { minLength: 1, maxLength: 6 }).map((u) => u.join('')), { maxLength: 300 }), fc.array(unit, { maxLength: 12 }), (names, chars) => {
        const t = new PrefixTrie(names.map((n) => [n, n] as const));
        const text = chars.join('');
        for (let from = 0; from <= text.length; from++) expect(t.longestAt(text, from)).toBe(naiveLongest(names, text, from));
      }),
      { numRuns: 500, seed: 20261201 },
    );
  });

  it('keeps the last value of a name given twice, and refuses more nodes than an edge key can name', () => {
    const t = new PrefixTrie([['杭州', 1], ['杭州市', 2], ['杭州', 3]] as const);
    expect(t.longestAt('杭州西湖', 0)).toBe(3);
    expect(t.longestAt('杭州市', 0)).toBe(2);
    // Node ids take 15 bits: 32,767 one-unit names (plus the root) fit, one more does not.
    const names = (k: number): [string, number][] => Array.from({ length: k }, (_, i) => [String.fromCharCode(0x100 + i), i]);
    expect(new PrefixTrie(names(32_767)).longestAt(String.fromCharCode(0x100 + 32_766), 0)).toBe(32_766);
    expect(() => new PrefixTrie(names(32_768))).toThrow(RangeError);
  });
});
