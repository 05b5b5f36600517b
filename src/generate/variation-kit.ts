import type { MerchantRecord } from '../record/merchant-record.js';
import type { EntityDraft } from './entity-draft.js';
import type { GeneratorContext } from './generator-context.js';
import type { Prng } from './prng.js';

/**
 * One way a re-registration of the same business differs from its first registration. It returns
 * the tag written to truth.csv, or null when it does not apply to this record (nothing to drop, no
 * bracket to widen). Draft variations rewrite structured parts; text variations rewrite the rendered
 * strings (a typing habit, not a different fact).
 */
export interface Variation {
  readonly weight: number;
  readonly draft?: (d: EntityDraft, prng: Prng, ctx: GeneratorContext) => string | null;
  readonly text?: (r: MerchantRecord, prng: Prng) => string | null;
}

/** A different integer in [0, count), or -1 when there is none. */
export function otherThan(prng: Prng, current: number, count: number): number {
  if (count < 2) return -1;
  const v = prng.int(count - 1);
  return v >= current ? v + 1 : v;
}
