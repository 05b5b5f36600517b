/**
 * The result tables of one generation and the views that show the current one.
 *
 * Every run writes `pairs_g<N>`, `clusters_g<N>`, `rejects_g<N>`, `warnings_g<N>`, `dedup_keys_g<N>`,
 * `risk_alerts_g<N>` and `risk_members_g<N>` in the tool's schema; the views of the same names select from the current generation's
 * tables, with a leading `generation` column. Columns follow the files' headers (write/result-writers.ts),
 * so a CSV and a table of one run hold the same values under the same names. A view can only gain
 * columns at its end (CREATE OR REPLACE VIEW), so new evidence columns must be appended, never inserted.
 */
import { RISK_ALERTS_HEADER, RISK_MEMBERS_HEADER } from '../risk/risk-rows.js';
import { CLUSTERS_HEADER, PAIRS_HEADER, REJECTS_HEADER, WARNINGS_HEADER } from '../write/result-writers.js';
import { EVIDENCE_CODES, EVIDENCE_NUMBERS } from '../verify/verified-pairs.js';
import { quoteIdent } from './sql-names.js';

export type ResultSet = 'pairs' | 'clusters' | 'rejects' | 'dedup_keys' | 'key_counts' | 'risk_alerts' | 'risk_members' | 'warnings' | 'records';
export const RESULT_SETS: readonly ResultSet[] = ['pairs', 'clusters', 'rejects', 'dedup_keys', 'key_counts', 'risk_alerts', 'risk_members', 'warnings', 'records'];

type Column = readonly [name: string, type: string];

function pairType(column: (typeof PAIRS_HEADER)[number]): string {
  if (column === 'a_id' || column === 'b_id') return 'text NOT NULL';
  if (column === 'score') return 'real NOT NULL';
  // distance_m is written in whole metres, as in pairs.csv.
  if (column === 'distance_m') return 'integer';
  if ((EVIDENCE_NUMBERS as readonly string[]).includes(column)) return 'real';
  if ((EVIDENCE_CODES as readonly string[]).includes(column)) return 'text NOT NULL';
  throw new Error(`pairs column ${column} has no PostgreSQL type: add it to generation-tables.ts`);
}

const CLUSTER_TYPES: Readonly<Record<(typeof CLUSTERS_HEADER)[number], string>> = {
  cluster_id: 'text NOT NULL',
  merchant_id: 'text NOT NULL',
  is_canonical: 'boolean NOT NULL',
  cluster_size: 'integer NOT NULL',
};
const REJECT_TYPES: Readonly<Record<(typeof REJECTS_HEADER)[number], string>> = {
  line: 'bigint NOT NULL',
  merchant_id: 'text',
  field: 'text',
  reason: 'text NOT NULL',
};
const WARNING_TYPES: Readonly<Record<(typeof WARNINGS_HEADER)[number], string>> = {
  line: 'bigint NOT NULL',
  merchant_id: 'text NOT NULL',
  field: 'text NOT NULL',
  reason: 'text NOT NULL',
};

const RISK_ALERT_TYPES: Readonly<Record<(typeof RISK_ALERTS_HEADER)[number], string>> = {
  alert_id: 'text NOT NULL',
  kind: 'text NOT NULL',
  severity: 'real NOT NULL',
  entities: 'integer NOT NULL',
  merchants: 'integer NOT NULL',
  shared_keys: 'text NOT NULL',
  first_created_at: 'timestamptz',
  last_created_at: 'timestamptz',
  channels: 'text NOT NULL',
  reason: 'text NOT NULL',
  burst_entities: 'integer NOT NULL',
  burst_days: 'real NOT NULL',
  distinct_names: 'integer NOT NULL',
  distinct_streets: 'integer NOT NULL',
  cities: 'integer NOT NULL',
  key_count: 'integer NOT NULL',
  part_burst: 'real NOT NULL',
  part_unlike: 'real NOT NULL',
  part_addresses: 'real NOT NULL',
  part_channel: 'real NOT NULL',
  part_cities: 'real NOT NULL',
};
const RISK_MEMBER_TYPES: Readonly<Record<(typeof RISK_MEMBERS_HEADER)[number], string>> = {
  alert_id: 'text NOT NULL',
  merchant_id: 'text NOT NULL',
  cluster_id: 'text',
  created_at: 'timestamptz',
  in_burst: 'boolean NOT NULL',
};

export const COLUMNS: Readonly<Record<ResultSet, readonly Column[]>> = {
  pairs: PAIRS_HEADER.map((c) => [c, pairType(c)] as const),
  clusters: CLUSTERS_HEADER.map((c) => [c, CLUSTER_TYPES[c]] as const),
  rejects: REJECTS_HEADER.map((c) => [c, REJECT_TYPES[c]] as const),
  warnings: WARNINGS_HEADER.map((c) => [c, WARNING_TYPES[c]] as const),
  // key: the 64-bit blocking key (candidates/key-kinds.ts), hi word first, as a signed bigint;
  // kind: its top 4 bits (KeyKind), kept as a column to filter without bit arithmetic.
  dedup_keys: [
    ['key', 'bigint NOT NULL'],
    ['kind', 'smallint NOT NULL'],
    ['merchant_id', 'text NOT NULL'],
  ],
  // How many merchants of the generation carry each key held by two or more (verify/match-context.ts):
  // records bound the online check's candidates (bucket_cap); distinct_records (records of equal content
  // counted once: store/content-hash.ts) are the name frequencies and generic identifier values it scores
  // with. Generations written before lack the column.
  key_counts: [
    ['key', 'bigint NOT NULL'],
    ['kind', 'smallint NOT NULL'],
    ['records', 'integer NOT NULL'],
    ['distinct_records', 'integer NOT NULL'],
  ],
  risk_alerts: RISK_ALERTS_HEADER.map((c) => [c, RISK_ALERT_TYPES[c]] as const),
  risk_members: RISK_MEMBERS_HEADER.map((c) => [c, RISK_MEMBER_TYPES[c]] as const),
  // Every accepted merchant of the generation as the contract record the scan read (store/record-arena.ts):
  // the online check re-normalizes candidates from it with the scan's own code, and people read raw fields.
  records: [
    ['merchant_id', 'text NOT NULL'],
    ['record', 'jsonb NOT NULL'],
  ],
};

/** Indexes built once a table is loaded (building them during COPY would cost a btree insert per row). */
const INDEXES: Readonly<Record<ResultSet, readonly string[]>> = {
  pairs: ['a_id', 'b_id'],
  clusters: ['cluster_id', 'merchant_id'],
  rejects: [],
  warnings: [],
  dedup_keys: ['key'],
  key_counts: ['key'],
  risk_alerts: ['alert_id'],
  risk_members: ['alert_id', 'merchant_id'],
  records: ['merchant_id'],
};

export function generationTable(set: ResultSet, generation: number): string {
  return `${set}_g${generation}`;
}

export function createTableSql(schema: string, set: ResultSet, generation: number): string {
  const cols = COLUMNS[set].map(([n, t]) => `${quoteIdent(n)} ${t}`).join(', ');
  return `CREATE TABLE ${quoteIdent(schema)}.${quoteIdent(generationTable(set, generation))} (${cols})`;
}

export function createIndexSqls(schema: string, set: ResultSet, generation: number): string[] {
  const table = generationTable(set, generation);
  return INDEXES[set].map((c) => `CREATE INDEX ${quoteIdent(`${table}_${c}`)} ON ${quoteIdent(schema)}.${quoteIdent(table)} (${quoteIdent(c)})`);
}

/** The view of the current generation's `set`. */
export function currentViewSql(schema: string, set: ResultSet, generation: number): string {
  return `CREATE OR REPLACE VIEW ${quoteIdent(schema)}.${quoteIdent(set)} AS SELECT ${generation}::integer AS generation, * FROM ${quoteIdent(schema)}.${quoteIdent(generationTable(set, generation))}`;
}

/** The view before any run: the same columns, no rows. */
export function emptyViewSql(schema: string, set: ResultSet): string {
  const cols = COLUMNS[set].map(([n, t]) => `NULL::${t.replace(' NOT NULL', '')} AS ${quoteIdent(n)}`).join(', ');
  return `CREATE OR REPLACE VIEW ${quoteIdent(schema)}.${quoteIdent(set)} AS SELECT NULL::integer AS generation, ${cols} WHERE false`;
}

export function dropTablesSql(schema: string, generation: number): string {
  return `DROP TABLE IF EXISTS ${RESULT_SETS.map((s) => `${quoteIdent(schema)}.${quoteIdent(generationTable(s, generation))}`).join(', ')}`;
}
