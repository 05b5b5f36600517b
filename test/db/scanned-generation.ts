/**
 * A generation scanned from given records, for the online check's database tests: the records loaded into a
 * merchant table of a fresh schema, `runDbScan` from it into another fresh schema, a client and the pinned
 * generation to check against. `close` ends the client and drops both schemas.
 */
import type pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { currentGeneration, type PinnedGeneration } from '../../src/db/online-index.js';
import { runDbScan, type DbScanOptions } from '../../src/db/run-db-scan.js';
import { parseTableName } from '../../src/db/sql-names.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { loadRecords } from './fixtures.js';
import { dropSchemas, openTestDatabase, uniqueName } from './helpers.js';

export interface ScannedGeneration {
  db: Database;
  client: pg.Client;
  g: PinnedGeneration;
  /** The tool's schema the generation was written to. */
  schema: string;
  close(): Promise<void>;
}

/** `prefix` names the two schemas (prefix_src, prefix); `scan` adds scan settings (threads, weights). */
export async function scannedGeneration(prefix: string, records: readonly MerchantRecord[], scan: Omit<DbScanOptions, 'table' | 'query' | 'schema'>): Promise<ScannedGeneration> {
  const db = await openTestDatabase();
  const src = uniqueName(`${prefix}_src`);
  const schema = uniqueName(prefix);
  await db.withClient((c) => c.query(`CREATE SCHEMA ${src}`));
  await loadRecords(db, `${src}.merchants`, records);
  await runDbScan(db, { ...scan, table: parseTableName(`${src}.merchants`), schema });
  const client = await db.connect();
  const g = (await currentGeneration(client, schema))!;
  return {
    db,
    client,
    g,
    schema,
    close: async () => {
      await client.end();
      await dropSchemas(db, [schema, src]);
      await db.close();
    },
  };
}
