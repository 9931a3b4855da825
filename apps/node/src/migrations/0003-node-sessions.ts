/**
 * @module People's sessions: a SHA-256 of each session id (the id itself lives only in the person's cookie),
 * whose it is, its CSRF token, when it began and was last used.
 */
import type { MigrationStep } from "@planledger/event-store";

export const migration0003NodeSessions: MigrationStep = {
  up: async (db) => {
    await db.schema
      .createTable("node_sessions")
      .addColumn("id_hash", "text", (col) => col.primaryKey())
      .addColumn("login", "text", (col) => col.notNull())
      .addColumn("csrf", "text", (col) => col.notNull())
      .addColumn("created_at", "text", (col) => col.notNull())
      .addColumn("last_seen_at", "text", (col) => col.notNull())
      .execute();
  },
};
