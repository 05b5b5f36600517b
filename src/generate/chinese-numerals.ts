/**
 * Integers written in Chinese numerals as in addresses: 18 → 十八, 105 → 一百零五, 2010 → 二千零一十.
 * Only the range house numbers and floors use (0-99999).
 */
const DIGITS = '零一二三四五六七八九';
const UNITS = ['', '十', '百', '千', '万'];
const MAX_NUMERAL = 99999;

export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > MAX_NUMERAL) throw new RangeError(`toChineseNumeral: ${n} is outside 0..${MAX_NUMERAL}`);
  if (n === 0) return '零';
  const s = String(n);
  let out = '';
  let pendingZero = false;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    const unit = UNITS[s.length - 1 - i]!;
    if (d === 0) {
      pendingZero = out.length > 0;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    // 10-19 read 十, 十一 … without a leading 一.
    out += d === 1 && unit === '十' && out.length === 0 ? unit : DIGITS[d]! + unit;
  }
  return out;
}
