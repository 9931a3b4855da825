/**
 * @module Which key signs which seq range of each origin's log (`key-history.ts`): a node's key can be rotated,
 * authorised anew by its parent, or revoked from a seq, and every checkpoint is verified under the key in force at
 * its seq. `node_keys` keeps each origin's current key.
 */
import type { Kysely, Migration } from "kysely";
import { columnTypes } from "./dialect.js";

export const migration0005KeyHistory: Migration = {
  up: async (db: Kysely<unknown>) => {
    const { key, count } = columnTypes(db);
    await db.schema
      .createTable("node_key_history")
      .addColumn("origin", key, (c) => c.notNull())
      .addColumn("from_seq", count, (c) => c.notNull())
      .addColumn("public_key", "text", (c) => c.notNull())
      .addColumn("authority", "text", (c) => c.notNull())
      .addColumn("authorised_by", "text")
      .addColumn("signature", "text")
      .addColumn("event_id", "text")
      .addColumn("recorded_at", "text", (c) => c.notNull())
      .addColumn("revoked_from_seq", count)
      .addColumn("revoked_reason", "text")
      .addColumn("revoked_by", "text")
      .addPrimaryKeyConstraint("node_key_history_pk", ["origin", "from_seq"])
      .execute();
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable("node_key_history").execute();
  },
};
