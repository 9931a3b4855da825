/**
 * @module The witness audit's cases on PostgreSQL nodes (a schema each of the test run's server), through
 * `auditWitnessesIn` over the node's Kysely and its event store's reader: what `audit verify --db postgres://…` runs.
 */
import { join } from "node:path";
import { type EngineTestNode, openPostgresTestNode } from "../testing/test-nodes.js";
import { witnessAuditBehaviour } from "./witness-audit.behaviour.js";
import { auditWitnessesIn } from "./witness-audit.js";

const audit = (node: EngineTestNode) => {
  if ("sqlite" in node.database) throw new Error("a PostgreSQL test node was expected");
  return auditWitnessesIn(node.database.kysely, node.store.reader, true);
};

witnessAuditBehaviour("PostgreSQL", { open: openPostgresTestNode, keyFile: (dir, nodeId) => join(dir, `${nodeId}.key`), audit });
