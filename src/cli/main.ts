/**
 * The `merchant-dedup` executable. Exit codes (docs/contract.md, docs/postgres.md): 0 success, 1 the run
 * failed, 2 bad arguments or configuration, 3 another run holds the schema's write lock (nothing done).
 */
import { Command, CommanderError } from 'commander';
import { exitCodeFor } from '../errors.js';
import { registerDb } from './db-command.js';
import { registerDemo } from './demo-command.js';
import { registerEval } from './eval-command.js';
import { registerExplain } from './explain-command.js';
import { registerGenerate } from './generate-command.js';
import { registerLoad } from './load-command.js';
import { registerPlan } from './plan-command.js';
import { registerReview } from './review-command.js';
import { registerRebuild } from './rebuild-command.js';
import { registerScan } from './scan-command.js';
import { registerShow } from './show-command.js';

export function buildProgram(): Command {
  const program = new Command('merchant-dedup')
    .description('Find duplicate merchant registrations in a Chinese merchant corpus.')
    .showHelpAfterError()
    .exitOverride();
  registerGenerate(program);
  registerScan(program);
  registerEval(program);
  registerExplain(program);
  registerShow(program);
  registerDemo(program);
  registerDb(program);
  registerLoad(program);
  registerRebuild(program);
  registerPlan(program);
  registerReview(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit 0; every other parse failure is a usage error.
      return err.exitCode === 0 ? 0 : 2;
    }
    const e = err as { message?: string; code?: string };
    process.stderr.write(`merchant-dedup: ${e.message ?? String(err)}\n`);
    return exitCodeFor(err);
  }
}
