/**
 * Do two Chinese characters sound alike? Registrations are typed through pinyin input methods, so a
 * re-registration's typo is usually a homophone (张/章, 鑫/新, 鹊/雀), while two shops whose templated
 * names differ in one character (朱记图文 / 李记图文) differ in sound too. Readings come from pinyin-pro's
 * dictionary (polyphonic characters keep every reading, tones dropped), extracted for the CJK Unified
 * Ideographs block (U+4E00–U+9FFF) into homophone-data.ts and tabulated once per thread; outside the
 * block only identical characters sound alike.
 */
import { READINGS_PER_CHARACTER as READINGS, SYLLABLE_CHARACTERS } from './homophone-data.js';

const CJK_FIRST = 0x4e00;
const CJK_LAST = 0x9fff;

let table: Uint16Array | null = null;

/** Per character, READINGS slots of syllable ids (1-based), filled from the first; 0 is an empty slot. */
function build(): Uint16Array {
  const t = new Uint16Array((CJK_LAST - CJK_FIRST + 1) * READINGS);
  for (let id = 1; id <= SYLLABLE_CHARACTERS.length; id++) {
    const chars = SYLLABLE_CHARACTERS[id - 1]![1];
    for (let i = 0; i < chars.length; i++) {
      const at = (chars.charCodeAt(i) - CJK_FIRST) * READINGS;
      let r = 0;
      while (t[at + r] !== 0) r++;
      t[at + r] = id;
    }
  }
  return t;
}

/** True when `a` and `b` (UTF-16 code units) are the same character or share a reading. */
export function soundAlike(a: number, b: number): boolean {
  if (a === b) return true;
  if (a < CJK_FIRST || a > CJK_LAST || b < CJK_FIRST || b > CJK_LAST) return false;
  const t = (table ??= build());
  const ia = (a - CJK_FIRST) * READINGS;
  const ib = (b - CJK_FIRST) * READINGS;
  for (let x = 0; x < READINGS; x++) {
    const s = t[ia + x]!;
    if (s === 0) break;
    for (let y = 0; y < READINGS; y++) if (t[ib + y] === s) return true;
  }
  return false;
}
