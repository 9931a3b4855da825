/**
 * @module The node's own tables (beside the log, the read models and federation's), registered with the node
 * database's one migration runner (`migrateDatabase` in @planledger/event-store) and recorded in a bookkeeping
 * table of their own, `node_migration`.
 */
import type { MigrationSet } from "@planledger/event-store";
import { migration0001NodeTokens } from "./0001-node-tokens.js";
import { migration0002NodeAccounts } from "./0002-node-accounts.js";
import { migration0003NodeSessions } from "./0003-node-sessions.js";

export const NODE_MIGRATION_TABLE = "node_migration";

/** API tokens, people's accounts and their sessions. */
export const nodeMigrations: MigrationSet = {
  owner: "node",
  steps: {
    "0001-node-tokens": migration0001NodeTokens,
    "0002-node-accounts": migration0002NodeAccounts,
    "0003-node-sessions": migration0003NodeSessions,
  },
};
