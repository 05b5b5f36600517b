/**
 * An applicant's record from a request or a line of `check --input`, through the same validator as a file's
 * record (record/validate-record.ts): a record that breaks the contract is refused naming the field, extra
 * fields are ignored. A check may omit merchant_id (an applicant has none yet); a registration may not.
 */
import { DedupError } from '../errors.js';
import { isRejection, validateRecord } from '../record/validate-record.js';
import type { Applicant } from './check-records.js';

/**
 * Stands in for a missing merchant_id so the validator's other rules apply unchanged; never compared with
 * real ids (Applicant.hasId is false).
 */
const PLACEHOLDER_ID = 'applicant';

/**
 * @param where how the caller names the record in a message, e.g. `record` or `records[3]`
 * @throws DedupError E_RECORD with `details.field` = `where.field`
 */
export function readApplicant(raw: unknown, where: string, idRequired: boolean): Applicant {
  const obj = raw as Record<string, unknown> | null;
  const missingId = typeof obj === 'object' && obj !== null && !Array.isArray(obj) && (obj.merchant_id === undefined || obj.merchant_id === null);
  const v = validateRecord(missingId && !idRequired ? { ...obj, merchant_id: PLACEHOLDER_ID } : raw);
  if (isRejection(v)) {
    const field = v.field === null ? where : `${where}.${v.field}`;
    throw new DedupError('E_RECORD', `${where}: ${v.reason}`, { field });
  }
  return { record: v, hasId: !missingId };
}
