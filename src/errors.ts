/**
 * Domain errors. Identify them by `code`, never by `instanceof`: errors that cross a worker boundary
 * arrive as structured clones, which keep `name`, `message` and own enumerable properties only.
 */

export type ErrorCode =
  /** Bad command-line arguments or options: exit code 2. */
  | 'E_BAD_ARGS'
  /**
   * The run is configured in a way that cannot work, found before any record is read: a config file that
   * is unreadable or holds an unknown key or a bad value, an input whose header lacks a required column
   * under the column mapping, an input whose format cannot be told. Exit code 2, like bad arguments: the
   * fix is in how the tool is called, not in the data or the system.
   */
  | 'E_CONFIG'
  /** An input file cannot be opened or read, or its header is unusable. */
  | 'E_INPUT'
  /** A record breaks the contract and the user asked to stop at the first error. */
  | 'E_RECORD'
  /** A worker thread failed. */
  | 'E_WORKER'
  /** PostgreSQL refused or failed. */
  | 'E_DB'
  /** Another run holds the schema's write lock; this run did nothing: exit code 3. */
  | 'E_BUSY'
  /** A publishing guard refused the run's results (read nothing, too many rejects, too much churn): exit 1. */
  | 'E_GUARD'
  /** Two sketches built with different parameters were compared. */
  | 'E_SKETCH_MISMATCH'
  /** A review decision names a cluster or merchant the current generation does not hold (HTTP 404). */
  | 'E_NOT_FOUND'
  /** A review decision contradicts the current state (the cluster changed since it was read; HTTP 409). */
  | 'E_CONFLICT';

export interface DedupErrorDetails {
  file?: string;
  line?: number;
  field?: string;
  shard?: number;
  [key: string]: unknown;
}

export class DedupError extends Error {
  override readonly name = 'DedupError';
  readonly code: ErrorCode;
  readonly details: DedupErrorDetails;

  constructor(code: ErrorCode, message: string, details: DedupErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

/** True when `err` carries one of our codes, whether it was thrown here or cloned from a worker. */
export function hasCode(err: unknown, code: ErrorCode): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

/** Exit code when another run holds the write lock: distinct, so a scheduler can tell "busy" from "failed". */
export const EXIT_BUSY = 3;

/** Exit code of bad arguments or configuration. */
export const EXIT_USAGE = 2;

/** True for the errors that mean "called wrongly": bad arguments or configuration (exit code 2). */
export function isUsageError(err: unknown): boolean {
  return hasCode(err, 'E_BAD_ARGS') || hasCode(err, 'E_CONFIG');
}

/** Process exit code for an error: 2 bad arguments/configuration, 3 busy, 1 everything else. */
export function exitCodeFor(err: unknown): number {
  if (isUsageError(err)) return EXIT_USAGE;
  if (hasCode(err, 'E_BUSY')) return EXIT_BUSY;
  return 1;
}
