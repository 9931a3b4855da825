/**
 * @module A read-only audit of a node database file, as `planledger audit verify` runs it.
 */
import { existsSync, statSync } from "node:fs";
import type Database from "better-sqlite3";
import { Effect } from "effect";
import { type OriginReport, verifyBackend } from "./log-verifier.js";
import { sqliteBackend } from "./sqlite-backend.js";
import { openSqlite } from "./sqlite-connection.js";

export type AuditOutcome<A = undefined> =
  | { readonly _tag: "Missing" }
  | { readonly _tag: "NotAStore"; readonly reason: string }
  | { readonly _tag: "Checked"; readonly origins: ReadonlyArray<OriginReport>; readonly also: A };

const SNAPSHOT_LIMIT = 1024 ** 3;
const REQUIRED_TABLES = ["events", "checkpoints", "node_keys"];

/**
 * Verifies every origin log in the file without writing to it and without creating it when it is absent.
 * `also`, when given, runs further read-only checks on the same connection (e.g. the federation's witnesses);
 * its answer comes back as `also`.
 *
 * @example
 * const outcome = auditDatabase("data/demo/luhanska.db");
 * if (outcome._tag === "Checked") outcome.origins.filter((o) => o.broken !== null);
 */
export function auditDatabase(path: string): AuditOutcome;
export function auditDatabase<A>(path: string, also: (sqlite: Database.Database) => A): AuditOutcome<A>;
export function auditDatabase<A>(path: string, also?: (sqlite: Database.Database) => A): AuditOutcome<A | undefined> {
  if (!existsSync(path)) return { _tag: "Missing" };
  let connection: ReturnType<typeof openSqlite>;
  try {
    // A database no process has open has no -wal file; reading a copy of its bytes then leaves no -wal/-shm
    // behind. With a -wal present (a node is running), a read-only connection sees its latest commits.
    const inUse = existsSync(`${path}-wal`) || statSync(path).size > SNAPSHOT_LIMIT;
    connection = openSqlite(path, inUse ? "readOnly" : "snapshot");
  } catch (error) {
    return { _tag: "NotAStore", reason: error instanceof Error ? error.message : String(error) };
  }
  try {
    const tables = connection.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all() as Array<string>;
    const missing = REQUIRED_TABLES.filter((t) => !tables.includes(t));
    if (missing.length > 0) return { _tag: "NotAStore", reason: `no table ${missing.join(", ")}` };
    const backend = sqliteBackend(connection.sqlite, connection.kysely);
    const origins = Effect.runSync(verifyBackend(backend));
    return { _tag: "Checked", origins, also: also?.(connection.sqlite) };
  } catch (error) {
    return { _tag: "NotAStore", reason: error instanceof Error ? error.message : String(error) };
  } finally {
    connection.sqlite.close();
  }
}
