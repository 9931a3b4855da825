/**
 * @module Vitest's global setup for the CLI's tests: the PostgreSQL server of `db copy` and `audit verify --db
 * postgres://…`, started and removed exactly as the event store's tests have it (`infra/test/postgres.sh`, or
 * PLANLEDGER_TEST_PG_URL).
 */
export { default } from "@planledger/event-store/testing/postgres-setup";
