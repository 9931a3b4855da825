import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The PostgreSQL server of the `*.postgres.*` tests (a throwaway cluster unless PLANLEDGER_TEST_PG_URL names one).
    globalSetup: ["src/test-postgres.setup.ts"],
  },
});
