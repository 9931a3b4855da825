/**
 * @module Each origin log's Merkle tree (RFC 9162), as the perfect subtrees its appends completed: what proofs and
 * tree heads are read from (`log-tree.ts`).
 */
import { type Kysely, type Migration, sql } from "kysely";
import { columnTypes, dialectOf } from "./dialect.js";

export const migration0004TreeNodes: Migration = {
  up: async (db: Kysely<unknown>) => {
    const { key, count, bytes } = columnTypes(db);
    // Interior nodes only (level ≥ 1): a leaf is recomputed from its event, whose id and hash the events table
    // holds under its (origin, seq) key. `position` numbers the nodes in the order appends complete them
    // (`merkle/node-position.ts`), so a batch's rows go in at the end of the key, and a walk in key order meets
    // each node right after its last leaf. On SQLite the table is its own key (WITHOUT ROWID): no rowid, no
    // second index.
    const table = db.schema
      .createTable("tree_nodes")
      .addColumn("origin", key, (c) => c.notNull())
      .addColumn("position", count, (c) => c.notNull())
      .addColumn("hash", bytes, (c) => c.notNull())
      .addPrimaryKeyConstraint("tree_nodes_pk", ["origin", "position"]);
    await (dialectOf(db) === "sqlite" ? table.modifyEnd(sql`WITHOUT ROWID`) : table).execute();
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable("tree_nodes").execute();
  },
};
