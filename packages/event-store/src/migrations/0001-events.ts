/**
 * @module The append-only events table, holding this node's log and verbatim replicas of other origins' logs.
 */
import { type Kysely, type Migration, sql } from "kysely";

export const migration0001Events: Migration = {
  up: async (db: Kysely<unknown>) => {
    await db.schema
      .createTable("events")
      .addColumn("position", "integer", (c) => c.primaryKey())
      .addColumn("event_id", "text", (c) => c.notNull().unique())
      .addColumn("origin", "text", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("stream", "text", (c) => c.notNull())
      .addColumn("stream_version", "integer", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("data", "text", (c) => c.notNull())
      .addColumn("actor", "text", (c) => c.notNull())
      .addColumn("recorded_at", "text", (c) => c.notNull())
      .addColumn("causation_id", "text")
      .addColumn("correlation_id", "text")
      .addColumn("prev_hash", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("received_at", "text", (c) => c.notNull())
      .addUniqueConstraint("events_origin_seq", ["origin", "seq"])
      .addUniqueConstraint("events_stream_version", ["stream", "stream_version"])
      .execute();
    await db.schema.createIndex("events_received_at").on("events").column("received_at").execute();
    // The log is append-only at the database level too, whoever holds the file; the audit test drops these
    // on purpose to show that a tampered row is still caught by the hash chain.
    await sql`CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END`.execute(db);
    await sql`CREATE TRIGGER events_no_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END`.execute(db);
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable("events").execute();
  },
};
