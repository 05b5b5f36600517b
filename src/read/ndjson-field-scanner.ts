/**
 * A schema-aware scanner for one NDJSON record line (RFC 8259 JSON, https://www.rfc-editor.org/rfc/rfc8259):
 * it walks the line's UTF-8 bytes once and decodes only the values of the contract's fields, straight into
 * a reused slot array in `MERCHANT_FIELDS` order, the input that `validateValues` reads. No object per
 * line, no property lookups by key, no strings for keys or for the values of unknown fields.
 *
 * It is a fast path, not a second JSON parser: whenever a line holds anything it does not read exactly as
 * `JSON.parse` + `validateRecord` would, `scan` returns false and the caller parses the line the general
 * way, which alone writes the error messages. That is the case for: a line not starting with `{`; invalid
 * JSON of any kind; an escaped key; an object, or an array holding an object or array, as a contract
 * field's value; nesting deeper than MAX_SKIP_DEPTH in an unknown field; a contract string holding U+FFFD
 * (invalid UTF-8, or the character itself) or, through escapes, a lone surrogate (both are rejects of
 * `badText`, named by the general path). What it does read agrees with JSON.parse by construction:
 * - strings without escapes are the line's bytes decoded as UTF-8; a string with escapes is decoded by
 *   JSON.parse itself, on that string literal alone;
 * - a number of at most MAX_EXACT_DIGITS digits and no exponent is `m / 10^k` with both operands exact,
 *   so IEEE division rounds it exactly as a decimal-to-double conversion does (Clinger, "How to read
 *   floating point numbers accurately", PLDI 1990, the fast path); any other number is `Number(text)`,
 *   the same conversion JSON.parse uses;
 * - a repeated key keeps its last value, as JSON.parse does.
 * Bytes of invalid UTF-8 never hide an ASCII byte (a decoder ends the bad sequence before it), so the
 * structure found on bytes is the structure JSON.parse sees on the decoded text.
 */
import { MERCHANT_FIELDS } from '../record/merchant-record.js';

const FIELD_COUNT = MERCHANT_FIELDS.length;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const LOWER_U = 0x75;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
/** Bytes below this are control characters, which a JSON string may hold only escaped. */
const FIRST_PRINTABLE = 0x20;
/** Bytes from this on belong to a multi-byte UTF-8 sequence (RFC 3629 §3). */
const FIRST_NON_ASCII = 0x80;
/** Lead bytes of 3- and 4-byte UTF-8 sequences start here. */
const LEAD_OF_3 = 0xe0;
const LEAD_OF_4 = 0xf0;
/** Hex digits of a `\uXXXX` escape. */
const UNICODE_ESCAPE_DIGITS = 4;
/**
 * Digits up to which a decimal's digits fit a double exactly (10^15 < 2^53) and its power of ten too
 * (10^15 < 10^22, the largest exact one): the range of the exact fast path.
 */
const MAX_EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_EXACT_DIGITS + 1 }, (_, k) => 10 ** k);
/** Nesting an unknown field's value may have before the general parser takes the line: real exports nest little. */
const MAX_SKIP_DEPTH = 32;
const REPLACEMENT_CHARACTER = '\uFFFD';

/** Returned by the value readers for anything the fast path leaves to the general parser. */
const GIVE_UP: unique symbol = Symbol('give up');

/** Buffer's own slice decoders: what `toString(encoding, start, end)` calls, without its argument checks. */
interface SliceDecoders {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

export class NdjsonFieldScanner {
  /** The values of the last line scanned, in `MERCHANT_FIELDS` order; undefined for an absent field. */
  readonly values: unknown[] = new Array<unknown>(FIELD_COUNT).fill(undefined);
  /** UTF-8 bytes of each field's input key, in `MERCHANT_FIELDS` order. */
  private readonly keys: Uint8Array[];
  /** False when the keys cannot be matched on bytes (see the constructor): every line goes the general way. */
  readonly enabled: boolean;
  private bytes: Buffer = Buffer.alloc(0);
  /** Where the line starts, and the line as Latin-1 once an ASCII value needs it ('' until then). */
  private lineStart = 0;
  private latin1 = '';
  private pos = 0;
  private end = 0;
  /** The field whose key is tried first: the one after the last key found, as lines repeat one key order. */
  private expected = 0;

  /** `keys`: the input key of every contract field, in `MERCHANT_FIELDS` order (`columnKeys`). */
  constructor(keys: readonly string[]) {
    this.keys = keys.map((k) => Buffer.from(k, 'utf8'));
    // JSON.parse's object answers a missing key from Object.prototype (`constructor`, `__proto__` …), and a
    // key that is not well-formed text has no UTF-8 bytes to compare; two fields read from one key would
    // need both slots filled. All three are left to the general path.
    this.enabled =
      new Set(keys).size === keys.length &&
      keys.every((k) => !(k in Object.prototype) && (k as string & { isWellFormed(): boolean }).isWellFormed());
  }

  /**
   * Reads the JSON object in `bytes[start, end)` (one line, without its line end) into `values`. Returns
   * false, with `values` in no particular state, when the line must be parsed by the general path.
   */
  scan(bytes: Buffer, start: number, end: number): boolean {
    if (!this.enabled || bytes[start] !== OPEN_BRACE) return false;
    const v = this.values;
    for (let i = 0; i < FIELD_COUNT; i++) v[i] = undefined;
    this.bytes = bytes;
    this.end = end;
    this.lineStart = start;
    this.latin1 = '';
    this.pos = start + 1;
    this.skipWhitespace();
    if (bytes[this.pos] === CLOSE_BRACE) {
      this.pos++;
    } else {
      for (;;) {
        if (bytes[this.pos] !== QUOTE) return false;
        const field = this.readKey();
        if (field === -2) return false;
        this.skipWhitespace();
        if (bytes[this.pos] !== COLON) return false;
        this.pos++;
        this.skipWhitespace();
        if (field === -1) {
          if (!this.skipValue(0)) return false;
        } else {
          const value = this.readValue();
          if (value === GIVE_UP) return false;
          v[field] = value;
        }
        this.skipWhitespace();
        const c = bytes[this.pos];
        this.pos++;
        if (c === CLOSE_BRACE) break;
        if (c !== COMMA) return false;
        this.skipWhitespace();
      }
    }
    this.skipWhitespace();
    return this.pos === end;
  }

  private skipWhitespace(): void {
    const b = this.bytes;
    let p = this.pos;
    const end = this.end;
    while (p < end) {
      const c = b[p]!;
      if (c !== SPACE && c !== TAB && c !== CR && c !== LF) break;
      p++;
    }
    this.pos = p;
  }

  /** The field index of the key at `pos` (a quote), -1 for a key of no contract field, -2 to give up. */
  private readKey(): number {
    const b = this.bytes;
    const from = this.pos + 1;
    const end = this.end;
    // The key where the last line had it: compared in place, without first looking for its end.
    const guess = this.keys[this.expected]!;
    const n = guess.length;
    if (from + n < end && b[from + n] === QUOTE) {
      let j = 0;
      while (j < n && guess[j] === b[from + j]) j++;
      if (j === n) {
        const field = this.expected;
        this.expected = field + 1 === FIELD_COUNT ? 0 : field + 1;
        this.pos = from + n + 1;
        return field;
      }
    }
    let p = from;
    for (;;) {
      if (p >= end) return -2;
      const c = b[p]!;
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < FIRST_PRINTABLE) return -2;
      p++;
    }
    this.pos = p + 1;
    const length = p - from;
    const keys = this.keys;
    const first = this.expected;
    for (let n = 0, i = first; n < FIELD_COUNT; n++, i = i + 1 === FIELD_COUNT ? 0 : i + 1) {
      const k = keys[i]!;
      if (k.length !== length) continue;
      let j = 0;
      while (j < length && k[j] === b[from + j]) j++;
      if (j === length) {
        this.expected = i + 1 === FIELD_COUNT ? 0 : i + 1;
        return i;
      }
    }
    return -1;
  }

  /** A contract field's value: a string, number, literal, or an array of those. */
  private readValue(): unknown {
    const c = this.bytes[this.pos];
    if (c === QUOTE) return this.readString();
    if (c === MINUS || (c !== undefined && c >= DIGIT_0 && c <= DIGIT_9)) return this.readNumber();
    if (c === OPEN_BRACKET) return this.readArray();
    return this.readLiteral();
  }

  private readLiteral(): null | boolean | typeof GIVE_UP {
    const b = this.bytes;
    const p = this.pos;
    // `null` is the common one (an absent optional field): four bytes compared without a loop.
    if (p + 4 <= this.end && b[p] === 0x6e && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c) {
      this.pos = p + 4;
      return null;
    }
    if (this.matches('true')) return true;
    if (this.matches('false')) return false;
    return GIVE_UP;
  }

  /** Consumes `word` when the bytes at `pos` spell it. */
  private matches(word: string): boolean {
    const b = this.bytes;
    const p = this.pos;
    if (p + word.length > this.end) return false;
    for (let i = 0; i < word.length; i++) if (b[p + i] !== word.charCodeAt(i)) return false;
    this.pos = p + word.length;
    return true;
  }

  private readArray(): unknown[] | typeof GIVE_UP {
    const b = this.bytes;
    const out: unknown[] = [];
    this.pos++;
    this.skipWhitespace();
    if (b[this.pos] === CLOSE_BRACKET) {
      this.pos++;
      return out;
    }
    for (;;) {
      const c = b[this.pos];
      // An element that is itself an array or object: validation names only its type; rare enough to leave.
      if (c === OPEN_BRACKET || c === OPEN_BRACE) return GIVE_UP;
      const value = this.readValue();
      if (value === GIVE_UP) return GIVE_UP;
      out.push(value);
      this.skipWhitespace();
      const d = b[this.pos];
      this.pos++;
      if (d === CLOSE_BRACKET) return out;
      if (d !== COMMA) return GIVE_UP;
      this.skipWhitespace();
    }
  }

  /** The string at `pos` (a quote). */
  private readString(): string | typeof GIVE_UP {
    const b = this.bytes;
    const from = this.pos + 1;
    const end = this.end;
    let p = from;
    let ascii = true;
    let escaped = false;
    for (;;) {
      if (p >= end) return GIVE_UP;
      const c = b[p]!;
      if (c >= FIRST_NON_ASCII) {
        // A lead byte's continuation bytes are skipped unread: if they are not continuation bytes after all, the
        // sequence decodes to U+FFFD and the string is given up below, whatever was skipped.
        ascii = false;
        p += c >= LEAD_OF_4 ? 4 : c >= LEAD_OF_3 ? 3 : 2;
        continue;
      }
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        // The escaped byte is ASCII (or the escape is invalid, which JSON.parse will say): never a quote that ends the string.
        p += 2;
        continue;
      }
      if (c < FIRST_PRINTABLE) return GIVE_UP;
      p++;
    }
    this.pos = p + 1;
    const d = b as unknown as SliceDecoders;
    if (!escaped) {
      if (ascii) return this.ascii(from, p);
      const s = d.utf8Slice(from, p);
      return s.includes(REPLACEMENT_CHARACTER) ? GIVE_UP : s;
    }
    return unescape(d.utf8Slice(from - 1, p + 1));
  }

  private readNumber(): number | typeof GIVE_UP {
    const b = this.bytes;
    const from = this.pos;
    const end = this.end;
    let p = from;
    const negative = b[p] === MINUS;
    if (negative) p++;
    let mantissa = 0;
    let digits = 0;
    let c = p < end ? b[p]! : 0;
    if (c === DIGIT_0) {
      p++;
      digits = 1;
    } else if (c > DIGIT_0 && c <= DIGIT_9) {
      while (p < end && (c = b[p]!) >= DIGIT_0 && c <= DIGIT_9) {
        mantissa = mantissa * 10 + (c - DIGIT_0);
        digits++;
        p++;
      }
    } else {
      return GIVE_UP;
    }
    let fraction = 0;
    if (p < end && b[p] === DOT) {
      p++;
      const at = p;
      while (p < end && (c = b[p]!) >= DIGIT_0 && c <= DIGIT_9) {
        mantissa = mantissa * 10 + (c - DIGIT_0);
        p++;
      }
      fraction = p - at;
      if (fraction === 0) return GIVE_UP;
    }
    let exact = digits + fraction <= MAX_EXACT_DIGITS;
    if (p < end && (b[p] === LOWER_E || b[p] === UPPER_E)) {
      p++;
      if (p < end && (b[p] === PLUS || b[p] === MINUS)) p++;
      const at = p;
      while (p < end && (c = b[p]!) >= DIGIT_0 && c <= DIGIT_9) p++;
      if (p === at) return GIVE_UP;
      exact = false;
    }
    this.pos = p;
    if (!exact) return Number(this.ascii(from, p));
    const value = fraction === 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction]!;
    return negative ? -value : value;
  }

  /**
   * The ASCII text of `bytes[from, to)`. One Latin-1 decode of the whole line (a copy) and a slice of it
   * per value cost less than a native call per value, the most of a record's values being ASCII codes.
   */
  private ascii(from: number, to: number): string {
    if (this.latin1 === '') this.latin1 = (this.bytes as unknown as SliceDecoders).latin1Slice(this.lineStart, this.end);
    return this.latin1.slice(from - this.lineStart, to - this.lineStart);
  }

  /** Steps over the value at `pos` of a key no field reads, checking that it is valid JSON. */
  private skipValue(depth: number): boolean {
    const b = this.bytes;
    const c = b[this.pos];
    if (c === QUOTE) return this.skipString();
    if (c === MINUS || (c !== undefined && c >= DIGIT_0 && c <= DIGIT_9)) return this.readNumber() !== GIVE_UP;
    if (c !== OPEN_BRACKET && c !== OPEN_BRACE) return this.readLiteral() !== GIVE_UP;
    if (depth >= MAX_SKIP_DEPTH) return false;
    const close = c === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_BRACE;
    this.pos++;
    this.skipWhitespace();
    if (b[this.pos] === close) {
      this.pos++;
      return true;
    }
    for (;;) {
      if (close === CLOSE_BRACE) {
        if (b[this.pos] !== QUOTE || !this.skipString()) return false;
        this.skipWhitespace();
        if (b[this.pos] !== COLON) return false;
        this.pos++;
        this.skipWhitespace();
      }
      if (!this.skipValue(depth + 1)) return false;
      this.skipWhitespace();
      const d = b[this.pos];
      this.pos++;
      if (d === close) return true;
      if (d !== COMMA) return false;
      this.skipWhitespace();
    }
  }

  /** Steps over the string at `pos`, checking its escapes. Its text is not needed, so its UTF-8 is not checked. */
  private skipString(): boolean {
    const b = this.bytes;
    const end = this.end;
    let p = this.pos + 1;
    for (;;) {
      if (p >= end) return false;
      const c = b[p]!;
      if (c === QUOTE) break;
      if (c < FIRST_PRINTABLE) return false;
      if (c === BACKSLASH) {
        const e = p + 1 < end ? b[p + 1]! : 0;
        if (e === LOWER_U) {
          for (let i = 0; i < UNICODE_ESCAPE_DIGITS; i++) if (!isHexDigit(p + 2 + i < end ? b[p + 2 + i]! : 0)) return false;
          p += 2 + UNICODE_ESCAPE_DIGITS;
          continue;
        }
        if (!SIMPLE_ESCAPES.has(e)) return false;
        p += 2;
        continue;
      }
      p++;
    }
    this.pos = p + 1;
    return true;
  }
}

/** The characters a backslash may escape besides `u` (RFC 8259 §7). */
const SIMPLE_ESCAPES = new Set([...'"\\/bfnrt'].map((ch) => ch.charCodeAt(0)));

function isHexDigit(c: number): boolean {
  return (c >= DIGIT_0 && c <= DIGIT_9) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/**
 * A string literal with escapes, decoded by JSON.parse so every escape means what it means there; GIVE_UP
 * for an invalid one, and for text `badText` would refuse (U+FFFD, a lone surrogate), whose reject the
 * general path writes.
 */
function unescape(literal: string): string | typeof GIVE_UP {
  let s: unknown;
  try {
    s = JSON.parse(literal);
  } catch {
    return GIVE_UP;
  }
  if (typeof s !== 'string' || s.includes(REPLACEMENT_CHARACTER) || !(s as string & { isWellFormed(): boolean }).isWellFormed()) return GIVE_UP;
  return s;
}
