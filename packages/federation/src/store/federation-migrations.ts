/**
 * @module The federation's tables in the node database, registered with the one runner of the database
 * (`migrateDatabase` in @planledger/event-store). Additive only: a later change adds a numbered step.
 */
import type { MigrationSet } from "@planledger/event-store";

/**
 * `0003-enrollment-undone` marks a child removed by an admin (when, why): its credential is refused from then on,
 * and its log stays held and verifiable.
 *
 * `0002-witness-cosignatures` adds the C2SP side of witnessing: tlog-cosignature/v1 lines kept per origin, size and
 * witness; origins' signed notes received; the latest tree head this node cosigned per origin (what a witness
 * checks consistency against); split views seen; and the node's named witnesses with the quorum k.
 *
 * `0001-federation-tables` creates what earlier versions created on every start without bookkeeping, and only
 * when missing, so a database made by them is recorded as migrated without a change.
 */
export const federationMigrations: MigrationSet = {
  owner: "federation",
  steps: {
    "0001-federation-tables": {
      up: async (db) => {
        await db.schema
          .createTable("federation_nodes")
          .ifNotExists()
          .addColumn("node_id", "text", (c) => c.primaryKey())
          .addColumn("level", "text", (c) => c.notNull())
          .addColumn("parent_id", "text")
          .addColumn("public_key", "text")
          .addColumn("relation", "text", (c) => c.notNull())
          .addColumn("token_hash", "text")
          .addColumn("via", "text")
          .addColumn("invited_at", "text")
          .addColumn("enrolled_at", "text")
          .execute();
        await db.schema
          .createTable("federation_receipts")
          .ifNotExists()
          .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
          .addColumn("sender", "text", (c) => c.notNull())
          .addColumn("origin", "text", (c) => c.notNull())
          .addColumn("first_seq", "integer")
          .addColumn("last_seq", "integer")
          .addColumn("stored", "integer", (c) => c.notNull())
          .addColumn("skipped", "integer", (c) => c.notNull())
          .addColumn("checkpoint_seq", "integer", (c) => c.notNull())
          .addColumn("checkpoint_hash", "text", (c) => c.notNull())
          .addColumn("checkpoint_signed_at", "text", (c) => c.notNull())
          .addColumn("received_at", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("federation_receipts_origin").ifNotExists().on("federation_receipts").columns(["origin", "id"]).execute();
        await db.schema
          .createTable("federation_witnesses")
          .ifNotExists()
          .addColumn("origin", "text", (c) => c.notNull())
          .addColumn("seq", "integer", (c) => c.notNull())
          .addColumn("hash", "text", (c) => c.notNull())
          .addColumn("signed_at", "text", (c) => c.notNull())
          .addColumn("signature", "text", (c) => c.notNull())
          .addColumn("witness_node", "text", (c) => c.notNull())
          .addColumn("witnessed_at", "text", (c) => c.notNull())
          .addColumn("witness_signature", "text", (c) => c.notNull())
          .addColumn("received_at", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("federation_witnesses_pk", ["origin", "seq", "witness_node"])
          .execute();
        await db.schema
          .createTable("federation_uplink")
          .ifNotExists()
          .addColumn("id", "integer", (c) => c.primaryKey())
          .addColumn("parent_id", "text", (c) => c.notNull())
          .addColumn("url", "text", (c) => c.notNull())
          .addColumn("token", "text", (c) => c.notNull())
          .addColumn("last_sync_at", "text")
          .addColumn("last_error", "text")
          .execute();
      },
    },
    "0002-witness-cosignatures": {
      up: async (db) => {
        await db.schema
          .createTable("federation_cosignatures")
          .ifNotExists()
          .addColumn("origin", "text", (c) => c.notNull())
          .addColumn("size", "integer", (c) => c.notNull())
          .addColumn("root", "text", (c) => c.notNull())
          .addColumn("witness", "text", (c) => c.notNull())
          .addColumn("line", "text", (c) => c.notNull())
          .addColumn("cosigned_at", "integer", (c) => c.notNull())
          .addColumn("received_at", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("federation_cosignatures_pk", ["origin", "size", "witness"])
          .execute();
        await db.schema
          .createTable("federation_notes")
          .ifNotExists()
          .addColumn("origin", "text", (c) => c.notNull())
          .addColumn("size", "integer", (c) => c.notNull())
          .addColumn("root", "text", (c) => c.notNull())
          .addColumn("note", "text", (c) => c.notNull())
          .addColumn("received_at", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("federation_notes_pk", ["origin", "size"])
          .execute();
        await db.schema
          .createTable("federation_witnessed_heads")
          .ifNotExists()
          .addColumn("origin", "text", (c) => c.primaryKey())
          .addColumn("size", "integer", (c) => c.notNull())
          .addColumn("root", "text", (c) => c.notNull())
          .addColumn("note", "text")
          .addColumn("cosigned_at", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("federation_split_views")
          .ifNotExists()
          .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
          .addColumn("origin", "text", (c) => c.notNull())
          .addColumn("source", "text", (c) => c.notNull())
          .addColumn("held_size", "integer", (c) => c.notNull())
          .addColumn("held_root", "text", (c) => c.notNull())
          .addColumn("presented_size", "integer", (c) => c.notNull())
          .addColumn("presented_root", "text", (c) => c.notNull())
          .addColumn("evidence", "text", (c) => c.notNull())
          .addColumn("conclusive", "integer", (c) => c.notNull().defaultTo(1))
          .addColumn("event_id", "text")
          .addColumn("detected_at", "text", (c) => c.notNull())
          .addColumn("lifted_at", "text")
          .addColumn("lifted_by", "text")
          .execute();
        await db.schema.createIndex("federation_split_views_origin").ifNotExists().on("federation_split_views").columns(["origin", "id"]).execute();
        await db.schema
          .createTable("federation_witness_policy")
          .ifNotExists()
          .addColumn("node_id", "text", (c) => c.primaryKey())
          .addColumn("public_key", "text", (c) => c.notNull())
          .addColumn("url", "text")
          .addColumn("quorum", "integer", (c) => c.notNull())
          .execute();
      },
    },
    "0003-enrollment-undone": {
      up: async (db) => {
        await db.schema.alterTable("federation_nodes").addColumn("removed_at", "text").execute();
        await db.schema.alterTable("federation_nodes").addColumn("removed_reason", "text").execute();
      },
    },
  },
};
