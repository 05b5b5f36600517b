/**
 * Text folding for comparison: Unicode NFKC (UAX #15: full-width → half-width, compatibility forms),
 * lower case, traditional → simplified, and one canonical form for spaces, brackets and punctuation.
 *
 * Everything that depends only on one code unit is tabulated in `FOLD`, a 64 K `Uint16Array` per
 * thread: the CJK and Hangul letters at module load, every other code unit the first time it is met
 * (computing all 64 K at load made this module's import 95 ms instead of 54 in each thread). `foldUnit(c)` is `c` after NFKC,
 * lower-casing and T→S, with punctuation reduced to six canonical characters. A string whose code
 * units all map to themselves is returned as is, without allocating. `String.prototype.normalize`
 * runs only when a string holds a code unit whose NFKC depends on its neighbours or is longer than one
 * unit (combining marks, Hangul jamo, ligatures such as ﬁ and ㈱, surrogate pairs): rare in merchant
 * data, and beyond what a per-unit table can express.
 *
 * Canonical characters (the output alphabet besides letters and digits):
 * - `(` `)` for every bracket style: () （） [] 【】 〔〕 〖〗 {} ｛｝ 〘〙 〚〛
 * - `-` for dashes, hyphens and tildes (- — – ― － ~ ～ 〜): ranges in `56-58号`, `1~2层`
 * - `#` for ＃ and №-like number signs; `,` for list separators (, ， 、 ; ；)
 * - one space for whitespace and all other punctuation and symbols (· • 。 / & + : 「」《》 …)
 */
import { T2S } from './traditional-to-simplified.js';

/** Marks a code unit whose fold needs the full NFKC of the string it sits in. */
const SLOW = 0xffff;
const SPACE = 0x20;
const OPEN = 0x28; // (
const CLOSE = 0x29; // )
const DASH = 0x2d; // -
const HASH = 0x23; // #
const COMMA = 0x2c; // ,

const OPEN_BRACKETS = '([{（［｛【〔〖〘〚⦅｟';
const CLOSE_BRACKETS = ')]}）］｝】〕〗〙〛⦆｠';
const DASHES = '-~‐‑‒–—―−－～〜〰⁓';
const LIST_SEPARATORS = ',;，；、､﹐﹑﹔';
const NUMBER_SIGNS = '#＃﹟№';
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;

/** Ranges whose NFKC is the identity and which are letters: skip the costly checks while building. */
const IDENTITY_LETTER_RANGES: readonly (readonly [number, number])[] = [
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7a3], // Hangul syllables
];

function punctuationClass(ch: string): number {
  if (OPEN_BRACKETS.includes(ch)) return OPEN;
  if (CLOSE_BRACKETS.includes(ch)) return CLOSE;
  if (DASHES.includes(ch)) return DASH;
  if (LIST_SEPARATORS.includes(ch)) return COMMA;
  if (NUMBER_SIGNS.includes(ch)) return HASH;
  return SPACE;
}

/**
 * Hangul jamo, which NFKC composes with their neighbours into syllables: conjoining jamo, and the
 * compatibility and half-width jamo that NFKC maps to them.
 */
function isConjoiningJamo(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3131 && c <= 0x318e) || (c >= 0xa960 && c <= 0xa97f) ||
    (c >= 0xd7b0 && c <= 0xd7ff) || (c >= 0xffa0 && c <= 0xffdc)
  );
}

/** Fold of one code unit: T→S(lower(NFKC(c))), or a canonical punctuation character, or SLOW. */
function foldOne(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return SLOW; // surrogate pair: NFKC must see the whole code point
  if (isConjoiningJamo(c)) return SLOW; // composes with its neighbours into Hangul syllables
  const raw = String.fromCharCode(c);
  const ascii = c < 0x80;
  if (!ascii && MARK.test(raw)) return SLOW; // combining mark: composes with its neighbour under NFKC
  const nfkc = ascii ? raw : raw.normalize('NFKC');
  if (nfkc.length !== 1) return nfkc.length === 0 ? SPACE : SLOW;
  if (MARK.test(nfkc)) return SLOW; // ﾞ → U+3099, a mark that composes with the kana before it
  const lower = nfkc.toLowerCase();
  if (lower.length !== 1) return SLOW;
  const folded = String.fromCharCode(T2S[lower.charCodeAt(0)]!);
  if (LETTER_OR_NUMBER.test(folded)) return folded.charCodeAt(0);
  // Classify the original too: NFKC turns （ into ( but also ﹐ into , — both land on the same class.
  const cls = punctuationClass(folded);
  return cls !== SPACE ? cls : punctuationClass(raw);
}

/** A FOLD entry not computed yet. No fold is U+FFFE, a noncharacter: foldOne never returns it. */
const UNKNOWN = 0xfffe;

function startFold(): Uint16Array {
  const table = new Uint16Array(0x10000).fill(UNKNOWN);
  for (const [lo, hi] of IDENTITY_LETTER_RANGES) {
    for (let c = lo; c <= hi; c++) table[c] = T2S[c]!;
  }
  table[UNKNOWN] = foldOne(UNKNOWN);
  return table;
}

const FOLD: Uint16Array = startFold();

/** The folded code unit for `c` (see header), or `0xFFFF` when NFKC of the string is needed. */
export function foldUnit(c: number): number {
  const f = FOLD[c]!;
  return f !== UNKNOWN ? f : (FOLD[c] = foldOne(c));
}

/** Reused output buffer; grows to the longest string seen. Module state, but never observable. */
let buffer = new Uint16Array(256);
/** Below this length `String.fromCharCode.apply` beats `TextDecoder` (measured: 90 vs 130 ns at 10). */
const DECODER_MIN_LENGTH = 32;
const decoder = new TextDecoder('utf-16le');

function decode(n: number): string {
  const view = buffer.subarray(0, n);
  return n < DECODER_MIN_LENGTH
    ? String.fromCharCode.apply(null, view as unknown as number[])
    : decoder.decode(view);
}

/**
 * Fold with separators kept: brackets, `-`, `#`, `,` and single spaces survive (spaces collapsed,
 * trimmed). Name and address parsers work on this form, where `传世骨头饭 佳境天城店` still shows
 * its space and `56-58号` its range.
 */
export function foldText(text: string): string {
  return fold(text, false, true);
}

/**
 * The comparable form of any text: {@link foldText} without spaces, `-`, `#` and `,`. Brackets stay,
 * as `(` `)`. Idempotent: `normalizeText(normalizeText(s)) === normalizeText(s)`.
 */
export function normalizeText(text: string): string {
  return fold(text, true, true);
}

/** Fixed-point bound of `slowFold`: one extra round has always been enough in tests. */
const MAX_SLOW_ROUNDS = 4;

/**
 * Full NFKC, then the table. Repeated until stable, because dropping a space or symbol can bring
 * combining marks together in an order that NFKC would reorder: without this, folding twice could
 * differ from folding once.
 */
function slowFold(text: string, compact: boolean): string {
  let out = fold(text.normalize('NFKC'), compact, false);
  for (let round = 0; round < MAX_SLOW_ROUNDS; round++) {
    const next = fold(out.normalize('NFKC'), compact, false);
    if (next === out) break;
    out = next;
  }
  return out;
}

function fold(text: string, compact: boolean, allowSlow: boolean): string {
  const n = text.length;
  // Fast scan: most strings (CJK shop names, ASCII digits) map to themselves and need no copy.
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    const f = foldUnit(c);
    if (f !== c || c === SPACE || (compact && (c === DASH || c === HASH || c === COMMA))) break;
  }
  if (i === n) return text;
  if (buffer.length < n) buffer = new Uint16Array(Math.max(n, buffer.length * 2));
  for (let j = 0; j < i; j++) buffer[j] = text.charCodeAt(j);
  let out = i;
  // True when the last written unit is a space, or nothing was written yet (trims leading spaces).
  let spaced = out === 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    let f = foldUnit(c);
    if (f === SLOW) {
      if (allowSlow) return slowFold(text, compact);
      f = c; // already NFKC: keep the unit as is (a lone mark, an astral character)
    }
    if (f === SPACE) {
      if (!compact && !spaced) {
        buffer[out++] = SPACE;
        spaced = true;
      }
      continue;
    }
    if (compact && (f === DASH || f === HASH || f === COMMA)) continue;
    buffer[out++] = f;
    spaced = false;
  }
  if (out > 0 && buffer[out - 1] === SPACE) out--;
  return decode(out);
}
