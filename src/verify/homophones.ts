/**
 * Do two Chinese characters sound alike? Registrations are typed through pinyin input methods, so a
 * re-registration's typo is usually a homophone (张/章, 鑫/新, 鹊/雀), while two shops whose templated
 * names differ in one character (朱记图文 / 李记图文) differ in sound too. Readings come from pinyin-pro's
 * dictionary (polyphonic characters keep every reading, tones dropped), tabulated once per thread for the
 * CJK Unified Ideographs block (U+4E00–U+9FFF); outside it only identical characters sound alike.
 */
import { polyphonic } from 'pinyin-pro';

const CJK_FIRST = 0x4e00;
const CJK_LAST = 0x9fff;
/** Readings kept per character: more than enough for the polyphonic characters of names and addresses. */
const READINGS = 3;

let table: Uint16Array | null = null;

function build(): Uint16Array {
  const syllables = new Map<string, number>();
  const t = new Uint16Array((CJK_LAST - CJK_FIRST + 1) * READINGS);
  for (let c = CJK_FIRST; c <= CJK_LAST; c++) {
    const readings = polyphonic(String.fromCharCode(c), { toneType: 'none', type: 'array' })[0] ?? [];
    for (let r = 0; r < Math.min(READINGS, readings.length); r++) {
      const s = readings[r]!;
      // Characters without a reading come back as themselves: no syllable.
      if (!/^[a-zü]+$/.test(s)) continue;
      let id = syllables.get(s);
      if (id === undefined) syllables.set(s, (id = syllables.size + 1));
      t[(c - CJK_FIRST) * READINGS + r] = id;
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
