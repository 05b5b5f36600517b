/**
 * String similarity over UTF-16 code-unit ranges of the feature arena, so verification compares records in
 * place without materialising strings. Inputs are short (names ≤ ~30, addresses ≤ ~60 code units): the
 * O(n·m) loops below are bounded and use module-level scratch that only grows (no per-pair allocation).
 */

let used = new Uint8Array(128);
let row = new Int32Array(128);

/**
 * Sørensen–Dice coefficient of the character-bigram multisets of a and b. Strings of one character
 * compare by equality. 1 for equal strings, 0 when either is empty.
 */
export function bigramDice(text: Uint16Array, as: number, ae: number, bs: number, be: number): number {
  const la = ae - as;
  const lb = be - bs;
  if (la === 0 || lb === 0) return 0;
  if (la === lb && rangeEquals(text, as, bs, la)) return 1;
  if (la === 1 || lb === 1) return 0;
  const na = la - 1;
  const nb = lb - 1;
  if (used.length < nb) used = new Uint8Array(nb * 2);
  used.fill(0, 0, nb);
  let common = 0;
  for (let i = 0; i < na; i++) {
    const x0 = text[as + i]!;
    const x1 = text[as + i + 1]!;
    for (let j = 0; j < nb; j++) {
      if (used[j] === 0 && text[bs + j] === x0 && text[bs + j + 1] === x1) {
        used[j] = 1;
        common++;
        break;
      }
    }
  }
  return (2 * common) / (na + nb);
}

/** Length of the longest common substring of a and b (dynamic programming over one row). */
export function longestCommonSubstring(text: Uint16Array, as: number, ae: number, bs: number, be: number): number {
  const la = ae - as;
  const lb = be - bs;
  if (la === 0 || lb === 0) return 0;
  if (row.length < lb + 1) row = new Int32Array((lb + 1) * 2);
  row.fill(0, 0, lb + 1);
  let best = 0;
  for (let i = 1; i <= la; i++) {
    const x = text[as + i - 1]!;
    // Walk j downwards so row[j - 1] still holds the previous row's value.
    for (let j = lb; j >= 1; j--) {
      if (text[bs + j - 1] === x) {
        const v = row[j - 1]! + 1;
        row[j] = v;
        if (v > best) best = v;
      } else {
        row[j] = 0;
      }
    }
  }
  return best;
}

/** True when needle [ns, ne) occurs in haystack [hs, he) (both short: a branch label in an address). */
export function rangeContains(text: Uint16Array, hs: number, he: number, ns: number, ne: number): boolean {
  const n = ne - ns;
  if (n === 0) return false;
  for (let i = hs; i + n <= he; i++) if (text[i] === text[ns] && rangeEquals(text, i, ns, n)) return true;
  return false;
}

export function rangeEquals(text: Uint16Array, as: number, bs: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (text[as + k] !== text[bs + k]) return false;
  return true;
}

/** True when the two ','-joined lists share an element (lists are short: phones, terminal serials). */
export function listsIntersect(text: Uint16Array, as: number, ae: number, bs: number, be: number): boolean {
  const COMMA = 44;
  let i = as;
  while (i < ae) {
    let iEnd = i;
    while (iEnd < ae && text[iEnd] !== COMMA) iEnd++;
    const len = iEnd - i;
    let j = bs;
    while (j < be) {
      let jEnd = j;
      while (jEnd < be && text[jEnd] !== COMMA) jEnd++;
      if (len > 0 && jEnd - j === len && rangeEquals(text, i, j, len)) return true;
      j = jEnd + 1;
    }
    i = iEnd + 1;
  }
  return false;
}
