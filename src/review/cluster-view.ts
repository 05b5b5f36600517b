/**
 * One cluster as the console shows it: members side by side with their records (identifiers masked),
 * the pairs inside it with the matcher's evidence and a field-by-field comparison, the decisions taken
 * on it, and what those decisions will change at the next rebuild (a member split out, a pair kept
 * apart, a chosen canonical), so a reload shows a decision even before a rebuild has honoured it.
 */
import type pg from 'pg';
import { decisionsToConstraints } from '../cluster/decisions-to-constraints.js';
import type { ReviewDecision } from '../cluster/review-decision.js';
import { query } from '../db/database.js';
import { clusterVersion, readDecisions } from '../db/decision-table.js';
import { quoteIdent } from '../db/sql-names.js';
import { maskIdentifier } from '../normalize/mask-identifier.js';
import { EVIDENCE_CODES, EVIDENCE_NUMBERS } from '../verify/verified-pairs.js';
import type { RecordRelation } from './record-relation.js';
import { currentGeneration } from './review-queue.js';
import { bandOf, type ScoreBand } from './score-bands.js';

/** Record fields shown, in the order of the side-by-side table. */
export const SHOWN_FIELDS = ['name', 'legal_person', 'phone', 'uscc', 'id_number', 'bank_account', 'province', 'city', 'district', 'address', 'lat', 'lng', 'mcc', 'terminal_sns', 'created_at', 'channel'] as const;
/** Identifiers shown masked (mask-identifier.ts): compared in full here, never sent whole. */
const MASKED: ReadonlySet<string> = new Set(['phone', 'uscc', 'id_number', 'bank_account', 'terminal_sns']);

export type ShownRecord = Partial<Record<(typeof SHOWN_FIELDS)[number], string | number | null>>;

export interface MemberView {
  merchant_id: string;
  is_canonical: boolean;
  record: ShownRecord | null;
  /** A decision takes this member out of the cluster at the next rebuild. */
  split: boolean;
  /** A decision chose this member as the canonical record. */
  chosen_canonical: boolean;
}

export interface PairView {
  a_id: string;
  b_id: string;
  score: number;
  band: ScoreBand;
  evidence: Record<string, string | number | null>;
  /** Each shown field of the two records: equal or not, compared on the full values. */
  fields: { field: string; a: string | number | null; b: string | number | null; same: boolean | null }[];
  /** A decision marked the pair not duplicate. */
  not_duplicate: boolean;
}

export interface ClusterView {
  generation: number | null;
  cluster_id: string;
  /** Decisions taken on the cluster so far: send it back as expected_version. */
  version: number;
  /** Every member is in one confirmed group. */
  confirmed: boolean;
  members: MemberView[];
  pairs: PairView[];
  decisions: ReviewDecision[];
}

type RawRecord = Record<string, unknown> & { merchant_id: string };

function shown(field: string, v: unknown): string | number | null {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return null;
  const text = Array.isArray(v) ? v.join(';') : v instanceof Date ? v.toISOString() : typeof v === 'number' ? v : String(v);
  return MASKED.has(field) && typeof text === 'string' ? text.split(';').map(maskIdentifier).join(';') : text;
}

function full(v: unknown): string | null {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return null;
  return Array.isArray(v) ? v.join(';') : v instanceof Date ? v.toISOString() : String(v);
}

/** null when the cluster is not in the current generation. */
export async function readClusterView(client: pg.Client, schema: string, records: RecordRelation, clusterId: string): Promise<ClusterView | null> {
  const sc = quoteIdent(schema);
  const m = await query<{ merchant_id: string; is_canonical: boolean }>(
    client,
    `SELECT merchant_id, is_canonical FROM ${sc}.clusters WHERE cluster_id = $1 ORDER BY is_canonical DESC, merchant_id`,
    `reading cluster ${clusterId}`,
    [clusterId],
  );
  if (m.rows.length === 0) return null;
  const ids = m.rows.map((r) => r.merchant_id);
  const relation = await records(client, schema);
  const raw = new Map<string, RawRecord>();
  if (relation !== null) {
    const cols = ['merchant_id', ...SHOWN_FIELDS].map(quoteIdent).join(', ');
    const r = await query<RawRecord>(client, `SELECT ${cols} FROM ${relation} AS rec WHERE merchant_id = ANY($1)`, `reading the records of cluster ${clusterId}`, [ids]);
    for (const row of r.rows) raw.set(row.merchant_id, row);
  }
  const evidenceCols = [...EVIDENCE_NUMBERS, ...EVIDENCE_CODES].map(quoteIdent).join(', ');
  const p = await query<{ a_id: string; b_id: string; score: number } & Record<string, string | number | null>>(
    client,
    `SELECT a_id, b_id, score::float8 AS score, ${evidenceCols} FROM ${sc}.pairs WHERE a_id = ANY($1) AND b_id = ANY($1) ORDER BY score DESC, a_id, b_id`,
    `reading the pairs of cluster ${clusterId}`,
    [ids],
  );
  const decisions = await readDecisions(client, schema, 'WHERE cluster_id = $1 OR merchant_ids && $2 OR cluster_members && $2', [clusterId, ids]);
  const c = decisionsToConstraints(decisions);
  const apart = new Set(c.cannotLink.map(([a, b]) => `${a}\u0000${b}`));
  const isApart = (a: string, b: string): boolean => apart.has(a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const chosen = new Set(c.canonical);
  const confirmed = c.mustLink.some((g) => ids.every((id) => g.includes(id)));
  const members: MemberView[] = m.rows.map((row) => {
    const rec = raw.get(row.merchant_id);
    const record = rec === undefined ? null : Object.fromEntries(SHOWN_FIELDS.map((f) => [f, shown(f, rec[f])]));
    return {
      merchant_id: row.merchant_id,
      is_canonical: row.is_canonical,
      record,
      split: ids.length > 1 && ids.every((y) => y === row.merchant_id || isApart(row.merchant_id, y)),
      chosen_canonical: chosen.has(row.merchant_id),
    };
  });
  const pairs: PairView[] = p.rows.map((row) => {
    const ra = raw.get(row.a_id);
    const rb = raw.get(row.b_id);
    const evidence = Object.fromEntries([...EVIDENCE_NUMBERS, ...EVIDENCE_CODES].map((k) => [k, row[k] ?? null]));
    const fields = SHOWN_FIELDS.map((f) => {
      const fa = full(ra?.[f]);
      const fb = full(rb?.[f]);
      return { field: f, a: shown(f, ra?.[f]), b: shown(f, rb?.[f]), same: fa === null || fb === null ? null : fa === fb };
    });
    return { a_id: row.a_id, b_id: row.b_id, score: row.score, band: bandOf(row.score), evidence, fields, not_duplicate: isApart(row.a_id, row.b_id) };
  });
  return {
    generation: await currentGeneration(client, schema),
    cluster_id: clusterId,
    version: await clusterVersion(client, schema, clusterId),
    confirmed,
    members,
    pairs,
    decisions,
  };
}
