/**
 * @module A report's progress is one column of its row — a JSON object from measure id to the position of the
 * `ProgressRecorded` that holds the measure's latest recording — instead of a row per recording: a rebuild writes
 * one row per report (a few thousand) instead of one per recording (a million upserts on text keys), and a
 * measure appears once per report by construction (object keys). The older cache is dropped; the next start
 * refolds it from the log.
 */
import type { Kysely, Migration } from "kysely";
import { createProgressByPosition } from "./0003-progress-by-position.js";
import { clearCachedRows } from "./clear-cached-rows.js";

export const migration0004ProgressInReportRows: Migration = {
  up: async (db: Kysely<unknown>) => {
    await db.schema.dropTable("proj_progress").execute();
    await db.schema
      .alterTable("proj_report")
      .addColumn("progress", "text", (c) => c.notNull().defaultTo("{}"))
      .execute();
    await clearCachedRows(db);
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.alterTable("proj_report").dropColumn("progress").execute();
    await createProgressByPosition(db);
    await clearCachedRows(db);
  },
};
