/**
 * @module The append-only events table, holding this node's log and verbatim replicas of other origins' logs.
 */
import { type Kysely, type Migration, sql } from "kysely";
import { columnTypes, dialectOf } from "./dialect.js";

export const migration0001Events: Migration = {
  up: async (db: Kysely<unknown>) => {
    const { key, count } = columnTypes(db);
    const postgres = dialectOf(db) === "postgres";
    // On PostgreSQL `position` is a bigint that the store assigns under its write lock (the next after the
    // highest), not a sequence: a sequence hands out numbers in the order transactions ask, not the order they
    // commit, and loses the numbers of those rolled back, and readers page the log by position. On SQLite it is
    // the rowid, assigned the same way.
    const table = db.schema
      .createTable("events")
      .addColumn("position", count, (c) => c.primaryKey())
      .addColumn("event_id", key, (c) => c.notNull().unique())
      .addColumn("origin", key, (c) => c.notNull())
      .addColumn("seq", count, (c) => c.notNull())
      .addColumn("stream", key, (c) => c.notNull())
      .addColumn("stream_version", "integer", (c) => c.notNull())
      .addColumn("type", key, (c) => c.notNull())
      .addColumn("data", "text", (c) => c.notNull())
      .addColumn("actor", "text", (c) => c.notNull())
      .addColumn("recorded_at", key, (c) => c.notNull())
      .addColumn("causation_id", "text")
      .addColumn("correlation_id", "text")
      .addColumn("prev_hash", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("received_at", key, (c) => c.notNull())
      .addUniqueConstraint("events_origin_seq", ["origin", "seq"])
      .addUniqueConstraint("events_stream_version", ["stream", "stream_version"]);
    await (postgres
      ? table.addCheckConstraint("events_counted_from_one", sql`position >= 1 AND seq >= 1 AND stream_version >= 1`)
      : table
    ).execute();
    await db.schema.createIndex("events_received_at").on("events").column("received_at").execute();
    // The log is append-only at the database level too, whoever holds the file; the audit test drops these
    // on purpose to show that a tampered row is still caught by the hash chain.
    if (postgres) {
      // Statement triggers: UPDATE, DELETE and TRUNCATE are refused even when they would touch no row.
      await sql`CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
        END $$`.execute(db);
      for (const operation of ["UPDATE", "DELETE", "TRUNCATE"])
        await sql`CREATE TRIGGER ${sql.raw(`events_no_${operation.toLowerCase()}`)} BEFORE ${sql.raw(operation)} ON events
          FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()`.execute(db);
    } else {
      await sql`CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END`.execute(db);
      await sql`CREATE TRIGGER events_no_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END`.execute(db);
    }
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable("events").execute();
    if (dialectOf(db) === "postgres") await sql`DROP FUNCTION events_append_only()`.execute(db);
  },
};
