/**
 * RFC 4180 field and row formatting for every CSV the tool writes (corpus, pairs, clusters, rejects).
 * A field is quoted only when it must be: it holds a comma, a double quote, CR or LF, or starts or ends
 * with a space (spreadsheets trim those). Null and undefined are written as the empty field.
 */

const NEEDS_QUOTES = /[",\r\n]|^ | $/;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? value : String(value);
  if (!NEEDS_QUOTES.test(s)) return s;
  return '"' + s.replace(/"/g, '""') + '"';
}

/** One CSV line, terminated by LF. */
export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    out += csvField(values[i]);
  }
  return out + '\n';
}
