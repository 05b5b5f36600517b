/**
 * The two sources of a linkage told apart by merchant_id prefix (dp… against gd…): what `eval` and `train`
 * infer from labelled pairs when `--sources` does not name them.
 */

/** The letters (and underscores) a merchant_id starts with. */
export function idPrefix(id: string): string {
  return /^[A-Za-z_]*/.exec(id)![0];
}

/** The most common value; the first seen among equally common ones. */
export function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = '';
  let bestCount = -1;
  for (const [v, c] of counts) if (c > bestCount) [best, bestCount] = [v, c];
  return best;
}

/** The sources of labelled pairs: the most common prefix of each column. */
export function inferSources(a: readonly string[], b: readonly string[]): [string, string] {
  return [mostCommon(a.map(idPrefix)), mostCommon(b.map(idPrefix))];
}
