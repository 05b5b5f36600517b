/**
 * The columns of the feature store: what verification, clustering and output need of a normalized
 * record. Part of the index format stored with each generation: append, never renumber.
 */
export const TextColumn = {
  MerchantId: 0,
  /** Name without division prefix, legal form and branch: what name similarity compares. */
  NameCore: 1,
  /** Branch suffix, normalized (朝阳店 → 朝阳). */
  Branch: 2,
  /** Comparable full address (division stripped, numerals as digits). */
  Address: 3,
  /** Road + number: the part of an address that pins a building. */
  Street: 4,
  /** Normalized phone numbers, sorted, joined by ','. Landlines as their local number. */
  Phones: 5,
  /** Valid uscc or ''. */
  Uscc: 6,
  /** Valid resident id or ''. */
  IdNumber: 7,
  BankAccount: 8,
  /** Terminal serials, sorted, joined by ','. */
  Terminals: 9,
  Mcc: 10,
  LegalPerson: 11,
  LegalForm: 12,
  /** Acquiring channel (服务商) code, '' when missing: risk alerts weigh registrations through one agent. */
  Channel: 13,
} as const;
export type TextColumn = (typeof TextColumn)[keyof typeof TextColumn];
export const TEXT_COLUMNS = 14;

export const NumColumn = {
  /** WGS-84 latitude, NaN when missing or invalid. */
  Lat: 0,
  Lng: 1,
  /** created_at in epoch ms, NaN when missing. */
  CreatedAt: 2,
  /** Number of filled contract fields: the tie-breaker for the canonical record. */
  Completeness: 3,
  /** GB/T 2260 codes as numbers, NaN when unknown. */
  ProvinceCode: 4,
  CityCode: 5,
  DistrictCode: 6,
  /** Geo grid cell id (see geo-cell.ts), NaN without coordinates: a sorted-neighbourhood order. */
  GeoCell: 7,
  /** 32-bit hash of the name core: the second sorted-neighbourhood order. */
  NameHash: 8,
  /** Line number in the input. */
  Line: 9,
  /**
   * The record's content value (content-hash.ts): equal for records that differ only in merchant_id,
   * created_at or channel; NaN when nothing in it names one business. Corpus frequencies count distinct ones. (Column 10 was once the name frequency,
   * which corpus facts replaced: verify/match-context.ts.)
   */
  Content: 10,
  /**
   * 32-bit hashes of the exact-match text columns (NaN when empty), so verification compares numbers and
   * reads the strings only to confirm equal hashes.
   */
  UsccHash: 11,
  IdNumberHash: 12,
  BankAccountHash: 13,
  MccHash: 14,
  LegalPersonHash: 15,
  StreetHash: 16,
  /** 32-bit Bloom masks of the list columns (0 when empty): disjoint masks mean disjoint lists. */
  PhoneBloom: 17,
  TerminalBloom: 18,
  /** PlaceKind bits of the name (normalize/place-kind.ts): a car park, gate, ATM … rather than a business. */
  PlaceKind: 19,
} as const;
export type NumColumn = (typeof NumColumn)[keyof typeof NumColumn];
export const NUM_COLUMNS = 20;
