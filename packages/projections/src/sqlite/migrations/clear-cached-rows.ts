/**
 * @module What a migration that changes the cache's shape does to the rows already cached: drops them, so the
 * next start refolds them from the log (the log is the truth, the rows only spare the refold).
 */
import { type Kysely, sql } from "kysely";

const CACHE_TABLES = ["proj_plan", "proj_report", "proj_origin", "proj_pending_review", "proj_checkpoint"] as const;

/** @example await clearCachedRows(db); // inside a migration's `up` */
export const clearCachedRows = async (db: Kysely<unknown>): Promise<void> => {
  for (const table of CACHE_TABLES) await sql`DELETE FROM ${sql.table(table)}`.execute(db);
};
