/**
 * A source table with the contract's columns (docs/contract.md, "The merchant record"), as `load`
 * creates it, and the COPY text row of one record for it.
 */
import { MERCHANT_FIELDS, type MerchantField, type MerchantRecord } from '../record/merchant-record.js';
import { copyNumber, copyRow, copyText, copyTextArray } from './copy-text.js';
import { qualified, quoteIdent, type TableName } from './sql-names.js';

/** PostgreSQL type of each contract field. created_at is timestamptz: an offset-less input time is read
 * in the session's TimeZone, and read back with its offset, which the contract's validator accepts. */
export const MERCHANT_COLUMN_TYPES: Readonly<Record<MerchantField, string>> = {
  merchant_id: 'text NOT NULL',
  name: 'text NOT NULL',
  uscc: 'text',
  legal_person: 'text',
  id_number: 'text',
  phone: 'text',
  bank_account: 'text',
  province: 'text',
  city: 'text',
  district: 'text',
  address: 'text',
  lat: 'double precision',
  lng: 'double precision',
  coord_sys: 'text',
  mcc: 'text',
  terminal_sns: 'text[]',
  created_at: 'timestamptz',
  channel: 'text',
};

export function createMerchantTableSql(table: TableName): string {
  const cols = MERCHANT_FIELDS.map((f) => `${quoteIdent(f)} ${MERCHANT_COLUMN_TYPES[f]}`).join(', ');
  return `CREATE TABLE ${qualified(table)} (${cols})`;
}

/** Added after the first load, so the load itself does not maintain an index row by row. */
export function addMerchantKeySql(table: TableName): string {
  return `ALTER TABLE ${qualified(table)} ADD PRIMARY KEY (${quoteIdent('merchant_id')})`;
}

export function copyMerchantsSql(table: TableName): string {
  return `COPY ${qualified(table)} (${MERCHANT_FIELDS.map(quoteIdent).join(', ')}) FROM STDIN`;
}

export function merchantCopyRow(r: MerchantRecord): string {
  return copyRow([
    copyText(r.merchant_id),
    copyText(r.name),
    copyText(r.uscc),
    copyText(r.legal_person),
    copyText(r.id_number),
    copyText(r.phone),
    copyText(r.bank_account),
    copyText(r.province),
    copyText(r.city),
    copyText(r.district),
    copyText(r.address),
    copyNumber(r.lat),
    copyNumber(r.lng),
    copyText(r.coord_sys),
    copyText(r.mcc),
    copyTextArray(r.terminal_sns),
    copyText(r.created_at),
    copyText(r.channel),
  ]);
}
