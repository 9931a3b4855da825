/**
 * @module A node's event-store database named the way an operator names it on the command line: a SQLite file path
 * or a `postgres://` URL. Opening one for reading or as an empty target, and the audit walk over a PostgreSQL one
 * (`planledger audit verify --db postgres://…`, `planledger db copy`).
 */
import { existsSync, rmSync, statSync } from "node:fs";
import type Database from "better-sqlite3";
import { Effect } from "effect";
import { type CompiledQuery, Kysely, PostgresDialect, sql } from "kysely";
import type { LogBackend } from "./log-backend.js";
import { type OriginReport, verifyBackend } from "./log-verifier.js";
import { eventStoreMigrations } from "./migrations/index.js";
import { type MigrationSet, migrateDatabase } from "./migrations/runner.js";
import { postgresBackend } from "./postgres/postgres-backend.js";
import { postgresPool, shownUrl } from "./postgres/postgres-pool.js";
import { sqliteBackend } from "./sqlite-backend.js";
import { openSqlite } from "./sqlite-connection.js";
import type { EventStoreTables } from "./sqlite-schema.js";

const SNAPSHOT_LIMIT = 1024 ** 3;
/** The tables without which a database is no node's log. */
const REQUIRED_TABLES = ["events", "checkpoints", "node_keys"];
/** Every table the event store writes: a target holding a row in any of them is not empty. */
const STORE_TABLES = ["events", "checkpoints", "node_keys", "node_key_history", "verified_heads", "tree_nodes"];

/**
 * Whether `db` names a PostgreSQL database rather than a file.
 *
 * @example
 * isPostgresUrl("postgres://planledger@127.0.0.1/oblast") // true
 */
export const isPostgresUrl = (db: string): boolean => /^postgres(?:ql)?:\/\//i.test(db);

/**
 * `db` as it may be printed: a URL without its password, a path as given.
 *
 * @example
 * shownDatabase("postgres://node:secret@db/oblast") // "postgres://node:***@db/oblast"
 */
export const shownDatabase = (db: string): string => (isPostgresUrl(db) ? shownUrl(db) : db);

/** The password written in `url`, also when the URL does not parse (so that no message repeats it). */
const passwordOf = (url: string): string | undefined => {
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password !== "") return password;
  } catch {
    // Not a URL: read it off the text below.
  }
  return /^[a-z]+:\/\/[^:/@]*:([^@]*)@/i.exec(url)?.[1] || undefined;
};

/** One line, whatever failed, with the URL's password never in it. */
const reasonOf = (error: unknown, url: string): string => {
  const text =
    error instanceof AggregateError && error.errors.length > 0
      ? [...new Set(error.errors.map((e) => reasonOf(e, url)))].join("; ")
      : error instanceof Error
        ? error.message || (error as NodeJS.ErrnoException).code || error.name
        : String(error);
  const password = passwordOf(url);
  const shown = password === undefined ? text : text.split(password).join("***");
  return shown.replace(/\s+/g, " ").trim();
};

/** A node database opened: its log's storage, Kysely over the same connection(s), and how to close it. */
export interface OpenedDatabase {
  readonly backend: LogBackend;
  readonly kysely: Kysely<EventStoreTables>;
  /** Whether it holds Merkle trees (a file from before them does not; its node builds them at its next start). */
  readonly trees: boolean;
  /**
   * Runs a Kysely-compiled statement on the connection the log writes on: inside `backend.write` it joins that
   * transaction (what it writes commits or rolls back with the log), else it runs on its own. The rows it returns.
   */
  readonly statement: (query: CompiledQuery) => Effect.Effect<ReadonlyArray<Record<string, unknown>>>;
  readonly close: () => Promise<void>;
}

/** Tables kept beside the log by other packages (federation, the node's own), named by whoever copies a node. */
export interface SideTables {
  /** The sets that create them, brought up on a target by the one runner after the event store's own. */
  readonly migrations: ReadonlyArray<MigrationSet>;
  /** The tables, in the order they are written. */
  readonly tables: ReadonlyArray<string>;
}

/** Why a database could not be opened: absent, unreachable (server, login, URL) or not a node's log. */
export type OpenRefusal =
  | { readonly _tag: "Missing" }
  | { readonly _tag: "Unreachable"; readonly reason: string }
  | { readonly _tag: "NotAStore"; readonly reason: string };

/**
 * The tables of the database's current schema (a PostgreSQL URL's `search_path`, or the SQLite file).
 *
 * @example
 * (await tablesIn(opened.kysely, true)).has("federation_nodes")
 */
// biome-ignore lint/suspicious/noExplicitAny: asked of any node database, whatever tables it holds.
export const tablesIn = async (kysely: Kysely<any>, postgres: boolean): Promise<Set<string>> => {
  const { rows } = postgres
    ? await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(kysely)
    : await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(kysely);
  return new Set(rows.map((r) => r.name));
};

/** A statement run through better-sqlite3 at once: on SQLite the log's write transaction is a synchronous call. */
const sqliteStatement =
  (sqlite: Database.Database) =>
  (query: CompiledQuery): Effect.Effect<ReadonlyArray<Record<string, unknown>>> =>
    Effect.sync(() => {
      const statement = sqlite.prepare(query.sql);
      const parameters = query.parameters as unknown[];
      if (statement.reader) return statement.all(...parameters) as ReadonlyArray<Record<string, unknown>>;
      statement.run(...parameters);
      return [];
    });

const connectPostgres = async (url: string): Promise<{ kysely: Kysely<EventStoreTables>; pool: import("pg").Pool } | OpenRefusal> => {
  try {
    new URL(url);
  } catch {
    return {
      _tag: "Unreachable",
      reason:
        "адреса не розбирається як URL (хост:порт? спецсимволи пароля — як %XX) / the URL does not parse (host:port? special characters of the password %-encoded)",
    };
  }
  let pool: import("pg").Pool;
  try {
    pool = postgresPool({ url, poolSize: 4 });
  } catch (error) {
    return { _tag: "Unreachable", reason: `недоступний / unreachable: ${reasonOf(error, url)}` };
  }
  const kysely = new Kysely<EventStoreTables>({ dialect: new PostgresDialect({ pool }) });
  try {
    // Reached on its own first, so that a refused login or a wrong host reads as itself.
    await pool.query("SELECT 1");
  } catch (error) {
    await kysely.destroy().catch(() => undefined);
    return { _tag: "Unreachable", reason: `недоступний / unreachable: ${reasonOf(error, url)}` };
  }
  return { kysely, pool };
};

/**
 * The node a database belongs to (`node_keys.is_self`), or undefined before the node first registered its key —
 * read by audits over either engine, so that nothing outside the store names its key table.
 *
 * @example
 * await selfOriginIn(opened.kysely) // "novopskovskyi"
 */
export const selfOriginIn = async (kysely: Kysely<any>): Promise<string | undefined> =>
  (await kysely.selectFrom("node_keys").select("origin").where("is_self", "=", 1).executeTakeFirst())?.origin;

/**
 * Opens the node database `db` (a file path or a `postgres://` URL) to read its log, writing nothing and creating
 * nothing; a refusal says why in one line.
 *
 * @example
 * const opened = await openForReading("postgres://planledger@127.0.0.1/oblast");
 * if (!("_tag" in opened)) await opened.close();
 */
export const openForReading = async (db: string): Promise<OpenedDatabase | OpenRefusal> => {
  if (isPostgresUrl(db)) {
    const connected = await connectPostgres(db);
    if ("_tag" in connected) return connected;
    const { kysely, pool } = connected;
    try {
      const tables = await tablesIn(kysely, true);
      const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
      if (missing.length > 0) {
        await kysely.destroy();
        return { _tag: "NotAStore", reason: `no table ${missing.join(", ")}` };
      }
      const backend = await Effect.runPromise(postgresBackend(pool));
      const statement = (query: CompiledQuery) => backend.sql.query(query.sql, query.parameters);
      return { backend, kysely, trees: tables.has("tree_nodes"), statement, close: () => kysely.destroy() };
    } catch (error) {
      await kysely.destroy().catch(() => undefined);
      return { _tag: "NotAStore", reason: reasonOf(error, db) };
    }
  }
  if (!existsSync(db)) return { _tag: "Missing" };
  try {
    // As `audit verify` reads a file (audit-database.ts): a copy of its bytes when no node has it open, so that
    // reading leaves no -wal/-shm behind; read-only in place when a node is running or the file is large.
    const inUse = existsSync(`${db}-wal`) || statSync(db).size > SNAPSHOT_LIMIT;
    const { sqlite, kysely } = openSqlite(db, inUse ? "readOnly" : "snapshot");
    const tables = await tablesIn(kysely, false).catch((error: unknown) => {
      sqlite.close();
      throw error;
    });
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) {
      sqlite.close();
      return { _tag: "NotAStore", reason: `no table ${missing.join(", ")}` };
    }
    // One read transaction for everything read through it: a node writing meanwhile is seen as of one moment.
    sqlite.exec("BEGIN");
    return {
      backend: sqliteBackend(sqlite, kysely),
      kysely,
      trees: tables.has("tree_nodes"),
      statement: sqliteStatement(sqlite),
      close: () => kysely.destroy(),
    };
  } catch (error) {
    return { _tag: "NotAStore", reason: reasonOf(error, db) };
  }
};

/** Why a database cannot take a copy: it holds a log already, or cannot be reached or made. */
export type TargetRefusal = { readonly _tag: "NotEmpty"; readonly reason: string } | { readonly _tag: "Unreachable"; readonly reason: string };

/**
 * Opens `db` as the empty target of a copy: a file that does not exist yet (created), or a PostgreSQL database
 * (schema) whose event-store tables (and `side` tables) are absent or hold no row; the event store's tables, then
 * those of `side.migrations`, are then created. `discard` removes a file made here (a PostgreSQL target keeps its
 * empty tables).
 *
 * @example
 * const target = await openEmptyTarget("postgres://planledger@127.0.0.1/oblast");
 */
export const openEmptyTarget = async (
  db: string,
  side: SideTables = { migrations: [], tables: [] },
): Promise<(OpenedDatabase & { readonly discard: () => Promise<void> }) | TargetRefusal> => {
  const sets = [eventStoreMigrations, ...side.migrations];
  if (isPostgresUrl(db)) {
    const connected = await connectPostgres(db);
    if ("_tag" in connected) return { _tag: "Unreachable", reason: connected._tag === "Missing" ? "missing" : connected.reason };
    const { kysely, pool } = connected;
    try {
      const tables = await tablesIn(kysely, true);
      for (const table of [...STORE_TABLES, ...side.tables].filter((t) => tables.has(t))) {
        const { rows } = await sql<{ held: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(table)}) AS held`.execute(kysely);
        if (rows[0]?.held === true) {
          await kysely.destroy();
          return { _tag: "NotEmpty", reason: `${shownUrl(db)}: таблиця ${table} не порожня / table ${table} is not empty` };
        }
      }
      await migrateDatabase(kysely, sets);
      const backend = await Effect.runPromise(postgresBackend(pool));
      const statement = (query: CompiledQuery) => backend.sql.query(query.sql, query.parameters);
      const close = () => kysely.destroy();
      return { backend, kysely, trees: true, statement, close, discard: close };
    } catch (error) {
      await kysely.destroy().catch(() => undefined);
      return { _tag: "Unreachable", reason: reasonOf(error, db) };
    }
  }
  if (existsSync(db)) return { _tag: "NotEmpty", reason: `${db} вже існує / already exists: a copy writes only a new file` };
  const remove = () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${db}${suffix}`, { force: true });
  };
  try {
    const { kysely, sqlite } = openSqlite(db);
    try {
      await migrateDatabase(kysely, sets);
    } catch (error) {
      sqlite.close();
      remove();
      throw error;
    }
    const close = () => kysely.destroy();
    return {
      backend: sqliteBackend(sqlite, kysely),
      kysely,
      trees: true,
      statement: sqliteStatement(sqlite),
      close,
      discard: async () => {
        await close().catch(() => undefined);
        remove();
      },
    };
  } catch (error) {
    return { _tag: "Unreachable", reason: reasonOf(error, db) };
  }
};

/** What auditing a database gave: a refusal, or every origin's report. */
export type DatabaseAudit = OpenRefusal | { readonly _tag: "Checked"; readonly origins: ReadonlyArray<OriginReport>; readonly trees: boolean };

/**
 * The audit walk of `audit verify` (chains, checkpoints, key history, Merkle trees recomputed and compared) over the
 * node database `db`, a file or a `postgres://` URL, read-only.
 *
 * @example
 * const audit = await auditNodeDatabase("postgres://planledger@127.0.0.1/oblast");
 * if (audit._tag === "Checked") audit.origins.filter((o) => o.broken !== null);
 */
export const auditNodeDatabase = async (db: string): Promise<DatabaseAudit> => {
  const opened = await openForReading(db);
  if ("_tag" in opened) return opened;
  try {
    const origins = await Effect.runPromise(verifyBackend(opened.backend, { trees: opened.trees }));
    return { _tag: "Checked", origins, trees: opened.trees };
  } catch (error) {
    return { _tag: "NotAStore", reason: reasonOf(error, db) };
  } finally {
    await opened.close();
  }
};
