/**
 * CSV text written straight into UTF-8 bytes: the large result files' rows (csv-rows.ts) are made of store
 * text (UTF-16 code units), numbers and a few fixed words. Building them as JS strings and encoding the
 * result cost more than formatting itself (a cons-string per field, then one flattening and encoding pass),
 * and every merchant_id became a string on the way. Quoting follows csv-format.ts's csvField exactly.
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;

export class ByteRows {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
  }

  /** The bytes written so far, as a buffer of their own (it can be moved to another thread). */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  byte(b: number): void {
    if (this.length === this.buf.length) this.grow(1);
    this.buf[this.length++] = b;
  }

  /** A string that is ASCII by construction (digits, fixed words): one byte per code unit. */
  ascii(s: string): void {
    if (this.length + s.length > this.buf.length) this.grow(s.length);
    const buf = this.buf;
    let at = this.length;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.length = at;
  }

  /** A string as a CSV field (csvField), in UTF-8. */
  csvString(s: string): void {
    let quote = s.length > 0 && (s.charCodeAt(0) === SPACE || s.charCodeAt(s.length - 1) === SPACE);
    for (let i = 0; i < s.length && !quote; i++) quote = needsQuotes(s.charCodeAt(i));
    if (quote) this.byte(QUOTE);
    this.units(s, 0, s.length, quote);
    if (quote) this.byte(QUOTE);
  }

  /** Code units units[from, to) (a store's text) as a CSV field (csvField), in UTF-8. */
  csvUnits(units: Uint16Array, from: number, to: number): void {
    let quote = to > from && (units[from] === SPACE || units[to - 1] === SPACE);
    for (let i = from; i < to && !quote; i++) quote = needsQuotes(units[i]!);
    if (quote) this.byte(QUOTE);
    this.units(units, from, to, quote);
    if (quote) this.byte(QUOTE);
  }

  /** UTF-16 code units as UTF-8, as TextEncoder writes them (a lone surrogate becomes U+FFFD); `"` doubled when `escape`. */
  private units(text: string | Uint16Array, from: number, to: number, escape: boolean): void {
    // At most 3 bytes a code unit (a surrogate pair: 4 bytes for 2), 2 for a doubled quote.
    if (this.length + 3 * (to - from) > this.buf.length) this.grow(3 * (to - from));
    const buf = this.buf;
    const str = typeof text === 'string' ? text : null;
    const arr = str === null ? (text as Uint16Array) : null;
    let at = this.length;
    for (let i = from; i < to; i++) {
      const c = str !== null ? str.charCodeAt(i) : arr![i]!;
      if (c < 0x80) {
        buf[at++] = c;
        if (c === QUOTE && escape) buf[at++] = QUOTE;
      } else if (c < 0x800) {
        buf[at++] = 0xc0 | (c >> 6);
        buf[at++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < to ? (str !== null ? str.charCodeAt(i + 1) : arr![i + 1]!) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          buf[at++] = 0xf0 | (cp >> 18);
          buf[at++] = 0x80 | ((cp >> 12) & 0x3f);
          buf[at++] = 0x80 | ((cp >> 6) & 0x3f);
          buf[at++] = 0x80 | (cp & 0x3f);
          i++;
        } else {
          buf[at++] = 0xef;
          buf[at++] = 0xbf;
          buf[at++] = 0xbd;
        }
      } else {
        buf[at++] = 0xe0 | (c >> 12);
        buf[at++] = 0x80 | ((c >> 6) & 0x3f);
        buf[at++] = 0x80 | (c & 0x3f);
      }
    }
    this.length = at;
  }

  private grow(more: number): void {
    // Room for `more` bytes, plus slack for the doubled quotes of an escaped field.
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + 2 * more + 16));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }
}

function needsQuotes(c: number): boolean {
  return c === QUOTE || c === COMMA || c === CR || c === LF;
}
