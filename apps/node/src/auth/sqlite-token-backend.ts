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
 * A backend over the table of migration `0001-node-tokens`: run `migrateNode(database)` first.
 *
 * @example
 * const db = yield* EventStoreDatabase; migrateNode(db); makeTokenStore("luhanska", sqliteTokenBackend(db))
 */
export const sqliteTokenBackend = (database: EventStoreDatabase["Type"]): TokenBackend => {
  const db = database.kysely.withTables<{ node_tokens: TokenRow }>();
  const run = (query: { compile: () => { sql: string; parameters: ReadonlyArray<unknown> } }) => {
    const { sql, parameters } = query.compile();
    return database.sqlite.prepare(sql).run(...parameters);
  };
  const all = (query: { compile: () => { sql: string; parameters: ReadonlyArray<unknown> } }): TokenRow[] => {
    const { sql, parameters } = query.compile();
    return database.sqlite.prepare(sql).all(...parameters) as TokenRow[];
  };
  return {
    insert: (r) =>
      void run(
        db.insertInto("node_tokens").values({
          id: r.id,
          name: r.name,
          role: r.role,
          hash: r.hash,
          created_at: r.createdAt,
          revoked_at: r.revokedAt,
        }),
      ),
    findByHash: (hash) => {
      const row = all(db.selectFrom("node_tokens").selectAll().where("hash", "=", hash))[0];
      return row === undefined ? undefined : recordOf(row);
    },
    list: () => all(db.selectFrom("node_tokens").selectAll().orderBy("created_at")).map(recordOf),
    revoke: (id, at) => {
      const result = run(
        db.updateTable("node_tokens").set({ revoked_at: at }).where("id", "=", id).where("revoked_at", "is", null),
      ) as { changes: number };
      return result.changes > 0;
    },
  };
};
