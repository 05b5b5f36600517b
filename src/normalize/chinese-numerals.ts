/**
 * Chinese numerals → numbers, in the two ways addresses write them:
 * - positional, with units: 十八 = 18, 二十三 = 23, 一百零八 = 108, 两千 = 2000, 一万二千 = 12000;
 *   financial forms (壹 贰 叁 … 拾 佰 仟) too;
 * - digit by digit: 一〇八 = 108, 二零二三 = 2023.
 */

/** Digit characters → value. 〇 and 零 are zero; 两 is "two" before a unit. */
const DIGITS: ReadonlyMap<string, number> = new Map([
  ['〇', 0], ['零', 0], ['一', 1], ['二', 2], ['两', 2], ['三', 3], ['四', 4], ['五', 5],
  ['六', 6], ['七', 7], ['八', 8], ['九', 9],
  ['壹', 1], ['贰', 2], ['叁', 3], ['肆', 4], ['伍', 5], ['陆', 6], ['柒', 7], ['捌', 8], ['玖', 9],
]);
/** Units below 万, each multiplying the digit before it. */
const SMALL_UNITS: ReadonlyMap<string, number> = new Map([
  ['十', 10], ['拾', 10], ['百', 100], ['佰', 100], ['千', 1000], ['仟', 1000],
]);
const WAN = '万';
const WAN_VALUE = 10_000;

/** The value of a whole Chinese numeral, or NaN when `text` is not one. */
export function parseChineseNumeral(text: string): number {
  if (text.length === 0) return NaN;
  let positional = false;
  for (const ch of text) {
    if (SMALL_UNITS.has(ch) || ch === WAN) positional = true;
    else if (!DIGITS.has(ch)) return NaN;
  }
  if (!positional) {
    // Digit by digit: 一〇八 → 108.
    let value = 0;
    for (const ch of text) value = value * 10 + DIGITS.get(ch)!;
    return value;
  }
  let total = 0; // completed 万 groups
  let section = 0; // value below 万
  let digit = -1; // pending digit, -1 when none
  let lastUnit = Infinity; // units must decrease within a section: 三百五十, never 五十三百
  for (const ch of text) {
    const d = DIGITS.get(ch);
    if (d !== undefined) {
      if (digit >= 0 && d !== 0 && digit !== 0) return NaN; // two digits in a row: 二三十
      digit = d;
      continue;
    }
    if (ch === WAN) {
      section += digit > 0 ? digit : 0;
      if (section === 0 || total > 0) return NaN;
      total = section * WAN_VALUE;
      section = 0;
      digit = -1;
      lastUnit = Infinity;
      continue;
    }
    const unit = SMALL_UNITS.get(ch)!;
    if (unit >= lastUnit) return NaN;
    // A unit without a digit before it counts once: 十八 = 18, 一千零十 = 1010.
    section += (digit > 0 ? digit : 1) * unit;
    digit = -1;
    lastUnit = unit;
  }
  if (digit > 0) section += digit;
  return total + section;
}

/** A run of numeral characters, as found in address text. */
const NUMERAL_RUN = /[〇零一二三四五六七八九两十百千万]+/g;
const HAS_NUMERAL = /[〇零一二三四五六七八九两十百千万]/;
/**
 * Characters after which a numeral is an address number: 号 楼 层 室 幢 栋 座 单(元) 组 弄 巷 期 排 户 门
 * 区, the Latin f of `3f` and `#` (二十二# = 22号). Elsewhere a numeral is part of a name (三墩镇, 建设一路, 五一广场) and stays.
 */
const ADDRESS_UNIT_AFTER = new Set('号楼层室幢栋座单组弄巷期排户门区f#');
/** 第 before a numeral makes it an ordinal: 第三小学 → 第3小学. */
const ORDINAL_BEFORE = '第';

/**
 * Replace the Chinese numerals of an address by digits where they are address numbers: before an
 * address unit (十八号 → 18号, 二十三楼 → 23楼), after 第, or written digit by digit with 〇/零 (一〇八 → 108).
 */
export function replaceChineseNumerals(text: string): string {
  if (!HAS_NUMERAL.test(text)) return text;
  return text.replace(NUMERAL_RUN, (run: string, offset: number) => {
    const after = text.charAt(offset + run.length);
    const before = offset > 0 ? text.charAt(offset - 1) : '';
    const isNumber =
      ADDRESS_UNIT_AFTER.has(after) || before === ORDINAL_BEFORE || (run.length > 1 && /[〇零]/.test(run));
    if (!isNumber) return run;
    const value = parseChineseNumeral(run);
    return Number.isNaN(value) ? run : String(value);
  });
}
