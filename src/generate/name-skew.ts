import { GROUP_SIZE_RANGE, KIND_CHAIN } from './entity-kind.js';
import { GENERIC_NAMES } from './place-names.js';
import type { Prng } from './prng.js';
import type { ShopType } from './shop-types.js';
import { SHOP_TYPES } from './shop-types.js';
import { WeightedTable } from './weighted-table.js';

/**
 * How skewed merchant names are. Real registrations follow Zipf's law: a few trade-name characters (鑫, 源,
 * 恒 …) and products (牛肉面馆, 便利店) carry most names, generic names (沙县小吃, 兰州拉面, 水果店) are
 * shop categories registered tens of thousands of times, and chains run hundreds of outlets. One number,
 * `skew` ≥ 0, drives all of it:
 *   - trade-name characters and each shop type's products are drawn with Zipf weights 1/rank^skew over
 *     their listed order (most frequent first);
 *   - a share GENERIC_SHARE_PER_SKEW × skew of ordinary shops are registered under a generic name, drawn
 *     with the same Zipf weights over place-names.ts GENERIC_NAMES (兰州拉面 and 沙县小吃 first);
 *   - chains grow to CHAIN_MAX_PER_SKEW × skew outlets (at least the unskewed 40).
 * Skew 0 draws exactly as the generator did before the option existed (uniform picks, no generic shops,
 * chains of 3-40): a seed's corpus at `low` is byte-identical to the older one. Hard negatives and truth are
 * unchanged in kind and share at every setting: the shops that share a name are distinct entities.
 */
export const SKEW_LEVELS = { low: 0, default: 1, high: 2 } as const;
export type SkewLevel = keyof typeof SKEW_LEVELS;
/** Beyond this the top trade characters take nearly every name: no realistic corpus is that skewed. */
export const MAX_SKEW = 3;
/**
 * Share of ordinary shops with a generic name per unit of skew: 4% at the default. Measured on real map
 * listings, the ten most repeated shop names of a city account for a few percent of its shops.
 */
const GENERIC_SHARE_PER_SKEW = 0.04;
/** Largest chain per unit of skew: 200 outlets at the default, 400 at `high` (瑞幸, 蜜雪冰城 run thousands). */
const CHAIN_MAX_PER_SKEW = 200;

export interface NameSkew {
  readonly skew: number;
  /** Zipf table of place-names.ts TRADE_CHARS, null at skew 0 (uniform picks). */
  readonly tradeChars: WeightedTable<string> | null;
  /** Share of ordinary non-company shops registered under a generic name. */
  readonly genericShare: number;
  readonly genericNames: WeightedTable<readonly [name: string, shopType: string]> | null;
  /** Zipf table of each shop type's products by type key, empty at skew 0. */
  readonly products: ReadonlyMap<string, WeightedTable<string>>;
  /** Entities per chain group: [min, max]. */
  readonly chainSize: readonly [number, number];
}

/** Items weighted 1/rank^exponent in their listed order (rank 1 first). */
export function zipfTable<T>(items: readonly T[], exponent: number): WeightedTable<T> {
  return new WeightedTable(items.map((item, i) => [item, 1 / Math.pow(i + 1, exponent)] as const));
}

/** Entities per chain group at this skew: [min, max]. */
export function chainSizeRange(skew: number): readonly [number, number] {
  const [chainMin, chainMax] = GROUP_SIZE_RANGE[KIND_CHAIN]!;
  return [chainMin, Math.max(chainMax, Math.round(CHAIN_MAX_PER_SKEW * skew))];
}

export function makeNameSkew(skew: number, tradeChars: readonly string[]): NameSkew {
  if (skew === 0) {
    return { skew, tradeChars: null, genericShare: 0, genericNames: null, products: new Map(), chainSize: chainSizeRange(0) };
  }
  return {
    skew,
    tradeChars: zipfTable(tradeChars, skew),
    genericShare: GENERIC_SHARE_PER_SKEW * skew,
    genericNames: zipfTable(GENERIC_NAMES, skew),
    products: new Map(SHOP_TYPES.map((t) => [t.key, zipfTable(t.products, skew)])),
    chainSize: chainSizeRange(skew),
  };
}

/** A product of the shop type: uniform at skew 0, Zipf otherwise. */
export function pickProduct(prng: Prng, type: ShopType, skew: NameSkew): string {
  const table = skew.products.get(type.key);
  return table ? table.pick(prng) : prng.pick(type.products);
}
