/**
 * Half-width ↔ full-width (Unicode "Halfwidth and Fullwidth Forms", U+FF01–U+FF5E mirror ASCII
 * U+0021–U+007E at an offset of 0xFEE0; the ideographic space U+3000 mirrors U+0020). Chinese input
 * methods in full-width mode type digits and Latin letters this way: ７－Ｅｌｅｖｅｎ, １８号.
 */
const FULL_WIDTH_OFFSET = 0xfee0;
const ASCII_FIRST = 0x21;
const ASCII_LAST = 0x7e;
const IDEOGRAPHIC_SPACE = 0x3000;

export function toFullWidth(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= ASCII_FIRST && c <= ASCII_LAST) out += String.fromCharCode(c + FULL_WIDTH_OFFSET);
    else if (c === 0x20) out += String.fromCharCode(IDEOGRAPHIC_SPACE);
    else out += s[i];
  }
  return out;
}

export function toHalfWidth(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= ASCII_FIRST + FULL_WIDTH_OFFSET && c <= ASCII_LAST + FULL_WIDTH_OFFSET) out += String.fromCharCode(c - FULL_WIDTH_OFFSET);
    else if (c === IDEOGRAPHIC_SPACE) out += ' ';
    else out += s[i];
  }
  return out;
}

/** True when `s` holds a character `toFullWidth` would change. */
export function hasHalfWidth(s: string): boolean {
  return /[!-~]/.test(s);
}

/** True when `s` holds a character `toHalfWidth` would change. */
export function hasFullWidth(s: string): boolean {
  return /[\uff01-\uff5e\u3000]/.test(s);
}
