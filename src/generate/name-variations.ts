import { hasFullWidth, hasHalfWidth, toFullWidth, toHalfWidth } from './char-width.js';
import { homophoneSwap } from './homophones.js';
import { USCC_PREFIX_ENTERPRISE } from './identifier-factory.js';
import { toTraditional } from './traditional-chars.js';
import type { Variation } from './variation-kit.js';

/**
 * How the name of one business drifts between its registrations: branch suffix and bracket width,
 * division prefix, legal form, character width, traditional characters, a pinyin-input homophone,
 * stray spaces and dots.
 */

/** Share of draws of the bracket variation that do not add a branch to a name without one. */
const BRANCH_ADDED_SKIP = 0.6;
/** Word starts a typist separates: the legal form or an opening bracket. */
const WORD_BOUNDARY_BEFORE = /有限|[（(]/;
/** The end of a leading division name (北京市朝阳区 | 鑫源…), within the first few characters. */
const DIVISION_END = /^.{1,5}?[省市区县](?=.)/u;
const NAME_SEPARATORS = [' ', ' ', ' ', '·', '\u3000', '-'];

export const NAME_VARIATIONS: readonly Variation[] = [
  { weight: 8, draft: (d, prng) => {
    const n = d.name;
    if (n.branch || n.selfEmployed) {
      if (n.branch && prng.chance(0.35)) { n.branch = ''; return 'branch_dropped'; }
      n.halfWidthBrackets = !n.halfWidthBrackets;
      return 'bracket_width';
    }
    // Companies register under their legal name; a branch label is a shop's habit, and not every time.
    if (!d.address || n.legalForm || prng.chance(BRANCH_ADDED_SKIP)) return null;
    n.branch = (prng.chance(0.8) || !d.district ? d.address.street : d.district.short) + '店';
    return 'branch_added';
  } },
  { weight: 8, draft: (d, prng) => {
    const n = d.name;
    const c = d.city.city;
    const dn = d.district?.name ?? '';
    if (n.prefix && prng.chance(0.7)) { n.prefix = ''; return 'name_prefix_dropped'; }
    const options = [c.short, c.name, dn, c.name + dn].filter((p) => p && p !== n.prefix);
    const had = n.prefix !== '';
    n.prefix = prng.pick(options);
    return had ? 'name_prefix_changed' : 'name_prefix_added';
  } },
  { weight: 7, draft: (d, prng) => {
    const n = d.name;
    if (n.legalForm) {
      n.legalForm = n.legalForm === '有限公司' ? (prng.chance(0.5) ? '有限责任公司' : '') : prng.chance(0.6) ? '有限公司' : '';
      return 'legal_form';
    }
    if (n.branch || d.uscc?.startsWith(USCC_PREFIX_ENTERPRISE)) return null;
    n.selfEmployed = !n.selfEmployed;
    return n.selfEmployed ? 'self_employed_added' : 'self_employed_dropped';
  } },
  { weight: 4, text: (r) => {
    if (/[0-9A-Za-z()]/.test(r.name)) { r.name = toFullWidth(r.name); return 'name_fullwidth'; }
    if (hasFullWidth(r.name)) { r.name = toHalfWidth(r.name); return 'name_halfwidth'; }
    if (r.address && hasHalfWidth(r.address)) { r.address = toFullWidth(r.address); return 'address_fullwidth'; }
    return null;
  } },
  { weight: 3, text: (r, prng) => {
    const t = toTraditional(r.name);
    if (t === r.name) return null;
    r.name = t;
    if (r.address && prng.chance(0.3)) r.address = toTraditional(r.address);
    return 'traditional';
  } },
  { weight: 4, text: (r, prng) => {
    const s = homophoneSwap(r.name, prng);
    if (s === null) return null;
    r.name = s;
    return 'homophone';
  } },
  { weight: 5, text: (r, prng) => {
    const name = r.name;
    if (name.length < 2) return null;
    if (prng.chance(0.15)) {
      r.name = name + ' ';
      return 'spacing';
    }
    // Mostly between the words of the name: after the division, before the legal form or bracket.
    const boundaries = [name.search(WORD_BOUNDARY_BEFORE), DIVISION_END.exec(name)?.[0].length ?? -1]
      .filter((i) => i > 0 && i < name.length);
    const at = boundaries.length > 0 && prng.chance(0.7) ? prng.pick(boundaries) : prng.range(1, name.length - 1);
    r.name = name.slice(0, at) + prng.pick(NAME_SEPARATORS) + name.slice(at);
    return 'spacing';
  } },
];
