import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every answer a test receives from a node is checked against the OpenAPI document (src/testing/openapi-check.ts).
    setupFiles: ["src/testing/openapi-setup.ts"],
    // The PostgreSQL server of the `*postgres*` tests (a throwaway cluster unless PLANLEDGER_TEST_PG_URL names one).
    globalSetup: ["src/test-postgres.setup.ts"],
  },
});
