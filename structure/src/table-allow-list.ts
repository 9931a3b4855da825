/**
 * @module The places outside event-store that name its tables today (rule 4 of docs/architecture.md). Each entry
 * is a debt or a deliberate exception, counted by lines per table: a new file, or one more line in a listed file,
 * fails the check, and so does a listed line that is gone (lower the count, or drop the entry).
 */
import type { AllowedTableReferences } from "./table-references.js";

/**
 * Emptied by issue #12's read API ("event-store is the only code that touches its tables"): projections and
 * federation read the log through `EventStoreService.reader`. Kept, empty, so that a debt can only be added here
 * in plain sight.
 */
export const untilEventStoreReadsThem: ReadonlyArray<AllowedTableReferences> = [];

/**
 * Deliberate, and meant to stay: code whose point is to go around the store.
 */
export const aroundTheStoreOnPurpose: ReadonlyArray<AllowedTableReferences> = [
  {
    file: "apps/cli/src/commands/audit.e2e.test.ts",
    lines: { events: 4 },
    why: "alters and cuts a copy of a node database with raw SQL, as an attacker with the file would, to show `audit verify` catches it (altered, deleted, cut, reordered)",
  },
  {
    file: "apps/cli/src/commands/db-copy.e2e.test.ts",
    lines: { events: 3 },
    why: "alters a node's log with raw SQL on each engine, to show `db copy` refuses a damaged source and `audit verify --db postgres://` catches it; counts the rows of a refused target",
  },
  {
    file: "apps/cli/src/backup-restore.e2e.test.ts",
    lines: { events: 1, checkpoints: 1 },
    why: "cuts a row out of a backup with raw SQL, to show the restore script's audit refuses it; counts the checkpoints pg_restore brought back",
  },
  {
    file: "apps/node/src/fuzz/schema-arbitrary.ts",
    lines: { events: 1 },
    why: "an SQL-injection probe among the fuzzer's hostile strings (`'; DROP TABLE events; --`), sent to the node, never run",
  },
  {
    file: "apps/cli/src/commands/audit-online.e2e.test.ts",
    lines: { events: 1 },
    why: "cuts a district's file with raw SQL, as someone holding it would, to show `audit verify --online` catches what the parent holds",
  },
  {
    file: "packages/federation/src/audit/parent-audit.int.test.ts",
    lines: { events: 2, checkpoints: 1, verified_heads: 1 },
    why: "cuts and rewrites a district's own log with raw SQL, checkpoints and marks included, to show the comparison with the parent catches both",
  },
  {
    file: "bench/append/main.ts",
    lines: { events: 4, tree_nodes: 1 },
    why: "the floors the store is measured against: a raw INSERT and SELECT of the same rows in the same run, and a raw SELECT of a stream beside the store's readStream, and the Merkle tree's rows counted for its bytes per event",
  },
  {
    file: "bench/audit/open.ts",
    lines: { events: 1, checkpoints: 1, node_keys: 1 },
    why: "writes a million-event log and 64,000 signed checkpoints straight into the tables, so that the benchmark times opening and auditing the file, not the set-up",
  },
  {
    file: "bench/rebuild/main.ts",
    lines: { events: 1 },
    why: "writes a million-event log straight into the table so that the benchmark times the rebuild, not the set-up",
  },
  {
    file: "bench/rollup/main.ts",
    lines: { events: 2, checkpoints: 1, node_keys: 1 },
    why: "reads № 1003's measures as imported, and writes 1,600 district logs, their signed checkpoints and their keys straight into the tables, so that the benchmark times the roll-up, not the set-up",
  },
];
