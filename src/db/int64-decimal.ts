/**
 * The decimal text of the signed 64-bit integer whose two's-complement words are `hi` and `lo` (each
 * uint32), as PostgreSQL's bigint reads it, without BigInt (an allocation per call, several times slower
 * on the tens of millions of dedup-index keys of a large run).
 *
 * For the magnitude H·2^32 + L, write 2^32 = 4294·10^6 + 967296: the value is a·10^6 + b with
 * a = H·4294 < 1.9·10^13 and b = H·967296 + L < 4.2·10^15, both exact in a double (< 2^53); carrying
 * b's millions into a gives the digits.
 */
const MILLION = 1_000_000;
const TWO32_MILLIONS = 4294;
const TWO32_REST = 967_296;
const LOW_DIGITS = 6;
const SIGN_BIT = 0x8000_0000;

function magnitude(h: number, l: number): string {
  const a = h * TWO32_MILLIONS;
  const b = h * TWO32_REST + l;
  const carry = Math.floor(b / MILLION);
  const top = a + carry;
  const low = b - carry * MILLION;
  return top === 0 ? String(low) : String(top) + String(low).padStart(LOW_DIGITS, '0');
}

export function int64Decimal(hi: number, lo: number): string {
  const h = hi >>> 0;
  const l = lo >>> 0;
  if ((h & SIGN_BIT) === 0) return magnitude(h, l);
  // Two's complement negation of the 64-bit value: invert both words and add one, carrying into hi.
  const nl = (~l + 1) >>> 0;
  const nh = (~h + (l === 0 ? 1 : 0)) >>> 0;
  return '-' + magnitude(nh, nl);
}
