/**
 * A pair's evidence as the JSON object of a check's match: the names and values of the pairs table and
 * pairs.csv (verify/verified-pairs.ts), so an answer reads like a batch row.
 */
import { evidenceCodeName } from '../verify/verified-pairs.js';
import type { PairEvidence } from '../verify/verify-pair.js';

/** Decimal places of similarities and scores, as pairs.csv writes them. */
const SCORE_DIGITS = 4;
const SCALE = 10 ** SCORE_DIGITS;

/** A score or similarity rounded as pairs.csv rounds it. */
export function roundScore(v: number): number {
  return Math.round(v * SCALE) / SCALE;
}

export function evidenceJson(ev: PairEvidence): Record<string, string | number | null> {
  return {
    name_sim: roundScore(ev.nameSim),
    address_sim: ev.addressSim === ev.addressSim ? roundScore(ev.addressSim) : null,
    distance_m: ev.distance === ev.distance ? Math.round(ev.distance) : null,
    branch: evidenceCodeName('branch', ev.branch),
    same_street: evidenceCodeName('same_street', ev.sameStreet ? 1 : 0),
    phone: evidenceCodeName('phone', ev.phone),
    uscc: evidenceCodeName('uscc', ev.uscc),
    id_number: evidenceCodeName('id_number', ev.idNumber),
    bank_account: evidenceCodeName('bank_account', ev.bankAccount),
    terminal: evidenceCodeName('terminal', ev.terminal),
    mcc: evidenceCodeName('mcc', ev.mcc),
    legal_person: evidenceCodeName('legal_person', ev.legalPerson),
    name_edit: evidenceCodeName('name_edit', ev.nameEdit),
  };
}
