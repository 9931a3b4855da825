/**
 * @module Opening the node database: one better-sqlite3 handle, the pragmas every connection uses, and a
 * Kysely instance over the same handle.
 */
import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { EventStoreTables } from "./sqlite-schema.js";

/**
 * WAL so that readers never block the writer; synchronous=NORMAL because in WAL mode it loses no committed
 * transaction on a process crash (only, possibly, the last ones on power loss) at a fraction of FULL's cost;
 * a busy timeout so that a second process waits for the write lock instead of failing at once.
 */
export const SQLITE_PRAGMAS = ["journal_mode = WAL", "synchronous = NORMAL", "busy_timeout = 5000", "foreign_keys = ON"] as const;

export interface SqliteConnection {
  readonly sqlite: Database.Database;
  readonly kysely: Kysely<EventStoreTables>;
}

/**
 * Opens (creating if needed) a writable database with {@link SQLITE_PRAGMAS}, or an existing one read-only.
 *
 * @example
 * const { sqlite, kysely } = openSqlite("data/demo/luhanska.db");
 */
export const openSqlite = (path: string, mode: "readWrite" | "readOnly" = "readWrite"): SqliteConnection => {
  const sqlite =
    mode === "readOnly" ? new Database(path, { readonly: true, fileMustExist: true }) : new Database(path);
  if (mode === "readWrite") for (const pragma of SQLITE_PRAGMAS) sqlite.pragma(pragma);
  const kysely = new Kysely<EventStoreTables>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { sqlite, kysely };
};
