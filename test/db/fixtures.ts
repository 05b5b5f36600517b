/** Merchant tables for the database tests, filled through the tool's own load path. */
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/database.js';
import { loadTable } from '../../src/db/load-table.js';
import { parseTableName } from '../../src/db/sql-names.js';
import { generateCorpus } from '../../src/generate/index.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';

/** Loads `records` into `table` (created, or emptied first). */
export async function loadRecords(db: Database, table: string, records: readonly MerchantRecord[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'db-fixture-'));
  const file = join(dir, 'merchants.ndjson');
  await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await loadTable(db, { file, table: parseTableName(table), replace: true });
}

/** Loads a generated corpus of `n` records into `table`. */
export async function loadGenerated(db: Database, table: string, n: number, seed = 7): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'db-generated-'));
  await generateCorpus({ n, seed, outDir: dir });
  await loadTable(db, { file: join(dir, 'merchants.ndjson'), table: parseTableName(table), replace: true });
}
