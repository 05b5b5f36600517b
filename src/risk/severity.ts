/**
 * The severity of a group of linked merchants, in [0, 1], from parts a person can check:
 *
 *   severity = burst × unlike × (0.40 + 0.30·addresses + 0.15·channel + 0.15·cities)
 *
 * - burst: entities (duplicate clusters count once) registered within one 7-day window, B; the part is
 *   (B − 2) / 3, clamped to [0, 1]: two shops opened the same week are ordinary, three are 0.33, five or
 *   more are 1. Legitimate sharing (a chain's head-office account, a mall's landline, a family's phone,
 *   one owner's shops) accumulates over years; a ring registers its shops within days.
 * - unlike: distinct names among those B, (names − 1) / (B − 1). A chain's branches share a name and
 *   score 0; a ring's fronts look nothing alike.
 * - addresses: distinct streets among them, (streets − 1) / (known − 1), 0.5 when fewer than two are
 *   known. Shops of one mall share one address.
 * - channel: how much one agent dominates, (top − 1) / (known − 1) over the entities with a channel.
 * - cities: (cities − 1) / 2, clamped: a front registered in three cities at once.
 *
 * The first two multiply because without a burst of unlike merchants there is nothing to look at; the
 * other three only say how much it looks like a ring. Worked cases (README, "Risk alerts"): a ring of
 * five unlike shops in one city through one agent scores 1 × 1 × (0.4 + 0.3 + 0.15) = 0.85; a mall whose
 * six new shops list its landline in its opening week scores 1 × 1 × (0.4 + 0 + 0.15·channel) ≈ 0.45 (0.55,
 * worth a look, only if one agent signed them all); one owner opening three shops on one day scores at
 * most 0.33; a chain opening five branches in a week scores 0 (one name).
 */
const DAY_MS = 24 * 60 * 60 * 1000;
/** Registrations closer than this are one burst (the window: a ring registers within days). */
export const BURST_WINDOW_MS = 7 * DAY_MS;
/** At or above this severity the risk team should look (the contract's threshold). */
export const ALERT_THRESHOLD = 0.5;
/** Burst entities at which the burst part is 0, and the span to 1: 2 → 0, 5 → 1. */
const BURST_FREE = 2;
const BURST_SPAN = 3;
const BASE = 0.4;
const W_ADDRESSES = 0.3;
const W_CHANNEL = 0.15;
const W_CITIES = 0.15;
/** Cities beyond the first at which the spread part is 1. */
const CITY_SPAN = 2;
/** Address part when fewer than two burst entities have a street: unknown, neither for nor against. */
const ADDRESS_UNKNOWN = 0.5;

/** What severity needs of one entity (NaN for unknown numbers, '' for an unknown channel). */
export interface EntityFacts {
  /** Epoch ms of the entity's first registration among the alert's records. */
  time: number;
  nameHash: number;
  streetHash: number;
  channel: string;
  cityCode: number;
}

export interface SeverityParts {
  burst: number;
  unlike: number;
  addresses: number;
  channel: number;
  cities: number;
}

export interface Severity {
  severity: number;
  parts: SeverityParts;
  /** Indices (into the facts) of the burst entities, in time order. */
  burst: number[];
  /** Span of the burst in ms (0 for fewer than two). */
  burstSpanMs: number;
  distinctNames: number;
  distinctStreets: number;
  cities: number;
  topChannel: string;
  topChannelCount: number;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Share of distinct values beyond the first: (distinct − 1) / (count − 1); `empty` when count < 2. */
function spread(distinct: number, count: number, empty: number): number {
  return count < 2 ? empty : (distinct - 1) / (count - 1);
}

/**
 * The densest window: the most entities whose times lie within BURST_WINDOW_MS of the first; the
 * earliest such window on ties. Entities without a time never make a burst.
 */
export function densestWindow(facts: readonly EntityFacts[]): number[] {
  const timed = facts.map((_, i) => i).filter((i) => facts[i]!.time === facts[i]!.time);
  timed.sort((a, b) => facts[a]!.time - facts[b]!.time || a - b);
  let best = 0;
  let bestStart = 0;
  let end = 0;
  for (let s = 0; s < timed.length; s++) {
    const t0 = facts[timed[s]!]!.time;
    if (end < s) end = s;
    while (end + 1 < timed.length && facts[timed[end + 1]!]!.time - t0 <= BURST_WINDOW_MS) end++;
    if (end - s + 1 > best) {
      best = end - s + 1;
      bestStart = s;
    }
  }
  return timed.slice(bestStart, bestStart + best);
}

export function severityOf(facts: readonly EntityFacts[]): Severity {
  const burst = densestWindow(facts);
  const b = burst.length;
  const names = new Set<number>();
  const streets = new Set<number>();
  const cities = new Set<number>();
  const channels = new Map<string, number>();
  let knownStreets = 0;
  let knownChannels = 0;
  for (const i of burst) {
    const f = facts[i]!;
    names.add(f.nameHash);
    if (f.streetHash === f.streetHash) {
      streets.add(f.streetHash);
      knownStreets++;
    }
    if (f.cityCode === f.cityCode) cities.add(f.cityCode);
    if (f.channel !== '') {
      channels.set(f.channel, (channels.get(f.channel) ?? 0) + 1);
      knownChannels++;
    }
  }
  let topChannel = '';
  let topChannelCount = 0;
  for (const [c, n] of channels) if (n > topChannelCount || (n === topChannelCount && c < topChannel)) [topChannel, topChannelCount] = [c, n];
  const parts: SeverityParts = {
    burst: clamp01((b - BURST_FREE) / BURST_SPAN),
    unlike: spread(names.size, b, 0),
    addresses: spread(streets.size, knownStreets, ADDRESS_UNKNOWN),
    channel: spread(topChannelCount, knownChannels, 0),
    cities: clamp01((cities.size - 1) / CITY_SPAN),
  };
  const look = BASE + W_ADDRESSES * parts.addresses + W_CHANNEL * parts.channel + W_CITIES * parts.cities;
  const severity = clamp01(parts.burst * parts.unlike * look);
  const span = b < 2 ? 0 : facts[burst[b - 1]!]!.time - facts[burst[0]!]!.time;
  return { severity, parts, burst, burstSpanMs: span, distinctNames: names.size, distinctStreets: streets.size, cities: cities.size, topChannel, topChannelCount };
}
