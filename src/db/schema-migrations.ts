/**
 * The tool's own schema, versioned: `merchant-dedup db init` (and every command that writes) applies the
 * migrations not yet recorded in `schema_migrations`, in order, in one transaction, under a transaction-
 * level advisory lock so that two processes initialising at once apply each migration exactly once
 * (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS). Append migrations;
 * never edit one that has shipped.
 */
import type pg from 'pg';
import { DedupError } from '../errors.js';
import { inTransaction, query } from './database.js';
import { decisionTableSqls } from './decision-table.js';
import { emptyViewSql } from './generation-tables.js';
import { quoteIdent } from './sql-names.js';

interface Migration {
  version: number;
  name: string;
  sql: (schema: string) => string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, generations and the current-generation views',
    sql: (schema) => {
      const s = quoteIdent(schema);
      return [
        `CREATE SEQUENCE ${s}.generation_seq`,
        `CREATE TABLE ${s}.runs (
          run_id bigserial PRIMARY KEY,
          generation integer UNIQUE,
          status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
          started_at timestamptz NOT NULL DEFAULT now(),
          finished_at timestamptz,
          source text NOT NULL,
          options jsonb NOT NULL,
          counts jsonb,
          phases_ms jsonb,
          clusters_created integer,
          clusters_merged integer,
          clusters_split integer,
          clusters_unchanged integer,
          clusters_changed integer,
          clusters_dissolved integer,
          error text
        )`,
        `CREATE TABLE ${s}.generations (
          generation integer PRIMARY KEY,
          run_id bigint NOT NULL REFERENCES ${s}.runs (run_id),
          created_at timestamptz NOT NULL DEFAULT now(),
          sketch_params jsonb NOT NULL,
          key_kinds jsonb NOT NULL,
          has_keys boolean NOT NULL,
          row_counts jsonb NOT NULL,
          is_current boolean NOT NULL DEFAULT false,
          dropped_at timestamptz
        )`,
        `CREATE UNIQUE INDEX generations_one_current ON ${s}.generations (is_current) WHERE is_current`,
        `CREATE VIEW ${s}.current_generation AS SELECT * FROM ${s}.generations WHERE is_current`,
        // The result sets as they shipped with version 1; later sets get their views in their own migration.
        ...(['pairs', 'clusters', 'rejects', 'dedup_keys'] as const).map((set) => emptyViewSql(schema, set)),
      ];
    },
  },
  {
    version: 2,
    name: 'match parameters and key counts of each generation',
    sql: (schema) => {
      const s = quoteIdent(schema);
      return [
        `ALTER TABLE ${s}.generations ADD COLUMN match_params jsonb`,
        // A view's * is expanded when it is created: recreate it to show the new column.
        `CREATE OR REPLACE VIEW ${s}.current_generation AS SELECT * FROM ${s}.generations WHERE is_current`,
        emptyViewSql(schema, 'key_counts'),
      ];
    },
  },
  {
    version: 3,
    name: 'risk alerts and their members',
    sql: (schema) => [emptyViewSql(schema, 'risk_alerts'), emptyViewSql(schema, 'risk_members')],
  },
  {
    version: 4,
    name: 'field warnings: optional fields that could not be read',
    sql: (schema) => [emptyViewSql(schema, 'warnings')],
  },
  {
    version: 5,
    name: 'records of each generation and merchants registered online',
    sql: (schema) => {
      const s = quoteIdent(schema);
      return [
        emptyViewSql(schema, 'records'),
        // Merchants registered by `POST /v1/merchants` between rebuilds (match/register-merchant.ts): the
        // online check reads them beside the current generation, and the next rebuild reads them with the
        // merchant table (db/table-source.ts) until the table holds them itself.
        `CREATE TABLE IF NOT EXISTS ${s}.registrations (
          merchant_id text PRIMARY KEY,
          record jsonb NOT NULL,
          generation integer,
          registered_at timestamptz NOT NULL DEFAULT now()
        )`,
        `CREATE TABLE IF NOT EXISTS ${s}.registration_keys (
          key bigint NOT NULL,
          kind smallint NOT NULL,
          merchant_id text NOT NULL REFERENCES ${s}.registrations (merchant_id) ON DELETE CASCADE
        )`,
        `CREATE INDEX IF NOT EXISTS registration_keys_key ON ${s}.registration_keys (key)`,
      ];
    },
  },
  {
    version: 6,
    name: 'review decisions, kept across generations',
    sql: (schema) => decisionTableSqls(schema),
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
/** First key of the tool's two-int advisory locks; the second is hashtext(schema). */
export const LOCK_NAMESPACE = 0x6d64;
export const LockPurpose = { Migrate: LOCK_NAMESPACE, Write: LOCK_NAMESPACE + 1 } as const;

export interface MigrationResult {
  schema: string;
  version: number;
  applied: number[];
}

export async function migrate(client: pg.Client, schema: string): Promise<MigrationResult> {
  const s = quoteIdent(schema);
  const doing = `initialising schema ${schema}`;
  return inTransaction(client, doing, async () => {
    await query(client, 'SELECT pg_advisory_xact_lock($1::integer, hashtext($2))', doing, [LockPurpose.Migrate, schema]);
    await query(client, `CREATE SCHEMA IF NOT EXISTS ${s}`, doing);
    await query(
      client,
      `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      doing,
    );
    const done = new Set((await query<{ version: number }>(client, `SELECT version FROM ${s}.schema_migrations`, doing)).rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    if (newest > SCHEMA_VERSION) {
      throw new DedupError('E_DB', `schema ${schema} is at version ${newest}, newer than this merchant-dedup knows (${SCHEMA_VERSION}); upgrade merchant-dedup`, { schema });
    }
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const sql of m.sql(schema)) await query(client, sql, `${doing}: migration ${m.version} (${m.name})`);
      await query(client, `INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, doing, [m.version, m.name]);
      applied.push(m.version);
    }
    return { schema, version: SCHEMA_VERSION, applied };
  });
}
