/**
 * How each key kind's buckets are turned into candidate pairs: every pair of a bucket of at most `cap`
 * members, a sorted neighbourhood of `window` neighbours per order above it (bucket-pairs.ts).
 *
 * Identifier keys use the scan's bucket_cap and window. Name and address keys are dense: a name stem
 * (X记牛肉面馆, 兰州拉面, 包子铺) or a street number (a mall, an office tower) is shared by more shops of a city
 * the more shops the city holds, so with the scan's cap their buckets, and the candidates per record, grow
 * with the corpus (4.4 candidates a record at 250k, 8.1 at 1M, 14.8 at 4M on the generator's default skew).
 * Such a key is weak evidence on its own: two shops of one name, or at one address, are one shop only when
 * something else agrees, and the neighbourhood orders (position, the name's min-hash, the street) put
 * exactly those next to each other. So dense buckets compare all pairs only while small, and above that
 * each member meets a few neighbours per order: bounded work per record however dense the city gets. The
 * limits never exceed the scan's own bucket_cap and window.
 *
 * Bounded was not yet flat: a capped bucket paired every member with its next neighbours however far off
 * they were, and a city that fills up caps more buckets, so candidates per record still rose with the
 * corpus (1.81 at 250k, 2.58 at 1M, 4.01 at 4M on the default skew). Dense keys therefore pair only near
 * records (`reach`): never two whose positions are known and over a kilometre apart, and in a capped
 * bucket only neighbours near in the order walked (block-partition.ts). With those limits: 0.90 /
 * 1.00 / 1.20 candidates a record at 250k / 1M / 4M, 49 of 1.47M true pairs fewer found at 4M (F1 99.96
 * unchanged), the same recall on the real Hangzhou data.
 *
 * Near was still measured by the kilometre wherever it said nothing about the pair, and the number of
 * records within a kilometre is what grows as a city fills. So: a capped bucket skips the order its key
 * fixes, and a capped NameCell bucket the position order (`skips`, below); records without a position are
 * paired by an equal name only where the bucket's
 * names differ (bucket-pairs.ts); and lookalike names (NameBand, NameCell) pair only records on one spot
 * (`Reach.Spot`). Candidates a record 0.76 / 0.82 / 0.87 at 250k / 1M / 4M (0.85 / 0.87 / 0.95 at the
 * highest skew); 3 of 1.47M true pairs fewer found at 4M; on Hangzhou 28% fewer candidates, the same pairs.
 */
import { KEY_KIND_COUNT, KeyKind } from './key-kinds.js';

export interface BucketLimits {
  /** Largest bucket whose pairs are all emitted. */
  cap: number;
  /** Neighbours each member of a larger bucket is paired with, per neighbourhood order. */
  window: number;
}

/**
 * How near two records of a dense key's bucket must stand to be paired (bucket-pairs.ts RecordPlaces):
 * anywhere (identifier keys), within a kilometre (the area a shop's listings spread over after datum
 * conversion), or on one spot (~300 m: the neighbour distance of the position order).
 */
export const Reach = { Any: 0, Area: 1, Spot: 2 } as const;
export type Reach = (typeof Reach)[keyof typeof Reach];

/** What a neighbourhood order of capped buckets sorts by first (block-partition.ts blockRecordsOf). */
export const OrderFacet = { Position: 0, Name: 1, Street: 2 } as const;
export type OrderFacet = (typeof OrderFacet)[keyof typeof OrderFacet];

export interface DenseKeyLimits extends BucketLimits {
  reach: Reach;
  /** Orders a capped bucket of the kind does not walk. */
  skips: readonly OrderFacet[];
}

/**
 * The dense kinds' limits. A NameBand bucket holds names that only look alike (a shared band of four
 * min-hashes): one neighbour per order. NameCity (one name in one city) holds more likely duplicates:
 * two. NameCell (one distinctive bigram in one 1 km cell) is local already: one. AddressCity (one road
 * and number in one city) holds the shops of one building, among them a shop's second registration under
 * another name: two, and all pairs up to four (it was three and eight before the near rule; on the real
 * Hangzhou data the smaller limits lost no labelled pair and 21% of the candidates).
 *
 * Skips: a capped bucket does not walk the order its own key fixes: the name order of a NameCity bucket (one
 * name) and the street order of an AddressCity one (one street number). Each would only repeat the position
 * order with a wider radius, and chain the records without a position in input order. Nor does a capped
 * NameCell bucket walk the position order: more than four shops of one 1 km cell share its bigram, a common
 * trade name there (鑫源, 李记), so standing near each other no longer singles out a pair; its members meet
 * records of a similar name (the min-hash order) or at the same street number. On the generator's highest
 * skew that took 0.12 of the 1.06 candidates a record at 4M, none of them a true pair; on Hangzhou 5% of the
 * candidates and no labelled pair.
 *
 * Reach: an equal name or one building pairs records a kilometre apart; names that only look alike
 * (NameBand) or share one bigram (NameCell) pair records on one spot. Those two are the weakest name
 * evidence, and the number of lookalikes within a kilometre is what grew with a crowded city. On the real
 * Hangzhou data no labelled pair that only they found and verification accepted stood farther apart than
 * 300 m (two they found 400 m and 800 m apart were never accepted).
 */
export const DENSE_KEY_LIMITS: Readonly<Partial<Record<KeyKind, DenseKeyLimits>>> = {
  [KeyKind.NameBand]: { cap: 2, window: 1, reach: Reach.Spot, skips: [] },
  [KeyKind.NameCity]: { cap: 4, window: 2, reach: Reach.Area, skips: [OrderFacet.Name] },
  [KeyKind.NameCell]: { cap: 4, window: 1, reach: Reach.Spot, skips: [OrderFacet.Position] },
  [KeyKind.AddressCity]: { cap: 4, window: 2, reach: Reach.Area, skips: [OrderFacet.Street] },
};

/**
 * Per key kind (index = kind): the limits its buckets are walked with, given the scan's cap and window,
 * how near its records must stand to be paired (`reach[kind]`: Reach.Any for identifier kinds), and the
 * orders its capped buckets skip (`skips[kind]`: bit `1 << facet`).
 */
export function bucketLimits(scan: BucketLimits): { caps: Int32Array; windows: Int32Array; reach: Uint8Array; skips: Uint8Array } {
  const caps = new Int32Array(KEY_KIND_COUNT).fill(scan.cap);
  const windows = new Int32Array(KEY_KIND_COUNT).fill(scan.window);
  const reach = new Uint8Array(KEY_KIND_COUNT).fill(Reach.Any);
  const skips = new Uint8Array(KEY_KIND_COUNT);
  for (let k = 0; k < KEY_KIND_COUNT; k++) {
    const own = DENSE_KEY_LIMITS[k as KeyKind];
    if (own === undefined) continue;
    caps[k] = Math.min(own.cap, scan.cap);
    windows[k] = Math.min(own.window, scan.window);
    reach[k] = own.reach;
    for (const f of own.skips) skips[k]! |= 1 << f;
  }
  return { caps, windows, reach, skips };
}
