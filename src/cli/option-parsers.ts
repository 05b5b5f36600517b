/** Parsers for command-line option values: each rejects bad input with E_BAD_ARGS (exit code 2). */
import { DedupError } from '../errors.js';

export function positiveInt(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n <= 0) {
      throw new DedupError('E_BAD_ARGS', `${flag} must be a positive integer, got "${value}"`);
    }
    return n;
  };
}

export function nonNegativeInt(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new DedupError('E_BAD_ARGS', `${flag} must be a non-negative integer, got "${value}"`);
    }
    return n;
  };
}

export function unitInterval(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1) {
      throw new DedupError('E_BAD_ARGS', `${flag} must be a number between 0 and 1, got "${value}"`);
    }
    return n;
  };
}

export function positiveNumber(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) {
      throw new DedupError('E_BAD_ARGS', `${flag} must be a positive number, got "${value}"`);
    }
    return n;
  };
}

/** Two different merchant_id prefixes naming two sources, as `dp,gd`. */
export function parseSourcePrefixes(flag: string): (value: string) => [string, string] {
  return (value) => {
    const parts = value.split(',').map((s) => s.trim());
    if (parts.length !== 2 || !parts[0] || !parts[1] || parts[0] === parts[1]) {
      throw new DedupError('E_BAD_ARGS', `${flag} must be two different id prefixes like dp,gd, got "${value}"`);
    }
    return [parts[0], parts[1]];
  };
}
