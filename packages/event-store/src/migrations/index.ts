/**
 * @module The event store's migrations in order, and the runner that checks Kysely's result.
 */
import { type Kysely, type Migration, Migrator } from "kysely";
import { migration0001Events } from "./0001-events.js";
import { migration0002Checkpoints } from "./0002-checkpoints.js";
import type { EventStoreTables } from "../sqlite-schema.js";

const migrations: Record<string, Migration> = {
  "0001-events": migration0001Events,
  "0002-checkpoints": migration0002Checkpoints,
};

/**
 * Brings the schema to the latest version. Uses its own bookkeeping tables so that other packages can run
 * their own `Migrator` on the same database file without seeing these migrations as missing.
 *
 * @example
 * await migrateEventStore(kysely); // throws with the failing migration's name
 */
export const migrateEventStore = async (db: Kysely<EventStoreTables>): Promise<ReadonlyArray<string>> => {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: "event_store_migration",
    migrationLockTableName: "event_store_migration_lock",
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error !== undefined || failed !== undefined) {
    const reason = error instanceof Error ? error.message : String(error ?? "");
    throw new Error(`migration ${failed?.migrationName ?? "?"} failed: ${reason}`);
  }
  return (results ?? []).map((r) => r.migrationName);
};
