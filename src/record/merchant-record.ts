/**
 * The merchant record of the contract (docs/contract.md): one registration of a merchant.
 * Readers produce exactly this shape; unknown extra input fields are ignored (not rejected).
 */
export interface MerchantRecord {
  /** Unique id of this registration (商户编号); never reused. */
  merchant_id: string;
  /** Merchant / shop name as registered (商户名称), may carry a branch suffix. */
  name: string;
  /** Unified social credit code (统一社会信用代码), GB 32100-2015. */
  uscc: string | null;
  /** Legal representative / owner (法人). */
  legal_person: string | null;
  /** Legal person's resident ID (身份证号), GB 11643. */
  id_number: string | null;
  /** Contact phone(s), any common formatting; several numbers may be joined by `;`. */
  phone: string | null;
  bank_account: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  /** `wgs84` (default), `gcj02` or `bd09`. */
  coord_sys: string | null;
  /** 4-digit merchant category code. */
  mcc: string | null;
  /** Serial numbers of POS terminals bound to the merchant (CSV: joined by `;`). */
  terminal_sns: string[];
  /** ISO-8601 timestamp. */
  created_at: string | null;
  /** Acquiring channel / agent (服务商) code. */
  channel: string | null;
}

/** Contract field names, in contract order: also the default CSV header and PostgreSQL column names. */
export const MERCHANT_FIELDS = [
  'merchant_id',
  'name',
  'uscc',
  'legal_person',
  'id_number',
  'phone',
  'bank_account',
  'province',
  'city',
  'district',
  'address',
  'lat',
  'lng',
  'coord_sys',
  'mcc',
  'terminal_sns',
  'created_at',
  'channel',
] as const satisfies readonly (keyof MerchantRecord)[];

export type MerchantField = (typeof MERCHANT_FIELDS)[number];

/** Coordinate systems of the contract. */
export const COORD_SYSTEMS = ['wgs84', 'gcj02', 'bd09'] as const;
export type CoordSystem = (typeof COORD_SYSTEMS)[number];

/** A record that broke the contract: kept, never silently dropped. */
export interface Reject {
  /** 1-based physical line (NDJSON) or line where the record starts (CSV, header is line 1). */
  line: number;
  merchant_id: string | null;
  /** Contract field at fault, when one is. */
  field: string | null;
  /** Human-readable reason, e.g. `name: required field is missing`. */
  reason: string;
}

/**
 * An optional field of an accepted record that could not be read: the record is kept with the field
 * null (terminal_sns empty), and this row says what was dropped and why.
 */
export interface RecordWarning {
  /** Line of the record, as in Reject. */
  line: number;
  merchant_id: string;
  field: MerchantField;
  /** Human-readable reason, e.g. `created_at: not a timestamp …: "yesterday"`. */
  reason: string;
}
