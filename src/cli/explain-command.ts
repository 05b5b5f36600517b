import type { Command } from 'commander';
import { DEFAULT_SCHEMA, checkSchemaName } from '../db/sql-names.js';
import { DedupError } from '../errors.js';
import { explainFromDb } from '../match/explain-from-db.js';
import { explainFromFile, type FileExplanation } from '../match/explain-from-file.js';
import { formatExplained } from '../match/explain-pair.js';
import type { ColumnMap } from '../record/validate-record.js';
import { parseColumnMap } from './column-map-option.js';
import { withDatabase } from './db-command.js';
import { positiveInt } from './option-parsers.js';
import { readWeightsFile } from '../match/weights-file.js';

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('Score one pair exactly as the scan does: both records, each comparison with its weight (log-odds), the total')
    .argument('<a_id>', 'merchant_id of one record')
    .argument('<b_id>', 'merchant_id of the other')
    .option('--input <file>', 'the corpus (.ndjson or .csv) the pair belongs to: scanned to score the pair in its context')
    .option('--db <url>', 'instead of --input: the current generation in PostgreSQL (or DATABASE_URL, else the embedded server)')
    .option('--schema <name>', "with --db: schema of the tool's tables", DEFAULT_SCHEMA)
    .option('--threads <n>', 'worker threads for scanning the corpus (default: available cores)', positiveInt('--threads'))
    .option('--map <pairs>', 'column mapping, e.g. name=shop_name,phone=tel', parseColumnMap)
    .option('--weights <file>', 'with --input: the weights file the scan used (--db reads the generation\'s own)')
    .option('--json', 'print {"a", "b", "fields": [{"field", "a", "b", "comparison", "weight"}], "score"}')
    .action(async (idA: string, idB: string, opts: { input?: string; db?: string; schema: string; threads?: number; map?: ColumnMap; weights?: string; json?: boolean }) => {
      if (opts.input !== undefined && opts.db !== undefined) throw new DedupError('E_BAD_ARGS', 'give --input FILE or --db URL, not both');
      let x: FileExplanation;
      if (opts.input !== undefined) {
        x = await explainFromFile(opts.input, idA, idB, {
          ...(opts.threads && { threads: opts.threads }),
          ...(opts.map && { columnMap: opts.map }),
          ...(opts.weights && { weights: readWeightsFile(opts.weights).weights }),
        });
      } else {
        x = await withDatabase(opts, (db) => db.withClient((c) => explainFromDb(c, checkSchemaName(opts.schema), idA, idB)));
      }
      if (opts.json) {
        process.stdout.write(JSON.stringify({ a: x.a, b: x.b, fields: x.fields, score: x.score }) + '\n');
        return;
      }
      const side = (label: string, r: typeof x.a): string =>
        `${label} ${r.merchant_id}  ${r.name}  ${[r.province, r.city, r.district, r.address].filter(Boolean).join(' ')}  phone ${r.phone ?? '∅'}  created ${r.created_at ?? '∅'}`;
      process.stdout.write(`${side('A', x.a)}\n${side('B', x.b)}\n\n${formatExplained(idA, idB, x)}\n`);
    });
}
