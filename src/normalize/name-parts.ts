/**
 * A merchant name split into what tells businesses apart (`core`) and what does not, kept beside it:
 *
 *   杭州萧山 | 卡玛沙龙专业美发设计 | 有限公司 | (萧山旗舰店)
 *   prefix     core                  legalForm  branch
 *
 * - branch: a trailing bracket group (`(朝阳店)`, `(森宝专营店)`, `(文明路)`, several in a row); a last
 *   space-separated word that is a branch word or a place + 店 (`传世骨头饭 佳境天城店`); an explicit
 *   分店/分公司/支行… suffix (`芝麻开门萧山分公司`); or a place + 店 right after a shop-type word
 *   (`乐惠多超市丰东店`). A bare `…店` is never a branch otherwise: 汇文书店 is one shop.
 *   Stored without a final 店/分店, so `(文明路店)` and `(文明路)` agree.
 * - legalForm: 有限公司, 股份有限公司, 个体工商户 (also in brackets, or leading: 个体户于倩), 经营部, 商行,
 *   商店, 工作室, … and a final 店 (not in 酒店/饭店, where it is part of the trade): 康洁副百商行 and
 *   康洁副百商店 share their core.
 * - prefix: leading division names (see leading-divisions.ts), with the code of the deepest.
 * Every part is in the comparable form of normalize-text.ts; `core` also has equivalent spellings folded
 * (name-equivalents.ts: 网咖 → 网吧, 农村商业银行 → 农商银行). `core` is never empty: a name made only of
 * removable parts keeps them all in `core`.
 */
import { foldEquivalents } from './name-equivalents.js';
import { foldText, normalizeText } from './normalize-text.js';
import { divisionsNamed } from '../divisions/index.js';
import { stripLeadingDivisions } from './leading-divisions.js';
import { splitBrackets } from './name-brackets.js';
import { type DivisionCodes } from './record-divisions.js';

export interface NameParts {
  /** The whole name in comparable form (brackets kept as `(` `)`). */
  readonly full: string;
  /** What similarity compares: the name without prefix, legal form and branch. */
  readonly core: string;
  /** Branch / outlet qualifier, without a final 店 or 分店; '' when none. */
  readonly branch: string;
  /** Legal-form suffix as written (有限公司, 个体工商户 …); '' when none. */
  readonly legalForm: string;
  /** Leading division names as written (杭州萧山); '' when none. */
  readonly prefix: string;
  /** GB/T 2260 code of the deepest division in `prefix`; '' when none or ambiguous. */
  readonly prefixDivisionCode: string;
}

/** The least a core may keep when a part is taken off it: one Chinese character is not a name. */
const MIN_CORE = 2;
/** Legal-form suffixes; the leftmost match is the longest (股份有限公司 before 有限公司 before 公司). */
const LEGAL_SUFFIX =
  /(?:股份有限公司|有限责任公司|有限公司|个人独资企业|合伙企业|个体工商户|个体户|公司|经营部|经销部|门市部|服务部|工作室|商行|商店|(?<![酒饭])店)$/;
/** Individual businesses are also registered as `个体户` + the owner's name: 个体户于倩. */
const LEGAL_PREFIX = /^(?:个体工商户|个体户)/;
const INDIVIDUAL_FIRST = '个'.charCodeAt(0);
/** Last characters of LEGAL_SUFFIX: a cheap test before running it. */
const LEGAL_LAST_CHARS = '司业户部室行店';
/** Branch words ending a space-separated last word. */
const BRANCH_WORD = /(?:分店|分公司|分行|支行|分理处|营业部|营业厅|分部|分校|分院|分馆|门店|校区|网点)$/;
/**
 * A space-separated last word `…店` is a branch only when what precedes 店 ends like a place
 * (佳境天城店, 振宁路店); `熊蓉 凤鲜花店` is a name with a stray space.
 */
const PLACE_THEN_STORE = /(?:路|街|道|广场|中心|城|苑|园|村|镇|区|县|市|站|大厦|商场|天地|花园|小区)店$/;
const BRANCH_SUFFIX = /(?:分店|分公司|分行|支行|分理处|营业部|分部|分校|分院|分馆)$/;
/** Last characters of BRANCH_SUFFIX and TRADE_THEN_PLACE. */
const BRANCH_LAST_CHARS = '店司行处部校院馆';
/** Shop-type words after which a place + 店 is a branch: 乐惠多超市 + 丰东 + 店. */
const TRADE_THEN_PLACE =
  /(?:超市|酒店|便利店|药店|药房|大药房|饭店|餐厅|宾馆|影城|商场|专卖店|旗舰店|银行|面馆|快餐|连锁)([\u4e00-\u9fffa-z0-9]{2,5}?)店$/;
/** Places that are really store types: 超市连锁店 is not a branch called 连锁. */
const NOT_A_PLACE = /^(?:连锁|直营|加盟|专卖|旗舰|形象|体验|便利|总)$/;
/** Shop-type word endings used to find where a brand ends before an explicit 分店/支行 suffix. */
const TRADE_END = /(?:超市|酒店|饭店|银行|公寓|民宿|宾馆|餐厅|药房|药店|公司|中心|馆|店|行|厅|坊|堂|社|所|院|部|吧)/g;
/** A location before an explicit branch suffix is at most this long (盈丰, 钱江世纪城). */
const MAX_PLACE = 5;
/** Without a clue where the brand ends, a branch place is taken as two characters, the common length. */
const DEFAULT_PLACE = 2;
const BRANCH_TAIL = /(?:分店|店)$/;
/** Division names (full or short) have at least two characters. */
const MIN_DIVISION_NAME = 2;

/** The place before an explicit branch suffix: a division name, the text after a shop-type word, or 2 chars. */
function placeLength(pre: string): number {
  const max = Math.min(MAX_PLACE, pre.length - MIN_CORE);
  if (max <= 0) return 0;
  for (let len = max; len >= MIN_DIVISION_NAME; len--) {
    if (divisionsNamed(pre.slice(pre.length - len)).length > 0) return len;
  }
  let best = -1;
  TRADE_END.lastIndex = Math.max(0, pre.length - MAX_PLACE - 3);
  for (let m = TRADE_END.exec(pre); m; m = TRADE_END.exec(pre)) {
    const after = pre.length - (m.index + m[0].length);
    if (after <= max) best = after;
  }
  if (best >= 0) return best;
  return Math.min(DEFAULT_PLACE, max);
}

function canonicalBranch(branch: string): string {
  const stripped = branch.replace(BRANCH_TAIL, '');
  return stripped.length > 0 ? stripped : branch;
}

/** Split a merchant name (as registered) into its parts; `ctx` is the record's divisions, for the prefix. */
export function parseName(name: string, ctx: DivisionCodes): NameParts {
  const folded = foldText(name);
  const full = normalizeText(folded);
  let { rest, branch, legalForm } = folded.includes('(') ? splitBrackets(folded) : { rest: folded, branch: '', legalForm: '' };

  // A last space-separated word that is a branch: 传世骨头饭 佳境天城店.
  const space = rest.lastIndexOf(' ');
  if (space > 0) {
    const last = rest.slice(space + 1);
    const before = normalizeText(rest.slice(0, space));
    if (last.length > 1 && (BRANCH_WORD.test(last) || PLACE_THEN_STORE.test(last)) && before.length >= MIN_CORE) {
      branch = normalizeText(last) + branch;
      rest = before;
    }
  }
  let core = normalizeText(rest);

  // Both patterns end in one of a few characters: test the last one before running them.
  if (branch === '' && BRANCH_LAST_CHARS.includes(core.charAt(core.length - 1))) {
    const suffix = BRANCH_SUFFIX.exec(core);
    if (suffix && suffix.index >= MIN_CORE) {
      const pre = core.slice(0, suffix.index);
      const place = placeLength(pre);
      branch = core.slice(suffix.index - place);
      core = pre.slice(0, pre.length - place);
    } else {
      const m = TRADE_THEN_PLACE.exec(core);
      if (m && !NOT_A_PLACE.test(m[1]!)) {
        branch = m[1]!;
        core = core.slice(0, core.length - m[1]!.length - 1);
      }
    }
  }

  for (let k = 0; k < 2 && core.length > MIN_CORE && LEGAL_LAST_CHARS.includes(core.charAt(core.length - 1)); k++) {
    const m = LEGAL_SUFFIX.exec(core);
    if (!m || m.index < MIN_CORE) break;
    legalForm = m[0] + legalForm;
    core = core.slice(0, m.index);
  }

  const lp = core.charCodeAt(0) === INDIVIDUAL_FIRST ? LEGAL_PREFIX.exec(core) : null;
  if (lp && core.length - lp[0].length >= MIN_CORE) {
    legalForm = lp[0] + legalForm;
    core = core.slice(lp[0].length);
  }

  let prefix = '';
  let prefixDivisionCode = '';
  const lead = stripLeadingDivisions(core, ctx, MIN_CORE);
  if (lead) {
    prefix = core.slice(0, lead.end);
    prefixDivisionCode = lead.codes.district || lead.codes.city || lead.codes.province;
    core = core.slice(lead.end);
  }

  if (core === '') return { full, core: foldEquivalents(full.replace(/[()]/g, '')), branch: '', legalForm: '', prefix: '', prefixDivisionCode: '' };
  return { full, core: foldEquivalents(core), branch: canonicalBranch(branch), legalForm, prefix, prefixDivisionCode };
}
