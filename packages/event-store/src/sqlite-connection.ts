/**
 * @module Opening the node database: one better-sqlite3 handle, the pragmas every connection uses, and a
 * Kysely instance over the same handle.
 */
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { EventStoreTables } from "./sqlite-schema.js";

/**
 * WAL so that readers never block the writer; synchronous=NORMAL because in WAL mode it loses no committed
 * transaction on a process crash (only, possibly, the last ones on power loss) at a fraction of FULL's cost;
 * a busy timeout so that a second process waits for the write lock instead of failing at once.
 * 16 KiB pages (set first, so it applies to a new file; an existing file keeps its own): an event row is
 * ~0.9 KB, and with the default 4 KiB pages a replicated batch cost about a third more CPU per row and four
 * times as many WAL checkpoints, each of which waits for fsync (measured with bench:sync).
 */
export const SQLITE_PRAGMAS = ["page_size = 16384", "journal_mode = WAL", "synchronous = NORMAL", "busy_timeout = 5000", "foreign_keys = ON"] as const;

export interface SqliteConnection {
  readonly sqlite: Database.Database;
  readonly kysely: Kysely<EventStoreTables>;
}

/**
 * The file's bytes as an in-memory, read-only database: nothing is created or locked beside the file. Only
 * complete when no `-wal` file holds un-checkpointed pages (i.e. no process has the database open). The
 * header's WAL marker (bytes 18–19 = 2) is set back to rollback mode in the copy, since an in-memory
 * database cannot use WAL.
 */
const snapshotOf = (path: string): Database.Database => {
  const bytes = readFileSync(path);
  if (bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  return new Database(bytes, { readonly: true });
};

/**
 * Opens (creating if needed) a writable database with {@link SQLITE_PRAGMAS}, an existing one read-only,
 * or a read-only in-memory copy of an existing file (`"snapshot"`).
 *
 * @example
 * const { sqlite, kysely } = openSqlite("data/demo/luhanska.db");
 */
export const openSqlite = (path: string, mode: "readWrite" | "readOnly" | "snapshot" = "readWrite"): SqliteConnection => {
  const sqlite =
    mode === "snapshot"
      ? snapshotOf(path)
      : mode === "readOnly"
        ? new Database(path, { readonly: true, fileMustExist: true })
        : new Database(path);
  if (mode === "readWrite") for (const pragma of SQLITE_PRAGMAS) sqlite.pragma(pragma);
  const kysely = new Kysely<EventStoreTables>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { sqlite, kysely };
};
