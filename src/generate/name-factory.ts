import type { Division } from '../divisions/division-table.js';
import { tradeName } from './address-factory.js';
import type { CityProfile } from './city-catalog.js';
import { pickProduct, type NameSkew } from './name-skew.js';
import type { Person } from './person-names.js';
import type { Prng } from './prng.js';
import type { ShopType } from './shop-types.js';

/**
 * Merchant names as parts, following the enterprise-name rules (企业名称登记管理规定): division +
 * trade name + industry + organisational form (北京 鑫源 商贸 有限公司); a 个体工商户 may end with
 * （个体工商户）; chain branches carry the branch in brackets (瑞幸咖啡（西单店）); unlicensed small
 * merchants use whatever the owner calls the shop (张记牛肉面馆, 老王烧烤店).
 */
export type OwnerForm = 'micro' | 'individual' | 'company';
export type LegalForm = '' | '有限公司' | '有限责任公司';

export interface NameParts {
  /** Division written before the name: 北京, 朝阳区, 北京市朝阳区, or ''. */
  prefix: string;
  core: string;
  legalForm: LegalForm;
  /** Branch inside brackets, without them: 西单店. */
  branch: string;
  /** Ends with （个体工商户）. */
  selfEmployed: boolean;
  /** ASCII brackets () instead of the full-width （）. */
  halfWidthBrackets: boolean;
}

export const SELF_EMPLOYED_TAG = '个体工商户';
/** Share of registered company names written 有限责任公司 rather than 有限公司 (same legal form). */
const LONG_FORM_SHARE = 0.15;

export function renderName(p: NameParts): string {
  const open = p.halfWidthBrackets ? '(' : '（';
  const close = p.halfWidthBrackets ? ')' : '）';
  let s = p.prefix + p.core + p.legalForm;
  if (p.branch) s += open + p.branch + close;
  if (p.selfEmployed) s += open + SELF_EMPLOYED_TAG + close;
  return s;
}

/** A name that is just `core` with no prefix, legal form or brackets. */
export function plainName(core: string): NameParts {
  return parts('', core);
}

function parts(prefix: string, core: string): NameParts {
  return { prefix, core, legalForm: '', branch: '', selfEmployed: false, halfWidthBrackets: false };
}

function personalCore(prng: Prng, person: Person, product: string, skew: NameSkew): string {
  const u = prng.float();
  if (u < 0.3) return `${person.surname}记${product}`;
  if (u < 0.45) return `老${person.surname}${product}`;
  if (u < 0.52) return `${person.surname}${person.male ? '哥' : '姐'}${product}`;
  if (u < 0.58) return `阿${person.given.slice(-1)}${product}`;
  return tradeName(prng, skew.tradeChars) + product;
}

export function makeShopName(
  prng: Prng, form: OwnerForm, type: ShopType, person: Person, city: CityProfile, district: Division | null, skew: NameSkew,
): NameParts {
  const product = pickProduct(prng, type, skew);
  if (form === 'company') {
    const u = prng.float();
    const prefix = u < 0.75 ? city.city.short : u < 0.85 ? city.city.name : '';
    const p = parts(prefix, tradeName(prng, skew.tradeChars) + prng.pick(type.industries));
    p.legalForm = prng.chance(LONG_FORM_SHARE) ? '有限责任公司' : '有限公司';
    return p;
  }
  if (form === 'individual') {
    const u = prng.float();
    const d = district?.name ?? '';
    const prefix = u < 0.45 ? d : u < 0.6 ? city.city.name + d : u < 0.7 ? city.city.short : '';
    const v = prng.float();
    const core = v < 0.55 ? tradeName(prng, skew.tradeChars) + product : v < 0.8 ? person.name + product : `${person.surname}记${product}`;
    const p = parts(prefix, core);
    p.selfEmployed = prng.chance(0.4);
    p.halfWidthBrackets = prng.chance(0.4);
    return p;
  }
  // Unlicensed QR-code merchants are sometimes filed under the owner's own name.
  if (prng.chance(0.04)) return parts('', prng.chance(0.5) ? person.name : `个体户${person.name}`);
  return parts(prng.chance(0.08) && district ? district.short : '', personalCore(prng, person, product, skew));
}

/** A chain branch: brand plus a branch label in brackets. */
export function makeChainName(prng: Prng, brand: string, branch: string): NameParts {
  const p = parts('', brand);
  p.branch = branch;
  p.halfWidthBrackets = prng.chance(0.3);
  return p;
}
