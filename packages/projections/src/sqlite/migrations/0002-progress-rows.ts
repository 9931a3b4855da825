/**
 * @module Progress gets rows of its own, keeping each `ProgressRecorded` data verbatim: a report's JSON no longer
 * carries its progress, so a rebuild writes the text it read instead of serialising a million objects. The
 * older cache is dropped; the next start refolds it from the log.
 */
import { dialectOf } from "@planledger/event-store";
import { type Kysely, type Migration, sql } from "kysely";
import { clearCachedRows } from "./clear-cached-rows.js";

export const migration0002ProgressRows: Migration = {
  up: async (db: Kysely<unknown>) => {
    const table = db.schema
      .createTable("proj_progress")
      .addColumn("report_id", "text", (c) => c.notNull())
      .addColumn("measure_id", "text", (c) => c.notNull())
      .addColumn("recorded_at", "text", (c) => c.notNull())
      .addColumn("data", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("proj_progress_pk", ["report_id", "measure_id"]);
    // Looked up and replaced only by its key: no rowid b-tree to maintain besides it (SQLite's; PostgreSQL has none).
    await (dialectOf(db) === "sqlite" ? table.modifyEnd(sql`without rowid`) : table).execute();
    await clearCachedRows(db);
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable("proj_progress").execute();
  },
};
