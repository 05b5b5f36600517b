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
