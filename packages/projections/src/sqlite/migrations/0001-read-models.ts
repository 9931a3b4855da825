/**
 * @module The read-model cache: one row per plan and per quarterly report (their ledger state as JSON, with
 * the columns lists are filtered by), the origins seen, reviews waiting for their report, and the checkpoint.
 */
import { columnTypes } from "@planledger/event-store";
import type { Kysely, Migration } from "kysely";

export const migration0001ReadModels: Migration = {
  up: async (db: Kysely<unknown>) => {
    // Positions and seqs: SQLite's integer is 64-bit, PostgreSQL's is not (`bigint` there; the same DDL on SQLite).
    const { count } = columnTypes(db);
    await db.schema
      .createTable("proj_checkpoint")
      .addColumn("projection", "text", (c) => c.primaryKey())
      .addColumn("position", count, (c) => c.notNull())
      .addColumn("events_applied", count, (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("proj_plan")
      .addColumn("plan_id", "text", (c) => c.primaryKey())
      .addColumn("origin", "text", (c) => c.notNull())
      .addColumn("owner_node", "text", (c) => c.notNull())
      .addColumn("title", "text")
      .addColumn("parent_plan_id", "text")
      .addColumn("last_seq", count, (c) => c.notNull())
      .addColumn("doc", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("proj_report")
      .addColumn("report_id", "text", (c) => c.primaryKey())
      .addColumn("plan_id", "text", (c) => c.notNull())
      .addColumn("year", "integer", (c) => c.notNull())
      .addColumn("quarter", "integer", (c) => c.notNull())
      .addColumn("phase", "text", (c) => c.notNull())
      .addColumn("doc", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("proj_report_plan").on("proj_report").columns(["plan_id", "year", "quarter"]).execute();
    await db.schema
      .createTable("proj_origin")
      .addColumn("origin", "text", (c) => c.primaryKey())
      .addColumn("last_seq", count, (c) => c.notNull())
      .addColumn("last_position", count, (c) => c.notNull())
      .addColumn("last_recorded_at", "text", (c) => c.notNull())
      .addColumn("last_received_at", "text")
      .execute();
    await db.schema
      .createTable("proj_pending_review")
      .addColumn("report_id", "text", (c) => c.primaryKey())
      .addColumn("doc", "text", (c) => c.notNull())
      .execute();
  },
  down: async (db: Kysely<unknown>) => {
    for (const t of ["proj_pending_review", "proj_origin", "proj_report", "proj_plan", "proj_checkpoint"])
      await db.schema.dropTable(t).execute();
  },
};
