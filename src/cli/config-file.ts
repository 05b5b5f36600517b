/**
 * `--config FILE`: the settings of a scan as a JSON file, an alternative to flags for runs that a
 * scheduler repeats. Read and validated once, before anything else runs; every problem is an E_CONFIG
 * error (exit code 2) naming the file and the key. A flag given on the command line wins over the file.
 *
 * ```json
 * { "threshold": 0.6, "threads": 4, "bucket_cap": 200, "window": 8, "map": { "name": "shop_name" },
 *   "stop_on_error": false, "table": "crm.merchants", "schema": "merchant_dedup", "keep": 3,
 *   "weights": "weights.json" }
 * ```
 */
import { readFileSync } from 'node:fs';
import { DedupError } from '../errors.js';
import { MERCHANT_FIELDS, type MerchantField } from '../record/merchant-record.js';
import type { ColumnMap } from '../record/validate-record.js';

/** The settings a config file may hold, under the names of their flags (snake_case for multi-word flags). */
export interface ConfigFile {
  threshold?: number;
  threads?: number;
  bucket_cap?: number;
  window?: number;
  map?: ColumnMap;
  stop_on_error?: boolean;
  table?: string;
  query?: string;
  schema?: string;
  keep?: number;
  /** A weights file from `train`, relative to the config file's directory. */
  weights?: string;
}

type Check = (v: unknown) => string | null;

const positiveInteger: Check = (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? null : 'a positive integer');
const nonEmptyString: Check = (v) => (typeof v === 'string' && v.trim() !== '' ? null : 'a non-empty string');

/** Each key and what its value must be; null when it is. */
const KEYS: Readonly<Record<keyof ConfigFile, Check>> = {
  threshold: (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? null : 'a number between 0 and 1'),
  threads: positiveInteger,
  bucket_cap: positiveInteger,
  window: positiveInteger,
  map: (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'an object of contract field to input column, like {"name": "shop_name"}';
    for (const [field, column] of Object.entries(v)) {
      if (!(MERCHANT_FIELDS as readonly string[]).includes(field)) return `an object keyed by contract fields; "${field}" is none of ${MERCHANT_FIELDS.join(', ')}`;
      if (typeof column !== 'string' || column.trim() === '') return `an object of non-empty column names; ${field} is ${JSON.stringify(column)}`;
    }
    return null;
  },
  stop_on_error: (v) => (typeof v === 'boolean' ? null : 'true or false'),
  table: nonEmptyString,
  query: nonEmptyString,
  schema: nonEmptyString,
  keep: positiveInteger,
  weights: nonEmptyString,
};

export const CONFIG_KEYS = Object.keys(KEYS) as (keyof ConfigFile)[];

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw configError(path, `cannot read the config file: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, {}, err);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw configError(path, `not valid JSON (${(err as Error).message}); a config file is one JSON object`, {}, err);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw configError(path, 'a config file is one JSON object, like {"threshold": 0.6}');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const check = KEYS[key as keyof ConfigFile];
    if (check === undefined) {
      const near = closest(key, CONFIG_KEYS);
      const hint = near === null ? `known keys: ${CONFIG_KEYS.join(', ')}` : `did you mean "${near}"?`;
      throw configError(path, `unknown key "${key}"; ${hint}`, { field: key });
    }
    const must = check(value);
    if (must !== null) throw configError(path, `"${key}" must be ${must}, got ${JSON.stringify(value)}`, { field: key });
    out[key] = key === 'map' ? trimMap(value as Record<string, string>) : value;
  }
  if (out.table !== undefined && out.query !== undefined) throw configError(path, 'give "table" or "query", not both');
  return out as ConfigFile;
}

function trimMap(map: Record<string, string>): ColumnMap {
  const out: ColumnMap = {};
  for (const [field, column] of Object.entries(map)) out[field as MerchantField] = column.trim();
  return out;
}

function configError(path: string, what: string, details: { field?: string } = {}, cause?: unknown): DedupError {
  return new DedupError('E_CONFIG', `config file ${path}: ${what}`, { file: path, ...details }, cause === undefined ? undefined : { cause });
}

/** Keys within this many edits of an unknown key are suggested: catches a typo, not a different word. */
const MAX_SUGGESTION_EDITS = 2;

function closest(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = MAX_SUGGESTION_EDITS + 1;
  for (const k of known) {
    const d = editDistance(key.toLowerCase().replace(/-/g, '_'), k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Levenshtein distance, two rows. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
