/**
 * JSON schemas of the request envelopes (validated by fastify's ajv, which is told to reject, not strip,
 * unknown properties). The records inside are not described here: they go through the same validator as a
 * file's records (record/validate-record.ts), which names the field a record breaks and ignores extra ones.
 */
import { MAX_ID_LENGTH } from '../record/validate-record.js';

/** Most records in one check request (docs/contract.md). */
export const MAX_RECORDS = 1000;

export const CHECK_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    record: {},
    records: { type: 'array', maxItems: MAX_RECORDS },
  },
} as const;

export const REGISTER_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['record'],
  properties: { record: {} },
} as const;

export const DUPLICATES_PARAMS = {
  type: 'object',
  properties: { merchant_id: { type: 'string', minLength: 1, maxLength: MAX_ID_LENGTH } },
  required: ['merchant_id'],
} as const;
