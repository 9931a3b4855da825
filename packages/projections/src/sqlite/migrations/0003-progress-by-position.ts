/**
 * @module Progress rows point at their event instead of copying its data: a rebuild then writes a key and a
 * number per recording (a third of the cost of writing the text again) and the text is read back from the log
 * with one join on start. The older cache is dropped; the next start refolds it from the log.
 */
import { type Kysely, type Migration, sql } from "kysely";

export const migration0003ProgressByPosition: Migration = {
  up: async (db: Kysely<unknown>) => {
    await db.schema.dropTable("proj_progress").execute();
    await db.schema
      .createTable("proj_progress")
      .addColumn("report_id", "text", (c) => c.notNull())
      .addColumn("measure_id", "text", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("proj_progress_pk", ["report_id", "measure_id"])
      .modifyEnd(sql`without rowid`)
      .execute();
    for (const table of ["proj_plan", "proj_report", "proj_origin", "proj_pending_review", "proj_checkpoint"])
      await sql`DELETE FROM ${sql.table(table)}`.execute(db);
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable("proj_progress").execute();
  },
};
