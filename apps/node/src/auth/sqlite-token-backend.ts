/**
 * @module Tokens in the node database (table `node_tokens`), beside the log. Queries are built with Kysely and
 * run synchronously on the same better-sqlite3 handle, so a token check never waits on the event loop and the
 * SQL stays portable (the same queries run on PostgreSQL in `postgres-token-backend.ts`).
 */
import type { EventStoreDatabase } from "@planledger/event-store";
import { type AuthTables, type TokenRow, tokenOf } from "./auth-tables.js";
import type { TokenBackend } from "./token-store.js";

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
  const db = database.kysely.withTables<AuthTables>();
  /** The statement of a query whose parameters, in the order Kysely compiled them, are given on each run. */
  const prepare = (query: { compile: () => { sql: string } }) => database.sqlite.prepare(query.compile().sql);
  const insert = prepare(
    db.insertInto("node_tokens").values({ id: "", name: "", role: "", hash: "", created_at: "", revoked_at: null }),
  );
  const byHash = prepare(db.selectFrom("node_tokens").selectAll().where("hash", "=", ""));
  const all = prepare(db.selectFrom("node_tokens").selectAll().orderBy("created_at"));
  const revoke = prepare(db.updateTable("node_tokens").set({ revoked_at: "" }).where("id", "=", "").where("revoked_at", "is", null));
  // Run synchronously as before; the promises are settled when returned (the interface is PostgreSQL's too).
  return {
    insert: async (r) => void insert.run(r.id, r.name, r.role, r.hash, r.createdAt, r.revokedAt),
    findByHash: async (hash) => {
      const row = byHash.get(hash) as TokenRow | undefined;
      return row === undefined ? undefined : tokenOf(row);
    },
    list: async () => (all.all() as TokenRow[]).map(tokenOf),
    revoke: async (id, at) => revoke.run(at, id).changes > 0,
  };
};
