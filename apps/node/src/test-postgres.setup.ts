/**
 * @module Vitest's global setup for this package: the PostgreSQL server of the `*postgres*` tests (the node's tokens
 * and accounts on PostgreSQL), started and removed exactly as the event store's tests have it
 * (`infra/test/postgres.sh`, or PLANLEDGER_TEST_PG_URL).
 */
export { default } from "@planledger/event-store/testing/postgres-setup";
