/**
 * @module The one migration runner of a node database. Every package that keeps tables in the file (the event
 * store, the projections, federation, the node's own accounts and tokens) registers a {@link MigrationSet}: its
 * numbered steps, written with Kysely so that the SQL stays portable to a second engine. The runner brings each
 * set to its latest step with Kysely's `Migrator`, each set with bookkeeping tables of its own
 * (`<owner>_migration`, `<owner>_migration_lock`), so that one package's steps never look missing to another's.
 */
import { type Kysely, type Migration, Migrator, sql } from "kysely";
import { dialectOf } from "./dialect.js";

/** One step: `up` builds its tables through the Kysely instance it is given (any engine Kysely speaks). */
export interface MigrationStep {
  // biome-ignore lint/suspicious/noExplicitAny: a step sees the database before its own tables exist.
  readonly up: (db: Kysely<any>) => Promise<void>;
}

/** A package's steps, named so that they sort in the order they run ("0001-…", "0002-…"). */
export interface MigrationSet {
  /** Names the bookkeeping tables, `<owner>_migration` and `<owner>_migration_lock`: e.g. `"event_store"`. */
  readonly owner: string;
  readonly steps: Readonly<Record<string, MigrationStep>>;
}

/** What one run applied, per set, in the order the sets were given. */
export interface MigrationRun {
  readonly owner: string;
  readonly applied: ReadonlyArray<string>;
}

/** A set could not be brought up to date: a step failed, or the file records a step this code does not know. */
export class MigrationFailed extends Error {
  constructor(
    readonly owner: string,
    readonly step: string | null,
    readonly reason: string,
    /** The reason in Ukrainian, when the runner knows it (else the message gives the engine's own words). */
    readonly reasonUk?: string,
  ) {
    super(
      reasonUk === undefined
        ? `міграцію «${owner}»${step === null ? "" : ` ${step}`} не застосовано / migration ${owner}${step === null ? "" : ` ${step}`} failed: ${reason}`
        : `${reasonUk} / ${reason}`,
    );
    this.name = "MigrationFailed";
  }
}

const OWNER = /^[a-z][a-z0-9_]*$/;

/**
 * Brings every set to its latest step, one set after another, and says what each applied (nothing, on a database
 * already up to date). Refuses a database that records a step of a set this code does not know — one written by a
 * newer version — naming the step.
 *
 * @example
 * await migrateDatabase(database.kysely, [eventStoreMigrations, projectionsMigrations, federationMigrations, nodeMigrations])
 * // [{ owner: "event_store", applied: ["0001-events", "0002-checkpoints"] }, …] on a fresh file
 */
export const migrateDatabase = async (
  // biome-ignore lint/suspicious/noExplicitAny: the runner works on whatever tables the file holds.
  db: Kysely<any>,
  sets: ReadonlyArray<MigrationSet>,
): Promise<ReadonlyArray<MigrationRun>> => {
  const runs: MigrationRun[] = [];
  let schema: string | null | undefined;
  for (const set of sets) {
    if (!OWNER.test(set.owner)) throw new MigrationFailed(set.owner, null, "the owner must be a lower-case SQL name");
    schema ??= await bookkeepingSchema(db);
    if (schema === null) throw new MigrationFailed(set.owner, null, "no schema named in the connection's search_path exists");
    const migrations: Record<string, Migration> = { ...set.steps };
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations },
      migrationTableName: `${set.owner}_migration`,
      migrationLockTableName: `${set.owner}_migration_lock`,
      ...(schema === "" ? {} : { migrationTableSchema: schema }),
    });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === "Error");
    if (error !== undefined || failed !== undefined) {
      const reason = error instanceof Error ? error.message : String(error ?? "");
      // Kysely's words for a step recorded in the file that this code does not have: a newer version wrote it.
      const unknown = /previously executed migration (\S+) is missing/.exec(reason)?.[1];
      if (unknown !== undefined)
        throw new MigrationFailed(
          set.owner,
          unknown,
          `the database was written by a newer version of Plan Ledger: step ${unknown} of ${set.owner} is unknown to this version — upgrade planledger, or use the backup made before the upgrade`,
          `базу даних записала новіша версія Plan Ledger: крок ${unknown} набору ${set.owner} цій версії невідомий — оновіть planledger або візьміть копію, зроблену до оновлення`,
        );
      throw new MigrationFailed(set.owner, failed?.migrationName ?? null, reason);
    }
    runs.push({ owner: set.owner, applied: (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName) });
  }
  return runs;
};

/**
 * On PostgreSQL, the schema the connection creates tables in (the first existing one of its `search_path`; null
 * when none exists), named to the migrator: left unnamed, Kysely's migrator takes a bookkeeping table of the same
 * name in any other schema of the database for its own, and then finds nothing in this one. "" on SQLite, which has
 * no schemas.
 */
// biome-ignore lint/suspicious/noExplicitAny: the runner works on whatever tables the database holds.
const bookkeepingSchema = async (db: Kysely<any>): Promise<string | null> => {
  if (dialectOf(db) !== "postgres") return "";
  const { rows } = await sql<{ schema: string | null }>`SELECT current_schema() AS schema`.execute(db);
  return rows[0]?.schema ?? null;
};
