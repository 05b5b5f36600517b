import { DedupError } from '../errors.js';
import { MERCHANT_FIELDS, type MerchantField } from '../record/merchant-record.js';
import type { ColumnMap } from '../record/validate-record.js';

/** Parses `--map name=shop_name,phone=tel`: contract field = input column. */
export function parseColumnMap(value: string): ColumnMap {
  const map: ColumnMap = {};
  for (const part of value.split(',')) {
    const [field, column] = part.split('=').map((s) => s.trim());
    if (!field || !column) throw new DedupError('E_BAD_ARGS', `--map entries must look like field=column, got "${part}"`);
    if (!(MERCHANT_FIELDS as readonly string[]).includes(field)) {
      throw new DedupError('E_BAD_ARGS', `--map: "${field}" is not a contract field (fields: ${MERCHANT_FIELDS.join(', ')})`);
    }
    map[field as MerchantField] = column;
  }
  return map;
}
