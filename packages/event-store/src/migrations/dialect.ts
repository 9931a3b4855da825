/**
 * @module Which SQL engine a migration step runs on, for the few objects that are written differently on each
 * (SQLite's `RAISE(ABORT)` triggers, PostgreSQL's trigger functions, column types and collations).
 */
import { type Kysely, PostgresAdapter, SqliteAdapter, sql } from "kysely";

export type SqlDialect = "sqlite" | "postgres";

/**
 * The engine behind a Kysely instance, told by its adapter; any other engine is refused rather than guessed.
 *
 * @example
 * if (dialectOf(db) === "postgres") await sql`CREATE FUNCTION …`.execute(db);
 */
// biome-ignore lint/suspicious/noExplicitAny: a step sees the database before its own tables exist.
export const dialectOf = (db: Kysely<any>): SqlDialect => {
  const { adapter } = db.getExecutor();
  if (adapter instanceof SqliteAdapter) return "sqlite";
  if (adapter instanceof PostgresAdapter) return "postgres";
  throw new Error(`the event store runs on SQLite or PostgreSQL, not on ${adapter.constructor.name}`);
};

/**
 * The column types that differ between the engines: `key` for names, ids and times that are compared and ordered
 * (byte by byte on both: SQLite's default, `COLLATE "C"` on PostgreSQL), `count` for positions and seqs (SQLite's
 * integer is 64-bit; PostgreSQL's is not), `bytes` for raw hashes (32 bytes, not 64 hex characters), `serial` for a
 * generated id (with `autoIncrement()` on SQLite only; PostgreSQL's `bigserial` is its own sequence).
 *
 * @example
 * const { key, count } = columnTypes(db); db.schema.createTable("t").addColumn("seq", count)
 */
// biome-ignore lint/suspicious/noExplicitAny: a step sees the database before its own tables exist.
export const columnTypes = (db: Kysely<any>) =>
  dialectOf(db) === "postgres"
    ? { key: sql`text COLLATE "C"`, count: sql`bigint`, bytes: sql`bytea`, serial: sql`bigserial` }
    : { key: sql`text`, count: sql`integer`, bytes: sql`blob`, serial: sql`integer` };
