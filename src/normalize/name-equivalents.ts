/**
 * Equivalent spellings in merchant names, folded to one form before names are compared or keyed, so that
 * two sources writing one name differently agree. Each entry says why its forms are one:
 *
 * - synonyms of one trade, written both ways by the same shops: 网咖 is the newer name of 网吧;
 * - long and short forms of institutions: 农村商业银行 is shortened 农商银行 on signs and maps, and the
 *   农村合作银行 were converted into 农村商业银行 (2011–2016) and still appear under the old name;
 *   公共厕所 is written 公厕;
 * - mixed script: の (Japanese "of") is used for 的 in shop names (蜜菓の蜜制鲜饮).
 *
 * Only whole words with one meaning are listed: no single characters, no brand names, nothing that could
 * turn two different names into one. The table is small and general (not gathered from one city); extend
 * it with the same care, since every entry changes keys (bump KEY_RECIPE_VERSION in
 * candidates/record-keys.ts).
 */

/** [variant, canonical] pairs, longest variants first so that a long form is folded before its parts. */
export const NAME_EQUIVALENTS: readonly (readonly [string, string])[] = [
  ['农村商业银行', '农商银行'],
  ['农村合作银行', '农商银行'],
  ['公共厕所', '公厕'],
  ['网咖', '网吧'],
  ['の', '的'],
];

/** Any listed variant: one test, and most names stop here. */
const ANY_VARIANT = new RegExp(NAME_EQUIVALENTS.map(([v]) => v).join('|'));

/** `name` with every listed variant replaced by its canonical form; the same string when none occurs. */
export function foldEquivalents(name: string): string {
  if (!ANY_VARIANT.test(name)) return name;
  let out = name;
  for (const [variant, canonical] of NAME_EQUIVALENTS) if (out.includes(variant)) out = out.split(variant).join(canonical);
  return out;
}
