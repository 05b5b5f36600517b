/**
 * The comparable features of one merchant record: what every later stage (sketches, candidate
 * generation, verification, the online onboarding check) reads instead of the raw record.
 * Flat on purpose: strings, numbers and short string lists, so that a batch can be laid out as
 * columns. Missing text is '', missing numbers are NaN. Lists are shared and frozen when empty: read only.
 */
export interface NormalizedMerchant {
  /** `merchant_id` as given. */
  readonly merchantId: string;

  /** The whole name in comparable form (NFKC, lower case, simplified, no spaces or punctuation, `(` `)`). */
  readonly name: string;
  /** The name without division prefix, legal form and branch: what name similarity compares. */
  readonly nameCore: string;
  /** Branch qualifier (朝阳 from `(朝阳店)`, 萧山分公司, 新城支行); '' when none. Differs between branches of a chain. */
  readonly nameBranch: string;
  /** Legal-form suffix (有限公司, 个体工商户, 商行, 店 …); '' when none. */
  readonly nameLegalForm: string;
  /** Leading division names of the name (杭州萧山); '' when none. */
  readonly namePrefix: string;
  /** GB/T 2260 code of the deepest division in `namePrefix`; '' when none or ambiguous. */
  readonly namePrefixDivisionCode: string;

  /** GB/T 2260 province code (2 digits), from the division fields, else from the address; '' unknown. */
  readonly provinceCode: string;
  /** GB/T 2260 city code (4 digits; a municipality's is `<province>01`); '' unknown. */
  readonly cityCode: string;
  /** GB/T 2260 district / county code (6 digits); '' unknown. */
  readonly districtCode: string;
  /** Town or sub-district written at the start of the address (宁围镇, 宁围街道); '' when none. */
  readonly town: string;
  /** Comparable address: without divisions, town, floor, room and notes; numerals as digits. */
  readonly address: string;
  /** Road + house number(s) + 号 (振宁路56-58号), or the road alone; '' when no road is found. */
  readonly street: string;
  /** Road (or village) of the house number; '' when none. */
  readonly road: string;
  /** First house number; NaN when none. */
  readonly houseNo: number;
  /** Last house number of a range or list; equals `houseNo` for a single number; NaN when none. */
  readonly houseNoEnd: number;
  /** Building number or letter (2幢 → `2`, A座 → `a`); '' when none. */
  readonly building: string;
  /** Floor, negative below ground; NaN when none. */
  readonly floor: number;
  /** Room (`301`, `1505a`); '' when none. */
  readonly room: string;

  /** 11-digit mobile numbers. */
  readonly mobiles: readonly string[];
  /** Fixed-line local numbers (7–8 digits), without area code: `025-52199123` and `52199123` agree. */
  readonly landlines: readonly string[];
  /** Area code (with trunk 0) of each entry of `landlines`, '' when not written. */
  readonly landlineAreaCodes: readonly string[];
  /** 400/800 numbers and short hotlines, shared across a chain: weak evidence only. */
  readonly serviceNumbers: readonly string[];

  /** USCC upper-case without separators, as given ('' when missing). A strong key only when `usccValid`. */
  readonly uscc: string;
  /** True when `uscc` passes GB 32100-2015 (alphabet, division digits, check character). */
  readonly usccValid: boolean;
  /** Resident ID upper-case, 15-digit numbers upgraded to 18 ('' when missing). A strong key only when `idNumberValid`. */
  readonly idNumber: string;
  /** True when `idNumber` passes GB 11643-1999 (birth date, MOD 11-2 check character). */
  readonly idNumberValid: boolean;
  /** Legal person's name in comparable text form. */
  readonly legalPerson: string;
  /** Settlement account digits (12–30), '' when missing or malformed. */
  readonly bankAccount: string;

  /** WGS-84 latitude; NaN when missing, (0, 0) or outside China. */
  readonly lat: number;
  /** WGS-84 longitude; NaN when missing, (0, 0) or outside China. */
  readonly lng: number;

  /** 4-digit merchant category code, or null. */
  readonly mcc: string | null;
  /** Terminal serial numbers, upper-case, without spaces and dashes. */
  readonly terminalSns: readonly string[];
  /** Registration time, epoch milliseconds (zone-less timestamps read as UTC+8); NaN when missing. */
  readonly createdAt: number;
  /** Acquiring channel code, cleaned like other codes; '' when missing. */
  readonly channel: string;
}
