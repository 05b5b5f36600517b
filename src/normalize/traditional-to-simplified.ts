/**
 * Traditional → simplified Chinese, one UTF-16 code unit at a time, derived once at module load from
 * the OpenCC dictionaries shipped by `opencc-js` (TSCharacters, HKVariantsRev).
 *
 * Why a table and not opencc-js's converter per call: the converter walks a Map-of-Maps trie per code
 * point and joins an array per call. Measured in bench/normalize.bench.ts on 89 000 names and
 * addresses (two runs on a shared 2-core machine): 0.65–1.1 µs per string for `t` → `cn` and
 * 1.4–2.3 µs for `hk` → `cn`, i.e. 1.5–5 µs per record for name, address and legal person, against a
 * whole per-record budget of 5 µs at 200 000 records/s. The table: 0.04–0.1 µs per string, with output
 * identical to `t` → `cn` on every one of those strings.
 *
 * What the table gives up, knowingly:
 * - Phrase context. OpenCC keeps 乾 in 乾隆 but writes 干 in 乾燥; the table always picks the
 *   single-character answer. For duplicate detection only consistency matters: both records of a pair
 *   pass through the same table, so they still agree.
 * - The ~200 traditional characters whose simplified form lies outside the BMP (𠵾, 𫢸 …): left as they
 *   are, because one code unit cannot hold them. They are rare CJK Extension-A/B characters.
 * - Taiwan variant folding (TWVariantsRev): it maps 么, which is already simplified, to 幺, so it would
 *   alter simplified text; only the seven Hong Kong variants that are not the simplified form of
 *   anything (敍 枱 粧 糭 衞 衹 潀) are added.
 *
 * Invariant: the mapping is idempotent (`T2S[T2S[c]] === T2S[c]`), checked while building.
 */
import { Locale } from 'opencc-js/t2cn';
import type { DictLike } from 'opencc-js/core';

/** Upper bound on how many times a chain like A→B→C is followed while making the table idempotent. */
const MAX_CHAIN = 4;

/** Single-code-unit entries of an OpenCC dictionary (`"萬 万|與 与|…"` or `[["萬", "万"], …]`). */
function* singleCharEntries(dict: DictLike): Generator<[number, number]> {
  const pairs = typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ')) : dict;
  for (const [from, to] of pairs) {
    if (from !== undefined && to !== undefined && from.length === 1 && to.length === 1) {
      yield [from.charCodeAt(0), to.charCodeAt(0)];
    }
  }
}

/** The dictionary groups of a locale chain, flattened: `[[phrases, characters]]` → both. */
function dictsOf(chain: readonly (readonly DictLike[])[] | undefined, what: string): readonly DictLike[] {
  if (!chain || chain.length === 0) throw new Error(`opencc-js no longer ships the ${what} dictionaries`);
  return chain.flat();
}

function buildTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < table.length; c++) table[c] = c;

  // TSCharacters (and any single-character TSPhrases entry): the T→S answer of OpenCC's `t` → `cn`.
  // Reading the dictionaries directly takes ≈10 ms with the module import; converting every CJK
  // character through the converter gives the same table in ≈50 ms.
  const simplifiedOutputs = new Set<number>();
  for (const dict of dictsOf(Locale.to['cn'], 'T→S')) {
    for (const [from, to] of singleCharEntries(dict)) {
      if (from === to) continue;
      table[from] = to;
      simplifiedOutputs.add(to);
    }
  }
  // HKVariantsRev maps Hong Kong variants to standard traditional forms, then T→S applies. A character
  // that is the simplified answer for another one is already simplified text and keeps its form.
  for (const dict of dictsOf(Locale.from['hk'], 'Hong Kong variant')) {
    for (const [from, to] of singleCharEntries(dict)) {
      if (table[from] === from && !simplifiedOutputs.has(from)) table[from] = table[to]!;
    }
  }
  for (let round = 0; round < MAX_CHAIN; round++) {
    let changed = false;
    for (let c = 0; c < table.length; c++) {
      const next = table[table[c]!]!;
      if (next !== table[c]) {
        table[c] = next;
        changed = true;
      }
    }
    if (!changed) return table;
  }
  throw new Error('traditional → simplified table did not reach a fixed point');
}

/** `T2S[c]` is the simplified code unit for code unit `c` (itself when there is none). */
export const T2S: Uint16Array = buildTable();

/** Convert traditional characters to simplified ones, character by character (see header for limits). */
export function toSimplified(text: string): string {
  let i = 0;
  const n = text.length;
  for (; i < n; i++) if (T2S[text.charCodeAt(i)] !== text.charCodeAt(i)) break;
  if (i === n) return text;
  const out = new Array<string>(n);
  for (let j = 0; j < n; j++) out[j] = String.fromCharCode(T2S[text.charCodeAt(j)]!);
  return out.join('');
}
