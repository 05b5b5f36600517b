/**
 * Exact verification of one candidate pair from the feature store: per-field evidence and a score in
 * [0, 1] (see match-weights.ts). The same function serves the batch scan and the online check: the
 * two records come from a feature store, and everything else it depends on (name frequencies, generic
 * identifier values) from an explicit MatchContext (match-context.ts).
 */
import { hashKey64 } from '../candidates/key-hash.js';
import { KeyKind, withKind } from '../candidates/key-kinds.js';
import { NUM_COLUMNS, NumColumn, TEXT_COLUMNS, TextColumn } from '../store/feature-columns.js';
import { textOf, type FeatureStore } from '../store/feature-store.js';
import { distanceMetres } from './geo-distance.js';
import { soundAlike } from './homophones.js';
import { keyId, type MatchContext } from './match-context.js';
import * as W from './match-weights.js';
import { bigramDice, listsIntersect, longestCommonSubstring, rangeEquals } from './text-similarity.js';

/** Agreement of a field between two records. */
export const Agreement = { Missing: 0, Match: 1, Conflict: 2 } as const;
export type Agreement = (typeof Agreement)[keyof typeof Agreement];
export const AGREEMENT_NAMES = ['missing', 'match', 'conflict'] as const;

/** How two name cores of equal length differ: only in homophones (a typed-in typo), or in other characters. */
export const NameEdit = { None: 0, Homophone: 1, Substitution: 2 } as const;
export type NameEdit = (typeof NameEdit)[keyof typeof NameEdit];
export const NAME_EDIT_NAMES = ['none', 'homophone', 'substitution'] as const;

export const BranchEvidence = { None: 0, OneMissing: 1, Same: 2, Differ: 3 } as const;
export type BranchEvidence = (typeof BranchEvidence)[keyof typeof BranchEvidence];
export const BRANCH_NAMES = ['none', 'one_missing', 'same', 'differ'] as const;

/**
 * The comparisons whose log-odds add up to a pair's score, in the order verification makes them: what
 * `explain` prints as a waterfall. Comparisons not reached (a hopeless pair abandoned early) weigh 0.
 */
export const Term = {
  Prior: 0,
  Phone: 1,
  Uscc: 2,
  IdNumber: 3,
  BankAccount: 4,
  Terminal: 5,
  Mcc: 6,
  LegalPerson: 7,
  Name: 8,
  NameFrequency: 9,
  NameEdit: 10,
  Branch: 11,
  Address: 12,
  SameStreet: 13,
  Distance: 14,
} as const;
export type Term = (typeof Term)[keyof typeof Term];
export const TERM_NAMES = [
  'prior',
  'phone',
  'uscc',
  'id_number',
  'bank_account',
  'terminal',
  'mcc',
  'legal_person',
  'name',
  'name_frequency',
  'name_edit',
  'branch',
  'address',
  'same_street',
  'distance',
] as const;
export const TERM_COUNT = TERM_NAMES.length;

/** Per-field evidence of one pair; verifiers reuse one instance (no allocation per pair). */
export interface PairEvidence {
  score: number;
  /** Log-odds of each comparison (index: Term); score = logistic(sum). */
  weights: Float64Array;
  nameSim: number;
  nameEdit: NameEdit;
  branch: BranchEvidence;
  /** NaN when either address is missing. */
  addressSim: number;
  sameStreet: boolean;
  /** Metres; NaN when either side lacks coordinates. */
  distance: number;
  phone: Agreement;
  uscc: Agreement;
  idNumber: Agreement;
  bankAccount: Agreement;
  terminal: Agreement;
  mcc: Agreement;
  legalPerson: Agreement;
}

export function emptyEvidence(): PairEvidence {
  return {
    score: 0,
    weights: new Float64Array(TERM_COUNT),
    nameSim: 0,
    nameEdit: NameEdit.None,
    branch: BranchEvidence.None,
    addressSim: NaN,
    sameStreet: false,
    distance: NaN,
    phone: Agreement.Missing,
    uscc: Agreement.Missing,
    idNumber: Agreement.Missing,
    bankAccount: Agreement.Missing,
    terminal: Agreement.Missing,
    mcc: Agreement.Missing,
    legalPerson: Agreement.Missing,
  };
}

/**
 * Similarity of two strings in [0, 1]: the larger of bigram Dice and containment (longest common
 * substring over the shorter length), the latter discounted when the common part is short, because a
 * shared two-character word (超市, 华联) says little on its own.
 */
export function similarity(text: Uint16Array, as: number, ae: number, bs: number, be: number): number {
  const dice = bigramDice(text, as, ae, bs, be);
  if (dice === 1) return 1;
  const shorter = Math.min(ae - as, be - bs);
  if (shorter === 0) return 0;
  const lcs = longestCommonSubstring(text, as, ae, bs, be);
  const longer = Math.max(ae - as, be - bs);
  const containment =
    (lcs / shorter) * Math.min(1, lcs / W.CONTAINMENT_FULL_CREDIT_LENGTH) * (1 - W.CONTAINMENT_LENGTH_WEIGHT * (1 - shorter / longer));
  return Math.max(dice, containment * W.CONTAINMENT_DISCOUNT);
}

/** Agreement of a text column whose 32-bit hash is `hashCol`: numbers first, text only to confirm. */
function exactAgreement(store: FeatureStore, a: number, b: number, col: TextColumn, hashCol: NumColumn): Agreement {
  const ha = store.nums[a * NUM_COLUMNS + hashCol]!;
  const hb = store.nums[b * NUM_COLUMNS + hashCol]!;
  if (ha !== ha || hb !== hb) return Agreement.Missing;
  if (ha !== hb) return Agreement.Conflict;
  const o = store.offsets;
  const as = o[a * TEXT_COLUMNS + col]!;
  const ae = o[a * TEXT_COLUMNS + col + 1]!;
  const bs = o[b * TEXT_COLUMNS + col]!;
  return ae - as === o[b * TEXT_COLUMNS + col + 1]! - bs && rangeEquals(store.text, as, bs, ae - as) ? Agreement.Match : Agreement.Conflict;
}

/** Agreement of a ','-joined list column whose Bloom mask is `bloomCol`: disjoint masks, disjoint lists. */
function listAgreement(store: FeatureStore, a: number, b: number, col: TextColumn, bloomCol: NumColumn): Agreement {
  const ma = store.nums[a * NUM_COLUMNS + bloomCol]!;
  const mb = store.nums[b * NUM_COLUMNS + bloomCol]!;
  if (ma === 0 || mb === 0) return Agreement.Missing;
  if ((ma & mb) === 0) return Agreement.Conflict;
  const o = store.offsets;
  const as = o[a * TEXT_COLUMNS + col]!;
  const bs = o[b * TEXT_COLUMNS + col]!;
  return listsIntersect(store.text, as, o[a * TEXT_COLUMNS + col + 1]!, bs, o[b * TEXT_COLUMNS + col + 1]!) ? Agreement.Match : Agreement.Conflict;
}

/**
 * Agreement on a common name is weak evidence (Fellegi–Sunter frequency-based weights: the chance that
 * two unrelated records agree on a value grows with its frequency). 停车场 shared with 40 others in the
 * city says little; a name only these two records carry says much.
 */
function nameFrequencyDiscount(ctx: MatchContext, a: number, b: number, nameSim: number): number {
  if (nameSim <= W.NAME_FREQUENCY_FROM_SIMILARITY) return 0;
  const fa = ctx.nameFrequency[a]!;
  const fb = ctx.nameFrequency[b]!;
  const f = fa > fb ? fa : fb;
  if (f <= 2) return 0;
  const scale = (nameSim - W.NAME_FREQUENCY_FROM_SIMILARITY) / (1 - W.NAME_FREQUENCY_FROM_SIMILARITY);
  return Math.min(W.NAME_FREQUENCY_MAX_DISCOUNT, W.NAME_FREQUENCY_WEIGHT * Math.log(f - 1) * scale);
}

/**
 * An identifier agreement on a generic value (match-context.ts) is no evidence: a single-valued field
 * whose value is generic becomes Missing; a list field stays a Match only if the two lists also share a
 * value that is not generic (an agent's phone beside each shop's own mobile).
 */
function discountGeneric(ctx: MatchContext, store: FeatureStore, a: number, b: number, agreement: Agreement, kind: KeyKind, col: TextColumn): Agreement {
  if (agreement !== Agreement.Match || ((ctx.generic[a]! | ctx.generic[b]!) & (1 << kind)) === 0) return agreement;
  if (col !== TextColumn.Phones && col !== TextColumn.Terminals) return Agreement.Missing;
  const other = new Set(textOf(store, b, col).split(','));
  const scratch = new Uint32Array(2);
  for (const v of textOf(store, a, col).split(',')) {
    if (!other.has(v)) continue;
    hashKey64(v, kind, scratch, 0);
    if (!ctx.genericKeys.has(keyId(withKind(kind, scratch[0]!), scratch[1]!))) return Agreement.Match;
  }
  return Agreement.Missing;
}

/**
 * Compares two name cores of equal length position by position. Differences only in homophones make the
 * names the same as typed (张记/章记); a few differences in unlike characters make them two templated names
 * (朱记图文/李记图文), which bigram similarity alone rates as close.
 */
function nameEdit(t: Uint16Array, as: number, ae: number, bs: number, be: number): NameEdit {
  const len = ae - as;
  if (len !== be - bs || len < 2) return NameEdit.None;
  let differ = 0;
  let unlike = 0;
  for (let k = 0; k < len; k++) {
    const x = t[as + k]!;
    const y = t[bs + k]!;
    if (x === y) continue;
    differ++;
    if (!soundAlike(x, y)) unlike++;
  }
  if (differ === 0 || differ * 2 > len) return NameEdit.None;
  return unlike === 0 ? NameEdit.Homophone : NameEdit.Substitution;
}

function weightOf(agreement: Agreement, w: { match: number; conflict: number }): number {
  return agreement === Agreement.Match ? w.match : agreement === Agreement.Conflict ? w.conflict : 0;
}

/**
 * Fills `ev` with the evidence and score of records a and b of `store`. With `minScore`, a pair that cannot
 * reach it is abandoned early (the cheap exact fields and the name decide most candidates): `ev.score` is
 * then 0 and the location evidence is not computed.
 */
export function verifyPair(store: FeatureStore, ctx: MatchContext, a: number, b: number, ev: PairEvidence, minScore = 0): PairEvidence {
  const o = store.offsets;
  const t = store.text;
  const oa = a * TEXT_COLUMNS;
  const ob = b * TEXT_COLUMNS;

  ev.phone = discountGeneric(ctx, store, a, b, listAgreement(store, a, b, TextColumn.Phones, NumColumn.PhoneBloom), KeyKind.Phone, TextColumn.Phones);
  ev.uscc = discountGeneric(ctx, store, a, b, exactAgreement(store, a, b, TextColumn.Uscc, NumColumn.UsccHash), KeyKind.Uscc, TextColumn.Uscc);
  ev.idNumber = discountGeneric(ctx, store, a, b, exactAgreement(store, a, b, TextColumn.IdNumber, NumColumn.IdNumberHash), KeyKind.IdNumber, TextColumn.IdNumber);
  ev.bankAccount = discountGeneric(ctx, store, a, b, exactAgreement(store, a, b, TextColumn.BankAccount, NumColumn.BankAccountHash), KeyKind.BankAccount, TextColumn.BankAccount);
  ev.terminal = discountGeneric(ctx, store, a, b, listAgreement(store, a, b, TextColumn.Terminals, NumColumn.TerminalBloom), KeyKind.Terminal, TextColumn.Terminals);
  ev.mcc = exactAgreement(store, a, b, TextColumn.Mcc, NumColumn.MccHash);
  ev.legalPerson = exactAgreement(store, a, b, TextColumn.LegalPerson, NumColumn.LegalPersonHash);
  const w = ev.weights;
  w[Term.Prior] = W.PRIOR;
  w[Term.Phone] = weightOf(ev.phone, W.PHONE);
  w[Term.Uscc] = weightOf(ev.uscc, W.USCC);
  w[Term.IdNumber] = weightOf(ev.idNumber, W.ID_NUMBER);
  w[Term.BankAccount] = weightOf(ev.bankAccount, W.BANK_ACCOUNT);
  w[Term.Terminal] = weightOf(ev.terminal, W.TERMINAL);
  w[Term.Mcc] = weightOf(ev.mcc, W.MCC);
  w[Term.LegalPerson] = weightOf(ev.legalPerson, W.LEGAL_PERSON);

  const nas = o[oa + TextColumn.NameCore]!;
  const nae = o[oa + TextColumn.NameCore + 1]!;
  const nbs = o[ob + TextColumn.NameCore]!;
  const nbe = o[ob + TextColumn.NameCore + 1]!;
  ev.nameSim = similarity(t, nas, nae, nbs, nbe);
  ev.nameEdit = nameEdit(t, nas, nae, nbs, nbe);
  if (ev.nameEdit === NameEdit.Homophone) ev.nameSim = Math.max(ev.nameSim, W.HOMOPHONE_NAME_SIMILARITY);
  w[Term.Name] = W.interpolate(W.NAME_CURVE, ev.nameSim);
  w[Term.NameFrequency] = -nameFrequencyDiscount(ctx, a, b, ev.nameSim);
  w[Term.NameEdit] = ev.nameEdit === NameEdit.Substitution ? W.NAME_SUBSTITUTION : 0;

  const bas = o[oa + TextColumn.Branch]!;
  const bae = o[oa + TextColumn.Branch + 1]!;
  const bbs = o[ob + TextColumn.Branch]!;
  const bbe = o[ob + TextColumn.Branch + 1]!;
  if (bas === bae && bbs === bbe) ev.branch = BranchEvidence.None;
  else if (bas === bae || bbs === bbe) ev.branch = BranchEvidence.OneMissing;
  else ev.branch = similarity(t, bas, bae, bbs, bbe) >= W.BRANCH_SAME_SIMILARITY ? BranchEvidence.Same : BranchEvidence.Differ;
  w[Term.Branch] = ev.branch === BranchEvidence.Same ? W.BRANCH.same : ev.branch === BranchEvidence.OneMissing ? W.BRANCH.oneMissing : 0;
  let logOdds = 0;
  for (let k = 0; k <= Term.Branch; k++) logOdds += w[k]!;

  // The best the location can still add; a differing branch costs at least its same-street penalty.
  const locationBound = W.MAX_ADDRESS_WEIGHT + W.SAME_STREET + W.MAX_DISTANCE_WEIGHT + (ev.branch === BranchEvidence.Differ ? W.BRANCH.differAtSameStreet : 0);
  if (minScore > 0 && logistic(logOdds + locationBound) < minScore) {
    ev.addressSim = NaN;
    ev.sameStreet = false;
    ev.distance = NaN;
    w[Term.Address] = 0;
    w[Term.SameStreet] = 0;
    w[Term.Distance] = 0;
    ev.score = 0;
    return ev;
  }

  const aas = o[oa + TextColumn.Address]!;
  const aae = o[oa + TextColumn.Address + 1]!;
  const abs = o[ob + TextColumn.Address]!;
  const abe = o[ob + TextColumn.Address + 1]!;
  ev.addressSim = aas === aae || abs === abe ? NaN : similarity(t, aas, aae, abs, abe);
  w[Term.Address] = ev.addressSim === ev.addressSim ? W.interpolate(W.ADDRESS_CURVE, ev.addressSim) : 0;
  ev.sameStreet = exactAgreement(store, a, b, TextColumn.Street, NumColumn.StreetHash) === Agreement.Match;
  w[Term.SameStreet] = ev.sameStreet ? W.SAME_STREET : 0;
  // Two branch names at one street number are more often one shop named twice than two shops.
  if (ev.branch === BranchEvidence.Differ) w[Term.Branch] = ev.sameStreet ? W.BRANCH.differAtSameStreet : W.BRANCH.differ;

  const na = a * NUM_COLUMNS;
  const nb = b * NUM_COLUMNS;
  const n = store.nums;
  ev.distance = distanceMetres(n[na + NumColumn.Lat]!, n[na + NumColumn.Lng]!, n[nb + NumColumn.Lat]!, n[nb + NumColumn.Lng]!);
  w[Term.Distance] = ev.distance === ev.distance ? W.stepWeight(W.DISTANCE_STEPS, ev.distance) : 0;

  logOdds = 0;
  for (let k = 0; k < TERM_COUNT; k++) logOdds += w[k]!;
  ev.score = logistic(logOdds);
  return ev;
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
