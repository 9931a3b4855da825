/**
 * @module `planledger db copy`: a node's database as a whole (issue #17). Each subcommand lives in its own module,
 * `db-<subcommand>.ts`, loaded only when asked for.
 */
import { subcommandVerb } from "./subcommands.js";

/**
 * Runs `planledger db <subcommand>`; resolves to the exit code.
 *
 * @example
 * await run(["copy", "--from", "data/luhanska.db", "--to", "postgres://planledger@127.0.0.1/luhanska"]) // 0
 */
export const run = subcommandVerb("db", { copy: () => import("./db-copy.js") }, "docs/operations.md");
