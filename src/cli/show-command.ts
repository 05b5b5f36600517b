import type { Command } from 'commander';
import { DedupError } from '../errors.js';
import { currentGeneration, merchantDuplicates } from '../db/online-index.js';
import { checkSchemaName, DEFAULT_SCHEMA } from '../db/sql-names.js';
import { formatShown, showFromFiles, type ShownMerchant } from '../match/show-merchant.js';
import { withDatabase } from './db-command.js';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description("Print a merchant's duplicate cluster and its pairs, with names and addresses")
    .argument('<merchant_id>', 'the merchant')
    .option('--input <file>', 'the corpus that was scanned')
    .option('--out <dir>', "the scan's output directory (clusters.csv, pairs.csv)")
    .option('--db <url>', 'instead of --input/--out: the current generation in PostgreSQL (or DATABASE_URL, else the embedded server)')
    .option('--schema <name>', "with --db: schema of the tool's tables", DEFAULT_SCHEMA)
    .option('--json', 'print {"merchant_id", "cluster_id", "members": […], "pairs": […]}')
    .action(async (id: string, opts: { input?: string; out?: string; db?: string; schema: string; json?: boolean }) => {
      if ((opts.input === undefined) !== (opts.out === undefined)) throw new DedupError('E_BAD_ARGS', 'show needs --input FILE and --out DIR together (the corpus and the scan output), or --db');
      const shown = opts.input !== undefined ? await showFromFiles(opts.input, opts.out!, id) : await withDatabase(opts, (db) => db.withClient((c) => showFromDb(c, checkSchemaName(opts.schema), id)));
      process.stdout.write((opts.json ? JSON.stringify(shown) : formatShown(shown)) + '\n');
    });
}

/** A merchant's cluster and pairs in the current generation (the service's own read, db/online-index.ts). */
async function showFromDb(client: Parameters<typeof currentGeneration>[0], schema: string, id: string): Promise<ShownMerchant> {
  const g = await currentGeneration(client, schema);
  if (g === null) throw new DedupError('E_DB', `schema ${schema} has no current generation yet; run \`merchant-dedup rebuild\` first`, { schema });
  const d = await merchantDuplicates(client, g, id);
  if (d === null) throw new DedupError('E_INPUT', `merchant_id ${id} is not in generation ${g.generation} of ${schema}`, { field: 'merchant_id' });
  return {
    merchant_id: d.merchant_id,
    cluster_id: d.cluster_id,
    members: d.members.map((m) => ({ merchant_id: m.merchant_id, is_canonical: m.is_canonical, name: m.name, address: m.address, city: null, created_at: null })),
    pairs: d.pairs.map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v === null ? '' : String(v)]))),
  };
}
