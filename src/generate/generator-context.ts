import { makeNameSkew, type NameSkew } from './name-skew.js';
import { TRADE_CHARS } from './place-names.js';
import { hashSeed, Prng } from './prng.js';
import { WeightedTable } from './weighted-table.js';

/** Corpus-wide tables and settings every entity draws on. */
export interface GeneratorContext {
  /** Acquiring channels (服务商 codes), a few large agents and a long tail. */
  readonly channels: WeightedTable<string>;
  readonly channelCodes: readonly string[];
  /** Share of identifiers written with a wrong check character. */
  readonly invalidShare: number;
  /** How skewed names are (name-skew.ts). */
  readonly names: NameSkew;
}

/** Agents in one corpus: enough for a long tail, few enough that big agents recur. */
const CHANNEL_COUNT = 300;
/** Zipf exponent of agent sizes: the top agent signs ~10× the 20th. */
const CHANNEL_ZIPF = 0.8;
const CHANNEL_STREAM = 0xc4a77e1;

export function makeGeneratorContext(seed: number, invalidShare: number, skew = 0): GeneratorContext {
  const prng = new Prng(hashSeed(seed, CHANNEL_STREAM));
  const codes = new Set<string>();
  while (codes.size < CHANNEL_COUNT) codes.add('AG' + prng.digits(6));
  const channelCodes = [...codes];
  const channels = new WeightedTable(channelCodes.map((c, i) => [c, 1 / Math.pow(i + 1, CHANNEL_ZIPF)] as const));
  return { channels, channelCodes, invalidShare, names: makeNameSkew(skew, TRADE_CHARS) };
}
