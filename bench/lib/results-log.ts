/**
 * Result records: one JSON object per run appended to a JSONL file under bench/results/, so the history
 * of a machine's runs is one `git log -p` away and two commits compare by reading two lines.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS } from './paths.js';

export function appendResult(file: string, record: object): string {
  mkdirSync(RESULTS, { recursive: true });
  const path = join(RESULTS, file);
  appendFileSync(path, JSON.stringify(record) + '\n');
  return path;
}

/** Every record of a results file, oldest first; [] when there is none yet. */
export function readResults<T>(file: string): T[] {
  const path = join(RESULTS, file);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}
