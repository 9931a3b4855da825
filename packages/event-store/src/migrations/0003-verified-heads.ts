/**
 * @module How far this node has verified each origin's log, one signed row per origin (see `verified-head.ts`):
 * what lets a node open without walking every chain again.
 */
import type { Kysely, Migration } from "kysely";
import { columnTypes } from "./dialect.js";

export const migration0003VerifiedHeads: Migration = {
  up: async (db: Kysely<unknown>) => {
    const { key, count } = columnTypes(db);
    await db.schema
      .createTable("verified_heads")
      .addColumn("origin", key, (c) => c.primaryKey())
      .addColumn("seq", count, (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("verified_at", "text", (c) => c.notNull())
      .addColumn("signature", "text", (c) => c.notNull())
      .execute();
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable("verified_heads").execute();
  },
};
