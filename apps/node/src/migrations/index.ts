/**
 * @module The node's own tables (beside the log and the read models), brought up to date by numbered
 * migrations recorded in a bookkeeping table of their own, `node_migration`, so that the event store's and the
 * projections' migrators on the same file never see them.
 */
import type { EventStoreDatabase } from "@planledger/event-store";
import { migration0001NodeTokens } from "./0001-node-tokens.js";
import { migration0002NodeAccounts } from "./0002-node-accounts.js";
import { migration0003NodeSessions } from "./0003-node-sessions.js";

type Database = EventStoreDatabase["Type"];

/** One migration: the statement it runs, built with Kysely (so the SQL stays portable) and compiled. */
export type NodeMigration = (db: Database["kysely"]) => { readonly sql: string; readonly parameters: ReadonlyArray<unknown> };

const migrations: ReadonlyArray<readonly [name: string, up: NodeMigration]> = [
  ["0001-node-tokens", migration0001NodeTokens],
  ["0002-node-accounts", migration0002NodeAccounts],
  ["0003-node-sessions", migration0003NodeSessions],
];

export const NODE_MIGRATION_TABLE = "node_migration";

/**
 * Applies the migrations this database has not had yet, in order, each in one transaction with its record, and
 * returns their names. Refuses a database that records a migration this code does not know (written by a newer
 * version of the node).
 *
 * @example
 * migrateNode(database); // ["0001-node-tokens"] on a fresh database, [] after
 */
export const migrateNode = (database: Database): ReadonlyArray<string> => {
  const { sqlite, kysely } = database;
  const bookkeeping = kysely.schema
    .createTable(NODE_MIGRATION_TABLE)
    .ifNotExists()
    .addColumn("name", "text", (col) => col.primaryKey().notNull())
    .addColumn("timestamp", "text", (col) => col.notNull())
    .compile();
  sqlite.prepare(bookkeeping.sql).run(...bookkeeping.parameters);
  const done = new Set(sqlite.prepare(`SELECT name FROM ${NODE_MIGRATION_TABLE}`).pluck().all() as string[]);
  const known = new Set(migrations.map(([name]) => name));
  const unknown = [...done].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`міграції вузла невідомі / unknown node migrations in this database: ${unknown.join(", ")}`);
  }
  const record = sqlite.prepare(`INSERT INTO ${NODE_MIGRATION_TABLE} (name, timestamp) VALUES (?, ?)`);
  const applied: string[] = [];
  for (const [name, up] of migrations) {
    if (done.has(name)) continue;
    sqlite.transaction(() => {
      const { sql, parameters } = up(kysely);
      sqlite.prepare(sql).run(...parameters);
      record.run(name, new Date().toISOString());
    })();
    applied.push(name);
  }
  return applied;
};
