import { defineConfig } from 'vitest/config';

// Two projects: fast pure unit tests, and integration tests that start real servers
// against real SQLite files and a real PostgreSQL (each test file gets its own database).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 }, globalSetup: ['test/support/rules-setup.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Two cores: more workers only adds contention with the servers under test.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One browser at a time: two cores.
          maxWorkers: 1,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          globalSetup: ['test/support/e2e-setup.ts', 'test/support/rules-setup.ts'],
        },
      },
    ],
  },
});
