/**
 * @module Accounts and sessions in the node database (tables `node_accounts`, `node_sessions`), with statements
 * built by Kysely and prepared once, run synchronously on the node's better-sqlite3 handle like the tokens.
 */
import type { EventStoreDatabase } from "@planledger/event-store";
import type { AccountBackend } from "./account-store.js";
import { type AccountRow, type AuthTables, accountOf, type SessionRow, sessionOf } from "./auth-tables.js";

/**
 * A backend over the tables of migrations `0002-node-accounts` and `0003-node-sessions`: run `migrateDatabase(db.kysely, [nodeMigrations])` first.
 *
 * @example makeAccountStore("luhanska", sqliteAccountBackend(database))
 */
export const sqliteAccountBackend = (database: EventStoreDatabase["Type"]): AccountBackend => {
  const db = database.kysely.withTables<AuthTables>();
  const prepare = (query: { compile: () => { sql: string } }) => database.sqlite.prepare(query.compile().sql);
  const insertAccount = prepare(
    db.insertInto("node_accounts").values({
      login: "",
      name: "",
      role: "",
      password_hash: "",
      created_at: "",
      disabled_at: null,
      failures: 0,
      locked_until: null,
    }),
  );
  const findAccount = prepare(db.selectFrom("node_accounts").selectAll().where("login", "=", ""));
  const allAccounts = prepare(db.selectFrom("node_accounts").selectAll().orderBy("login"));
  const updateAccount = prepare(
    db
      .updateTable("node_accounts")
      .set({ name: "", role: "", password_hash: "", disabled_at: null, failures: 0, locked_until: null })
      .where("login", "=", ""),
  );
  const insertSession = prepare(
    db.insertInto("node_sessions").values({ id_hash: "", login: "", csrf: "", created_at: "", last_seen_at: "" }),
  );
  const findSession = prepare(db.selectFrom("node_sessions").selectAll().where("id_hash", "=", ""));
  const touchSession = prepare(db.updateTable("node_sessions").set({ last_seen_at: "" }).where("id_hash", "=", ""));
  const deleteSession = prepare(db.deleteFrom("node_sessions").where("id_hash", "=", ""));
  const deleteSessionsOf = prepare(db.deleteFrom("node_sessions").where("login", "=", ""));
  // Run synchronously as before; the promises are settled when returned (the interface is PostgreSQL's too).
  return {
    insertAccount: async (r) =>
      void insertAccount.run(r.login, r.name, r.role, r.passwordHash, r.createdAt, r.disabledAt, r.failures, r.lockedUntil),
    findAccount: async (login) => {
      const row = findAccount.get(login) as AccountRow | undefined;
      return row === undefined ? undefined : accountOf(row);
    },
    listAccounts: async () => (allAccounts.all() as AccountRow[]).map(accountOf),
    updateAccount: async (r) => void updateAccount.run(r.name, r.role, r.passwordHash, r.disabledAt, r.failures, r.lockedUntil, r.login),
    insertSession: async (r) => void insertSession.run(r.idHash, r.login, r.csrf, r.createdAt, r.lastSeenAt),
    findSession: async (idHash) => {
      const row = findSession.get(idHash) as SessionRow | undefined;
      return row === undefined ? undefined : sessionOf(row);
    },
    touchSession: async (idHash, lastSeenAt) => void touchSession.run(lastSeenAt, idHash),
    deleteSession: async (idHash) => void deleteSession.run(idHash),
    deleteSessionsOf: async (login) => void deleteSessionsOf.run(login),
  };
};
