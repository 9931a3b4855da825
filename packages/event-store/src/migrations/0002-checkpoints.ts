/**
 * @module Signed checkpoints of every origin, with room for a parent's witness countersignature, and the
 * public keys they are verified with.
 */
import { type Kysely, type Migration, sql } from "kysely";
import { columnTypes, dialectOf } from "./dialect.js";

export const migration0002Checkpoints: Migration = {
  up: async (db: Kysely<unknown>) => {
    const { key, count } = columnTypes(db);
    await db.schema
      .createTable("checkpoints")
      .addColumn("origin", key, (c) => c.notNull())
      .addColumn("seq", count, (c) => c.notNull())
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
      .addColumn("origin", key, (c) => c.primaryKey())
      .addColumn("public_key", "text", (c) => c.notNull())
      .addColumn("is_self", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    // On PostgreSQL one more rule the database keeps: at most one key is this node's own, so two nodes started on
    // one database by mistake cannot both register themselves.
    if (dialectOf(db) === "postgres")
      await sql`CREATE UNIQUE INDEX node_keys_one_self ON node_keys (is_self) WHERE is_self = 1`.execute(db);
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable("node_keys").execute();
    await db.schema.dropTable("checkpoints").execute();
  },
};
