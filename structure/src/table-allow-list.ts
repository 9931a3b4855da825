/**
 * @module The places outside event-store that name its tables today (rule 4 of docs/architecture.md). Each entry
 * is a debt or a deliberate exception, counted by lines per table: a new file, or one more line in a listed file,
 * fails the check, and so does a listed line that is gone (lower the count, or drop the entry).
 */
import type { AllowedTableReferences } from "./table-references.js";

/**
 * To be emptied (issue #12, "event-store is the only code that touches its tables"): each of these reads the log
 * behind the store's back and goes when event-store offers the read it needs.
 */
export const untilEventStoreReadsThem: ReadonlyArray<AllowedTableReferences> = [
  {
    file: "packages/projections/src/sqlite/sqlite-event-source.ts",
    lines: { events: 4 },
    why: "the folds read events after a position, one event's data, and the highest position with their own SELECTs: the read API's 'everything from a position' and 'heads'",
  },
  {
    file: "packages/projections/src/sqlite/ledger-cache.ts",
    lines: { events: 1 },
    why: "joins the cached latest-progress positions to events to reload those rows: a read of events by position",
  },
  {
    file: "packages/projections/src/projections.sqlite.int.test.ts",
    lines: { events: 1 },
    why: "reads max(position) to compare with the read model's checkpoint: the store's head() once the test can reach it",
  },
  {
    file: "packages/federation/src/node/federation-node.ts",
    lines: { events: 2, checkpoints: 2 },
    why: "pull pages an origin's events as wire rows, hashAt repeats event-store's sqlite-backend, and a batch's closing checkpoint is looked up: 'an origin's events in wire form between two seqs', 'the hash at (origin, seq)', checkpoint reads",
  },
  {
    file: "packages/federation/src/audit/witness-audit.ts",
    lines: { node_keys: 1, events: 1 },
    why: "the witness audit looks up an origin's public key and the hash at (origin, seq) in raw SQL: the same two reads",
  },
];

/**
 * Deliberate, and meant to stay: code whose point is to go around the store.
 */
export const aroundTheStoreOnPurpose: ReadonlyArray<AllowedTableReferences> = [
  {
    file: "apps/cli/src/commands/audit.e2e.test.ts",
    lines: { events: 3 },
    why: "alters and cuts a copy of a node database with raw SQL, as an attacker with the file would, to show `audit verify` catches it",
  },
  {
    file: "bench/append/main.ts",
    lines: { events: 2 },
    why: "the floor the store is measured against: a raw INSERT and SELECT of the same rows in the same run",
  },
  {
    file: "bench/rebuild/main.ts",
    lines: { events: 1 },
    why: "writes a million-event log straight into the table so that the benchmark times the rebuild, not the set-up",
  },
];
