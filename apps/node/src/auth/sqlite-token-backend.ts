/**
 * @module Tokens in the node database (table `node_tokens`), beside the log. Queries are built with Kysely and
 * run synchronously on the same better-sqlite3 handle, so a token check never waits on the event loop and the
 * SQL stays portable.
 */
import type { EventStoreDatabase } from "@planledger/event-store";
import type { Role } from "./role.js";
import type { TokenBackend, TokenRecord } from "./token-store.js";

interface TokenRow {
  id: string;
  name: string;
  role: string;
  hash: string;
  created_at: string;
  revoked_at: string | null;
}

const recordOf = (row: TokenRow): TokenRecord => ({
  id: row.id,
  name: row.name,
  role: row.role as Role,
  hash: row.hash,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

/**
 * A backend over the table of migration `0001-node-tokens`: run `migrateDatabase(database.kysely, [nodeMigrations])` first. Each query is
 * built with Kysely and prepared once: a token check on every authenticated request is then one indexed lookup
 * (compiling and preparing it per request cost ~70 µs). Nothing is cached beyond the statements, so a token
 * revoked by anyone who writes the table — this node or another connection — is refused on its next use.
 *
 * @example
 * const db = yield* EventStoreDatabase; yield* Effect.promise(() => migrateDatabase(db.kysely, [nodeMigrations])); makeTokenStore("luhanska", sqliteTokenBackend(db))
 */
export const sqliteTokenBackend = (database: EventStoreDatabase["Type"]): TokenBackend => {
  const db = database.kysely.withTables<{ node_tokens: TokenRow }>();
  /** The statement of a query whose parameters, in the order Kysely compiled them, are given on each run. */
  const prepare = (query: { compile: () => { sql: string } }) => database.sqlite.prepare(query.compile().sql);
  const insert = prepare(
    db.insertInto("node_tokens").values({ id: "", name: "", role: "", hash: "", created_at: "", revoked_at: null }),
  );
  const byHash = prepare(db.selectFrom("node_tokens").selectAll().where("hash", "=", ""));
  const all = prepare(db.selectFrom("node_tokens").selectAll().orderBy("created_at"));
  const revoke = prepare(db.updateTable("node_tokens").set({ revoked_at: "" }).where("id", "=", "").where("revoked_at", "is", null));
  return {
    insert: (r) => void insert.run(r.id, r.name, r.role, r.hash, r.createdAt, r.revokedAt),
    findByHash: (hash) => {
      const row = byHash.get(hash) as TokenRow | undefined;
      return row === undefined ? undefined : recordOf(row);
    },
    list: () => (all.all() as TokenRow[]).map(recordOf),
    revoke: (id, at) => revoke.run(at, id).changes > 0,
  };
};
