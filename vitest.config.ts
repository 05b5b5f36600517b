import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Database and worker-pool tests start real servers and threads; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One PostgreSQL for the run (embedded unless DATABASE_URL is set): test/db needs it.
    globalSetup: ['./test/setup/postgres.ts'],
    reporters: ['default', './test/setup/closing-line-reporter.ts'],
  },
});
