/**
 * @module Signed checkpoints of every origin, with room for a parent's witness countersignature, and the
 * public keys they are verified with.
 */
import type { Kysely, Migration } from "kysely";

export const migration0002Checkpoints: Migration = {
  up: async (db: Kysely<unknown>) => {
    await db.schema
      .createTable("checkpoints")
      .addColumn("origin", "text", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("signed_at", "text", (c) => c.notNull())
      .addColumn("signature", "text", (c) => c.notNull())
      .addColumn("witness_node", "text")
      .addColumn("witness_signed_at", "text")
      .addColumn("witness_signature", "text")
      .addPrimaryKeyConstraint("checkpoints_pk", ["origin", "seq"])
      .execute();
    await db.schema
      .createTable("node_keys")
      .addColumn("origin", "text", (c) => c.primaryKey())
      .addColumn("public_key", "text", (c) => c.notNull())
      .addColumn("is_self", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable("node_keys").execute();
    await db.schema.dropTable("checkpoints").execute();
  },
};
