import { USCC_ALPHABET } from '../normalize/uscc.js';
import { corruptChar, makeBankAccount, makeTerminalSerial, USCC_PREFIX_ENTERPRISE } from './identifier-factory.js';
import { landlineNumber, mobileNumber, PHONE_STYLE_COUNT } from './phone-factory.js';
import { otherThan, type Variation } from './variation-kit.js';

/**
 * How the contact and account fields of one business differ between its registrations: phone
 * formats, a second number, identifiers left out or mistyped, another settlement account, channel,
 * MCC or terminal.
 */

/** Positions 2-16 of a USCC (after the authority and category digits) carry keying errors. */
const USCC_TYPO_FIRST = 2;
const ID_BODY_LENGTH = 17;

export const FIELD_VARIATIONS: readonly Variation[] = [
  { weight: 8, draft: (d, prng) => {
    if (d.phones.length === 0) return null;
    d.phoneStyles = d.phones.map((p, i) => otherThan(prng, d.phoneStyles[i]!, PHONE_STYLE_COUNT[p.kind]));
    return 'phone_format';
  } },
  { weight: 4, draft: (d, prng) => {
    if (d.phones.length === 0) return null;
    if (d.phones.length > 1) {
      const drop = prng.int(d.phones.length);
      d.phones = d.phones.filter((_, i) => i !== drop);
      d.phoneStyles = d.phoneStyles.filter((_, i) => i !== drop);
      return 'phone_second_dropped';
    }
    const seed = d.city.seed;
    const landline = d.phones[0]!.kind === 'mobile' && prng.chance(0.6);
    d.phones = [...d.phones, landline ? landlineNumber(prng, seed.areaCode, seed.localDigits) : mobileNumber(prng)];
    d.phoneStyles = [...d.phoneStyles, prng.chance(0.7) ? 0 : 1];
    return 'phone_second_added';
  } },
  { weight: 2, draft: (d) => (d.phones.length ? ((d.phones = []), (d.phoneStyles = []), 'phone_missing') : null) },
  { weight: 1, draft: (d, prng) => {
    if (d.phones.length === 0) return null;
    d.phones = [mobileNumber(prng), ...d.phones.slice(1)];
    d.phoneStyles = [0, ...d.phoneStyles.slice(1)];
    return 'phone_changed';
  } },
  { weight: 3, draft: (d) => (d.uscc ? ((d.uscc = null), 'uscc_missing') : null) },
  { weight: 2, draft: (d, prng) => {
    if (!d.uscc) return null;
    d.uscc = corruptChar(d.uscc, prng.range(USCC_TYPO_FIRST, ID_BODY_LENGTH - 1), USCC_ALPHABET, prng);
    return 'uscc_typo';
  } },
  { weight: 3, draft: (d) => (d.idNumber ? ((d.idNumber = null), 'id_missing') : null) },
  { weight: 2, draft: (d, prng) => {
    if (!d.idNumber) return null;
    d.idNumber = corruptChar(d.idNumber, prng.int(ID_BODY_LENGTH), '0123456789', prng);
    return 'id_typo';
  } },
  { weight: 0.5, draft: (d) => (d.idNumber?.endsWith('X') ? ((d.idNumber = d.idNumber.slice(0, -1) + 'x'), 'id_lowercase_x') : null) },
  { weight: 1, draft: (d) => (d.legalPerson ? ((d.legalPerson = null), 'legal_person_missing') : null) },
  { weight: 2, draft: (d) => (d.bankAccount ? ((d.bankAccount = null), 'bank_missing') : null) },
  { weight: 1, draft: (d, prng) => {
    d.bankAccount = makeBankAccount(prng, d.uscc?.startsWith(USCC_PREFIX_ENTERPRISE) ?? false);
    return 'bank_changed';
  } },
  { weight: 4, draft: (d, prng, ctx) => {
    let c = d.channel;
    while (c === d.channel) c = ctx.channels.pick(prng);
    d.channel = c;
    return 'channel_changed';
  } },
  { weight: 2, draft: (d) => (d.mcc && d.mcc !== d.shopType.siblingMcc ? ((d.mcc = d.shopType.siblingMcc), 'mcc_changed') : null) },
  { weight: 3, draft: (d, prng) => {
    const u = prng.float();
    if (u < 0.5) { d.terminals = [makeTerminalSerial(prng)]; return 'terminal_new'; }
    if (u < 0.75 && d.terminals.length > 0) { d.terminals = []; return 'terminal_dropped'; }
    d.terminals = [...d.terminals, makeTerminalSerial(prng)];
    return 'terminal_added';
  } },
];
