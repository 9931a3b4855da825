/**
 * @module A read-only audit of a node database file, as `planledger audit verify` runs it.
 */
import { existsSync, statSync } from "node:fs";
import type Database from "better-sqlite3";
import { Effect } from "effect";
import { type OriginReport, verifyBackend } from "./log-verifier.js";
import { sqliteBackend } from "./sqlite-backend.js";
import { type SqliteConnection, openSqlite } from "./sqlite-connection.js";

export type AuditOutcome<A = undefined> =
  | { readonly _tag: "Missing" }
  | { readonly _tag: "NotAStore"; readonly reason: string }
  | {
      readonly _tag: "Checked";
      readonly origins: ReadonlyArray<OriginReport>;
      readonly also: A;
      /** Whether the Merkle trees were recomputed and compared: false for a file no node has opened since they exist. */
      readonly trees: boolean;
    };

/** A node database opened read-only, as the audit verbs see it. */
export interface AuditConnection extends SqliteConnection {
  /** The tables the file holds (a file from before a migration lacks that migration's tables). */
  readonly tables: ReadonlySet<string>;
}

/** What reading a node database gave: nothing there, not a node database, or what `read` returned. */
export type ReadOutcome<A> =
  | { readonly _tag: "Missing" }
  | { readonly _tag: "NotAStore"; readonly reason: string }
  | { readonly _tag: "Read"; readonly value: A };

const SNAPSHOT_LIMIT = 1024 ** 3;
const REQUIRED_TABLES = ["events", "checkpoints", "node_keys"];

/**
 * Opens the node database at `path` without writing to it and without creating it when it is absent, hands it to
 * `read`, and closes it. A database no process has open has no -wal file; reading a copy of its bytes then leaves
 * no -wal/-shm behind. With a -wal present (a node is running), a read-only connection sees its latest commits.
 * A file without the log's tables, or that `read` fails on, is `NotAStore`.
 *
 * @example
 * readNodeDatabase("data/demo/luhanska.db", ({ sqlite }) => sqliteLogReader(sqlite))
 */
export const readNodeDatabase = <A>(path: string, read: (connection: AuditConnection) => A): ReadOutcome<A> => {
  if (!existsSync(path)) return { _tag: "Missing" };
  let connection: SqliteConnection;
  try {
    const inUse = existsSync(`${path}-wal`) || statSync(path).size > SNAPSHOT_LIMIT;
    connection = openSqlite(path, inUse ? "readOnly" : "snapshot");
  } catch (error) {
    return { _tag: "NotAStore", reason: error instanceof Error ? error.message : String(error) };
  }
  try {
    const tables = new Set(connection.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as Array<string>);
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) return { _tag: "NotAStore", reason: `no table ${missing.join(", ")}` };
    return { _tag: "Read", value: read({ ...connection, tables }) };
  } catch (error) {
    return { _tag: "NotAStore", reason: error instanceof Error ? error.message : String(error) };
  } finally {
    connection.sqlite.close();
  }
};

/**
 * Verifies every origin log in the file without writing to it and without creating it when it is absent.
 * `also`, when given, runs further read-only checks on the same connection (e.g. the federation's witnesses);
 * its answer comes back as `also`. Each origin's Merkle tree is recomputed from its events and compared node by
 * node with the stored one, unless the file predates the trees (`trees: false`; its node builds them when it
 * next starts).
 *
 * @example
 * const outcome = auditDatabase("data/demo/luhanska.db");
 * if (outcome._tag === "Checked") outcome.origins.filter((o) => o.broken !== null);
 */
/**
 * The node a database belongs to: the origin and public key (base64 SPKI DER) registered as its own, if any.
 *
 * @example
 * ownNodeOf(connection.sqlite) // { origin: "novopskovskyi", publicKey: "MCowBQYDK2VwAyEA…" }
 */
export const ownNodeOf = (sqlite: Database.Database): { readonly origin: string; readonly publicKey: string } | undefined => {
  const row = sqlite.prepare("SELECT origin, public_key FROM node_keys WHERE is_self = 1").get() as
    | { origin: string; public_key: string }
    | undefined;
  return row === undefined ? undefined : { origin: row.origin, publicKey: row.public_key };
};

export function auditDatabase(path: string): AuditOutcome;
export function auditDatabase<A>(path: string, also: (sqlite: Database.Database) => A): AuditOutcome<A>;
export function auditDatabase<A>(path: string, also?: (sqlite: Database.Database) => A): AuditOutcome<A | undefined> {
  const outcome = readNodeDatabase(path, (connection) => {
    const trees = connection.tables.has("tree_nodes");
    const backend = sqliteBackend(connection.sqlite, connection.kysely);
    const origins = Effect.runSync(verifyBackend(backend, { trees }));
    return { origins, trees, also: also?.(connection.sqlite) };
  });
  return outcome._tag === "Read" ? { _tag: "Checked", ...outcome.value } : outcome;
}
