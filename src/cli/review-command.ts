/**
 * `merchant-dedup review`: the review console (review/review-routes.ts) on its own HTTP server, for a
 * data team that wants the console without the onboarding check. The same plugin is meant to be served by
 * `merchant-dedup serve` beside the check routes; this command prints the same kind of ready line.
 */
import type { Command } from 'commander';
import Fastify from 'fastify';
import { Database } from '../db/database.js';
import { reviewRoutes } from '../review/review-routes.js';
import { addDbOptions, type DbCliOptions } from './db-command.js';
import { positiveInt } from './option-parsers.js';

interface ReviewCliOptions extends DbCliOptions {
  host: string;
  port: number;
}

/** The contract's default port of `serve`; the console alone takes the next one so both can run. */
const DEFAULT_PORT = 8081;

export function registerReview(program: Command): void {
  addDbOptions(program.command('review').description('Serve the review console at http://HOST:PORT/review over the current generation (Ctrl-C stops it)'))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', positiveInt('--port'), DEFAULT_PORT)
    .action(async (opts: ReviewCliOptions) => {
      const db = await Database.open({ url: opts.db });
      const app = Fastify();
      try {
        await app.register(reviewRoutes, { db, schema: opts.schema });
        const url = await app.listen({ host: opts.host, port: opts.port });
        process.stdout.write(`review console at ${url}/review (schema ${opts.schema}, ${db.describe()})\n`);
      } catch (err) {
        await app.close().catch(() => undefined);
        await db.close();
        throw err;
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await app.close();
      await db.close();
    });
}
