/**
 * Risk alerts (docs/contract.md, "Risk alerts") as the review queue filters by them: a cluster is flagged
 * when one of its members is in an alert. The alert tables come with a later schema version; a schema
 * without them has no flags, and the queue says so instead of failing.
 */
import type pg from 'pg';
import { query } from '../db/database.js';
import { quoteIdent } from '../db/sql-names.js';

export async function hasRiskTables(client: pg.Client, schema: string): Promise<boolean> {
  const s = quoteIdent(schema);
  const r = await query<{ alerts: string | null; members: string | null }>(client, 'SELECT to_regclass($1) AS alerts, to_regclass($2) AS members', 'looking for the risk alert tables', [
    `${s}.risk_alerts`,
    `${s}.risk_members`,
  ]);
  return r.rows[0]?.alerts != null && r.rows[0]?.members != null;
}
