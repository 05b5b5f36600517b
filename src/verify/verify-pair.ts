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
import { TRADE_WORDS } from '../candidates/trade-words.js';
import { PlaceKind } from '../normalize/place-kind.js';
import { distanceMetres } from './geo-distance.js';
import { soundAlike } from './homophones.js';
import { keyId, type MatchContext } from './match-context.js';
import * as W from './match-weights.js';
import { bigramDice, listsIntersect, longestCommonSubstring, rangeContains, rangeEquals } from './text-similarity.js';

/** Agreement of a field between two records. */
export const Agreement = { Missing: 0, Match: 1, Conflict: 2 } as const;
export type Agreement = (typeof Agreement)[keyof typeof Agreement];
export const AGREEMENT_NAMES = ['missing', 'match', 'conflict'] as const;

/** How two name cores of equal length differ: only in homophones (a typed-in typo), or in other characters. */
export const NameEdit = { None: 0, Homophone: 1, Substitution: 2 } as const;
export type NameEdit = (typeof NameEdit)[keyof typeof NameEdit];
export const NAME_EDIT_NAMES = ['none', 'homophone', 'substitution'] as const;

/**
 * AtAddress: the branch labels differ, but one names a place in the other record's address (市心北路店 for
 * a shop at 市心北路551号): two sources naming one outlet after different landmarks, not two outlets.
 */
export const BranchEvidence = { None: 0, OneMissing: 1, Same: 2, Differ: 3, AtAddress: 4 } as const;
export type BranchEvidence = (typeof BranchEvidence)[keyof typeof BranchEvidence];
export const BRANCH_NAMES = ['none', 'one_missing', 'same', 'differ', 'at_address'] as const;

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
  /** Kind of place (normalize/place-kind.ts); appended, so earlier terms keep their numbers. */
  PlaceKind: 15,
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
  'place_kind',
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
  /** Kinds of place (normalize/place-kind.ts): Missing when both are ordinary businesses, Conflict when they differ. */
  placeKind: Agreement;
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
    placeKind: Agreement.Missing,
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
export function nameFrequencyDiscount(ctx: MatchContext, a: number, b: number, nameSim: number): number {
  const f = ctx.weights.name_frequency;
  return f.weight * nameFrequencyLog(ctx, a, b, nameSim, f.max_log);
}

/** The discount's logarithm: ln(records sharing the commoner name − 1), scaled by name similarity, capped. */
export function nameFrequencyLog(ctx: MatchContext, a: number, b: number, nameSim: number, maxLog: number): number {
  if (nameSim <= W.NAME_FREQUENCY_FROM_SIMILARITY) return 0;
  const fa = ctx.nameFrequency[a]!;
  const fb = ctx.nameFrequency[b]!;
  const f = fa > fb ? fa : fb;
  if (f <= 2) return 0;
  const scale = (nameSim - W.NAME_FREQUENCY_FROM_SIMILARITY) / (1 - W.NAME_FREQUENCY_FROM_SIMILARITY);
  return Math.min(maxLog, Math.log(f - 1) * scale);
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

/** Trade words (candidates/trade-words.ts) as `first << 16 | second` code-unit pairs. */
const TRADE_BIGRAMS = new Set(TRADE_WORDS.map((w) => (w.charCodeAt(0) << 16) | w.charCodeAt(1)));

/** Position k of [s, e) is inside a trade word: the bigram ending or starting at k is one. */
function inTradeWord(t: Uint16Array, s: number, e: number, k: number): boolean {
  const i = s + k;
  return (i > s && TRADE_BIGRAMS.has((t[i - 1]! << 16) | t[i]!)) || (i + 1 < e && TRADE_BIGRAMS.has((t[i]! << 16) | t[i + 1]!));
}

/**
 * Compares two name cores of equal length position by position. Differences only in homophones make the
 * names the same as typed (张记/章记); a few differences in unlike characters make them two templated names
 * (朱记图文/李记图文), which bigram similarity alone rates as close. Differences that all fall inside a
 * trade word (一邻一舍超市/一邻一舍便利, 亚加装饰/亚加装潢) are one shop described two ways: the distinctive
 * part is shared, so they are no substitution.
 */
function nameEdit(t: Uint16Array, as: number, ae: number, bs: number, be: number): NameEdit {
  const len = ae - as;
  if (len !== be - bs || len < 2) return NameEdit.None;
  let differ = 0;
  let unlike = 0;
  let inTrade = 0;
  for (let k = 0; k < len; k++) {
    const x = t[as + k]!;
    const y = t[bs + k]!;
    if (x === y) continue;
    differ++;
    if (!soundAlike(x, y)) unlike++;
    if (inTradeWord(t, as, ae, k) || inTradeWord(t, bs, be, k)) inTrade++;
  }
  if (differ === 0 || differ * 2 > len) return NameEdit.None;
  if (unlike === 0) return NameEdit.Homophone;
  return inTrade === differ ? NameEdit.None : NameEdit.Substitution;
}

/**
 * The shorter name core is wholly inside the longer one and no other record of its city carries it: a rare
 * name with words added (湖州佬 / 湖州佬龙虾羊排, 一道 / 一道网络科技) is strong evidence, where the same
 * containment of a common name (停车场, 华联) is not. Frequencies are the context's, so the online check
 * weighs it as the batch does.
 */
function containsRareName(ctx: MatchContext, t: Uint16Array, a: number, as: number, ae: number, b: number, bs: number, be: number): boolean {
  const la = ae - as;
  const lb = be - bs;
  const shorter = la <= lb ? la : lb;
  if (shorter < W.CONTAINED_RARE_NAME_MIN_LENGTH || la === lb) return false;
  if (ctx.nameFrequency[la < lb ? a : b]! > W.CONTAINED_RARE_NAME_MAX_RECORDS) return false;
  return la < lb ? rangeContains(t, bs, be, as, ae) : rangeContains(t, as, ae, bs, be);
}

/** Kinds that differ only by an entrance label weigh less: a gate is often how one source names the place itself. */
function placeKindWeight(w: Readonly<W.MatchWeights>, ka: number, kb: number): number {
  const differ = ka ^ kb;
  if (differ === 0) return 0;
  return differ === PlaceKind.Entrance ? w.place_kind.entrance_only : w.place_kind.conflict;
}

/** The location bound of the last weights table seen: one table serves a whole scan. */
let boundFor: Readonly<W.MatchWeights> | null = null;
let bound = W.locationBound(W.DEFAULT_WEIGHTS);
function locationBoundOf(w: Readonly<W.MatchWeights>): { location: number; branchDiffer: number } {
  if (boundFor !== w) {
    bound = W.locationBound(w);
    boundFor = w;
  }
  return bound;
}

/** Either record's branch label (at least BRANCH_AT_ADDRESS_MIN characters) occurs in the other's address. */
function branchAtAddress(store: FeatureStore, a: number, b: number): boolean {
  const o = store.offsets;
  const t = store.text;
  const oa = a * TEXT_COLUMNS;
  const ob = b * TEXT_COLUMNS;
  const labelIn = (branchAt: number, addressAt: number): boolean => {
    const bs = o[branchAt + TextColumn.Branch]!;
    const be = o[branchAt + TextColumn.Branch + 1]!;
    return be - bs >= W.BRANCH_AT_ADDRESS_MIN && rangeContains(t, o[addressAt + TextColumn.Address]!, o[addressAt + TextColumn.Address + 1]!, bs, be);
  };
  return labelIn(oa, ob) || labelIn(ob, oa);
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
  const m = ctx.weights;
  const w = ev.weights;
  w[Term.Prior] = m.prior;
  w[Term.Phone] = weightOf(ev.phone, m.phone);
  w[Term.Uscc] = weightOf(ev.uscc, m.uscc);
  w[Term.IdNumber] = weightOf(ev.idNumber, m.id_number);
  w[Term.BankAccount] = weightOf(ev.bankAccount, m.bank_account);
  w[Term.Terminal] = weightOf(ev.terminal, m.terminal);
  w[Term.Mcc] = weightOf(ev.mcc, m.mcc);
  w[Term.LegalPerson] = weightOf(ev.legalPerson, m.legal_person);
  const ka = store.nums[a * NUM_COLUMNS + NumColumn.PlaceKind]!;
  const kb = store.nums[b * NUM_COLUMNS + NumColumn.PlaceKind]!;
  ev.placeKind = ka !== kb ? Agreement.Conflict : ka !== 0 ? Agreement.Match : Agreement.Missing;
  w[Term.PlaceKind] = placeKindWeight(m, ka, kb);

  const nas = o[oa + TextColumn.NameCore]!;
  const nae = o[oa + TextColumn.NameCore + 1]!;
  const nbs = o[ob + TextColumn.NameCore]!;
  const nbe = o[ob + TextColumn.NameCore + 1]!;
  ev.nameSim = similarity(t, nas, nae, nbs, nbe);
  ev.nameEdit = nameEdit(t, nas, nae, nbs, nbe);
  if (ev.nameEdit === NameEdit.Homophone) ev.nameSim = Math.max(ev.nameSim, W.HOMOPHONE_NAME_SIMILARITY);
  if (ev.nameSim < W.CONTAINED_RARE_NAME_SIMILARITY && containsRareName(ctx, t, a, nas, nae, b, nbs, nbe)) ev.nameSim = W.CONTAINED_RARE_NAME_SIMILARITY;
  w[Term.Name] = W.interpolate(m.name_curve, ev.nameSim);
  w[Term.NameFrequency] = -nameFrequencyDiscount(ctx, a, b, ev.nameSim);
  w[Term.NameEdit] = ev.nameEdit === NameEdit.Substitution ? m.name_substitution : 0;

  const bas = o[oa + TextColumn.Branch]!;
  const bae = o[oa + TextColumn.Branch + 1]!;
  const bbs = o[ob + TextColumn.Branch]!;
  const bbe = o[ob + TextColumn.Branch + 1]!;
  if (bas === bae && bbs === bbe) ev.branch = BranchEvidence.None;
  else if (bas === bae || bbs === bbe) ev.branch = BranchEvidence.OneMissing;
  else if (similarity(t, bas, bae, bbs, bbe) >= W.BRANCH_SAME_SIMILARITY) ev.branch = BranchEvidence.Same;
  else ev.branch = branchAtAddress(store, a, b) ? BranchEvidence.AtAddress : BranchEvidence.Differ;
  w[Term.Branch] = ev.branch === BranchEvidence.Same ? m.branch.same : ev.branch === BranchEvidence.OneMissing ? m.branch.one_missing : 0;
  let logOdds = 0;
  for (let k = 0; k <= Term.Branch; k++) logOdds += w[k]!;
  logOdds += w[Term.PlaceKind]!;

  // The best the location can still add; a differing branch costs at least its milder penalty.
  const bound = locationBoundOf(m);
  if (minScore > 0 && logistic(logOdds + bound.location + (ev.branch === BranchEvidence.Differ ? bound.branchDiffer : 0)) < minScore) {
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
  w[Term.Address] = ev.addressSim === ev.addressSim ? W.interpolate(m.address_curve, ev.addressSim) : 0;
  ev.sameStreet = exactAgreement(store, a, b, TextColumn.Street, NumColumn.StreetHash) === Agreement.Match;
  w[Term.SameStreet] = ev.sameStreet ? m.same_street : 0;
  // Two branch names at one street number are more often one shop named twice than two shops.
  if (ev.branch === BranchEvidence.Differ) w[Term.Branch] = ev.sameStreet ? m.branch.differ_at_same_street : m.branch.differ;

  const na = a * NUM_COLUMNS;
  const nb = b * NUM_COLUMNS;
  const n = store.nums;
  ev.distance = distanceMetres(n[na + NumColumn.Lat]!, n[na + NumColumn.Lng]!, n[nb + NumColumn.Lat]!, n[nb + NumColumn.Lng]!);
  w[Term.Distance] = ev.distance === ev.distance ? W.stepWeight(m.distance_steps, ev.distance) : 0;

  logOdds = 0;
  for (let k = 0; k < TERM_COUNT; k++) logOdds += w[k]!;
  ev.score = logistic(logOdds);
  return ev;
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
