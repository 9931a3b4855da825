/**
 * @module The witness audit's cases on SQLite files: through the synchronous entry point `auditWitnesses` (what
 * `audit verify --db FILE` runs), checked to agree with `auditWitnessesIn` over Kysely on the same file.
 */
import { join } from "node:path";
import { expect } from "vitest";
import { type EngineTestNode, openTestNode } from "../testing/test-nodes.js";
import { witnessAuditBehaviour } from "./witness-audit.behaviour.js";
import { auditWitnesses, auditWitnessesIn } from "./witness-audit.js";

const audit = async (node: EngineTestNode) => {
  if (!("sqlite" in node.database)) throw new Error("a SQLite test node was expected");
  const sync = auditWitnesses(node.database.sqlite);
  expect(await auditWitnessesIn(node.database.kysely, node.store.reader, false)).toEqual(sync);
  return sync;
};

witnessAuditBehaviour("SQLite", { open: openTestNode, keyFile: (dir, nodeId) => join(dir, `${nodeId}.db.key`), audit });
