/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 * Format: 18 characters from a 31-character alphabet (digits and upper-case Latin letters without
 * I, O, S, V, Z): registration authority (1), organisation type (1), administrative division code
 * (6 digits, GB/T 2260), organisation body (9), check character (1).
 * Check character: with the characters' alphabet indices a₁…a₁₇ and weights Wᵢ = 3^(i-1) mod 31,
 * C = 31 − (Σ aᵢ·Wᵢ mod 31), and C = 31 is written as index 0.
 */

/** The GB 32100-2015 alphabet, in index order. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const MODULUS = 31;
export const USCC_LENGTH = 18;
const BODY_LENGTH = USCC_LENGTH - 1;
/** The administrative division code occupies positions 3–8 (0-based 2..7) and is all digits. */
const DIVISION_START = 2;
const DIVISION_END = 8;

/** 3^i mod 31 for i = 0..16: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28. */
const WEIGHTS: readonly number[] = Array.from({ length: BODY_LENGTH }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % MODULUS;
  return w;
});

/** Code unit → alphabet index, -1 outside the alphabet. */
const INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) INDEX[USCC_ALPHABET.charCodeAt(i)] = i;

/** The check character for the first 17 characters, or null when `body17` is not 17 alphabet characters. */
export function usccCheckChar(body17: string): string | null {
  if (body17.length !== BODY_LENGTH) return null;
  let sum = 0;
  for (let i = 0; i < BODY_LENGTH; i++) {
    const c = body17.charCodeAt(i);
    const v = c < 128 ? INDEX[c]! : -1;
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  const check = (MODULUS - (sum % MODULUS)) % MODULUS;
  return USCC_ALPHABET[check]!;
}

/** True for an 18-character code (already upper-case, no spaces) with digits at 3–8 and the right check character. */
export function isValidUscc(code: string): boolean {
  if (code.length !== USCC_LENGTH) return false;
  for (let i = DIVISION_START; i < DIVISION_END; i++) {
    const c = code.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return usccCheckChar(code.slice(0, BODY_LENGTH)) === code[BODY_LENGTH];
}
