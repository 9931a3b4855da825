/**
 * @module Temporary database files for the integration tests, removed when the test process exits.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dirs: Array<string> = [];
process.once("exit", () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A path for a database file in a fresh temporary directory (the file itself does not exist yet).
 *
 * @example
 * const path = tempDatabasePath("luhanska"); // /tmp/planledger-XXXX/luhanska.db
 */
export const tempDatabasePath = (name = "node"): string => {
  const dir = mkdtempSync(join(tmpdir(), "planledger-"));
  dirs.push(dir);
  return join(dir, `${name}.db`);
};
