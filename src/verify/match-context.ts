/**
 * What scoring a pair needs besides the two records: facts about the corpus they belong to. Verification
 * reads them only from here, so one pair scores the same in a batch of a million and online against the
 * persisted index, given the same context:
 *
 * - the batch scan fills it from bucket sizes while blocking (candidates/bucket-pairs.ts), one slot per
 *   record of the shared store;
 * - the online check fills it for a small store (an applicant and its candidates) from the generation's
 *   persisted key counts (`contextFromKeyCounts`).
 *
 * Frequencies follow Fellegi–Sunter frequency-based weighting (Winkler 1989; Splink's term-frequency
 * adjustment): agreement on a value many unrelated records carry says less than agreement on a rare one.
 */
import { KeyKind, kindOf } from '../candidates/key-kinds.js';
import { DEFAULT_WEIGHTS, type MatchWeights } from './match-weights.js';

export interface MatchContext {
  /**
   * Per record: distinct records of the corpus sharing its name core within its city, itself included
   * (the NameCity bucket's size, records of equal content counted once: store/content-hash.ts); 1 when it
   * shares it with none or has no city.
   */
  nameFrequency: Uint32Array;
  /** Per record: bit `1 << kind` set when one of its identifier values of that key kind is generic. */
  generic: Uint8Array;
  /** The generic identifier keys (`keyId(hi, lo)`), to tell in a list field a generic common value from a specific one. */
  genericKeys: ReadonlySet<string>;
  /** The weights table the pair is scored with: the defaults, or a fitted one the generation persists. */
  weights: Readonly<MatchWeights>;
}

/**
 * An identifier value (phone, uscc, id number, bank account, terminal) carried by more distinct records than this
 * is generic: an agent's phone, a placeholder licence, a shared settlement account. It stops counting as
 * evidence of sameness (it neither matches nor conflicts). Real re-registrations of one shop come 2–5 at a
 * time, a family or one owner's shops share a phone among a handful; 20 leaves a wide margin above both
 * while a value that many merchants carry is no longer about any one of them.
 */
export const GENERIC_VALUE_MIN_RECORDS = 20;

/** Key kinds whose values are identifiers and can be generic. */
export const IDENTIFIER_KINDS: readonly KeyKind[] = [KeyKind.Uscc, KeyKind.IdNumber, KeyKind.BankAccount, KeyKind.Phone, KeyKind.Terminal];
const IDENTIFIER_MASK = IDENTIFIER_KINDS.reduce<number>((m, k) => m | (1 << k), 0);

/** IDENTIFIER_KINDS as a bit mask over key kinds. */
export function identifierMask(): number {
  return IDENTIFIER_MASK;
}

export function isIdentifierKind(kind: KeyKind): boolean {
  return ((1 << kind) & IDENTIFIER_MASK) !== 0;
}

/** A 64-bit key as a set member. */
export function keyId(hi: number, lo: number): string {
  return `${hi >>> 0}:${lo >>> 0}`;
}

/** A context for `count` records with no corpus around them: every name unique, no generic value. */
export function emptyContext(count: number, weights: Readonly<MatchWeights> = DEFAULT_WEIGHTS): MatchContext {
  return { nameFrequency: new Uint32Array(count).fill(1), generic: new Uint8Array(count), genericKeys: new Set(), weights };
}

/** A context for the batch scan's shared store: filled by the blocking workers, read by the verifiers. */
export function sharedContext(count: number): { nameFrequency: Uint32Array; generic: Uint8Array } {
  const nameFrequency = new Uint32Array(new SharedArrayBuffer(Math.max(count, 1) * 4)).fill(1);
  const generic = new Uint8Array(new SharedArrayBuffer(Math.max(count, 1)));
  return { nameFrequency, generic };
}

/** A context received from another thread, re-wrapped so hot code sees one object shape (see adoptStore). */
export function adoptContext(c: MatchContext): MatchContext {
  return { nameFrequency: c.nameFrequency, generic: c.generic, genericKeys: c.genericKeys, weights: c.weights };
}

/**
 * The context of a small store from key counts: `keys[i]` are record i's blocking keys as flat [hi, lo, …]
 * words (as `recordKeys` returns them), and `countOf(hi, lo)` the distinct records of the corpus carrying
 * that key (records of equal content counted once), the store's own records included. Gives each record what the batch scan would give it in that corpus.
 */
export function contextFromKeyCounts(
  keys: readonly Uint32Array[],
  countOf: (hi: number, lo: number) => number,
  genericMin = GENERIC_VALUE_MIN_RECORDS,
  weights: Readonly<MatchWeights> = DEFAULT_WEIGHTS,
): MatchContext {
  const ctx = emptyContext(keys.length, weights);
  const genericKeys = new Set<string>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    for (let j = 0; j + 1 < k.length; j += 2) {
      const hi = k[j]!;
      const lo = k[j + 1]!;
      const kind = kindOf(hi);
      if (kind === KeyKind.NameCity) ctx.nameFrequency[i] = Math.max(1, countOf(hi, lo));
      else if (isIdentifierKind(kind) && countOf(hi, lo) > genericMin) {
        ctx.generic[i]! |= 1 << kind;
        genericKeys.add(keyId(hi, lo));
      }
    }
  }
  return { ...ctx, genericKeys };
}
