/**
 * @module Accounts and sessions in a PostgreSQL node database (tables `node_accounts`, `node_sessions`, the same
 * migrations as on SQLite), through the node's Kysely over `pg`. Nothing is cached: an account added, disabled or
 * reset by another process writing the same database (the CLI's `users`) counts on the next sign-in or page view.
 */
import type { PostgresDatabase } from "@planledger/event-store";
import type { AccountBackend } from "./account-store.js";
import { type AuthTables, accountOf, sessionOf } from "./auth-tables.js";

/**
 * A backend over the tables of migrations `0002-node-accounts` and `0003-node-sessions`: run
 * `migrateDatabase(database.kysely, [nodeMigrations])` first. Only Kysely's query builder is used, so it runs on either
 * engine's `kysely`; on SQLite the node prefers the prepared statements of `sqliteAccountBackend`.
 *
 * @example
 * const database = yield* PostgresDatabase;
 * const accounts = makeAccountStore("ukraine", postgresAccountBackend(database));
 */
export const postgresAccountBackend = (database: Pick<PostgresDatabase["Type"], "kysely">): AccountBackend => {
  const db = database.kysely.withTables<AuthTables>();
  return {
    insertAccount: async (r) => {
      await db
        .insertInto("node_accounts")
        .values({
          login: r.login,
          name: r.name,
          role: r.role,
          password_hash: r.passwordHash,
          created_at: r.createdAt,
          disabled_at: r.disabledAt,
          failures: r.failures,
          locked_until: r.lockedUntil,
        })
        .execute();
    },
    findAccount: async (login) => {
      const row = await db.selectFrom("node_accounts").selectAll().where("login", "=", login).executeTakeFirst();
      return row === undefined ? undefined : accountOf(row);
    },
    listAccounts: async () => (await db.selectFrom("node_accounts").selectAll().orderBy("login").execute()).map(accountOf),
    updateAccount: async (r) => {
      await db
        .updateTable("node_accounts")
        .set({ name: r.name, role: r.role, password_hash: r.passwordHash, disabled_at: r.disabledAt, failures: r.failures, locked_until: r.lockedUntil })
        .where("login", "=", r.login)
        .execute();
    },
    insertSession: async (r) => {
      await db
        .insertInto("node_sessions")
        .values({ id_hash: r.idHash, login: r.login, csrf: r.csrf, created_at: r.createdAt, last_seen_at: r.lastSeenAt })
        .execute();
    },
    findSession: async (idHash) => {
      const row = await db.selectFrom("node_sessions").selectAll().where("id_hash", "=", idHash).executeTakeFirst();
      return row === undefined ? undefined : sessionOf(row);
    },
    touchSession: async (idHash, lastSeenAt) => {
      await db.updateTable("node_sessions").set({ last_seen_at: lastSeenAt }).where("id_hash", "=", idHash).execute();
    },
    deleteSession: async (idHash) => {
      await db.deleteFrom("node_sessions").where("id_hash", "=", idHash).execute();
    },
    deleteSessionsOf: async (login) => {
      await db.deleteFrom("node_sessions").where("login", "=", login).execute();
    },
  };
};
