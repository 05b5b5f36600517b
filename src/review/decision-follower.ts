/**
 * The decisions as the online check applies them (apply-decisions.ts), kept fresh without reading the
 * whole table per request: at most once per DECISION_POLL_MS a request looks at the newest decision_id,
 * and the table is read again only when it changed. A decision is therefore honoured by every replica's
 * check within about a second, long before the next rebuild.
 */
import type pg from 'pg';
import { query } from '../db/database.js';
import { readDecisions } from '../db/decision-table.js';
import { quoteIdent } from '../db/sql-names.js';
import { decisionView, type DecisionView } from './apply-decisions.js';

/** As the check server's generation poll (serve/generation-follower.ts): a second of staleness costs nothing. */
export const DECISION_POLL_MS = 1000;

export interface Sessions {
  withClient: <T>(f: (client: pg.Client) => Promise<T>) => Promise<T>;
}

export class DecisionFollower {
  private view: DecisionView = decisionView([]);
  private newest = -1;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<DecisionView> | null = null;

  constructor(
    private readonly db: Sessions,
    private readonly schema: string,
    private readonly pollMs = DECISION_POLL_MS,
  ) {}

  /** The decision view, refreshed when older than the poll interval (one refresh at a time). */
  async current(): Promise<DecisionView> {
    if (performance.now() - this.checkedAt < this.pollMs) return this.view;
    this.pending ??= this.refresh().finally(() => (this.pending = null));
    return this.pending;
  }

  private async refresh(): Promise<DecisionView> {
    const s = quoteIdent(this.schema);
    await this.db.withClient(async (c) => {
      const exists = await query<{ t: string | null }>(c, 'SELECT to_regclass($1) AS t', 'looking for the decisions table', [`${s}.decisions`]);
      if (exists.rows[0]?.t === null) return;
      const r = await query<{ newest: string | null }>(c, `SELECT max(decision_id) AS newest FROM ${s}.decisions`, 'checking for new decisions');
      const newest = Number(r.rows[0]?.newest ?? 0);
      if (newest === this.newest) return;
      this.view = decisionView(await readDecisions(c, this.schema));
      this.newest = newest;
    });
    this.checkedAt = performance.now();
    return this.view;
  }
}

/** Sessions from a pg.Pool (as a server holds one), for the review routes and the follower. */
export function poolSessions(pool: pg.Pool): Sessions {
  return {
    withClient: async (f) => {
      const client = await pool.connect();
      try {
        // PoolClient speaks the same protocol; the review code uses query() only.
        return await f(client as unknown as pg.Client);
      } finally {
        client.release();
      }
    },
  };
}
