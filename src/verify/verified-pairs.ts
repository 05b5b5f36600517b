/**
 * Verified pairs as columns: what a verifier hands back across the thread boundary (typed arrays on
 * shared memory) and what the writers read. Evidence numbers are Float32 (plenty for similarities and
 * metres), categorical evidence one byte each.
 */
import { GrowableF64, GrowableU32 } from '../store/growable-array.js';
import { AGREEMENT_NAMES, BRANCH_NAMES, NAME_EDIT_NAMES, type PairEvidence } from './verify-pair.js';

/** Order of the categorical evidence bytes of each pair. */
export const EVIDENCE_CODES = ['branch', 'same_street', 'phone', 'uscc', 'id_number', 'bank_account', 'terminal', 'mcc', 'legal_person', 'name_edit', 'place_kind'] as const;
export const CODES_PER_PAIR = EVIDENCE_CODES.length;
/** Order of the numeric evidence of each pair. */
export const EVIDENCE_NUMBERS = ['name_sim', 'address_sim', 'distance_m'] as const;
export const NUMBERS_PER_PAIR = EVIDENCE_NUMBERS.length;

/** The word written for categorical evidence `code` of `column` (pairs.csv, the pairs table). */
export function evidenceCodeName(column: (typeof EVIDENCE_CODES)[number], code: number): string {
  if (column === 'branch') return BRANCH_NAMES[code] ?? String(code);
  if (column === 'name_edit') return NAME_EDIT_NAMES[code] ?? String(code);
  if (column === 'same_street') return code === 1 ? 'yes' : 'no';
  return AGREEMENT_NAMES[code] ?? String(code);
}

export interface VerifiedPairs {
  count: number;
  a: Uint32Array;
  b: Uint32Array;
  score: Float32Array;
  numbers: Float32Array;
  codes: Uint8Array;
}

export class VerifiedPairsBuilder {
  private readonly ab = new GrowableU32();
  private readonly values = new GrowableF64();
  private codeBytes = new Uint8Array(1024);
  private count = 0;

  add(a: number, b: number, ev: PairEvidence): void {
    this.ab.push2(a, b);
    this.values.push(ev.score);
    this.values.push(ev.nameSim);
    this.values.push(ev.addressSim);
    this.values.push(ev.distance);
    const at = this.count * CODES_PER_PAIR;
    if (at + CODES_PER_PAIR > this.codeBytes.length) {
      const grown = new Uint8Array(this.codeBytes.length * 2);
      grown.set(this.codeBytes);
      this.codeBytes = grown;
    }
    const c = this.codeBytes;
    c[at] = ev.branch;
    c[at + 1] = ev.sameStreet ? 1 : 0;
    c[at + 2] = ev.phone;
    c[at + 3] = ev.uscc;
    c[at + 4] = ev.idNumber;
    c[at + 5] = ev.bankAccount;
    c[at + 6] = ev.terminal;
    c[at + 7] = ev.mcc;
    c[at + 8] = ev.legalPerson;
    c[at + 9] = ev.nameEdit;
    c[at + 10] = ev.placeKind;
    this.count++;
  }

  toShared(): VerifiedPairs {
    const n = this.count;
    const out = sharedVerifiedPairs(n);
    const { a, b, score, numbers, codes } = out;
    const ab = this.ab.data;
    const v = this.values.data;
    for (let i = 0; i < n; i++) {
      a[i] = ab[2 * i]!;
      b[i] = ab[2 * i + 1]!;
      score[i] = v[4 * i]!;
      numbers[3 * i] = v[4 * i + 1]!;
      numbers[3 * i + 1] = v[4 * i + 2]!;
      numbers[3 * i + 2] = v[4 * i + 3]!;
    }
    codes.set(this.codeBytes.subarray(0, n * CODES_PER_PAIR));
    return out;
  }
}

/** Zeroed columns for `count` verified pairs on shared memory, which every thread reads in place. */
export function sharedVerifiedPairs(count: number): VerifiedPairs {
  const shared = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(Math.max(bytes, 8));
  return {
    count,
    a: new Uint32Array(shared(count * 4), 0, count),
    b: new Uint32Array(shared(count * 4), 0, count),
    score: new Float32Array(shared(count * 4), 0, count),
    numbers: new Float32Array(shared(count * NUMBERS_PER_PAIR * 4), 0, count * NUMBERS_PER_PAIR),
    codes: new Uint8Array(shared(count * CODES_PER_PAIR), 0, count * CODES_PER_PAIR),
  };
}
