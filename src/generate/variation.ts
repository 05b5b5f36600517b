import type { MerchantRecord } from '../record/merchant-record.js';
import { renderRecord, type EntityDraft } from './entity-draft.js';
import type { GeneratorContext } from './generator-context.js';
import type { Prng } from './prng.js';
import { VARIATIONS } from './variation-catalog.js';
import type { Variation } from './variation-kit.js';
import { WeightedTable } from './weighted-table.js';

/**
 * A re-registration: the original draft with one to four variations. Real duplicates rarely differ in
 * a single field only, and rarely in everything; the count distribution says how many.
 */
const VARIATION_TABLE = new WeightedTable(VARIATIONS.map((v) => [v, v.weight] as const));
/** P(1), P(2), P(3), P(4) variations. */
const COUNT_TABLE = new WeightedTable([[1, 35], [2, 35], [3, 20], [4, 10]] as const);
/** Draws before giving up on reaching the count (inapplicable variations are redrawn). */
const MAX_DRAWS = 24;
/** Applies when nothing else did: a re-registration through another agent always differs in something. */
const FALLBACK_TAG = 'channel_changed';

/** Renders `d` as a re-registration; the applied tags are pushed onto `tags`. Mutates `d`. */
export function renderVariant(d: EntityDraft, merchantId: string, prng: Prng, ctx: GeneratorContext, tags: string[]): MerchantRecord {
  const want = COUNT_TABLE.pick(prng);
  const chosen = new Set<Variation>();
  const pendingText: Variation[] = [];
  for (let draws = 0; draws < MAX_DRAWS && tags.length + pendingText.length < want; draws++) {
    const v = VARIATION_TABLE.pick(prng);
    if (chosen.has(v)) continue;
    chosen.add(v);
    if (v.text) pendingText.push(v);
    else {
      const tag = v.draft!(d, prng, ctx);
      if (tag) tags.push(tag);
    }
  }
  let record = renderRecord(d, merchantId);
  for (const v of pendingText) {
    const tag = v.text!(record, prng);
    if (tag) tags.push(tag);
  }
  if (tags.length === 0) {
    let c = d.channel;
    while (c === d.channel) c = ctx.channels.pick(prng);
    d.channel = c;
    record = renderRecord(d, merchantId);
    tags.push(FALLBACK_TAG);
  }
  return record;
}
