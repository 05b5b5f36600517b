/**
 * `merchant-dedup load`: an NDJSON or CSV corpus into a table with the contract's columns, through the
 * project's readers (so a record the scan would reject is rejected here too, with its line and reason)
 * and one `COPY ... FROM STDIN`. Creating the table, the COPY and the primary key happen in one
 * transaction: a failed load leaves the table as it was.
 *
 * The same guards as a scan of the file: `encoding` decodes a GB18030 export through the scan's
 * transcoding, and the reject guard (`maxRejects`, scan/reject-limit.ts) fails a load that read nothing or
 * rejected too much, before the transaction commits, so the table keeps what it held.
 */
import type { ColumnMap } from '../record/validate-record.js';
import type { RecordWarning, Reject } from '../record/merchant-record.js';
import { transcodeToUtf8, type InputEncoding, type TranscodedInput } from '../read/input-encoding.js';
import type { InputFormat } from '../read/input-format.js';
import type { LineCounts } from '../read/parse-chunk.js';
import { readRecords } from '../read/read-records.js';
import { checkRejectLimitOption, checkRejects, DEFAULT_MAX_REJECTS, type RejectLimit } from '../scan/reject-limit.js';
import { copyIn } from './copy-stream.js';
import { inTransaction, query, type Database } from './database.js';
import { addMerchantKeySql, copyMerchantsSql, createMerchantTableSql, merchantCopyRow } from './merchant-table.js';
import { displayName, qualified, quoteIdent, type TableName } from './sql-names.js';

export interface LoadOptions {
  /** Input file, .ndjson/.jsonl or .csv. */
  file: string;
  table: TableName;
  /** @default from the file extension */
  format?: InputFormat;
  /** Input column names for contract fields named differently in the file. @default none */
  columnMap?: ColumnMap;
  /** Empty the table first (drop and recreate it when this load created it before). @default false */
  replace?: boolean;
  /** Called with each batch's rejects, in line order. @default none */
  onRejects?: (rejects: readonly Reject[]) => void;
  /** Called with each batch's field warnings (optional fields loaded as null), in line order. @default none */
  onWarnings?: (warnings: readonly RecordWarning[]) => void;
  /** Called after each batch with the records read so far. @default none */
  onProgress?: (read: number) => void;
  /** Text encoding of the file: another than UTF-8 is decoded into a temporary UTF-8 copy first. @default 'utf-8' */
  encoding?: InputEncoding;
  /** Fail (E_GUARD), loading nothing, when the file holds no record or more rejects than this. @default DEFAULT_MAX_REJECTS */
  maxRejects?: RejectLimit;
}

export interface LoadSummary {
  table: string;
  created: boolean;
  read: number;
  loaded: number;
  rejected: number;
  /** Optional fields that could not be read and were loaded as null. */
  warnings: number;
  /** Where every physical line of the file went, as in a scan's summary: `read = header + blank + accepted + rejected`. */
  lines: LineCounts;
  ms: number;
}

/** Rows per COPY write: large enough to amortise a write, small enough to bound memory. */
const ROWS_PER_WRITE = 2000;
/** First rejects kept to quote in the reject guard's message. */
const REJECTS_QUOTED = 3;

export async function loadTable(db: Database, o: LoadOptions): Promise<LoadSummary> {
  const limit = o.maxRejects === undefined ? DEFAULT_MAX_REJECTS : checkRejectLimitOption(o.maxRejects);
  let transcoded: TranscodedInput | null = null;
  try {
    if (o.encoding !== undefined && o.encoding !== 'utf-8') transcoded = await transcodeToUtf8(o.file, o.encoding);
    return await loadFile(db, o, transcoded?.path ?? o.file, limit);
  } finally {
    await transcoded?.cleanup();
  }
}

/** Loads `path` (the user's file, or its UTF-8 copy), naming `o.file` in messages. */
async function loadFile(db: Database, o: LoadOptions, path: string, limit: RejectLimit): Promise<LoadSummary> {
  const started = performance.now();
  const name = displayName(o.table);
  let read = 0;
  let rejected = 0;
  let warnings = 0;
  const firstRejects: Reject[] = [];
  const lines: LineCounts = { read: 0, header: 0, blank: 0, accepted: 0, rejected: 0 };
  return db.withClient((client) =>
    inTransaction(client, `loading ${o.file} into ${name}`, async () => {
      const exists = (await query<{ t: string | null }>(client, 'SELECT to_regclass($1) AS t', `looking up ${name}`, [qualified(o.table)])).rows[0]!.t !== null;
      if (exists && o.replace) await query(client, `TRUNCATE ${qualified(o.table)}`, `emptying ${name}`);
      if (!exists) {
        if (o.table.schema !== null) await query(client, `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(o.table.schema)}`, `creating schema of ${name}`);
        await query(client, createMerchantTableSql(o.table), `creating ${name}`);
      }
      async function* rows(): AsyncGenerator<string> {
        const batches = readRecords(path, { ...(o.format && { format: o.format }), ...(o.columnMap && { columnMap: o.columnMap }) });
        for await (const batch of batches) {
          read += batch.read;
          rejected += batch.rejects.length;
          for (const r of batch.rejects) if (firstRejects.length < REJECTS_QUOTED) firstRejects.push(r);
          for (const k of ['read', 'header', 'blank', 'accepted', 'rejected'] as const) lines[k] += batch.lineCounts[k];
          if (batch.rejects.length > 0) o.onRejects?.(batch.rejects);
          warnings += batch.warnings.length;
          if (batch.warnings.length > 0) o.onWarnings?.(batch.warnings);
          o.onProgress?.(read);
          let text = '';
          for (let i = 0; i < batch.records.length; i++) {
            text += merchantCopyRow(batch.records[i]!);
            if ((i + 1) % ROWS_PER_WRITE === 0) {
              yield text;
              text = '';
            }
          }
          if (text !== '') yield text;
        }
      }
      const loaded = await copyIn(client, copyMerchantsSql(o.table), rows(), `copying ${o.file} into ${name}`);
      // Thrown inside the transaction: it rolls back, and the table keeps what it held.
      checkRejects(o.file, { read, rejected }, limit, firstRejects, `nothing was loaded and ${name} stays as it was`);
      if (!exists) await query(client, addMerchantKeySql(o.table), `adding the primary key of ${name}`);
      return { table: name, created: !exists, read, loaded, rejected, warnings, lines, ms: Math.round(performance.now() - started) };
    }),
  );
}
