/**
 * @module The node's API tokens: SHA-256 of each secret only, its name and role, when issued and revoked.
 * Nodes started before this migration existed created the same table on start, so it is created only if absent.
 */
import type { MigrationStep } from "@planledger/event-store";

export const migration0001NodeTokens: MigrationStep = {
  up: async (db) => {
    await db.schema
      .createTable("node_tokens")
      .ifNotExists()
      .addColumn("id", "text", (col) => col.primaryKey())
      .addColumn("name", "text", (col) => col.notNull())
      .addColumn("role", "text", (col) => col.notNull())
      .addColumn("hash", "text", (col) => col.notNull().unique())
      .addColumn("created_at", "text", (col) => col.notNull())
      .addColumn("revoked_at", "text")
      .execute();
  },
};
