/**
 * Rows in the text format of PostgreSQL's COPY (https://www.postgresql.org/docs/current/sql-copy.html,
 * "Text Format"): columns separated by a tab, rows ended by a newline, NULL written as `\N`.
 *
 * Inside a value, the docs require a backslash before "the delimiter character, backslash, newline and
 * carriage return" and name `\t`, `\n`, `\r` as their escapes; we write those escapes rather than a
 * backslash followed by the raw byte, which COPY also accepts but which breaks line-based tools. With every
 * backslash doubled, no value can read as `\N` (a literal `\N` string becomes `\\N`) nor as the
 * end-of-data marker `\.`, and an empty string stays an empty field, distinct from NULL.
 */

/** The NULL marker of the text format (COPY's default `NULL '\N'`). */
export const COPY_NULL = '\\N';

/** Characters that need an escape in a text-format value. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value of a text-format row; null and undefined become `\N`. */
export function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return COPY_NULL;
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, (c) => ESCAPES[c]!) : value;
}

/** A number as COPY reads it for real, double precision and integer columns; NaN and null become NULL. */
export function copyNumber(value: number | null | undefined): string {
  return value === null || value === undefined || value !== value ? COPY_NULL : String(value);
}

/**
 * A text[] value: the array literal of https://www.postgresql.org/docs/current/arrays.html#ARRAYS-IO with
 * every element double-quoted (so commas, braces, spaces and the word NULL stay data) and `"` and `\`
 * backslash-escaped inside the quotes; the literal is then escaped once more for COPY.
 */
export function copyTextArray(values: readonly string[] | null | undefined): string {
  if (values === null || values === undefined) return COPY_NULL;
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) literal += ',';
    literal += '"' + values[i]!.replace(/[\\"]/g, '\\$&') + '"';
  }
  return copyText(literal + '}');
}

/** One row: values already formatted by copyText/copyNumber/copyTextArray, joined and terminated. */
export function copyRow(values: readonly string[]): string {
  return values.join('\t') + '\n';
}

/** Backslash sequences of the text format that stand for one character (the docs' table). */
const UNESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
const ESCAPE_SEQUENCE = /\\(?:x([0-9a-fA-F]{1,2})|([0-7]{1,3})|(.))/g;

/**
 * One field of a text-format row as COPY ... TO writes it, decoded; `\N` is null. Handles every escape
 * the docs list (`\b \f \n \r \t \v \\`, octal `\NNN`, hex `\xNN`), although a server only writes the
 * single-letter ones; any other escaped character stands for itself. Octal and hex escapes are bytes:
 * here they are taken as single-byte characters, which is exact for ASCII.
 */
export function decodeCopyText(field: string): string | null {
  if (field === COPY_NULL) return null;
  if (!field.includes('\\')) return field;
  return field.replace(ESCAPE_SEQUENCE, (_, hex: string | undefined, oct: string | undefined, c: string | undefined) => {
    if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
    if (oct !== undefined) return String.fromCharCode(parseInt(oct, 8));
    return UNESCAPES[c!] ?? c!;
  });
}
