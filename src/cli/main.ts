/**
 * The `merchant-dedup` executable. Exit codes (docs/contract.md, docs/postgres.md): 0 success, 1 the run
 * failed, 2 bad arguments or configuration, 3 another run holds the schema's write lock (nothing done).
 *
 * A usage error prints one line saying what is wrong and one line saying where the usage is, not the
 * whole help: in a log, the reason must be the last thing printed.
 */
import { Command, CommanderError } from 'commander';
import { exitCodeFor, hasCode } from '../errors.js';
import { registerDb } from './db-command.js';
import { registerDemo } from './demo-command.js';
import { registerEval } from './eval-command.js';
import { registerExplain } from './explain-command.js';
import { registerGenerate } from './generate-command.js';
import { registerLoad } from './load-command.js';
import { registerPlan } from './plan-command.js';
import { registerReview } from './review-command.js';
import { packageVersion } from './package-version.js';
import { registerRebuild } from './rebuild-command.js';
import { registerScan } from './scan-command.js';
import { registerShow } from './show-command.js';
import { registerCheck } from './check-command.js';
import { registerServe } from './serve-command.js';
import { registerTrain } from './train-command.js';

const PROGRAM = 'merchant-dedup';

export function buildProgram(): Command {
  const program = new Command(PROGRAM)
    .description('Find duplicate merchant registrations in a Chinese merchant corpus.')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .exitOverride();
  registerGenerate(program);
  registerScan(program);
  registerEval(program);
  registerTrain(program);
  registerExplain(program);
  registerShow(program);
  registerDemo(program);
  registerDb(program);
  registerLoad(program);
  registerRebuild(program);
  registerServe(program);
  registerCheck(program);
  registerPlan(program);
  registerReview(program);
  for (const c of allCommands(program)) c.exitOverride().showHelpAfterError(usageHint(c));
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit 0; every other parse failure is a usage error (commander printed it).
      return err.exitCode === 0 ? 0 : 2;
    }
    const e = err as { message?: string; code?: string };
    process.stderr.write(`${PROGRAM}: ${e.message ?? String(err)}\n`);
    if (hasCode(err, 'E_BAD_ARGS')) process.stderr.write(usageHint(commandOf(program, argv)) + '\n');
    return exitCodeFor(err);
  }
}

/** `(run "merchant-dedup scan --help" for usage)`. */
function usageHint(c: Command): string {
  const path: string[] = [];
  for (let x: Command | null = c; x !== null; x = x.parent) path.unshift(x.name());
  return `(run "${path.join(' ')} --help" for usage)`;
}

function allCommands(c: Command): Command[] {
  return [c, ...c.commands.flatMap((sub) => allCommands(sub))];
}

/** The (sub)command the arguments name: `db status` from `db status --json`. */
function commandOf(program: Command, argv: readonly string[]): Command {
  let c = program;
  for (const arg of argv) {
    if (arg.startsWith('-')) continue;
    const sub = c.commands.find((x) => x.name() === arg || x.aliases().includes(arg));
    if (sub === undefined) break;
    c = sub;
  }
  return c;
}
