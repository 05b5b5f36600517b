/**
 * `merchant-dedup check [--db URL] (--record JSON | --input FILE) [--json]`: the online check on the
 * command line, with the same code and answers as `POST /v1/check` (match/check-records.ts). Prints one
 * JSON object a line per applicant, in input order; an applicant that breaks the record contract gets
 * `{"error": {"code", "message", "field"}}` on its line (with the file's line number) and the exit code is 1.
 * `--input` reads NDJSON, one record a line; merchant_id may be omitted.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { currentGeneration } from '../db/online-index.js';
import { DedupError } from '../errors.js';
import { checkApplicants, type Applicant } from '../match/check-records.js';
import { readApplicant } from '../match/read-applicant.js';
import { MAX_RECORDS } from '../serve/request-schemas.js';
import { addDbOptions, withDatabase, type DbCliOptions } from './db-command.js';

interface CheckCliOptions extends DbCliOptions {
  record?: string;
  input?: string;
  json?: boolean;
}

type Line = { applicant: Applicant } | { error: { code: string; message: string; field: string | null; line?: number } };

export function registerCheck(program: Command): void {
  addDbOptions(program.command('check').description('Check applicants against the current generation of the dedup index: duplicate, possible_duplicate or new'))
    .option('--record <json>', 'one record as JSON')
    .option('--input <file>', 'records as NDJSON, one a line')
    .option('--json', 'print JSON lines (the only output format; accepted for symmetry with other commands)')
    .action(async (opts: CheckCliOptions) => {
      if ((opts.record === undefined) === (opts.input === undefined)) throw new DedupError('E_BAD_ARGS', 'give --record JSON or --input FILE');
      const lines = opts.record !== undefined ? [parseLine(opts.record, 'record', null)] : await readInput(opts.input!);
      const failed = await withDatabase(opts, (db) =>
        db.withClient(async (client) => {
          const g = await currentGeneration(client, opts.schema);
          if (g === null) throw new DedupError('E_DB', `schema ${opts.schema} has no current generation yet; run \`merchant-dedup rebuild\` first`);
          let failed = 0;
          for (let from = 0; from < lines.length; from += MAX_RECORDS) {
            const batch = lines.slice(from, from + MAX_RECORDS);
            const applicants = batch.flatMap((l) => ('applicant' in l ? [l.applicant] : []));
            const outcomes = applicants.length === 0 ? [] : await checkApplicants(client, g, applicants);
            let k = 0;
            let out = '';
            for (const l of batch) {
              if ('error' in l) failed++;
              out += JSON.stringify('error' in l ? l : outcomes[k++]!.result) + '\n';
            }
            process.stdout.write(out);
          }
          return failed;
        }),
      );
      if (failed > 0) throw new DedupError('E_RECORD', `${failed} record${failed > 1 ? 's' : ''} broke the record contract (see their lines)`);
    });
}

function parseLine(text: string, where: string, line: number | null): Line {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { error: { code: 'E_RECORD', message: `${where}: not valid JSON (${(err as Error).message})`, field: null, ...(line !== null && { line }) } };
  }
  try {
    return { applicant: readApplicant(raw, where, false) };
  } catch (err) {
    const e = err as DedupError;
    // The field as the contract names it (`name`), not prefixed with the file and line the message already gives.
    const field = typeof e.details?.field === 'string' && e.details.field.startsWith(`${where}.`) ? e.details.field.slice(where.length + 1) : null;
    return { error: { code: 'E_RECORD', message: e.message, field: line === null && field !== null ? `record.${field}` : field, ...(line !== null && { line }) } };
  }
}

async function readInput(file: string): Promise<Line[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new DedupError('E_INPUT', `cannot read ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
  const out: Line[] = [];
  text.split('\n').forEach((l, i) => {
    if (l.trim() !== '') out.push(parseLine(l, `${file}:${i + 1}`, i + 1));
  });
  return out;
}
