/**
 * The reject guard: a run whose source is empty, or mostly not merchant records (a README renamed to
 * .ndjson, a mistyped --map, a view that lost a column), must not replace good results. Every scan,
 * to files or to tables, checks its counts against this limit after reading and before writing
 * anything; a refused run fails with E_GUARD (exit 1) and the previous results stay as they were.
 */
import { DedupError } from '../errors.js';
import type { Reject } from '../record/merchant-record.js';

/** At most `count` rejected records, or at most `percent` % of the records read. */
export type RejectLimit = { kind: 'count'; count: number } | { kind: 'percent'; percent: number };

/**
 * Master data rejects a few records for typos; a tenth of a corpus breaking the contract means the
 * source or its mapping is wrong, not the data. Raise it (`--max-rejects 100%`) for a known dirty source.
 */
export const DEFAULT_MAX_REJECTS: RejectLimit = { kind: 'percent', percent: 10 };

/** Reject reasons quoted in the guard's message: enough to recognise the cause, short enough to read. */
const REASONS_SHOWN = 3;

/** Parses `N` (a count) or `P%` (a percentage of the records read); E_BAD_ARGS otherwise. */
export function parseRejectLimit(text: string, flag = '--max-rejects'): RejectLimit {
  const t = text.trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (percent) {
    const p = Number(percent[1]);
    if (p <= 100) return { kind: 'percent', percent: p };
  } else if (/^\d+$/.test(t) && Number.isSafeInteger(Number(t))) {
    return { kind: 'count', count: Number(t) };
  }
  throw new DedupError('E_BAD_ARGS', `${flag} must be a count (e.g. 100) or a percentage of the records read (e.g. 5%), got "${text}"`, { field: flag });
}

export function formatRejectLimit(l: RejectLimit): string {
  return l.kind === 'count' ? String(l.count) : `${l.percent}%`;
}

/** Validates a limit given through the API (options.maxRejects). */
export function checkRejectLimitOption(l: unknown): RejectLimit {
  const ok =
    typeof l === 'object' &&
    l !== null &&
    (((l as RejectLimit).kind === 'count' && Number.isSafeInteger((l as { count: number }).count) && (l as { count: number }).count >= 0) ||
      ((l as RejectLimit).kind === 'percent' && (l as { percent: number }).percent >= 0 && (l as { percent: number }).percent <= 100));
  if (!ok) throw new DedupError('E_BAD_ARGS', `options.maxRejects must be {kind: 'count', count: N >= 0} or {kind: 'percent', percent: P in [0, 100]}, got ${JSON.stringify(l)}`, { field: 'maxRejects' });
  return l as RejectLimit;
}

/** What a refused scan leaves, as its message says; `merchant-dedup load` says its own. */
export const SCAN_REFUSED = 'nothing was published and the previous results stay current';

/**
 * Throws E_GUARD when the run read no record, or rejected more than `limit` allows. `rejects` (sorted by
 * line) are quoted in the message so that the cause shows in a cron log without opening a file.
 * `refused`: what the refused run leaves behind, for the message.
 */
export function checkRejects(source: string, counts: { read: number; rejected: number }, limit: RejectLimit, rejects: readonly Reject[], refused = SCAN_REFUSED): void {
  if (counts.read === 0) {
    throw new DedupError('E_GUARD', `${source}: read no records; ${refused} (an empty source is refused)`, {
      file: source,
      read: 0,
    });
  }
  const allowed = limit.kind === 'count' ? limit.count : (limit.percent / 100) * counts.read;
  if (counts.rejected <= allowed) return;
  const share = ((100 * counts.rejected) / counts.read).toFixed(1);
  const examples = rejects
    .slice(0, REASONS_SHOWN)
    .map((r) => `line ${r.line}: ${r.reason.replace(/^line \d+: /, '')}`)
    .join('; ');
  throw new DedupError(
    'E_GUARD',
    `${source}: ${counts.rejected} of ${counts.read} records rejected (${share}%), more than --max-rejects ${formatRejectLimit(limit)} allows; ` +
      `${refused}. First rejects: ${examples}. ` +
      'Fix the source or its --map, or raise --max-rejects for a known dirty source',
    { file: source, read: counts.read, rejected: counts.rejected },
  );
}
