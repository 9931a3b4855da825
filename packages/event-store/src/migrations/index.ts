/**
 * @module The event store's migrations in order, registered with the one runner of the node database.
 */
import { migration0001Events } from "./0001-events.js";
import { migration0002Checkpoints } from "./0002-checkpoints.js";
import { migration0003VerifiedHeads } from "./0003-verified-heads.js";
import { migration0004TreeNodes } from "./0004-tree-nodes.js";
import { migration0005KeyHistory } from "./0005-key-history.js";
import type { MigrationSet } from "./runner.js";

/** The log, its checkpoints, the keys they are verified with, how far this node verified each origin and each origin's Merkle tree, and which key signs which seq range; bookkeeping in `event_store_migration`. */
export const eventStoreMigrations: MigrationSet = {
  owner: "event_store",
  steps: {
    "0001-events": migration0001Events,
    "0002-checkpoints": migration0002Checkpoints,
    "0003-verified-heads": migration0003VerifiedHeads,
    "0004-tree-nodes": migration0004TreeNodes,
    "0005-key-history": migration0005KeyHistory,
  },
};
