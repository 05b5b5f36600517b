import type { Command } from 'commander';
import { DedupError } from '../errors.js';
import { formatShown, showFromFiles } from '../match/show-merchant.js';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description("Print a merchant's duplicate cluster and its pairs, with names and addresses")
    .argument('<merchant_id>', 'the merchant')
    .option('--input <file>', 'the corpus that was scanned')
    .option('--out <dir>', "the scan's output directory (clusters.csv, pairs.csv)")
    .option('--json', 'print {"merchant_id", "cluster_id", "members": […], "pairs": […]}')
    .action(async (id: string, opts: { input?: string; out?: string; json?: boolean }) => {
      if (opts.input === undefined || opts.out === undefined) throw new DedupError('E_BAD_ARGS', 'show needs --input FILE and --out DIR (the corpus and the scan output)');
      const shown = await showFromFiles(opts.input, opts.out, id);
      process.stdout.write((opts.json ? JSON.stringify(shown) : formatShown(shown)) + '\n');
    });
}
