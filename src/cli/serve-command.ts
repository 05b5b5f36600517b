/**
 * `merchant-dedup serve [--db URL] [--host 127.0.0.1] [--port 8080]`: the online check over HTTP
 * (serve/build-server.ts). Prints one line holding `http://HOST:PORT` once it listens, then runs until
 * SIGINT or SIGTERM.
 */
import type { Command } from 'commander';
import { Database } from '../db/database.js';
import { migrate } from '../db/schema-migrations.js';
import { DedupError } from '../errors.js';
import { buildService } from '../serve/build-server.js';
import { addDbOptions, type DbCliOptions } from './db-command.js';
import { nonNegativeInt } from './option-parsers.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;

interface ServeCliOptions extends DbCliOptions {
  host: string;
  port: number;
}

export function registerServe(program: Command): void {
  addDbOptions(program.command('serve').description('Answer onboarding checks over HTTP from the current generation of the dedup index'))
    .option('--host <host>', 'address to listen on', DEFAULT_HOST)
    .option('--port <port>', 'port to listen on (0: any free port)', nonNegativeInt('--port'), DEFAULT_PORT)
    .action(async (opts: ServeCliOptions) => {
      const started = performance.now();
      const db = await Database.open({ url: opts.db });
      // The registrations tables come with the schema: a fresh database is migrated, as by every writer.
      await db.withClient((c) => migrate(c, opts.schema));
      const service = await buildService({ url: db.url, schema: opts.schema });
      try {
        await service.app.listen({ host: opts.host, port: opts.port });
      } catch (err) {
        await service.close();
        await db.close();
        throw new DedupError('E_BAD_ARGS', `cannot listen on ${opts.host}:${opts.port}: ${(err as Error).message}`, {}, { cause: err });
      }
      const address = service.app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : opts.port;
      const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      const g = service.follower.current;
      const state = g === null ? `waiting for a generation (${service.follower.lastError ?? 'none yet'})` : `generation ${g.generation}`;
      process.stdout.write(`merchant-dedup serving ${state} on http://${host}:${port} (${db.describe()}; ready in ${Math.round(performance.now() - started)} ms)\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void service
            .close()
            .then(() => db.close())
            .finally(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
