/**
 * @module `planledger node succeed|restore|rotate-key|revoke-key`: a node's place and identity over time (issue #18).
 * Each subcommand lives in its own module, `node-<subcommand>.ts`, loaded only when asked for.
 */
import { subcommandVerb } from "./subcommands.js";

/**
 * Runs `planledger node <subcommand>`; resolves to the exit code.
 *
 * @example
 * await run(["restore", "--parent", "http://127.0.0.1:8701", "--node", "novopskovskyi", "--db", "data/novopskovskyi.db"]) // 0
 */
export const run = subcommandVerb(
  "node",
  {
    restore: () => import("./node-restore.js"),
    "revoke-key": () => import("./node-revoke-key.js"),
    "rotate-key": () => import("./node-rotate-key.js"),
    succeed: () => import("./node-succeed.js"),
  },
  "docs/federation.md",
);
