/**
 * A weights file: a fitted weights table (verify/match-weights.ts `MatchWeights`) as versioned JSON, written
 * by `merchant-dedup train` and read by `scan --weights FILE` (and `rebuild`, `explain`, a config file's
 * `weights`). The table is checked against the shape of the default one, key by key, so a file from another
 * version, or edited by hand into something verification cannot use, is refused with the key that is wrong.
 *
 * ```json
 * { "format": "merchant-dedup-weights", "version": 1, "weights": { "prior": -4.2, … },
 *   "trained": { "labels": "pairs.csv", "input": "merchants.ndjson", "pairs": 5120, "cross_validation": { … } } }
 * ```
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DedupError } from '../errors.js';
import { DEFAULT_WEIGHTS, type MatchWeights } from '../verify/match-weights.js';

export const WEIGHTS_FILE_FORMAT = 'merchant-dedup-weights';
/** Bumped when MatchWeights gains, loses or renames a key. */
export const WEIGHTS_FILE_VERSION = 1;

export interface WeightsFile {
  format: typeof WEIGHTS_FILE_FORMAT;
  version: number;
  weights: MatchWeights;
  /** How the table was fitted (train/train-weights.ts); absent for a hand-written file. */
  trained?: Record<string, unknown>;
}

function bad(where: string, key: string, must: string): DedupError {
  return new DedupError('E_CONFIG', `${where}: weights.${key} must be ${must}`, { file: where, field: key });
}

/**
 * Checks `v` has exactly the keys of the default table, finite numbers where it has numbers and, for the
 * curves, at least two points with ascending x. Returns a copy (not frozen: see DEFAULT_WEIGHTS).
 * @throws DedupError E_CONFIG naming `where` and the key.
 */
export function checkWeights(v: unknown, where: string): MatchWeights {
  return checkLike(DEFAULT_WEIGHTS, v, where, '') as MatchWeights;
}

function checkLike(model: unknown, v: unknown, where: string, path: string): unknown {
  if (typeof model === 'number') {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(where, path, 'a finite number');
    return v;
  }
  if (Array.isArray(model)) {
    if (!Array.isArray(v) || v.length < 2) throw bad(where, path, 'a list of at least two [x, weight] points');
    const points = v.map((p, i) => {
      if (!Array.isArray(p) || p.length !== 2) throw bad(where, `${path}[${i}]`, 'an [x, weight] pair');
      return [checkLike(0, p[0], where, `${path}[${i}][0]`), checkLike(0, p[1], where, `${path}[${i}][1]`)];
    }) as [number, number][];
    for (let i = 1; i < points.length; i++) if (!(points[i]![0] > points[i - 1]![0])) throw bad(where, `${path}[${i}][0]`, 'greater than the x before it');
    return points;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(where, path === '' ? '(table)' : path, 'an object');
  const out: Record<string, unknown> = {};
  const m = model as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!(key in m)) throw bad(where, join(path, key), `one of the known keys (${Object.keys(m).join(', ')}); it is not`);
  for (const [key, sub] of Object.entries(m)) {
    if (!(key in v)) throw bad(where, join(path, key), 'present');
    out[key] = checkLike(sub, (v as Record<string, unknown>)[key], where, join(path, key));
  }
  return out;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Reads and checks a weights file. @throws DedupError E_CONFIG naming the file and what is wrong. */
export function readWeightsFile(path: string): WeightsFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new DedupError('E_CONFIG', `cannot read weights file ${path}: ${why}`, { file: path });
  }
  const f = parsed as Partial<WeightsFile> | null;
  if (f === null || typeof f !== 'object' || f.format !== WEIGHTS_FILE_FORMAT) {
    throw new DedupError('E_CONFIG', `${path} is not a weights file (no "format": "${WEIGHTS_FILE_FORMAT}"); write one with \`merchant-dedup train\``, { file: path });
  }
  if (f.version !== WEIGHTS_FILE_VERSION) {
    throw new DedupError('E_CONFIG', `${path}: weights file version ${String(f.version)}, this version reads ${WEIGHTS_FILE_VERSION}; fit it again with \`merchant-dedup train\``, { file: path });
  }
  return { format: WEIGHTS_FILE_FORMAT, version: WEIGHTS_FILE_VERSION, weights: checkWeights(f.weights, path), ...(f.trained !== undefined && { trained: f.trained }) };
}

/** Writes a weights file whole (a temporary file renamed into place). */
export function writeWeightsFile(path: string, weights: MatchWeights, trained?: Record<string, unknown>): void {
  const file: WeightsFile = { format: WEIGHTS_FILE_FORMAT, version: WEIGHTS_FILE_VERSION, weights, ...(trained !== undefined && { trained }) };
  const partial = `${path}.partial`;
  writeFileSync(partial, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(partial, path);
}
