/**
 * The `merchant-dedup` executable. Exit codes (docs/contract.md, docs/postgres.md): 0 success, 1 the run
 * failed, 2 bad arguments or configuration, 3 another run holds the schema's write lock (nothing done).
 *
 * A usage error prints one line saying what is wrong and one line saying where the usage is, not the
 * whole help: in a log, the reason must be the last thing printed.
 */
import { Command, CommanderError } from 'commander';
import { exitCodeFor, hasCode } from '../errors.js';
import { packageVersion } from './package-version.js';

const PROGRAM = 'merchant-dedup';

type Register = (program: Command) => void;

/**
 * Every command's module, in the order of the help. A run loads only the module of the command it names
 * (the help, a version or an unknown command load them all): a scan's start then waits on neither the
 * server's modules nor the review console's, half a second of imports.
 */
const COMMANDS: readonly (readonly [name: string, load: () => Promise<Register>])[] = [
  ['generate', async () => (await import('./generate-command.js')).registerGenerate],
  ['scan', async () => (await import('./scan-command.js')).registerScan],
  ['eval', async () => (await import('./eval-command.js')).registerEval],
  ['train', async () => (await import('./train-command.js')).registerTrain],
  ['explain', async () => (await import('./explain-command.js')).registerExplain],
  ['show', async () => (await import('./show-command.js')).registerShow],
  ['demo', async () => (await import('./demo-command.js')).registerDemo],
  ['db', async () => (await import('./db-command.js')).registerDb],
  ['load', async () => (await import('./load-command.js')).registerLoad],
  ['rebuild', async () => (await import('./rebuild-command.js')).registerRebuild],
  ['serve', async () => (await import('./serve-command.js')).registerServe],
  ['check', async () => (await import('./check-command.js')).registerCheck],
  ['plan', async () => (await import('./plan-command.js')).registerPlan],
  ['review', async () => (await import('./review-command.js')).registerReview],
];

/** The program with the command `argv` names registered, or every command when it names none. */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command(PROGRAM)
    .description('Find duplicate merchant registrations in a Chinese merchant corpus.')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .exitOverride();
  const named = COMMANDS.filter(([name]) => name === argv[0]);
  for (const [, load] of named.length === 1 ? named : COMMANDS) (await load())(program);
  for (const c of allCommands(program)) c.exitOverride().showHelpAfterError(usageHint(c));
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv);
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
