import { defineConfig } from "vitest/config";

// The CLI's tests start `planledger` as a process (tsx compiles on each start): seconds each on a busy 2-core
// machine, where 30 s per test was seen to run out with two suites and a build sharing the cores.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The PostgreSQL server of `db copy` and `audit verify --db postgres://` (a throwaway cluster unless PLANLEDGER_TEST_PG_URL names one).
    globalSetup: ["src/test-postgres.setup.ts"],
  },
});
