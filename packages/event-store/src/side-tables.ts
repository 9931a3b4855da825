/**
 * @module The tables other packages keep beside the log (federation's, the node's tokens and accounts), copied as
 * rows by `planledger db copy`: read from the source through Kysely, written on the target inside the log's own
 * write transaction, every column as stored (generated ids too, with PostgreSQL's sequences moved past them). This
 * package knows none of them by name: the caller lists them with the migration sets that make them.
 */
import { Effect } from "effect";
import { type Kysely, sql } from "kysely";
import { dialectOf } from "./migrations/dialect.js";
import type { OpenedDatabase, SideTables } from "./node-database.js";
import { tablesIn } from "./node-database.js";

type Row = Record<string, unknown>;

/** One side table as read from the source: its rows, none when the source never had the table. */
export interface SideTableRows {
  readonly table: string;
  /** Whether the source held the table at all (a database from before it existed did not). */
  readonly held: boolean;
  readonly rows: ReadonlyArray<Row>;
}

/** What was copied of one side table. */
export interface CopiedTable {
  readonly table: string;
  readonly rows: number;
  /** False when the source had no such table (its migration had not run there): the copy has it, empty. */
  readonly held: boolean;
}

/** The source records a migration step this code does not know: it was written by a newer version. */
export interface NewerSource {
  readonly _tag: "NewerSource";
  readonly owner: string;
  readonly step: string;
}

/** Bound parameters per insert, under both engines' limits (SQLite 32,766; PostgreSQL 65,535). */
const PARAMETERS = 10_000;

/**
 * Reads every row of `side.tables` from `source`, after checking that no set of `side.migrations` records a step
 * this code does not know (a newer version's columns would be lost in the copy).
 *
 * @example
 * const read = await readSideTables(source, { migrations: [federationMigrations], tables: ["federation_nodes"] });
 * if (!("_tag" in read)) read.map((t) => `${t.table}: ${t.rows.length}`);
 */
export const readSideTables = async (
  source: Pick<OpenedDatabase, "kysely">,
  side: SideTables,
): Promise<ReadonlyArray<SideTableRows> | NewerSource> => {
  // biome-ignore lint/suspicious/noExplicitAny: the side tables are other packages' and known here by name only.
  const db = source.kysely as unknown as Kysely<any>;
  const tables = await tablesIn(db, dialectOf(db) === "postgres");
  for (const set of side.migrations) {
    const bookkeeping = `${set.owner}_migration`;
    if (!tables.has(bookkeeping)) continue;
    const steps = await db.selectFrom(bookkeeping).select("name").orderBy("name").execute();
    const unknown = steps.map((s) => String(s.name)).find((name) => !(name in set.steps));
    if (unknown !== undefined) return { _tag: "NewerSource", owner: set.owner, step: unknown };
  }
  const read: SideTableRows[] = [];
  for (const table of side.tables) {
    const held = tables.has(table);
    read.push({ table, held, rows: held ? await db.selectFrom(table).selectAll().execute() : [] });
  }
  return read;
};

/**
 * Writes the rows read by {@link readSideTables} into `target`, whose tables the same migrations made and which
 * holds none of their rows. Run inside `target.backend.write`, it commits or rolls back with the log. On PostgreSQL
 * every sequence of a copied table is set past the highest id copied, so that the next row the node writes does not
 * take an id held already (SQLite's AUTOINCREMENT follows the ids inserted by itself).
 *
 * @example
 * yield* target.backend.write(() => writeSideTables(target, read));
 */
export const writeSideTables = (
  target: Pick<OpenedDatabase, "kysely" | "statement">,
  read: ReadonlyArray<SideTableRows>,
): Effect.Effect<ReadonlyArray<CopiedTable>> =>
  Effect.gen(function* () {
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    const db = target.kysely as unknown as Kysely<any>;
    for (const { table, rows } of read) {
      const first = rows[0];
      if (first === undefined) continue;
      const per = Math.max(1, Math.floor(PARAMETERS / Object.keys(first).length));
      for (let at = 0; at < rows.length; at += per) yield* target.statement(db.insertInto(table).values(rows.slice(at, at + per)).compile());
    }
    if (dialectOf(db) === "postgres" && read.length > 0) {
      const serials = yield* target.statement(
        sql`SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'
              AND table_name IN (${sql.join(read.map((t) => t.table))})`.compile(db),
      );
      for (const { table_name, column_name } of serials as ReadonlyArray<{ table_name: string; column_name: string }>)
        yield* target.statement(
          sql`SELECT setval(pg_get_serial_sequence(${table_name}, ${column_name}),
                coalesce((SELECT max(${sql.ref(column_name)}) FROM ${sql.table(table_name)}), 0) + 1, false)`.compile(db),
        );
    }
    return read.map(({ table, rows, held }) => ({ table, rows: rows.length, held }));
  });
