/**
 * The churn guard of a rebuild: a source that lost part of its rows (a broken view, a filter, a partial
 * load upstream) still scans cleanly, but would dissolve or change many of the clusters people rely on.
 * Before writing anything, a run compares its clusters with the current generation's; when more than
 * `--max-churn` of the previous clusters would not survive unchanged, it fails with E_GUARD (exit 1) and
 * the previous generation stays current.
 *
 * Churn = previous clusters that do not come back with exactly their members (changed, split, merged
 * into another or dissolved) ÷ previous clusters. New clusters among new merchants are growth, not churn.
 */
import { DedupError } from '../errors.js';
import type { ClusterChanges } from './stable-cluster-ids.js';

/**
 * A nightly rebuild of master data changes a few clusters in a hundred; a quarter of them changing at
 * once means the source is not what it was, or the matching settings changed. After a deliberate change
 * (a new threshold, a tool upgrade) run once with `--max-churn 100%`.
 */
export const DEFAULT_MAX_CHURN_PERCENT = 25;

/** Parses `P%` (or a bare number, read as a percentage) in [0, 100]; E_BAD_ARGS otherwise. */
export function parseChurnLimit(text: string, flag = '--max-churn'): number {
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
  const p = m ? Number(m[1]) : NaN;
  if (!(p >= 0 && p <= 100)) throw new DedupError('E_BAD_ARGS', `${flag} must be a percentage of the previous clusters between 0% and 100%, got "${text}"`, { field: flag });
  return p;
}

export function checkChurnLimitOption(p: unknown): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 100)) throw new DedupError('E_BAD_ARGS', `options.maxChurn must be a percentage in [0, 100], got ${JSON.stringify(p)}`, { field: 'maxChurn' });
  return p;
}

/** Previous clusters that would not survive unchanged, and their share in percent (0 with none before). */
export function churnOf(changes: ClusterChanges, previousClusters: number): { churned: number; percent: number } {
  const churned = Math.max(previousClusters - changes.unchanged, 0);
  return { churned, percent: previousClusters === 0 ? 0 : (100 * churned) / previousClusters };
}

export function checkChurn(previousGeneration: number | null, changes: ClusterChanges, previousClusters: number, maxPercent: number): void {
  const { churned, percent } = churnOf(changes, previousClusters);
  if (percent <= maxPercent) return;
  throw new DedupError(
    'E_GUARD',
    `this run would change or dissolve ${churned} of the ${previousClusters} clusters of generation ${previousGeneration} (${percent.toFixed(1)}%: ` +
      `${changes.dissolved} dissolved, ${changes.split} split, ${changes.changed} changed, ${changes.merged} merged), more than --max-churn ${maxPercent}% allows; ` +
      'nothing was published and the previous generation stays current. Check the source; after a deliberate change run once with --max-churn 100%',
    { previousGeneration, previousClusters, churned },
  );
}
