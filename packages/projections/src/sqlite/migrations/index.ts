/**
 * @module The projections' migrations in order, and the runner that checks Kysely's result.
 */
import { type Kysely, type Migration, Migrator } from "kysely";
import { migration0001ReadModels } from "./0001-read-models.js";
import { migration0002ProgressRows } from "./0002-progress-rows.js";
import { migration0003ProgressByPosition } from "./0003-progress-by-position.js";
import { migration0004ProgressInReportRows } from "./0004-progress-in-report-rows.js";

const migrations: Record<string, Migration> = {
  "0001-read-models": migration0001ReadModels,
  "0002-progress-rows": migration0002ProgressRows,
  "0003-progress-by-position": migration0003ProgressByPosition,
  "0004-progress-in-report-rows": migration0004ProgressInReportRows,
};

/**
 * Brings the read-model tables to the latest version, with bookkeeping tables of their own so that the event
 * store's migrator on the same file does not see these as unknown.
 *
 * @example
 * await migrateProjections(kysely); // ["0001-read-models"] on a fresh database
 */
export const migrateProjections = async (db: Kysely<unknown>): Promise<ReadonlyArray<string>> => {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: "projections_migration",
    migrationLockTableName: "projections_migration_lock",
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error !== undefined || failed !== undefined) {
    const reason = error instanceof Error ? error.message : String(error ?? "");
    throw new Error(`projections migration ${failed?.migrationName ?? "?"} failed: ${reason}`);
  }
  return (results ?? []).map((r) => r.migrationName);
};
