/**
 * @module Tokens in a PostgreSQL node database (table `node_tokens`, the same migration as on SQLite), through the
 * node's Kysely over `pg`. Every call is one round trip; nothing is cached, so a token revoked by another process
 * writing the same database (the CLI, a second node process) is refused on its next use.
 */
import type { PostgresDatabase } from "@planledger/event-store";
import { type AuthTables, tokenOf } from "./auth-tables.js";
import type { TokenBackend } from "./token-store.js";

/**
 * A backend over the table of migration `0001-node-tokens`: run `migrateDatabase(database.kysely, [nodeMigrations])`
 * first. Only Kysely's query builder is used, so it runs on either engine's `kysely`; on SQLite the node prefers the prepared
 * statements of `sqliteTokenBackend`.
 *
 * @example
 * const database = yield* PostgresDatabase;
 * const tokens = makeTokenStore("ukraine", postgresTokenBackend(database));
 */
export const postgresTokenBackend = (database: Pick<PostgresDatabase["Type"], "kysely">): TokenBackend => {
  const db = database.kysely.withTables<AuthTables>();
  return {
    insert: async (r) => {
      await db
        .insertInto("node_tokens")
        .values({ id: r.id, name: r.name, role: r.role, hash: r.hash, created_at: r.createdAt, revoked_at: r.revokedAt })
        .execute();
    },
    findByHash: async (hash) => {
      const row = await db.selectFrom("node_tokens").selectAll().where("hash", "=", hash).executeTakeFirst();
      return row === undefined ? undefined : tokenOf(row);
    },
    list: async () => (await db.selectFrom("node_tokens").selectAll().orderBy("created_at").execute()).map(tokenOf),
    revoke: async (id, at) => {
      const result = await db
        .updateTable("node_tokens")
        .set({ revoked_at: at })
        .where("id", "=", id)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
};
