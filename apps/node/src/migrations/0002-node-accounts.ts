/**
 * @module People's accounts: login, name, role, scrypt hash, when disabled, wrong passwords in a row and the
 * lockout they caused.
 */
import type { MigrationStep } from "@planledger/event-store";

export const migration0002NodeAccounts: MigrationStep = {
  up: async (db) => {
    await db.schema
      .createTable("node_accounts")
      .addColumn("login", "text", (col) => col.primaryKey())
      .addColumn("name", "text", (col) => col.notNull())
      .addColumn("role", "text", (col) => col.notNull())
      .addColumn("password_hash", "text", (col) => col.notNull())
      .addColumn("created_at", "text", (col) => col.notNull())
      .addColumn("disabled_at", "text")
      .addColumn("failures", "integer", (col) => col.notNull().defaultTo(0))
      .addColumn("locked_until", "text")
      .execute();
  },
};
