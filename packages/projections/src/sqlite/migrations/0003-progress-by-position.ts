/**
 * @module Progress rows point at their event instead of copying its data: a rebuild then writes a key and a
 * number per recording (a third of the cost of writing the text again) and the text is read back from the log
 * with one join on start. The older cache is dropped; the next start refolds it from the log.
 */
import { columnTypes, dialectOf } from "@planledger/event-store";
import { type Kysely, type Migration, sql } from "kysely";
import { clearCachedRows } from "./clear-cached-rows.js";

/** The table as this migration makes it (also what 0004 puts back when it is undone). */
export const createProgressByPosition = async (db: Kysely<unknown>): Promise<void> => {
  const table = db.schema
    .createTable("proj_progress")
    .addColumn("report_id", "text", (c) => c.notNull())
    .addColumn("measure_id", "text", (c) => c.notNull())
    .addColumn("position", columnTypes(db).count, (c) => c.notNull())
    .addPrimaryKeyConstraint("proj_progress_pk", ["report_id", "measure_id"]);
  await (dialectOf(db) === "sqlite" ? table.modifyEnd(sql`without rowid`) : table).execute();
};

export const migration0003ProgressByPosition: Migration = {
  up: async (db: Kysely<unknown>) => {
    await db.schema.dropTable("proj_progress").execute();
    await createProgressByPosition(db);
    await clearCachedRows(db);
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable("proj_progress").execute();
  },
};
