import { DedupError } from '../errors.js';
import { MAX_SKEW, SKEW_LEVELS } from './name-skew.js';

/** Options of `generateCorpus`. */
export interface GenerateOptions {
  /** Records to write, exactly. */
  n: number;
  /** Seed of every random choice: the same `n` and `seed` give the same bytes. */
  seed: number;
  /** Directory for merchants.ndjson, merchants.csv and truth.csv; created when missing. */
  outDir: string;
  /**
   * Share of entities registered more than once (2-5 registrations each).
   * @default 0.2
   */
  duplicateShare?: number;
  /**
   * Share of entities that are hard negatives: chain branches (some sharing the head office's licence or
   * settlement account), shops of one mall level, shops with a generic name, relatives' shops sharing a
   * phone, one owner's two or three shops.
   * @default 0.12
   */
  hardNegativeShare?: number;
  /**
   * Share of entities that belong to a malicious registration ring.
   * @default 0.01
   */
  ringShare?: number;
  /**
   * Share of USCCs and of resident ID numbers written with a wrong check character at registration
   * (keying errors and fabricated numbers, as in real data).
   * @default 0.02
   */
  invalidShare?: number;
  /**
   * How skewed shop names are (name-skew.ts): Zipf exponent of trade characters and products, share of
   * generic names (沙县小吃, 兰州拉面), size of chains. 0 (`low`) is the uniform generator of earlier
   * versions; 1 (`default`) is closer to real listings; 2 (`high`) a city of chains and generic shops.
   * @default 1
   */
  skew?: number;
}

export type ResolvedGenerateOptions = Required<GenerateOptions>;

/** Typed-array plan of ~9 bytes per record plus output buffers: 50 M records stay under 1 GB. */
export const MAX_RECORDS = 50_000_000;
const MAX_SEED = 0xffffffff;

export const GENERATE_DEFAULTS = {
  duplicateShare: 0.2,
  hardNegativeShare: 0.12,
  ringShare: 0.01,
  invalidShare: 0.02,
  skew: SKEW_LEVELS.default,
} as const satisfies Partial<GenerateOptions>;

function bad(message: string, field: string): DedupError {
  return new DedupError('E_BAD_ARGS', message, { field });
}

function share(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw bad(`options.${name} must be a number between 0 and 1, got ${String(value)}`, name);
  }
  return value;
}

function skewOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_SKEW) {
    throw bad(`options.skew must be a number between 0 and ${MAX_SKEW}, got ${String(value)}`, 'skew');
  }
  return value;
}

/** Defaults filled in and every value checked; throws DedupError E_BAD_ARGS naming the option. */
export function resolveGenerateOptions(options: GenerateOptions): ResolvedGenerateOptions {
  const { n, seed, outDir } = options;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_RECORDS) {
    throw bad(`options.n must be an integer between 1 and ${MAX_RECORDS}, got ${String(n)}`, 'n');
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw bad(`options.seed must be an integer between 0 and ${MAX_SEED}, got ${String(seed)}`, 'seed');
  }
  if (typeof outDir !== 'string' || outDir.length === 0) {
    throw bad(`options.outDir must be a non-empty string, got ${String(outDir)}`, 'outDir');
  }
  const resolved: ResolvedGenerateOptions = {
    n,
    seed,
    outDir,
    duplicateShare: share(options.duplicateShare ?? GENERATE_DEFAULTS.duplicateShare, 'duplicateShare'),
    hardNegativeShare: share(options.hardNegativeShare ?? GENERATE_DEFAULTS.hardNegativeShare, 'hardNegativeShare'),
    ringShare: share(options.ringShare ?? GENERATE_DEFAULTS.ringShare, 'ringShare'),
    invalidShare: share(options.invalidShare ?? GENERATE_DEFAULTS.invalidShare, 'invalidShare'),
    skew: skewOf(options.skew ?? GENERATE_DEFAULTS.skew),
  };
  if (resolved.hardNegativeShare + resolved.ringShare > 1) {
    throw bad(
      `options.hardNegativeShare + options.ringShare must be at most 1, got ${resolved.hardNegativeShare + resolved.ringShare}`,
      'hardNegativeShare',
    );
  }
  return resolved;
}
