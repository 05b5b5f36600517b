/**
 * The identifier keys that link merchants in the risk graph: the scan's exact identifier keys (uscc,
 * resident id, bank account, phone, terminal serial; candidates/key-kinds.ts) and one key of its own,
 * the legal person's name with the birth date read from the resident id. That last one links the
 * registrations of one person under fabricated id numbers (same name and birthday, another sequence).
 * Names and addresses are not keys here: sharing them is what chains, malls and generic names do.
 */
import { KeyKind } from '../candidates/key-kinds.js';

/**
 * Key kind of the person key in the top 4 bits of its 64-bit hash. Blocking kinds are appended from 0
 * upward (key-kinds.ts); the person key takes the last value so the two never meet, and it is never
 * written to the dedup index.
 */
export const PERSON_KEY_KIND = 15;

/** The kinds a risk alert can be linked by, in the order alerts list them. */
export const RISK_KEY_KINDS: readonly number[] = [KeyKind.IdNumber, PERSON_KEY_KIND, KeyKind.BankAccount, KeyKind.Phone, KeyKind.Terminal, KeyKind.Uscc];

export const RISK_KEY_NAMES: Readonly<Record<number, string>> = {
  [KeyKind.Uscc]: 'uscc',
  [KeyKind.IdNumber]: 'id_number',
  [KeyKind.BankAccount]: 'bank_account',
  [KeyKind.Phone]: 'phone',
  [KeyKind.Terminal]: 'terminal',
  [PERSON_KEY_KIND]: 'person',
};

/** The blocking key kinds that also link merchants in the risk graph, as a bit mask (bit k for kind k). */
export const RISK_BLOCKING_KIND_MASK = (1 << KeyKind.Uscc) | (1 << KeyKind.IdNumber) | (1 << KeyKind.BankAccount) | (1 << KeyKind.Phone) | (1 << KeyKind.Terminal);

/** True for a blocking key kind that also links merchants in the risk graph. */
export function isRiskKind(kind: number): boolean {
  return ((RISK_BLOCKING_KIND_MASK >>> kind) & 1) === 1;
}
