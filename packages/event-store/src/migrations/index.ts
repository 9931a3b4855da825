/**
 * @module The event store's migrations in order, registered with the one runner of the node database.
 */
import { migration0001Events } from "./0001-events.js";
import { migration0002Checkpoints } from "./0002-checkpoints.js";
import { migration0003VerifiedHeads } from "./0003-verified-heads.js";
import type { MigrationSet } from "./runner.js";

/** The log, its checkpoints, the keys they are verified with and how far this node verified each origin; bookkeeping in `event_store_migration`. */
export const eventStoreMigrations: MigrationSet = {
  owner: "event_store",
  steps: {
    "0001-events": migration0001Events,
    "0002-checkpoints": migration0002Checkpoints,
    "0003-verified-heads": migration0003VerifiedHeads,
  },
};
